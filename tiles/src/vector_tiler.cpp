#include <zlib.h>

#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/vector_tiler.hpp>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "gzip.hpp"
#include "store_support.hpp"

namespace assetmap::tiles {

namespace {

constexpr const char* kSource = "vector tiles";

// --- threads -----------------------------------------------------------------------------

/// Calls fn(i, worker) for i in [0, n) on `threads` threads (the caller is worker 0),
/// handing out blocks of `grain` indices; rethrows the first exception after joining.
template <typename Fn>
void parallel_for(std::size_t n, unsigned threads, std::size_t grain, Fn&& fn) {
    if (n == 0) return;
    const unsigned workers = unsigned(std::min<std::size_t>(threads, (n + grain - 1) / grain));
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) fn(i, 0u);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&](unsigned worker) {
        try {
            for (;;) {
                const std::size_t begin = next.fetch_add(grain);
                if (begin >= n) return;
                const std::size_t end = std::min(n, begin + grain);
                for (std::size_t i = begin; i < end; ++i) fn(i, worker);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next.store(n);
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

// --- input checks ------------------------------------------------------------------------

bool finite(const PointM& p) { return std::isfinite(p.x_m) && std::isfinite(p.y_m); }

struct FeatureInfo {
    bool valid = false;
    BoxMercator box{};  // Web Mercator bounds of the feature's vertices
    double priority = -std::numeric_limits<double>::infinity();
};

void expand(BoxMercator& b, const PointM& p, bool& first) {
    if (first) {
        b = {p.x_m, p.y_m, p.x_m, p.y_m};
        first = false;
        return;
    }
    b.min_x = std::min(b.min_x, p.x_m);
    b.min_y = std::min(b.min_y, p.y_m);
    b.max_x = std::max(b.max_x, p.x_m);
    b.max_y = std::max(b.max_y, p.y_m);
}

/// Checks every feature, reports the unusable ones, and computes boxes and priorities.
std::vector<std::vector<FeatureInfo>> check_features(const std::vector<VtLayer>& layers,
                                                     ProblemReport& problems,
                                                     std::uint64_t& invalid) {
    std::vector<std::vector<FeatureInfo>> info(layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const VtLayer& layer = layers[l];
        int priority_index = -1;
        if (!layer.priority_field.empty()) {
            const auto it =
                std::find(layer.fields.begin(), layer.fields.end(), layer.priority_field);
            if (it == layer.fields.end())
                throw config_error("vector tiles: layer '" + layer.name + "': priority field '" +
                                   layer.priority_field + "' is not one of its fields");
            priority_index = int(it - layer.fields.begin());
        }
        info[l].resize(layer.features.size());
        for (std::size_t f = 0; f < layer.features.size(); ++f) {
            const VtFeature& feature = layer.features[f];
            FeatureInfo& fi = info[l][f];
            auto report = [&](ProblemKind kind, const std::string& message) {
                problems.add(Problem{kind,
                                     kSource,
                                     layer.name,
                                     std::to_string(feature.id),
                                     {},
                                     message,
                                     std::nullopt});
                ++invalid;
            };
            if (!feature.points.empty() && !feature.polygons.empty()) {
                report(ProblemKind::wrong_geometry_type, "has both points and polygons; not used");
                continue;
            }
            if (feature.values.size() > layer.fields.size()) {
                report(ProblemKind::bad_value,
                       std::to_string(feature.values.size()) + " values for " +
                           std::to_string(layer.fields.size()) + " fields; not used");
                continue;
            }
            bool first = true, ok = true;
            auto visit = [&](const PointM& p) {
                if (!finite(p))
                    ok = false;
                else
                    expand(fi.box, p, first);
            };
            for (const PointM& p : feature.points) visit(p);
            for (const PolygonM& poly : feature.polygons) {
                for (const PointM& p : poly.outer) visit(p);
                for (const RingM& hole : poly.holes)
                    for (const PointM& p : hole) visit(p);
            }
            if (!ok) {
                report(ProblemKind::bad_coordinate, "non-finite coordinate; not used");
                continue;
            }
            const double limit = mercator_half_m * 1.000001;
            if (!first && (fi.box.min_x < -limit || fi.box.max_x > limit || fi.box.min_y < -limit ||
                           fi.box.max_y > limit)) {
                report(ProblemKind::bad_coordinate,
                       "coordinate outside Web Mercator (±20037508.34 m); is the layer "
                       "projected to EPSG:3857? not used");
                continue;
            }
            if (first) {
                report(ProblemKind::empty_geometry, "no geometry; not used");
                continue;
            }
            fi.valid = true;
            if (priority_index >= 0 && std::size_t(priority_index) < feature.values.size()) {
                const VtValue& v = feature.values[std::size_t(priority_index)];
                if (const auto* d = std::get_if<double>(&v); d && !std::isnan(*d))
                    fi.priority = *d;
                else if (const auto* i = std::get_if<std::int64_t>(&v))
                    fi.priority = double(*i);
            }
        }
    }
    return info;
}

// --- bucketing ---------------------------------------------------------------------------

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// Inclusive tile index range along one axis whose buffered tiles touch [lo, hi] (grid
/// units), clamped to the zoom; empty (first > second) when outside the world.
std::pair<std::int64_t, std::int64_t> tile_span(std::int64_t lo, std::int64_t hi,
                                                std::int64_t extent, std::int64_t buffer,
                                                std::int64_t tiles) {
    // Tile t keeps [t·E − B, (t+1)·E + B]: it touches [lo, hi] iff t·E − B ≤ hi and
    // (t+1)·E + B ≥ lo.
    const std::int64_t first = -floor_div(-(lo - buffer), extent) - 1;  // ceil − 1
    const std::int64_t last = floor_div(hi + buffer, extent);
    return {std::max<std::int64_t>(first, 0), std::min(last, tiles - 1)};
}

/// The same from a Web Mercator box (for the up-front count): a slightly wider range is
/// fine there.
std::uint64_t tiles_touched(const BoxMercator& b, std::uint8_t z, const VectorTilerOptions& o) {
    const double world = std::ldexp(double(o.extent), z);
    const double scale = world / (2.0 * mercator_half_m);
    const auto grid = [world](double v) {
        return std::int64_t(std::floor(std::clamp(v, -world, 2.0 * world)));
    };
    const auto gx = [&](double x) { return grid((x + mercator_half_m) * scale); };
    const auto gy = [&](double y) { return grid((mercator_half_m - y) * scale); };
    const std::int64_t tiles = std::int64_t(1) << z;
    const auto xs = tile_span(gx(b.min_x), gx(b.max_x) + 1, o.extent, o.buffer, tiles);
    const auto ys = tile_span(gy(b.max_y), gy(b.min_y) + 1, o.extent, o.buffer, tiles);
    if (xs.first > xs.second || ys.first > ys.second) return 0;
    return std::uint64_t(xs.second - xs.first + 1) * std::uint64_t(ys.second - ys.first + 1);
}

/// A feature in a tile's bucket; sorted by tile (x, y), then layer and feature.
struct Entry {
    std::uint64_t tile;     // x << 32 | y
    std::uint64_t feature;  // layer << 32 | feature index
    friend bool operator<(const Entry& a, const Entry& b) {
        return a.tile != b.tile ? a.tile < b.tile : a.feature < b.feature;
    }
    std::uint32_t layer() const { return std::uint32_t(feature >> 32); }
    std::uint32_t index() const { return std::uint32_t(feature & 0xffffffffu); }
};

// --- one zoom ----------------------------------------------------------------------------

struct Encoded {
    std::string bytes;           // as written; empty = nothing in the tile
    std::uint64_t points = 0;    // point features written
    std::uint64_t polygons = 0;  // polygon features written
    std::uint64_t features() const { return points + polygons; }
};

struct TileResult {
    Encoded tile;
    bool capped = false;
    CappedTile cap;
};

class ZoomEncoder {
  public:
    ZoomEncoder(const std::vector<VtLayer>& layers,
                const std::vector<std::vector<FeatureInfo>>& info,
                const std::vector<std::vector<ZoomGeometry>>& prepared, std::uint8_t z,
                const VectorTilerOptions& options)
        : layers_(layers), info_(info), prepared_(prepared), z_(z), options_(options) {
        mvt_.extent = options.extent;
        mvt_.buffer = options.buffer;
        mvt_.tolerance = options.tolerance;
    }

    TileResult encode(const TileId& tile, const Entry* begin, const Entry* end,
                      detail::GzipDeflater& gz) const {
        TileResult r;
        r.tile = encode_subset(tile, begin, end, nullptr, nullptr, gz);
        if (r.tile.bytes.size() > options_.max_tile_bytes) cap(tile, begin, end, gz, r);
        return r;
    }

  private:
    bool is_point(const Entry& e) const {
        return !layers_[e.layer()].features[e.index()].is_polygon();
    }

    /// Encodes the entries not marked in `dropped`, polygons from `alt` when given.
    Encoded encode_subset(const TileId& tile, const Entry* begin, const Entry* end,
                          const std::vector<char>* dropped, const std::vector<ZoomGeometry>* alt,
                          detail::GzipDeflater& gz) const {
        Encoded out;
        std::string raw;
        for (const Entry* e = begin; e != end;) {
            const std::uint32_t l = e->layer();
            const VtLayer& layer = layers_[l];
            MvtLayerBuilder builder(layer, tile, mvt_);
            for (; e != end && e->layer() == l; ++e) {
                const std::size_t k = std::size_t(e - begin);
                if (dropped && (*dropped)[k]) continue;
                const VtFeature& f = layer.features[e->index()];
                const ZoomGeometry& g =
                    alt && f.is_polygon() ? (*alt)[k] : prepared_[l][e->index()];
                if (builder.add(f, g)) ++(f.is_polygon() ? out.polygons : out.points);
            }
            raw += builder.finish();
        }
        if (out.features() == 0) return out;
        out.bytes = options_.gzip ? gz.compress(raw) : std::move(raw);
        return out;
    }

    /// Applies the size cap (see vector_tiler.hpp) to a tile over it.
    void cap(const TileId& tile, const Entry* begin, const Entry* end, detail::GzipDeflater& gz,
             TileResult& r) const {
        const std::size_t n = std::size_t(end - begin);
        std::vector<std::size_t> points, polygons;  // entry offsets, lowest rank first
        for (std::size_t k = 0; k < n; ++k) (is_point(begin[k]) ? points : polygons).push_back(k);
        auto rank_less = [&](std::size_t a, std::size_t b) {
            const Entry& ea = begin[a];
            const Entry& eb = begin[b];
            const double pa = info_[ea.layer()][ea.index()].priority;
            const double pb = info_[eb.layer()][eb.index()].priority;
            if (pa != pb) return pa < pb;
            const std::uint64_t ia = layers_[ea.layer()].features[ea.index()].id;
            const std::uint64_t ib = layers_[eb.layer()].features[eb.index()].id;
            if (ia != ib) return ia < ib;
            return ea.feature < eb.feature;
        };
        std::sort(points.begin(), points.end(), rank_less);
        std::sort(polygons.begin(), polygons.end(), rank_less);

        const Encoded before = r.tile;
        std::vector<char> dropped(n, 0);
        auto trial = [&](std::size_t points_out, std::size_t polygons_out,
                         const std::vector<ZoomGeometry>* alt) {
            std::fill(dropped.begin(), dropped.end(), 0);
            for (std::size_t i = 0; i < points_out; ++i) dropped[points[i]] = 1;
            for (std::size_t i = 0; i < polygons_out; ++i) dropped[polygons[i]] = 1;
            return encode_subset(tile, begin, end, &dropped, alt, gz);
        };
        auto fits = [&](const Encoded& e) { return e.bytes.size() <= options_.max_tile_bytes; };
        // Smallest count of `ranked` to drop (the others as given) so that the tile fits,
        // knowing that dropping all of them fits (`all`) and dropping `known_bad` does not
        // (-1: unknown). Bisection; the result is always a verified fit.
        auto bisect = [&](std::size_t count, std::int64_t known_bad, Encoded all, auto&& try_k) {
            std::int64_t lo = known_bad;
            std::int64_t hi = std::int64_t(count);
            Encoded best = std::move(all);
            while (hi - lo > 1) {
                const std::int64_t mid = lo + (hi - lo) / 2;
                Encoded e = try_k(std::size_t(mid));
                if (fits(e)) {
                    hi = mid;
                    best = std::move(e);
                } else {
                    lo = mid;
                }
            }
            return best;
        };

        const double base = options_.tolerance;
        const double factors[] = {1.0, 4.0, 16.0, 64.0, 256.0};
        std::vector<ZoomGeometry> alt;
        const std::vector<ZoomGeometry>* alt_ptr = nullptr;
        double tolerance = base;
        bool done = false;
        Encoded result;
        for (double factor : factors) {
            if (factor > 1.0) {
                tolerance = std::max(base, 1.0) * factor;
                alt.assign(n, ZoomGeometry{});
                for (std::size_t k : polygons) {
                    const Entry& e = begin[k];
                    alt[k] = prepare_geometry(layers_[e.layer()].features[e.index()], z_,
                                              options_.extent, tolerance);
                }
                alt_ptr = &alt;
            }
            Encoded no_points = trial(points.size(), 0, alt_ptr);
            if (!fits(no_points)) continue;
            std::int64_t known_bad = -1;
            if (factor == 1.0) known_bad = 0;  // the uncapped tile did not fit
            result = bisect(points.size(), known_bad, std::move(no_points),
                            [&](std::size_t k) { return trial(k, 0, alt_ptr); });
            done = true;
            break;
        }
        if (!done) {
            Encoded none;  // dropping every feature always fits
            result = bisect(polygons.size(), -1, std::move(none),
                            [&](std::size_t k) { return trial(points.size(), k, alt_ptr); });
        }
        r.capped = true;
        r.cap.tile = tile;
        r.cap.bytes_before = before.bytes.size();
        r.cap.bytes_after = result.bytes.size();
        r.cap.points_dropped = std::uint32_t(before.points - result.points);
        r.cap.polygons_dropped = std::uint32_t(before.polygons - result.polygons);
        r.cap.tolerance = tolerance;
        r.tile = std::move(result);
    }

    const std::vector<VtLayer>& layers_;
    const std::vector<std::vector<FeatureInfo>>& info_;
    const std::vector<std::vector<ZoomGeometry>>& prepared_;
    std::uint8_t z_;
    const VectorTilerOptions& options_;
    MvtOptions mvt_;
};

/// One zoom, prepared: every active feature projected and simplified, bucketed by tile.
struct ZoomWork {
    std::uint8_t z = 0;
    std::vector<std::vector<ZoomGeometry>> prepared;  // [layer][feature]
    std::vector<Entry> entries;                       // sorted by tile, layer, feature
    std::vector<std::size_t> starts;  // first entry of each tile, then entries.size()
    std::unique_ptr<ZoomEncoder> encoder;
    ZoomTileStats stats;

    std::size_t tiles() const { return starts.empty() ? 0 : starts.size() - 1; }
    TileId tile_id(std::size_t t) const {
        const std::uint64_t key = entries[starts[t]].tile;
        return TileId{z, std::uint32_t(key >> 32), std::uint32_t(key & 0xffffffffu)};
    }
    TileResult encode(std::size_t t, detail::GzipDeflater& gz) const {
        return encoder->encode(tile_id(t), entries.data() + starts[t],
                               entries.data() + starts[t + 1], gz);
    }
};

std::unique_ptr<ZoomWork> prepare_zoom(const std::vector<VtLayer>& layers,
                                       const std::vector<std::vector<FeatureInfo>>& info,
                                       std::uint8_t z, const VectorTilerOptions& options,
                                       unsigned threads) {
    auto w = std::make_unique<ZoomWork>();
    w->z = z;
    w->stats.z = z;
    // 1. Prepare every active feature for this zoom (projected, simplified).
    w->prepared.resize(layers.size());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> todo;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (z < layers[l].min_zoom || z > layers[l].max_zoom) continue;
        w->prepared[l].resize(layers[l].features.size());
        for (std::size_t f = 0; f < layers[l].features.size(); ++f)
            if (info[l][f].valid) todo.emplace_back(std::uint32_t(l), std::uint32_t(f));
    }
    parallel_for(todo.size(), threads, 64, [&](std::size_t i, unsigned) {
        const auto [l, f] = todo[i];
        w->prepared[l][f] =
            prepare_geometry(layers[l].features[f], z, options.extent, options.tolerance);
    });

    // 2. Bucket each feature's buffered box into the tiles it touches.
    const std::int64_t tiles_per_side = std::int64_t(1) << z;
    for (const auto& [l, f] : todo) {
        const ZoomGeometry& g = w->prepared[l][f];
        if (g.empty()) continue;
        const auto xs = tile_span(g.min.x, g.max.x, options.extent, options.buffer, tiles_per_side);
        const auto ys = tile_span(g.min.y, g.max.y, options.extent, options.buffer, tiles_per_side);
        const std::uint64_t feature = std::uint64_t(l) << 32 | f;
        for (std::int64_t x = xs.first; x <= xs.second; ++x)
            for (std::int64_t y = ys.first; y <= ys.second; ++y)
                w->entries.push_back({std::uint64_t(x) << 32 | std::uint64_t(y), feature});
    }
    std::sort(w->entries.begin(), w->entries.end());
    for (std::size_t i = 0; i < w->entries.size(); ++i)
        if (i == 0 || w->entries[i].tile != w->entries[i - 1].tile) w->starts.push_back(i);
    if (!w->starts.empty()) w->starts.push_back(w->entries.size());
    w->encoder = std::make_unique<ZoomEncoder>(layers, info, w->prepared, z, options);
    return w;
}

void json_string(std::string& out, const std::string& s) { out += detail::json_quote(s); }

}  // namespace

// -----------------------------------------------------------------------------------------

VectorTileStats build_vector_tiles(const std::vector<VtLayer>& layers, std::uint8_t min_zoom,
                                   std::uint8_t max_zoom, const VectorTilerOptions& options,
                                   const VectorTileSink& sink, ProblemReport& problems) {
    if (options.extent == 0 || options.extent > (1u << 16))
        throw config_error("vector tiles: extent must be 1..65536, not " +
                           std::to_string(options.extent));
    if (options.buffer > options.extent)
        throw config_error("vector tiles: buffer " + std::to_string(options.buffer) +
                           " is larger than the extent " + std::to_string(options.extent));
    if (max_zoom > 24 || min_zoom > max_zoom)
        throw config_error("vector tiles: bad zoom range " + std::to_string(min_zoom) + "-" +
                           std::to_string(max_zoom) + " (0 ≤ min ≤ max ≤ 24)");
    if (!(options.tolerance >= 0.0))
        throw config_error("vector tiles: the simplification tolerance must be ≥ 0");
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (layers[l].name.empty()) throw config_error("vector tiles: a layer has no name");
        for (std::size_t m = 0; m < l; ++m)
            if (layers[m].name == layers[l].name)
                throw config_error("vector tiles: two layers are named '" + layers[l].name + "'");
        if (layers[l].features.size() > std::numeric_limits<std::uint32_t>::max())
            throw config_error("vector tiles: layer '" + layers[l].name +
                               "' has more than 2^32 features");
    }
    const unsigned threads =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());

    VectorTileStats stats;
    const auto info = check_features(layers, problems, stats.features_invalid);
    auto active = [](const VtLayer& layer, unsigned z) {
        return z >= layer.min_zoom && z <= layer.max_zoom;
    };

    // Refuse a build that would bucket too many feature × tile pairs, before any work.
    std::uint64_t pairs = 0;
    for (unsigned z = min_zoom; z <= max_zoom; ++z)
        for (std::size_t l = 0; l < layers.size(); ++l)
            if (active(layers[l], z))
                for (const FeatureInfo& fi : info[l])
                    if (fi.valid) pairs += tiles_touched(fi.box, std::uint8_t(z), options);
    if (pairs > options.max_bucket_entries)
        throw config_error("vector tiles: zooms " + std::to_string(min_zoom) + "-" +
                           std::to_string(max_zoom) + " would touch " + std::to_string(pairs) +
                           " feature-tile pairs (limit " +
                           std::to_string(options.max_bucket_entries) +
                           "); narrow the zoom range (lower the maximum zoom) or the area");

    std::vector<std::unique_ptr<detail::GzipDeflater>> deflaters;
    for (unsigned t = 0; t < threads; ++t) deflaters.push_back(std::make_unique<detail::GzipDeflater>(6));

    // Zooms are prepared one at a time; their tiles are encoded in batches of at least
    // `chunk` tiles, so that the few large tiles of the low zooms share a batch (and the
    // threads) with the next zooms' tiles instead of each waiting alone.
    const std::size_t chunk = std::max<std::size_t>(64, std::size_t(threads) * 256);
    std::vector<std::unique_ptr<ZoomWork>> batch;
    std::size_t batch_tiles = 0;
    for (unsigned zi = min_zoom; zi <= max_zoom; ++zi) {
        batch.push_back(prepare_zoom(layers, info, std::uint8_t(zi), options, threads));
        batch_tiles += batch.back()->tiles();
        if (batch_tiles < chunk && zi < max_zoom) continue;

        // Encode the batch in parallel, a chunk at a time; hand tiles over in order.
        std::vector<std::pair<ZoomWork*, std::size_t>> jobs;  // (zoom, tile index)
        jobs.reserve(batch_tiles);
        for (const auto& w : batch)
            for (std::size_t t = 0; t < w->tiles(); ++t) jobs.emplace_back(w.get(), t);
        std::vector<TileResult> results;
        for (std::size_t c0 = 0; c0 < jobs.size(); c0 += chunk) {
            const std::size_t c1 = std::min(jobs.size(), c0 + chunk);
            results.assign(c1 - c0, TileResult{});
            parallel_for(c1 - c0, threads, 1, [&](std::size_t i, unsigned worker) {
                const auto& [w, t] = jobs[c0 + i];
                results[i] = w->encode(t, *deflaters[worker]);
            });
            for (std::size_t i = 0; i < results.size(); ++i) {
                TileResult& r = results[i];
                const auto& [w, t] = jobs[c0 + i];
                const TileId id = w->tile_id(t);
                if (r.capped) {
                    stats.capped.push_back(r.cap);
                    stats.features_dropped += r.cap.points_dropped + r.cap.polygons_dropped;
                }
                if (r.tile.bytes.empty()) continue;
                const std::size_t size = r.tile.bytes.size();
                ++stats.tiles_written;
                stats.bytes_written += size;
                stats.features_written += r.tile.features();
                if (size > stats.max_tile_bytes) {
                    stats.max_tile_bytes = size;
                    stats.max_tile = id;
                }
                ZoomTileStats& zs = w->stats;
                ++zs.tiles;
                zs.bytes += size;
                zs.max_tile_bytes = std::max(zs.max_tile_bytes, size);
                sink(id, r.tile.bytes);
                r.tile.bytes = std::string();
            }
        }
        for (const auto& w : batch) stats.zooms.push_back(w->stats);
        batch.clear();
        batch_tiles = 0;
    }
    return stats;
}

std::string vector_layers_json(const std::vector<VtLayer>& layers, std::uint8_t min_zoom,
                               std::uint8_t max_zoom) {
    std::string out = "[";
    bool first_layer = true;
    for (const VtLayer& layer : layers) {
        const unsigned lo = std::max<unsigned>(layer.min_zoom, min_zoom);
        const unsigned hi = std::min<unsigned>(layer.max_zoom, max_zoom);
        if (lo > hi) continue;
        std::vector<char> numeric(layer.fields.size(), 0), text(layer.fields.size(), 0);
        for (const VtFeature& f : layer.features)
            for (std::size_t i = 0; i < f.values.size() && i < layer.fields.size(); ++i) {
                if (std::holds_alternative<std::string>(f.values[i])) text[i] = 1;
                if (std::holds_alternative<double>(f.values[i]) ||
                    std::holds_alternative<std::int64_t>(f.values[i]))
                    numeric[i] = 1;
            }
        if (!first_layer) out += ',';
        first_layer = false;
        out += "{\"id\":";
        json_string(out, layer.name);
        out += ",\"fields\":{";
        for (std::size_t i = 0; i < layer.fields.size(); ++i) {
            if (i) out += ',';
            json_string(out, layer.fields[i]);
            out += numeric[i] && !text[i] ? ":\"Number\"" : ":\"String\"";
        }
        out += "},\"minzoom\":" + std::to_string(lo) + ",\"maxzoom\":" + std::to_string(hi) + "}";
    }
    out += "]";
    return out;
}

std::optional<BoxMercator> layers_bounds(const std::vector<VtLayer>& layers) {
    BoxMercator box{};
    bool first = true;
    auto visit = [&](const PointM& p) {
        if (finite(p)) expand(box, p, first);
    };
    for (const VtLayer& layer : layers)
        for (const VtFeature& f : layer.features) {
            for (const PointM& p : f.points) visit(p);
            for (const PolygonM& poly : f.polygons) {
                for (const PointM& p : poly.outer) visit(p);
                for (const RingM& hole : poly.holes)
                    for (const PointM& p : hole) visit(p);
            }
        }
    if (first) return std::nullopt;
    return box;
}

}  // namespace assetmap::tiles
