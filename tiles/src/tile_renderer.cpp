// The raster renderer: per-thread Mapnik maps, the metatile schedule and the ordered
// hand-over. With raster_processor.cpp (the style processor that draws), the translation
// units that include Mapnik's AGG renderer (slow to compile); the plan is in raster_plan.cpp,
// the features per zoom in raster_features.cpp, cutting and encoding in raster_cut.cpp.
#include <assetmap/tiles/tile_renderer.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/tiles/choropleth.hpp>

#include "pixel_buffer.hpp"
#include "raster_cut.hpp"
#include "raster_features.hpp"
#include "raster_plan.hpp"
#include "raster_processor.hpp"

#include <mapnik/image.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>
#include <mapnik/projection.hpp>
#include <mapnik/scale_denominator.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

namespace assetmap::tiles {

using detail::CutTile;
using detail::Metatile;
using detail::tile_px;
using detail::ZoomFeatures;

namespace {

/// Loads `xml` into `map` (strict), as render_error with Mapnik's message on failure.
void load_style(mapnik::Map& map, const std::string& xml, const std::string& base_path) {
    try {
        mapnik::load_map_string(map, xml, /*strict=*/true, base_path);
    } catch (const std::exception& e) {
        throw render_error(std::string("Mapnik refused the style: ") + e.what());
    }
}

/// What renderer.apply() does, but the last step: Mapnik's pass over the whole image to take
/// it out of premultiplied alpha (the cut does that tile by tile, skipping what needs
/// nothing). Each visible layer is drawn in the map's order, as apply() does.
void draw_layers(detail::RasterProcessor& renderer, const mapnik::Map& map) {
    renderer.start_map_processing(map);
    const mapnik::projection proj(map.srs(), true);
    const double denom = mapnik::scale_denominator(map.scale(), proj.is_geographic()) *
                         renderer.scale_factor();
    for (const mapnik::layer& layer : map.layers()) {
        if (!layer.visible(denom)) continue;
        std::set<std::string> names;
        renderer.apply_to_layer(layer, renderer, proj, map.scale(), denom, map.width(),
                                map.height(), map.get_current_extent(), map.buffer_size(), names);
    }
}

}  // namespace

std::optional<BoxMercator> raster_layer_reach(const std::string& style_xml,
                                              const std::string& base_path,
                                              const std::vector<std::string>& layers,
                                              const std::vector<TileRange>& ranges,
                                              const RasterOptions& options) {
    detail::check_options(options);
    mapnik::Map map(tile_px, tile_px);
    load_style(map, style_xml, base_path);
    std::optional<BoxMercator> out;
    for (const TileRange& r : ranges) {
        if (r.min_x > r.max_x || r.min_y > r.max_y) continue;
        bool draws = false;
        for (const std::string& layer : layers)
            draws = draws || detail::layer_draws_at(map, layer, r.z, options.scale);
        if (!draws) continue;
        const BoxMercator b = detail::range_bounds(r, 2.0 * options.buffer_px);
        if (!out) {
            out = b;
        } else {
            out->min_x = std::min(out->min_x, b.min_x);
            out->min_y = std::min(out->min_y, b.min_y);
            out->max_x = std::max(out->max_x, b.max_x);
            out->max_y = std::max(out->max_y, b.max_y);
        }
    }
    return out;
}

struct TileRenderer::Impl {
    std::string xml;
    std::string base_path;
    detail::RasterFeatures features;  // shared read-only by every thread
    mapnik::Map rules_map{tile_px, tile_px};  // the parsed style, read for its rules
    /// Per area (RasterLayers::areas order): every rule of the "areas" layer's styles that
    /// can apply to it draws only polygon fills and lines, so its interior, away from its
    /// boundary, is one colour (RasterOptions::uniform_shortcut).
    std::vector<char> plain_fill;

    /// A render thread's own map, image and encoder.
    struct ThreadState {
        mapnik::Map map{tile_px, tile_px};
        std::shared_ptr<const ZoomFeatures> attached;  // whose datasources the map's layers hold
        /// The pixels of every render, reused: a fresh 16 MB image per metatile costs page
        /// faults and a fill. All zero between renders (the cut clears what it reads) but
        /// the first `drawn` after a render that failed. render() sizes it for the plan's
        /// largest metatile before the first, so that it is faulted in once.
        detail::PixelBuffer pixels;
        std::size_t drawn = 0;
        mapnik::image_rgba8 image;  // the current render's view of `pixels` (not owning)
        detail::TileEncoder encoder;
    };

    /// Maps of finished render_tile calls, reused by the next ones, and render_tile's
    /// features per (zoom, scale, select), every feature within reach; guarded by pool_mu.
    std::mutex pool_mu;
    std::vector<std::unique_ptr<ThreadState>> pool;
    std::map<std::tuple<int, unsigned, bool>, std::shared_ptr<const ZoomFeatures>> tile_zooms;

    std::unique_ptr<ThreadState> make_state() const {
        auto st = std::make_unique<ThreadState>();
        load_style(st->map, xml, base_path);
        for (const mapnik::layer& layer : st->map.layers()) {
            if (!detail::is_data_layer(layer.name()) && !layer.datasource()) {
                throw render_error("style layer '" + layer.name() +
                                   "' has no datasource (the renderer fills only areas, "
                                   "area-labels, assets and asset-labels)");
            }
        }
        st->map.set_aspect_fix_mode(mapnik::Map::RESPECT);
        return st;
    }

    std::shared_ptr<const ZoomFeatures> zoom_features(std::uint8_t z, const RasterOptions& opt,
                                                      const std::optional<BoxMercator>& reach) const {
        return std::make_shared<const ZoomFeatures>(detail::select_zoom_features(
            features, rules_map, z, opt.scale, opt.select_features, reach));
    }

    /// Points the map's data layers at `zoom`'s datasources.
    static void attach(ThreadState& st, const std::shared_ptr<const ZoomFeatures>& zoom) {
        if (st.attached == zoom) return;
        for (mapnik::layer& layer : st.map.layers()) {
            const auto it = zoom->datasources.find(layer.name());
            if (it != zoom->datasources.end()) layer.set_datasource(it->second);
        }
        st.attached = zoom;
    }

    /// Renders one metatile with `zoom`'s features and cuts it into tiles in (x, y) order.
    std::vector<CutTile> render_metatile(ThreadState& st, const Metatile& mt,
                                         const std::shared_ptr<const ZoomFeatures>& zoom,
                                         const RasterOptions& opt, bool keep_empty) const {
        attach(st, zoom);
        const unsigned ts = tile_px * opt.scale;
        const unsigned w = (mt.x1 - mt.x0 + 1) * ts;
        const unsigned h = (mt.y1 - mt.y0 + 1) * ts;
        const BoxMercator box = mt.bounds();

        std::fill_n(st.pixels.data(), st.drawn, 0u);  // after a failed render only
        st.drawn = 0;
        st.pixels.reserve(std::size_t(w) * h);  // zero
        st.drawn = std::size_t(w) * h;  // until the cut has cleared it
        // A view of the (all zero) pixels, marked premultiplied: zero is the same either way,
        // and Mapnik's renderer then skips premultiplying the whole image before drawing.
        st.image = mapnik::image_rgba8(static_cast<int>(w), static_cast<int>(h),
                                       reinterpret_cast<unsigned char*>(st.pixels.data()),
                                       /*premultiplied=*/true);
        try {
            st.map.resize(w, h);
            st.map.set_buffer_size(static_cast<int>(opt.buffer_px * opt.scale));
            st.map.zoom_to_box(mapnik::box2d<double>(box.min_x, box.min_y, box.max_x, box.max_y));
            detail::RasterProcessor renderer(st.map, st.image, static_cast<double>(opt.scale));
            draw_layers(renderer, st.map);
        } catch (const std::exception& e) {
            throw render_error("rendering metatile z" + std::to_string(mt.z) + " x" +
                               std::to_string(mt.x0) + "-" + std::to_string(mt.x1) + " y" +
                               std::to_string(mt.y0) + "-" + std::to_string(mt.y1) + ": " +
                               e.what());
        }
        auto tiles = st.encoder.cut(st.image, mt, ts, opt.encoding, keep_empty);
        st.drawn = 0;
        return tiles;
    }
};

TileRenderer::TileRenderer(std::string style_xml, RasterLayers layers, std::string base_path)
    : impl_(std::make_unique<Impl>()) {
    if (!is_attribute_name(layers.indicator)) {
        throw config_error("raster tiles: indicator '" + layers.indicator +
                           "' is not a plain attribute name");
    }
    impl_->xml = std::move(style_xml);
    impl_->base_path = std::move(base_path);
    impl_->features = detail::make_raster_features(layers);
    // Parse once now: a bad style fails here, before any work.
    impl_->make_state();
    load_style(impl_->rules_map, impl_->xml, impl_->base_path);
    impl_->plain_fill = detail::plain_fill_areas(impl_->rules_map, impl_->features.feature_of_area);
}

TileRenderer::~TileRenderer() = default;
TileRenderer::TileRenderer(TileRenderer&&) noexcept = default;
TileRenderer& TileRenderer::operator=(TileRenderer&&) noexcept = default;

std::string TileRenderer::render_tile(const TileId& tile, const RasterOptions& options,
                                      bool* empty) const {
    detail::check_options(options);
    // A map from the pool (loading the style costs more than rendering one tile), and the
    // features of the zoom (every feature within reach of any tile).
    std::unique_ptr<Impl::ThreadState> st;
    std::shared_ptr<const ZoomFeatures> zoom;
    const auto key = std::make_tuple(int(tile.z), options.scale, options.select_features);
    {
        std::lock_guard<std::mutex> lk(impl_->pool_mu);
        if (!impl_->pool.empty()) {
            st = std::move(impl_->pool.back());
            impl_->pool.pop_back();
        }
        if (const auto it = impl_->tile_zooms.find(key); it != impl_->tile_zooms.end())
            zoom = it->second;
    }
    if (!st) st = impl_->make_state();
    if (!zoom) {
        zoom = impl_->zoom_features(tile.z, options, std::nullopt);
        std::lock_guard<std::mutex> lk(impl_->pool_mu);
        zoom = impl_->tile_zooms.emplace(key, zoom).first->second;
    }
    Metatile mt{tile.z, tile.x, tile.y, tile.x, tile.y};
    auto tiles = impl_->render_metatile(*st, mt, zoom, options, /*keep_empty=*/true);
    {
        std::lock_guard<std::mutex> lk(impl_->pool_mu);
        if (impl_->pool.size() < 64) impl_->pool.push_back(std::move(st));
    }
    if (empty) *empty = tiles.front().empty;
    return std::move(tiles.front().png);
}

RasterStats TileRenderer::render(const std::vector<TileRange>& ranges, const RasterOptions& opt,
                                 const TileSink& sink, const RasterProgressFn& progress) const {
    detail::check_options(opt);
    const detail::Plan plan = detail::make_plan(ranges, opt.metatile, opt.shard);
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };

    RasterStats stats;
    stats.tiles_total = plan.tiles;
    stats.metatiles = plan.metatiles.size();
    const std::size_t n = plan.metatiles.size();
    if (n == 0) return stats;

    // The features of each zoom that has metatiles: within reach of its range.
    std::map<int, std::shared_ptr<const ZoomFeatures>> zooms;
    for (const Metatile& mt : plan.metatiles) zooms[mt.z];
    for (const TileRange& r : ranges) {
        const auto it = zooms.find(r.z);
        if (it == zooms.end()) continue;
        it->second = impl_->zoom_features(r.z, opt, detail::range_bounds(r, 2.0 * opt.buffer_px));
        stats.features_given += it->second->features;
    }

    // Shared state, guarded by `mu`.
    std::mutex mu;
    std::condition_variable work_cv, done_cv;
    std::size_t next = 0;        // next metatile a worker takes
    std::size_t take_limit = 0;  // workers take metatiles below this (bounded memory)
    bool stop = false;
    std::exception_ptr failure;
    std::vector<std::vector<CutTile>> results(n);
    std::vector<char> ready(n, 0);
    constexpr char kind_rendered = 0, kind_uniform = 1, kind_empty = 2;
    std::vector<char> kinds(n, kind_rendered);
    const std::size_t window = std::size_t(8) * opt.threads;
    const bool keep_empty = !opt.skip_empty;

    // The colour of an area's interior at a zoom (nullopt: not one colour), from one tile
    // rendered alone; per thread, (area, zoom) → colour.
    auto uniform_colour = [&](Impl::ThreadState& st, std::size_t area, const Metatile& mt,
                              const std::shared_ptr<const ZoomFeatures>& zoom,
                              std::map<std::pair<std::size_t, int>, std::optional<std::uint32_t>>&
                                  known) -> std::optional<std::uint32_t> {
        const auto key = std::make_pair(area, int(mt.z));
        if (const auto it = known.find(key); it != known.end()) return it->second;
        const Metatile one{mt.z, mt.x0, mt.y0, mt.x0, mt.y0};
        const auto cut = impl_->render_metatile(st, one, zoom, opt, /*keep_empty=*/true);
        std::optional<std::uint32_t> colour;
        if (cut.front().solid && !cut.front().empty) colour = cut.front().colour;
        known.emplace(key, colour);
        return colour;
    };

    // The largest metatile's pixels: each worker's buffer is sized for it once.
    std::size_t max_pixels = 0;
    for (const Metatile& mt : plan.metatiles)
        max_pixels = std::max(max_pixels, std::size_t(mt.x1 - mt.x0 + 1) * (mt.y1 - mt.y0 + 1));
    max_pixels *= std::size_t(tile_px * opt.scale) * (tile_px * opt.scale);

    auto worker = [&] {
        try {
            auto st = impl_->make_state();
            st->pixels.reserve(max_pixels);
            std::map<std::pair<std::size_t, int>, std::optional<std::uint32_t>> known_colours;
            while (true) {
                std::size_t idx;
                {
                    std::unique_lock<std::mutex> lk(mu);
                    work_cv.wait(lk, [&] { return stop || next >= n || next < take_limit; });
                    if (stop || next >= n) return;
                    idx = next++;
                }
                const Metatile& mt = plan.metatiles[idx];
                const auto& zoom = zooms.at(mt.z);
                // With twice the render buffer around it: symbols, labels and outlines reach
                // at most the buffer from their features.
                const BoxMercator around = mt.widened(2.0 * opt.buffer_px);
                std::vector<CutTile> tiles;
                char how = kind_rendered;
                std::optional<std::uint32_t> colour;
                if (opt.uniform_shortcut) {
                    // The area that alone covers the metatile, drawn with plain fills only.
                    const auto area = zoom->coverage->sole_area(around);
                    if (area && impl_->plain_fill[*area])
                        colour = uniform_colour(*st, *area, mt, zoom, known_colours);
                }
                if (colour) {
                    // One area's fill, nothing else within reach: every tile is that colour.
                    how = kind_uniform;
                    const std::string& png =
                        st->encoder.solid_png(*colour, tile_px * opt.scale, opt.encoding);
                    for (std::uint32_t x = mt.x0; x <= mt.x1; ++x)
                        for (std::uint32_t y = mt.y0; y <= mt.y1; ++y) {
                            CutTile t;
                            t.id = TileId{mt.z, x, y};
                            t.solid = true;
                            t.colour = *colour;
                            t.png = png;
                            tiles.push_back(std::move(t));
                        }
                } else if (!keep_empty && !zoom->coverage->may_draw(around)) {
                    how = kind_empty;
                    // Nothing of the data within reach (sea, land beyond the areas): every
                    // tile would be fully transparent; not rendered.
                    for (std::uint32_t x = mt.x0; x <= mt.x1; ++x)
                        for (std::uint32_t y = mt.y0; y <= mt.y1; ++y) {
                            CutTile t;
                            t.id = TileId{mt.z, x, y};
                            t.empty = true;
                            tiles.push_back(std::move(t));
                        }
                } else {
                    tiles = impl_->render_metatile(*st, mt, zoom, opt, keep_empty);
                }
                {
                    std::lock_guard<std::mutex> lk(mu);
                    results[idx] = std::move(tiles);
                    kinds[idx] = how;
                    ready[idx] = 1;
                }
                done_cv.notify_all();
            }
        } catch (...) {
            {
                std::lock_guard<std::mutex> lk(mu);
                if (!failure) failure = std::current_exception();
                stop = true;
            }
            work_cv.notify_all();
            done_cv.notify_all();
        }
    };

    std::vector<std::thread> threads;
    auto stop_and_join = [&] {
        {
            std::lock_guard<std::mutex> lk(mu);
            stop = true;
        }
        work_cv.notify_all();
        for (auto& t : threads) {
            if (t.joinable()) t.join();
        }
    };

    {
        std::lock_guard<std::mutex> lk(mu);
        take_limit = std::max(plan.column_begin[1], window);
    }
    // One Mapnik map per worker: no more workers than metatiles.
    const std::size_t workers = std::min<std::size_t>(opt.threads, n);
    for (std::size_t i = 0; i < workers; ++i) threads.emplace_back(worker);

    std::unordered_set<std::uint64_t> seen;  // hashes of written bytes, for the repeat count
    std::uint64_t tiles_done = 0;
    try {
        for (std::size_t c = 0; c + 1 < plan.column_begin.size(); ++c) {
            const std::size_t begin = plan.column_begin[c], end = plan.column_begin[c + 1];
            {
                std::lock_guard<std::mutex> lk(mu);
                take_limit = std::max(take_limit, std::max(end, begin + window));
            }
            work_cv.notify_all();
            std::vector<CutTile> column;
            for (std::size_t i = begin; i < end; ++i) {
                std::unique_lock<std::mutex> lk(mu);
                done_cv.wait(lk, [&] { return ready[i] || failure; });
                if (failure) std::rethrow_exception(failure);
                if (kinds[i] == kind_rendered) ++stats.metatiles_rendered;
                if (kinds[i] == kind_uniform) ++stats.metatiles_uniform;
                for (auto& t : results[i]) column.push_back(std::move(t));
                std::vector<CutTile>().swap(results[i]);
            }
            std::sort(column.begin(), column.end(),
                      [](const CutTile& a, const CutTile& b) { return a.id < b.id; });
            for (const CutTile& t : column) {
                ++tiles_done;
                if (t.empty) {
                    ++stats.tiles_empty;
                    if (opt.skip_empty) continue;
                }
                const std::uint64_t h = std::hash<std::string>{}(t.png) ^ (t.png.size() << 1);
                if (!seen.insert(h).second) ++stats.tiles_repeated;
                sink(t.id, t.png);
                ++stats.tiles_written;
                stats.bytes_written += t.png.size();
            }
            if (progress) {
                RasterProgress p;
                p.tiles_done = tiles_done;
                p.tiles_total = plan.tiles;
                p.tiles_written = stats.tiles_written;
                p.seconds = elapsed();
                p.tiles_per_s = p.seconds > 0 ? double(tiles_done) / p.seconds : 0.0;
                progress(p);
            }
        }
    } catch (...) {
        stop_and_join();
        throw;
    }
    stop_and_join();
    stats.seconds = elapsed();
    return stats;
}

}  // namespace assetmap::tiles
