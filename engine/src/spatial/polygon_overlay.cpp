/// @file Union and intersection areas through the GEOS reentrant C API. Each call owns its
/// own GEOS context, so calls from several threads are safe. Areas are measured with core's
/// shoelace area_m2 (taken relative to a local origin: precise at EPSG:27700 magnitudes).

#include <assetmap/spatial/polygon_overlay.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/spatial/polygon_ops.hpp>

#include "geos_handle.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace assetmap::spatial {

namespace {

using detail::GeomPtr;
using detail::GeosContext;

[[noreturn]] void fail(const GeosContext& ctx, const std::string& what) {
    std::string msg = "polygon overlay: " + what;
    if (!ctx.last_error().empty()) msg += ": " + ctx.last_error();
    throw error(msg);
}

GeosContext& checked(GeosContext& ctx) {
    if (!ctx) throw error("polygon overlay: no GEOS context");
    return ctx;
}

/// `mp` as a valid GEOS geometry: as it is when GEOS accepts it and finds it valid, else
/// repaired by make_valid. Null when nothing polygonal remains.
GeomPtr valid_geos(const GeosContext& ctx, const MultiPolygonM& mp) {
    GeomPtr g = detail::to_geos(ctx, mp, nullptr);
    if (g && GEOSisValid_r(ctx.get(), g.get()) == 1) return g;
    const RepairResult fixed = make_valid(mp);
    if (fixed.geometry.empty()) return detail::own(ctx, nullptr);
    return detail::to_geos(ctx, fixed.geometry, nullptr);
}

/// The polygonal part of `g` as plain polygons; throws when GEOS fails to read it.
MultiPolygonM read(const GeosContext& ctx, const GEOSGeometry* g) {
    std::string problem;
    MultiPolygonM out = detail::from_geos(ctx, g, nullptr, &problem);
    if (!problem.empty()) fail(ctx, "reading a result: " + problem);
    return out;
}

struct TreeDeleter {
    GEOSContextHandle_t context = nullptr;
    void operator()(GEOSSTRtree* t) const noexcept {
        if (t != nullptr) GEOSSTRtree_destroy_r(context, t);
    }
};

struct PreparedDeleter {
    GEOSContextHandle_t context = nullptr;
    void operator()(const GEOSPreparedGeometry* p) const noexcept {
        if (p != nullptr) GEOSPreparedGeom_destroy_r(context, p);
    }
};

void collect_index(void* item, void* userdata) {
    static_cast<std::vector<std::size_t>*>(userdata)->push_back(
        *static_cast<const std::size_t*>(item));
}

}  // namespace

MultiPolygonM union_all(const std::vector<MultiPolygonM>& polygons) {
    GeosContext ctx;
    checked(ctx);
    // Every polygon goes in on its own, so overlapping parts of one multipolygon (invalid
    // as a whole) are unioned rather than repaired as holes.
    std::vector<GeomPtr> parts;
    for (const MultiPolygonM& mp : polygons) {
        for (const PolygonM& poly : mp) {
            GeomPtr g = valid_geos(ctx, MultiPolygonM{poly});
            if (g && GEOSisEmpty_r(ctx.get(), g.get()) == 0) parts.push_back(std::move(g));
        }
    }
    if (parts.empty()) return {};
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (GeomPtr& g : parts) raw.push_back(g.release());
    // GEOS takes ownership of the parts (not of the array), success or not.
    GeomPtr all = detail::own(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION,
                                                               raw.data(),
                                                               static_cast<unsigned>(raw.size())));
    if (!all) fail(ctx, "GEOSGeom_createCollection_r failed");
    GeomPtr u = detail::own(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()));
    if (!u) fail(ctx, "GEOSUnaryUnion_r failed");
    return read(ctx, u.get());
}

std::vector<double> intersection_areas_m2(const std::vector<MultiPolygonM>& areas,
                                          const MultiPolygonM& cover) {
    std::vector<double> out(areas.size(), 0.0);
    if (areas.empty() || cover.empty()) return out;
    GeosContext ctx;
    checked(ctx);
    GEOSContextHandle_t h = ctx.get();

    // The cover's parts must not overlap, or their intersections would be counted twice.
    MultiPolygonM clean_cover;
    {
        GeomPtr whole = detail::to_geos(ctx, cover, nullptr);
        const bool valid = whole && GEOSisValid_r(h, whole.get()) == 1;
        clean_cover = valid ? cover : union_all({cover});
    }

    std::vector<GeomPtr> parts;
    std::vector<double> part_area;
    for (const PolygonM& poly : clean_cover) {
        const MultiPolygonM one{poly};
        GeomPtr g = detail::to_geos(ctx, one, nullptr);
        if (!g || GEOSisEmpty_r(h, g.get()) != 0) continue;
        parts.push_back(std::move(g));
        part_area.push_back(area_m2(one));
    }
    if (parts.empty()) return out;

    std::unique_ptr<GEOSSTRtree, TreeDeleter> tree(GEOSSTRtree_create_r(h, 10), TreeDeleter{h});
    if (!tree) fail(ctx, "GEOSSTRtree_create_r failed");
    std::vector<std::size_t> ids(parts.size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
        ids[i] = i;
        GEOSSTRtree_insert_r(h, tree.get(), parts[i].get(), &ids[i]);
    }

    std::vector<std::size_t> candidates;
    for (std::size_t a = 0; a < areas.size(); ++a) {
        if (areas[a].empty()) continue;
        GeomPtr area = valid_geos(ctx, areas[a]);
        if (!area || GEOSisEmpty_r(h, area.get()) != 0) continue;
        candidates.clear();
        GEOSSTRtree_query_r(h, tree.get(), area.get(), &collect_index, &candidates);
        if (candidates.empty()) continue;
        std::sort(candidates.begin(), candidates.end());  // fixed summation order

        double box[4];  // min x, min y, max x, max y of the area, a little grown
        {
            const BoxM b = bounds(areas[a]);
            const double pad = 1.0 + 1e-9 * std::max(std::fabs(b.max_x_m), std::fabs(b.max_y_m));
            box[0] = b.min_x_m - pad;
            box[1] = b.min_y_m - pad;
            box[2] = b.max_x_m + pad;
            box[3] = b.max_y_m + pad;
        }
        std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter> prepared(
            GEOSPrepare_r(h, area.get()), PreparedDeleter{h});
        if (!prepared) fail(ctx, "GEOSPrepare_r failed");
        double sum = 0.0;
        for (const std::size_t i : candidates) {
            const GEOSGeometry* part = parts[i].get();
            if (GEOSGetNumCoordinates_r(h, part) > 256) {
                // A large part (a walking catchment has thousands of vertices) is first cut
                // to the area's box, a linear pass: the overlay then only sees the vertices
                // near the area. The box holds the whole intersection, so the area is the
                // same; should the cut piece trouble the overlay, the whole part is used.
                GeomPtr piece =
                    detail::own(ctx, GEOSClipByRect_r(h, part, box[0], box[1], box[2], box[3]));
                if (piece && GEOSisEmpty_r(h, piece.get()) == 1) continue;
                GeomPtr cut;
                if (piece) cut = detail::own(ctx, GEOSIntersection_r(h, area.get(), piece.get()));
                if (!cut) cut = detail::own(ctx, GEOSIntersection_r(h, area.get(), part));
                if (!cut) fail(ctx, "GEOSIntersection_r failed");
                sum += area_m2(read(ctx, cut.get()));
                continue;
            }
            const char inside = GEOSPreparedContains_r(h, prepared.get(), part);
            if (inside == 2) fail(ctx, "GEOSPreparedContains_r failed");
            if (inside == 1) {  // wholly inside the area: its own area
                sum += part_area[i];
                continue;
            }
            const char meets = GEOSPreparedIntersects_r(h, prepared.get(), part);
            if (meets == 2) fail(ctx, "GEOSPreparedIntersects_r failed");
            if (meets == 0) continue;
            GeomPtr cut = detail::own(ctx, GEOSIntersection_r(h, area.get(), part));
            if (!cut) fail(ctx, "GEOSIntersection_r failed");
            sum += area_m2(read(ctx, cut.get()));
        }
        out[a] = sum;
    }
    return out;
}

}  // namespace assetmap::spatial
