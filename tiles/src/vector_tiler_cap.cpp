// The vector tiler's tile encoder (vector_tiler_internal.hpp): one tile from its bucket, and
// the size cap of vector_tiler.hpp for a tile over max_tile_bytes.
#include <algorithm>
#include <assetmap/tiles/mvt_encoder.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gzip.hpp"
#include "vector_tiler_internal.hpp"

namespace assetmap::tiles::detail::tiler {

TileResult ZoomEncoder::encode(const TileId& tile, const Entry* begin, const Entry* end,
                               detail::GzipDeflater& gz) const {
    TileResult r;
    r.tile = encode_subset(tile, begin, end, nullptr, nullptr, gz);
    if (r.tile.bytes.size() > options_.max_tile_bytes) cap(tile, begin, end, gz, r);
    return r;
}

bool ZoomEncoder::is_point(const Entry& e) const {
    return !layers_[e.layer()].features[e.index()].is_polygon();
}

/// Encodes the entries not marked in `dropped`, polygons from `alt` when given.
Encoded ZoomEncoder::encode_subset(const TileId& tile, const Entry* begin, const Entry* end,
                                   const std::vector<char>* dropped,
                                   const std::vector<ZoomGeometry>* alt,
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
            const ZoomGeometry& g = alt && f.is_polygon() ? (*alt)[k] : prepared_[l][e->index()];
            if (builder.add(f, g)) ++(f.is_polygon() ? out.polygons : out.points);
        }
        raw += builder.finish();
    }
    if (out.features() == 0) return out;
    out.bytes = options_.gzip ? gz.compress(raw) : std::move(raw);
    return out;
}

/// Applies the size cap (see vector_tiler.hpp) to a tile over it.
void ZoomEncoder::cap(const TileId& tile, const Entry* begin, const Entry* end,
                      detail::GzipDeflater& gz, TileResult& r) const {
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

}  // namespace assetmap::tiles::detail::tiler
