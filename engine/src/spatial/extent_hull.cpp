/// @file records_hull: k-th-neighbour spacing over a PointIndex, the outlier test, then an
/// edge-limited Delaunay shape, unioned and buffered by GEOS (one GEOS context per call: safe
/// from several threads).

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

/// The rank-th smallest (1-based, nearest rank of `quantile`) of `sorted` without one copy
/// of `own` (which `sorted` holds).
double others_quantile(const std::vector<double>& sorted, double own, double quantile) {
    const std::size_t others = sorted.size() - 1;
    const auto rank = static_cast<std::size_t>(
        std::ceil(quantile * static_cast<double>(others) - 1e-9));
    const std::size_t r = std::max<std::size_t>(rank, 1) - 1;  // 0-based among the others
    const auto pos = static_cast<std::size_t>(
        std::lower_bound(sorted.begin(), sorted.end(), own) - sorted.begin());
    return r < pos ? sorted[r] : sorted[std::min(r + 1, sorted.size() - 1)];
}

/// The vertices of a GEOS polygon's exterior ring or of a line string.
std::vector<PointM> vertices(const GeosContext& ctx, const GEOSGeometry* g) {
    GEOSContextHandle_t h = ctx.get();
    const GEOSGeometry* line = GEOSGeomTypeId_r(h, g) == GEOS_POLYGON ? GEOSGetExteriorRing_r(h, g)
                                                                      : g;
    const GEOSCoordSequence* seq = line ? GEOSGeom_getCoordSeq_r(h, line) : nullptr;
    unsigned size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size)) fail(ctx, "reading a triangle");
    std::vector<PointM> out(size);
    for (unsigned i = 0; i < size; ++i)
        if (!GEOSCoordSeq_getXY_r(h, seq, i, &out[i].x_m, &out[i].y_m))
            fail(ctx, "reading a triangle");
    return out;
}

/// The outer rings of `mp`: polygons with their holes filled.
MultiPolygonM fill_holes(const MultiPolygonM& mp) {
    MultiPolygonM out;
    for (const PolygonM& p : mp) out.push_back(PolygonM{p.outer, {}});
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

    // 1–2. Spacing and outliers. k never reaches the last other record, so a lone outlier
    // always has a nearer neighbour count to be judged by.
    const std::size_t n = pts.size();
    const std::size_t k =
        std::max<std::size_t>(1, std::min(options.neighbour_k, n >= 3 ? n - 2 : 1));
    const std::vector<double> s = kth_neighbour_m(pts, k);
    std::vector<double> sorted = s;
    std::sort(sorted.begin(), sorted.end());
    const auto rank = static_cast<std::size_t>(
        std::ceil(options.outlier_quantile * static_cast<double>(n) - 1e-9));
    const double q90 = sorted[std::min(std::max<std::size_t>(rank, 1), n) - 1];
    out.edge_limit_m = std::max(options.outlier_min_m, options.outlier_factor * q90);
    std::vector<PointM> kept;
    std::vector<double> kept_s;
    for (std::size_t i = 0; i < n; ++i) {
        if (n >= 3 &&
            s[i] > std::max(options.outlier_min_m,
                            options.outlier_factor *
                                others_quantile(sorted, s[i], options.outlier_quantile))) {
            ++out.outliers;
            continue;
        }
        kept.push_back(pts[i]);
        kept_s.push_back(s[i]);
    }
    out.spacing_m = median(kept_s);
    if (!(out.spacing_m > 0.0) || kept.size() < 2) return out;

    // 3. The edge-limited Delaunay shape.
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
    const double limit = out.edge_limit_m;
    const auto short_edges = [&](const std::vector<PointM>& v) {
        for (std::size_t i = 0; i + 1 < v.size(); ++i)
            if (distance_m(v[i], v[i + 1]) > limit) return false;
        return true;
    };
    const auto keep_parts = [&](const GEOSGeometry* all) {
        std::vector<GEOSGeometry*> parts;
        const int count = GEOSGetNumGeometries_r(h, all);
        for (int i = 0; i < count; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(h, all, i);
            if (!short_edges(vertices(ctx, part))) continue;
            GEOSGeometry* copy = GEOSGeom_clone_r(h, part);
            if (!copy) {
                for (GEOSGeometry* p : parts) GEOSGeom_destroy_r(h, p);
                fail(ctx, "GEOSGeom_clone_r failed");
            }
            parts.push_back(copy);
        }
        return parts;
    };
    GeomPtr triangles = detail::own(ctx, GEOSDelaunayTriangulation_r(h, multi.get(), 0.0, 0));
    if (!triangles) fail(ctx, "GEOSDelaunayTriangulation_r failed");
    std::vector<GEOSGeometry*> parts = keep_parts(triangles.get());
    GeomPtr shape;
    if (!parts.empty()) {
        GeomPtr collection = detail::own(
            ctx, GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(),
                                             static_cast<unsigned>(parts.size())));
        if (!collection) fail(ctx, "GEOSGeom_createCollection_r failed");
        // Delaunay triangles share their edges exactly: a coverage. Unary union if GEOS
        // disagrees.
        shape = detail::own(ctx, GEOSCoverageUnion_r(h, collection.get()));
        if (!shape) shape = detail::own(ctx, GEOSUnaryUnion_r(h, collection.get()));
        if (!shape) fail(ctx, "union of the triangles failed");
        std::string problem;
        const MultiPolygonM filled = fill_holes(detail::from_geos(ctx, shape.get(), nullptr,
                                                                  &problem));
        if (!problem.empty()) fail(ctx, "reading the shape: " + problem);
        shape = detail::to_geos(ctx, filled, &problem);
        if (!shape) fail(ctx, "rebuilding the shape: " + problem);
    } else {
        // No triangle: records on a line (or two). Their short Delaunay edges.
        GeomPtr edges = detail::own(ctx, GEOSDelaunayTriangulation_r(h, multi.get(), 0.0, 1));
        if (!edges) fail(ctx, "GEOSDelaunayTriangulation_r failed");
        std::vector<GEOSGeometry*> lines = keep_parts(edges.get());
        if (lines.empty()) return out;
        shape = detail::own(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING,
                                                             lines.data(),
                                                             static_cast<unsigned>(lines.size())));
        if (!shape) fail(ctx, "GEOSGeom_createCollection_r failed");
    }

    // 4. Grown by the spacing, holes filled.
    GeomPtr grown = detail::own(ctx, GEOSBuffer_r(h, shape.get(), out.spacing_m, 8));
    if (!grown) fail(ctx, "GEOSBuffer_r failed");
    std::string problem;
    out.polygon = fill_holes(detail::from_geos(ctx, grown.get(), nullptr, &problem));
    if (!problem.empty()) fail(ctx, "reading the hull: " + problem);
    return out;
}

}  // namespace assetmap::spatial
