/// @file records_hull: k-th-neighbour outlier test over a PointIndex, then GEOS ConcaveHull
/// and Buffer (one GEOS context per call: safe from several threads).

#include <assetmap/spatial/extent_hull.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/spatial/point_index.hpp>

#include "geos_handle.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace assetmap::spatial {

namespace {

using detail::GeomPtr;
using detail::GeosContext;

[[noreturn]] void fail(const GeosContext& ctx, const std::string& what) {
    std::string msg = "extent hull: " + what;
    if (!ctx.last_error().empty()) msg += ": " + ctx.last_error();
    throw error(msg);
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (v.size() % 2 == 1) return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return 0.5 * (lower + upper);
}

/// Distance from each point to its k-th nearest other point (k ≥ 1, k < n), by radius
/// queries that double until k others are found.
std::vector<double> kth_neighbour_m(const std::vector<PointM>& pts, std::size_t k) {
    const PointIndex index(pts);
    BoxM box;
    for (const PointM& p : pts) box.expand(p);
    const double diag = std::hypot(box.max_x_m - box.min_x_m, box.max_y_m - box.min_y_m);
    // A start radius near the mean spacing; at least 1 m so doubling makes progress.
    const double start = std::max(1.0, diag / std::sqrt(static_cast<double>(pts.size())));
    std::vector<double> out(pts.size(), 0.0);
    std::vector<PointIndex::Hit> hits;
    std::vector<double> d;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        double r = start;
        while (true) {
            index.within_unsorted(pts[i], r, hits);
            if (hits.size() >= k + 1 || r > 2.0 * diag + 1.0) break;
            r *= 2.0;
        }
        d.clear();
        for (const auto& h : hits)
            if (h.index != i) d.push_back(h.distance_m);
        std::sort(d.begin(), d.end());
        out[i] = d.size() >= k ? d[k - 1] : (d.empty() ? 0.0 : d.back());
    }
    return out;
}

}  // namespace

RecordsHull records_hull(const std::vector<PointM>& points, const HullOptions& options) {
    RecordsHull out;
    std::vector<PointM> pts;
    for (const PointM& p : points)
        if (std::isfinite(p.x_m) && std::isfinite(p.y_m)) pts.push_back(p);
    out.records = pts.size();
    if (pts.size() < 2) return out;

    // k never reaches the last other record, so a lone outlier always has a nearer
    // neighbour count to be judged by: k = min(neighbour_k, n − 2), at least 1.
    const std::size_t n = pts.size();
    const std::size_t k =
        std::max<std::size_t>(1, std::min(options.neighbour_k, n >= 3 ? n - 2 : 1));
    const std::vector<double> s = kth_neighbour_m(pts, k);
    const double typical = median(s);
    std::vector<PointM> kept;
    std::vector<double> kept_s;
    const bool test = n >= 3;
    const double limit = std::max(options.outlier_min_m, options.outlier_factor * typical);
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (test && s[i] > limit) {
            ++out.outliers;
            continue;
        }
        kept.push_back(pts[i]);
        kept_s.push_back(s[i]);
    }
    out.spacing_m = median(kept_s);
    if (!(out.spacing_m > 0.0)) return out;

    GeosContext ctx;
    if (!ctx) throw error("extent hull: no GEOS context");
    GEOSContextHandle_t h = ctx.get();
    std::vector<GEOSGeometry*> raw;
    raw.reserve(kept.size());
    for (const PointM& p : kept) {
        GEOSGeometry* g = GEOSGeom_createPointFromXY_r(h, p.x_m, p.y_m);
        if (!g) {
            for (GEOSGeometry* r : raw) GEOSGeom_destroy_r(h, r);
            fail(ctx, "GEOSGeom_createPointFromXY_r failed");
        }
        raw.push_back(g);
    }
    // GEOS takes ownership of the points (not of the array), success or not.
    GeomPtr multi = detail::own(ctx, GEOSGeom_createCollection_r(
                                         h, GEOS_MULTIPOINT, raw.data(),
                                         static_cast<unsigned>(raw.size())));
    if (!multi) fail(ctx, "GEOSGeom_createCollection_r failed");
    GeomPtr hull = detail::own(ctx, GEOSConcaveHull_r(h, multi.get(), options.concave_ratio, 0));
    if (!hull) fail(ctx, "GEOSConcaveHull_r failed");
    GeomPtr grown = detail::own(ctx, GEOSBuffer_r(h, hull.get(), out.spacing_m, 8));
    if (!grown) fail(ctx, "GEOSBuffer_r failed");
    std::string problem;
    const MultiPolygonM mp = detail::from_geos(ctx, grown.get(), nullptr, &problem);
    if (!problem.empty()) fail(ctx, "reading the hull: " + problem);
    // The buffer of a connected hull is one polygon; keep the largest part's outer ring.
    double best = -1.0;
    for (const PolygonM& poly : mp) {
        const double a = area_m2(MultiPolygonM{PolygonM{poly.outer, {}}});
        if (a > best) {
            best = a;
            out.ring = poly.outer;
        }
    }
    return out;
}

}  // namespace assetmap::spatial
