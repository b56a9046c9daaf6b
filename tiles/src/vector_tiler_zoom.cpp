// The vector tiler's preparation (vector_tiler_internal.hpp): feature checks, and per zoom
// the projected, simplified features bucketed by the tiles their buffered boxes touch.
#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/mvt_encoder.hpp>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "vector_tiler_internal.hpp"

namespace assetmap::tiles::detail::tiler {

namespace {

constexpr const char* kSource = "vector tiles";

}  // namespace

// --- input checks ------------------------------------------------------------------------

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

namespace {

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

}  // namespace

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

// --- one zoom ----------------------------------------------------------------------------

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

}  // namespace assetmap::tiles::detail::tiler
