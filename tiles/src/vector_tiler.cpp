// The vector tiler's entry points (vector_tiler.hpp): build_vector_tiles drives the zooms
// (preparation in vector_tiler_zoom.cpp, encoding and size cap in vector_tiler_cap.cpp) and
// hands tiles over in order; vector_layers_json and layers_bounds describe the layers.
#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/vector_tiler.hpp>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "gzip.hpp"
#include "store_support.hpp"
#include "vector_tiler_internal.hpp"

namespace assetmap::tiles {

using namespace detail::tiler;

namespace {

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
    for (unsigned t = 0; t < threads; ++t)
        deflaters.push_back(std::make_unique<detail::GzipDeflater>(6));

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
            for (std::size_t t = 0; t < w->tiles(); ++t)
                if (options.shard.all() ||
                    tile_shard(w->tile_id(t), options.shard.count, 8) == options.shard.index)
                    jobs.emplace_back(w.get(), t);
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
