// The only translation unit that includes Mapnik's rendering headers (slow to compile).
#include <assetmap/tiles/tile_renderer.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/label_point.hpp>

#include "png8_encoder.hpp"
#include "raster_coverage.hpp"

#include <mapnik/agg_renderer.hpp>
#include <mapnik/expression_evaluator.hpp>
#include <mapnik/feature_type_style.hpp>
#include <mapnik/rule.hpp>
#include <mapnik/symbolizer.hpp>
#include <mapnik/box2d.hpp>
#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/geometry.hpp>
#include <mapnik/geometry_envelope.hpp>
#include <mapnik/query.hpp>
#include <mapnik/featureset.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>
#include <mapnik/image_view.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>
#include <mapnik/memory_datasource.hpp>
#include <mapnik/params.hpp>
#include <mapnik/unicode.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace assetmap::tiles {

std::vector<TileRange> tile_ranges(const BoxLonLat& box, std::uint8_t min_z, std::uint8_t max_z) {
    std::vector<TileRange> out;
    for (unsigned z = min_z; z <= max_z; ++z) {
        out.push_back(tiles_covering(box, static_cast<std::uint8_t>(z)));
    }
    return out;
}

namespace {

constexpr unsigned tile_px = 256;
constexpr unsigned max_image_px = 8192;  // per side; a metatile is at most this wide

const char* mapnik_format(RasterEncoding e) {
    return e == RasterEncoding::png32 ? "png32" : "png8:m=h";
}

/// A block of tiles rendered as one image: tiles x0..x1 × y0..y1 at zoom z (inclusive).
struct Metatile {
    std::uint8_t z = 0;
    std::uint32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::uint64_t tiles() const { return std::uint64_t(x1 - x0 + 1) * (y1 - y0 + 1); }
};

/// Metatiles of the ranges in (z, column, row) order, and where each column of metatiles
/// (same z and tile columns) begins: a column's tiles, sorted by (x, y), are a contiguous run
/// of the global (z, x, y) order.
struct Plan {
    std::vector<Metatile> metatiles;
    std::vector<std::size_t> column_begin;  ///< plus a final end marker
    std::uint64_t tiles = 0;
};

Plan make_plan(const std::vector<TileRange>& ranges, unsigned m, const TileShard& shard) {
    Plan plan;
    int last_z = -1;
    for (const TileRange& r : ranges) {
        if (static_cast<int>(r.z) <= last_z) {
            throw config_error("raster tiles: ranges must be one per zoom, in ascending zoom");
        }
        last_z = r.z;
        if (r.min_x > r.max_x || r.min_y > r.max_y) continue;
        for (std::uint32_t mx = r.min_x / m; mx <= r.max_x / m; ++mx) {
            plan.column_begin.push_back(plan.metatiles.size());
            for (std::uint32_t my = r.min_y / m; my <= r.max_y / m; ++my) {
                Metatile t;
                t.z = r.z;
                t.x0 = std::max<std::uint32_t>(mx * m, r.min_x);
                t.x1 = std::min<std::uint32_t>(mx * m + m - 1, r.max_x);
                t.y0 = std::max<std::uint32_t>(my * m, r.min_y);
                t.y1 = std::min<std::uint32_t>(my * m + m - 1, r.max_y);
                if (!shard.all() && tile_shard(TileId{t.z, t.x0, t.y0}, shard.count, m) != shard.index)
                    continue;  // another shard's metatile
                plan.tiles += t.tiles();
                plan.metatiles.push_back(t);
            }
        }
    }
    plan.column_begin.push_back(plan.metatiles.size());
    return plan;
}

/// One tile cut from a metatile: its bytes, or nothing when empty.
struct CutTile {
    TileId id;
    bool empty = false;
    bool solid = false;       ///< every pixel the same (`colour`)
    std::uint32_t colour = 0;
    std::string png;
};

/// One tile's pixels inside the metatile image (plain pointers: image_view's accessors are
/// out-of-line library calls).
using TilePixels = detail::PixelRows;

/// Whether every pixel is fully transparent and whether all pixels are one value (one
/// vectorisable pass), and a fingerprint of the tile: a hash of a sparse grid of its pixels
/// (every 8th row and column) — cheap, and only a first filter for EncodeCache, which
/// compares whole tiles before reusing bytes.
std::uint64_t scan_pixels(const TilePixels& t, bool* transparent, bool* solid) {
    std::uint32_t alpha_or = 0, differ = 0;
    const std::uint32_t first = t.row(0)[0];
    for (std::size_t y = 0; y < t.rows; ++y) {
        const std::uint32_t* row = t.row(y);
        std::uint32_t acc = 0, diff = 0;
        for (std::size_t x = 0; x < t.width; ++x) {
            acc |= row[x];
            diff |= row[x] ^ first;
        }
        alpha_or |= acc;
        differ |= diff;
    }
    *transparent = (alpha_or & 0xff000000u) == 0;
    *solid = differ == 0;
    constexpr std::uint64_t k = 0xff51afd7ed558ccdull;
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (std::uint64_t(t.width) << 32 | t.rows);
    for (std::size_t y = 3; y < t.rows; y += 8) {
        const std::uint32_t* row = t.row(y);
        for (std::size_t x = 5; x < t.width; x += 8) {
            h = (h ^ row[x]) * k;
            h ^= h >> 29;
        }
    }
    return h;
}

/// Recently encoded tiles of one thread, keyed by their pixels: a tile inside one area, or
/// inside the hatched no-data pattern, repeats many times at high zoom; its bytes are reused
/// instead of quantising and compressing it again. The encoder is a pure function of the
/// pixels, so reuse never changes the output.
class EncodeCache {
public:
    const std::string* find(std::uint64_t hash, const TilePixels& t) const {
        for (const Entry& e : entries_) {
            if (e.hash != hash || e.width != t.width || e.rows != t.rows) continue;
            bool same = true;
            for (std::size_t y = 0; same && y < t.rows; ++y) {
                same = std::memcmp(t.row(y), &e.pixels[y * e.width],
                                   e.width * sizeof(std::uint32_t)) == 0;
            }
            if (same) return &e.png;
        }
        return nullptr;
    }
    void insert(std::uint64_t hash, const TilePixels& t, const std::string& png) {
        Entry e;
        e.hash = hash;
        e.width = t.width;
        e.rows = t.rows;
        e.pixels.resize(t.width * t.rows);
        for (std::size_t y = 0; y < t.rows; ++y) {
            std::memcpy(&e.pixels[y * e.width], t.row(y), e.width * sizeof(std::uint32_t));
        }
        e.png = png;
        if (entries_.size() == capacity) entries_.pop_front();
        entries_.push_back(std::move(e));
    }

private:
    static constexpr std::size_t capacity = 16;
    struct Entry {
        std::uint64_t hash = 0;
        std::size_t width = 0, rows = 0;
        std::vector<std::uint32_t> pixels;
        std::string png;
    };
    std::deque<Entry> entries_;
};

/// Mapnik's memory datasource, with each feature's envelope computed once: the stock one
/// recomputes every feature's envelope from its geometry at every query (every layer of every
/// metatile), which at the scale of a country costs more than the query is worth. Features,
/// the intersection test and their order are the stock ones.
class IndexedDatasource : public mapnik::memory_datasource {
public:
    explicit IndexedDatasource(const mapnik::parameters& params) : memory_datasource(params) {}

    void add(const mapnik::feature_ptr& f) {
        push(f);
        boxes_.push_back(mapnik::geometry::envelope(f->get_geometry()));
        features_.push_back(f);
    }

    mapnik::featureset_ptr features(const mapnik::query& q) const override {
        auto hits = std::make_shared<Hits>();
        const mapnik::box2d<double>& box = q.get_bbox();
        for (std::size_t i = 0; i < features_.size(); ++i)
            if (box.intersects(boxes_[i])) hits->features.push_back(features_[i]);
        return hits;
    }

private:
    struct Hits : mapnik::Featureset {
        std::vector<mapnik::feature_ptr> features;
        std::size_t next_index = 0;
        mapnik::feature_ptr next() override {
            return next_index < features.size() ? features[next_index++] : mapnik::feature_ptr();
        }
    };
    std::vector<mapnik::box2d<double>> boxes_;
    std::vector<mapnik::feature_ptr> features_;
};

}  // namespace

struct TileRenderer::Impl {
    std::string xml;
    std::string base_path;
    std::string indicator;
    std::deque<mapnik::feature_ptr> area_features;   // shared read-only by every thread
    std::deque<mapnik::feature_ptr> area_label_features;  // one point per area (label_point)
    std::deque<mapnik::feature_ptr> asset_features;
    std::unique_ptr<detail::RasterCoverage> coverage;  // where the data can draw anything
    /// Per area (RasterLayers::areas order): every rule of the "areas" layer's styles that
    /// can apply to it draws only polygon fills and lines, so its interior, away from its
    /// boundary, is one colour (RasterOptions::uniform_shortcut).
    std::vector<char> plain_fill;

    /// A render thread's own map, datasources and encode caches.
    struct ThreadState {
        mapnik::Map map{tile_px, tile_px};
        mapnik::image_rgba8 image;  // reused: a fresh 16 MB image per metatile costs page faults
        std::vector<char> dirty;    // per tile of `image` (column-major): a byte is not zero
        EncodeCache cache;
        RasterEncoding cache_encoding = RasterEncoding::png8;  // what `cache` and `solid` hold
        std::map<std::pair<std::uint32_t, unsigned>, std::string> solid;  // (colour, px) → bytes
        mapnik::image_rgba8 solid_image;  // a one-colour tile being encoded
    };

    /// Maps of finished render_tile calls, reused by the next ones.
    std::mutex pool_mu;
    std::vector<std::unique_ptr<ThreadState>> pool;

    std::shared_ptr<mapnik::memory_datasource> make_datasource(
        const std::deque<mapnik::feature_ptr>& features) const {
        mapnik::parameters params;
        params["type"] = "memory";
        auto ds = std::make_shared<IndexedDatasource>(params);
        for (const auto& f : features) ds->add(f);
        return ds;
    }

    std::unique_ptr<ThreadState> make_state() const {
        auto st = std::make_unique<ThreadState>();
        try {
            mapnik::load_map_string(st->map, xml, /*strict=*/true, base_path);
        } catch (const std::exception& e) {
            throw render_error(std::string("Mapnik refused the style: ") + e.what());
        }
        auto areas = make_datasource(area_features);
        auto area_labels = make_datasource(area_label_features);
        auto assets = make_datasource(asset_features);
        for (mapnik::layer& layer : st->map.layers()) {
            const std::string& name = layer.name();
            if (name == "areas") {
                layer.set_datasource(areas);
            } else if (name == "area-labels") {
                layer.set_datasource(area_labels);
            } else if (name == "assets" || name == "asset-labels") {
                layer.set_datasource(assets);
            } else if (!layer.datasource()) {
                throw render_error("style layer '" + name +
                                   "' has no datasource (the renderer fills only areas, "
                                   "area-labels, assets and asset-labels)");
            }
        }
        st->map.set_aspect_fix_mode(mapnik::Map::RESPECT);
        return st;
    }

    /// Whether the data can draw anything in a metatile: its box widened by twice the render
    /// buffer (symbols, labels and outlines reach at most the buffer from their features).
    bool may_draw(const Metatile& mt, unsigned buffer_px) const {
        const BoxMercator a = tile_bounds_mercator(TileId{mt.z, mt.x0, mt.y0});
        const BoxMercator b = tile_bounds_mercator(TileId{mt.z, mt.x1, mt.y1});
        const double reach = 2.0 * buffer_px * (a.max_x - a.min_x) / tile_px;
        return coverage->may_draw(BoxMercator{a.min_x - reach, b.min_y - reach, b.max_x + reach,
                                              a.max_y + reach});
    }

    /// A tile's bytes: the pixels `px`, which are the ts × ts block at (x, y) of `image`.
    static std::string encode(const TilePixels& px, const mapnik::image_rgba8& image,
                              unsigned x, unsigned y, RasterEncoding encoding) {
        std::string png;
        if (encoding == RasterEncoding::png8 &&
            detail::encode_png8(px, png) != detail::Png8Result::too_many)
            return png;
        const mapnik::image_view_rgba8 view(x, y, static_cast<unsigned>(px.width),
                                            static_cast<unsigned>(px.rows), image);
        try {
            return mapnik::save_to_string(view, mapnik_format(encoding));
        } catch (const std::exception& e) {
            throw render_error(std::string("encoding a tile as PNG: ") + e.what());
        }
    }

    /// The bytes of a ts × ts tile of one colour (straight alpha, as cut from a render),
    /// encoded once per thread: the encoders are pure functions of the pixels.
    static const std::string& solid_png(ThreadState& st, std::uint32_t colour, unsigned ts,
                                        RasterEncoding encoding) {
        auto [it, added] = st.solid.try_emplace({colour, ts});
        if (!added) return it->second;
        if (st.solid_image.width() != ts || st.solid_image.height() != ts)
            st.solid_image = mapnik::image_rgba8(ts, ts);
        st.solid_image.set_premultiplied(false);
        std::uint32_t* data = st.solid_image.data();
        std::fill(data, data + std::size_t(ts) * ts, colour);
        TilePixels px;
        px.first = data;
        px.width = px.rows = px.stride = ts;
        it->second = encode(px, st.solid_image, 0, 0, encoding);
        return it->second;
    }

    /// The area that alone covers a metatile with twice the render buffer around it (see
    /// may_draw), when that area is drawn with plain fills only.
    std::optional<std::size_t> uniform_area(const Metatile& mt, unsigned buffer_px) const {
        const BoxMercator a = tile_bounds_mercator(TileId{mt.z, mt.x0, mt.y0});
        const BoxMercator b = tile_bounds_mercator(TileId{mt.z, mt.x1, mt.y1});
        const double reach = 2.0 * buffer_px * (a.max_x - a.min_x) / tile_px;
        const auto area = coverage->sole_area(BoxMercator{a.min_x - reach, b.min_y - reach,
                                                          b.max_x + reach, a.max_y + reach});
        if (!area || !plain_fill[*area]) return std::nullopt;
        return area;
    }

    /// Renders one metatile and cuts it into tiles in (x, y) order.
    std::vector<CutTile> render_metatile(ThreadState& st, const Metatile& mt,
                                         const RasterOptions& opt, bool keep_empty) const {
        const unsigned ts = tile_px * opt.scale;
        const unsigned w = (mt.x1 - mt.x0 + 1) * ts;
        const unsigned h = (mt.y1 - mt.y0 + 1) * ts;
        const BoxMercator top_left = tile_bounds_mercator(TileId{mt.z, mt.x0, mt.y0});
        const BoxMercator bottom_right = tile_bounds_mercator(TileId{mt.z, mt.x1, mt.y1});

        const unsigned cols = mt.x1 - mt.x0 + 1, rows = mt.y1 - mt.y0 + 1;
        if (st.image.width() != w || st.image.height() != h) {
            st.image = mapnik::image_rgba8(w, h);  // zeroed
            st.dirty.assign(std::size_t(cols) * rows, 0);
        } else {
            // Back to transparent: only the tiles the last render left with a non-zero byte.
            for (unsigned i = 0; i < cols; ++i)
                for (unsigned j = 0; j < rows; ++j) {
                    if (!st.dirty[std::size_t(i) * rows + j]) continue;
                    std::uint32_t* first = st.image.data() + std::size_t(j) * ts * w + i * ts;
                    for (unsigned r = 0; r < ts; ++r)
                        std::memset(first + std::size_t(r) * w, 0, ts * sizeof(std::uint32_t));
                    st.dirty[std::size_t(i) * rows + j] = 0;
                }
            st.image.set_premultiplied(false);
        }
        mapnik::image_rgba8& image = st.image;
        try {
            st.map.resize(w, h);
            st.map.set_buffer_size(static_cast<int>(opt.buffer_px * opt.scale));
            st.map.zoom_to_box(mapnik::box2d<double>(top_left.min_x, bottom_right.min_y,
                                                     bottom_right.max_x, top_left.max_y));
            mapnik::agg_renderer<mapnik::image_rgba8> renderer(st.map, image,
                                                               static_cast<double>(opt.scale));
            renderer.apply();
        } catch (const std::exception& e) {
            throw render_error("rendering metatile z" + std::to_string(mt.z) + " x" +
                               std::to_string(mt.x0) + "-" + std::to_string(mt.x1) + " y" +
                               std::to_string(mt.y0) + "-" + std::to_string(mt.y1) + ": " +
                               e.what());
        }

        if (st.cache_encoding != opt.encoding) {
            st.cache = EncodeCache();
            st.solid.clear();
            st.cache_encoding = opt.encoding;
        }
        std::vector<CutTile> out;
        out.reserve(mt.tiles());
        for (std::uint32_t x = mt.x0; x <= mt.x1; ++x) {
            for (std::uint32_t y = mt.y0; y <= mt.y1; ++y) {
                CutTile t;
                t.id = TileId{mt.z, x, y};
                TilePixels px;
                px.first = image.data() + std::size_t(y - mt.y0) * ts * w + (x - mt.x0) * ts;
                px.width = ts;
                px.rows = ts;
                px.stride = w;
                bool transparent = false;
                const std::uint64_t hash = scan_pixels(px, &transparent, &t.solid);
                if (t.solid) t.colour = px.first[0];
                st.dirty[std::size_t(x - mt.x0) * (mt.y1 - mt.y0 + 1) + (y - mt.y0)] =
                    !(t.solid && t.colour == 0);
                if (transparent) {
                    t.empty = true;
                    if (!keep_empty) {
                        out.push_back(std::move(t));
                        continue;
                    }
                }
                if (t.solid) {
                    t.png = solid_png(st, t.colour, ts, opt.encoding);
                } else if (const std::string* hit = st.cache.find(hash, px)) {
                    t.png = *hit;
                } else {
                    t.png = encode(px, image, (x - mt.x0) * ts, (y - mt.y0) * ts, opt.encoding);
                    // Tiles that repeat without being one colour are simple (the hatched
                    // no-data pattern): a palette of at most 16 colours (PNG bit depth, byte
                    // 24, at most 4). Busier tiles are not copied into the cache.
                    if (opt.encoding != RasterEncoding::png8 ||
                        (t.png.size() > 24 && static_cast<unsigned char>(t.png[24]) <= 4))
                        st.cache.insert(hash, px, t.png);
                }
                out.push_back(std::move(t));
            }
        }
        return out;
    }
};

namespace {

void check_options(const RasterOptions& o) {
    if (o.scale != 1 && o.scale != 2) {
        throw config_error("raster tiles: scale must be 1 (256 px) or 2 (512 px @2x)");
    }
    if (o.metatile < 1 || o.metatile * tile_px * o.scale > max_image_px) {
        throw config_error("raster tiles: metatile must be 1 to " +
                           std::to_string(max_image_px / (tile_px * o.scale)) +
                           " tiles at scale " + std::to_string(o.scale));
    }
    if (o.buffer_px > 1024) throw config_error("raster tiles: buffer above 1024 px");
    if (o.threads < 1 || o.threads > 256) throw config_error("raster tiles: threads 1..256");
}

mapnik::geometry::linear_ring<double> to_ring(const RingM& ring) {
    mapnik::geometry::linear_ring<double> out;
    out.reserve(ring.size() + 1);
    for (const PointM& p : ring) out.emplace_back(p.x_m, p.y_m);
    if (!ring.empty() && !(ring.front() == ring.back())) {
        out.emplace_back(ring.front().x_m, ring.front().y_m);
    }
    return out;
}

/// For each area's feature (null: none), whether every rule of the "areas" layer's styles
/// that may apply to it — its filter matches, or it is an else/also rule; at any scale — has
/// only polygon and line symbolizers (no pattern, marker, text or other symbolizer).
std::vector<char> plain_fill_areas(const mapnik::Map& map,
                                   const std::vector<mapnik::feature_ptr>& features) {
    std::vector<char> plain(features.size(), 0);
    std::vector<const mapnik::rule*> rules;
    bool found = false;
    for (const mapnik::layer& layer : map.layers()) {
        if (layer.name() != "areas") continue;
        found = true;
        for (const std::string& name : layer.styles()) {
            const auto style = map.find_style(name);
            if (!style) continue;
            for (const mapnik::rule& r : style->get_rules()) rules.push_back(&r);
        }
    }
    if (!found) return plain;
    const mapnik::attributes vars;
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (!features[i]) continue;
        bool ok = true;
        for (const mapnik::rule* r : rules) {
            bool applies = true;
            if (!r->has_else_filter() && !r->has_also_filter() && r->get_filter()) {
                applies = mapnik::util::apply_visitor(
                              mapnik::evaluate<mapnik::feature_impl, mapnik::value_type,
                                               mapnik::attributes>(*features[i], vars),
                              *r->get_filter())
                              .to_bool();
            }
            if (!applies) continue;
            for (const mapnik::symbolizer& sym : r->get_symbolizers())
                if (!sym.is<mapnik::polygon_symbolizer>() && !sym.is<mapnik::line_symbolizer>())
                    ok = false;
        }
        plain[i] = ok;
    }
    return plain;
}

}  // namespace

TileRenderer::TileRenderer(std::string style_xml, RasterLayers layers, std::string base_path)
    : impl_(std::make_unique<Impl>()) {
    if (!is_attribute_name(layers.indicator)) {
        throw config_error("raster tiles: indicator '" + layers.indicator +
                           "' is not a plain attribute name");
    }
    impl_->xml = std::move(style_xml);
    impl_->base_path = std::move(base_path);
    impl_->indicator = layers.indicator;

    const mapnik::transcoder tr("utf-8");
    auto area_ctx = std::make_shared<mapnik::context_type>();
    for (const char* key : {"code", "name", "class"}) area_ctx->push(key);
    if (layers.indicator != "code" && layers.indicator != "name" && layers.indicator != "class") {
        area_ctx->push(layers.indicator);
    }
    mapnik::value_integer id = 1;
    std::vector<PointM> label_points;
    std::vector<mapnik::feature_ptr> feature_of_area(layers.areas.size());
    for (std::size_t area = 0; area < layers.areas.size(); ++area) {
        const RasterArea& a = layers.areas[area];
        mapnik::geometry::multi_polygon<double> mp;
        for (const PolygonM& poly : a.shape) {
            if (poly.outer.size() < 3) continue;
            mapnik::geometry::polygon<double> p;
            p.set_exterior_ring(to_ring(poly.outer));
            for (const RingM& hole : poly.holes) {
                if (hole.size() >= 3) p.add_hole(to_ring(hole));
            }
            mp.push_back(std::move(p));
        }
        if (mp.empty()) continue;
        const PointM anchor = label_point(a.shape);
        label_points.push_back(anchor);
        for (int label = 0; label < 2; ++label) {
            auto f = mapnik::feature_factory::create(area_ctx, id);
            f->put("code", tr.transcode(a.code.c_str()));
            f->put("name", tr.transcode(a.name.c_str()));
            f->put("class", mapnik::value_integer(a.class_index));
            if (a.value) {
                f->put(layers.indicator, mapnik::value_double(*a.value));
            } else {
                f->put(layers.indicator, mapnik::value_null());
            }
            if (label) {
                f->set_geometry(mapnik::geometry::geometry<double>(
                    mapnik::geometry::point<double>(anchor.x_m, anchor.y_m)));
                impl_->area_label_features.push_back(std::move(f));
            } else {
                f->set_geometry(mapnik::geometry::geometry<double>(std::move(mp)));
                feature_of_area[area] = f;
                impl_->area_features.push_back(std::move(f));
            }
        }
        ++id;
    }

    auto asset_ctx = std::make_shared<mapnik::context_type>();
    for (const char* key : {"category", "domain", "name"}) asset_ctx->push(key);
    id = 1;
    for (const RasterAsset& a : layers.assets) {
        auto f = mapnik::feature_factory::create(asset_ctx, id++);
        f->put("category", tr.transcode(a.category.c_str()));
        f->put("domain", tr.transcode(a.domain.c_str()));
        f->put("name", tr.transcode(a.name.c_str()));
        f->set_geometry(mapnik::geometry::geometry<double>(
            mapnik::geometry::point<double>(a.position.x_m, a.position.y_m)));
        impl_->asset_features.push_back(std::move(f));
    }

    std::vector<const MultiPolygonM*> shapes;
    for (const RasterArea& a : layers.areas) shapes.push_back(&a.shape);
    std::vector<PointM> points;
    for (const RasterAsset& a : layers.assets) points.push_back(a.position);
    impl_->coverage = std::make_unique<detail::RasterCoverage>(shapes, points, label_points);

    // Parse once now: a bad style fails here, before any work.
    const auto st = impl_->make_state();
    impl_->plain_fill = plain_fill_areas(st->map, feature_of_area);
}

TileRenderer::~TileRenderer() = default;
TileRenderer::TileRenderer(TileRenderer&&) noexcept = default;
TileRenderer& TileRenderer::operator=(TileRenderer&&) noexcept = default;

std::string TileRenderer::render_tile(const TileId& tile, const RasterOptions& options,
                                      bool* empty) const {
    check_options(options);
    // A map from the pool (loading the style costs more than rendering one tile).
    std::unique_ptr<Impl::ThreadState> st;
    {
        std::lock_guard<std::mutex> lk(impl_->pool_mu);
        if (!impl_->pool.empty()) {
            st = std::move(impl_->pool.back());
            impl_->pool.pop_back();
        }
    }
    if (!st) st = impl_->make_state();
    Metatile mt{tile.z, tile.x, tile.y, tile.x, tile.y};
    auto tiles = impl_->render_metatile(*st, mt, options, /*keep_empty=*/true);
    {
        std::lock_guard<std::mutex> lk(impl_->pool_mu);
        if (impl_->pool.size() < 64) impl_->pool.push_back(std::move(st));
    }
    if (empty) *empty = tiles.front().empty;
    return std::move(tiles.front().png);
}

RasterStats TileRenderer::render(const std::vector<TileRange>& ranges, const RasterOptions& opt,
                                 const TileSink& sink, const RasterProgressFn& progress) const {
    check_options(opt);
    const Plan plan = make_plan(ranges, opt.metatile, opt.shard);
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };

    RasterStats stats;
    stats.tiles_total = plan.tiles;
    stats.metatiles = plan.metatiles.size();
    const std::size_t n = plan.metatiles.size();
    if (n == 0) return stats;

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
                              std::map<std::pair<std::size_t, int>, std::optional<std::uint32_t>>&
                                  known) -> std::optional<std::uint32_t> {
        const auto key = std::make_pair(area, int(mt.z));
        if (const auto it = known.find(key); it != known.end()) return it->second;
        const Metatile one{mt.z, mt.x0, mt.y0, mt.x0, mt.y0};
        const auto cut = impl_->render_metatile(st, one, opt, /*keep_empty=*/true);
        std::optional<std::uint32_t> colour;
        if (cut.front().solid && !cut.front().empty) colour = cut.front().colour;
        known.emplace(key, colour);
        return colour;
    };

    auto worker = [&] {
        try {
            auto st = impl_->make_state();
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
                std::vector<CutTile> tiles;
                char how = kind_rendered;
                std::optional<std::uint32_t> colour;
                if (opt.uniform_shortcut) {
                    if (const auto area = impl_->uniform_area(mt, opt.buffer_px))
                        colour = uniform_colour(*st, *area, mt, known_colours);
                }
                if (colour) {
                    // One area's fill, nothing else within reach: every tile is that colour.
                    how = kind_uniform;
                    const std::string& png =
                        Impl::solid_png(*st, *colour, tile_px * opt.scale, opt.encoding);
                    for (std::uint32_t x = mt.x0; x <= mt.x1; ++x)
                        for (std::uint32_t y = mt.y0; y <= mt.y1; ++y) {
                            CutTile t;
                            t.id = TileId{mt.z, x, y};
                            t.solid = true;
                            t.colour = *colour;
                            t.png = png;
                            tiles.push_back(std::move(t));
                        }
                } else if (!keep_empty && !impl_->may_draw(mt, opt.buffer_px)) {
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
                    tiles = impl_->render_metatile(*st, mt, opt, keep_empty);
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
