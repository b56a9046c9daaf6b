#include "ingest_steps.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/spatial/extent_hull.hpp>

#include <set>

namespace assetmap::ingest::detail {

SourceExtent source_extent(const AssetSource& source, const std::vector<io::RawAsset>& records,
                           const std::string& metric_crs, const MultiPolygonM* areas_union) {
    SourceExtent out;
    out.source = source.name;
    out.date = source.date;
    std::set<std::string> categories;
    for (const auto& r : records) categories.insert(r.category);
    out.categories.assign(categories.begin(), categories.end());
    for (const auto& c : out.categories) out.completeness[c] = source.completeness_for(c);

    if (source.extent_is_areas) {
        out.kind = ExtentKind::areas;
        out.declared = true;
        if (areas_union) out.polygon = *areas_union;
        return out;
    }
    if (source.extent) {
        // A lon/lat box is not a box in a projected CRS: walk each edge in 16 steps.
        out.kind = ExtentKind::box;
        const auto& e = *source.extent;
        const io::CrsTransform to_metric = io::CrsTransform::shared("OGC:CRS84", metric_crs);
        const LonLat corners[] = {{e.min_lon_deg, e.min_lat_deg},
                                  {e.max_lon_deg, e.min_lat_deg},
                                  {e.max_lon_deg, e.max_lat_deg},
                                  {e.min_lon_deg, e.max_lat_deg}};
        const int steps = 16;
        for (int side = 0; side < 4; ++side) {
            const LonLat& a = corners[side];
            const LonLat& b = corners[(side + 1) % 4];
            for (int i = 0; i < steps; ++i) {
                const double t = static_cast<double>(i) / steps;
                const auto p = to_metric.to_metric(a.lon_deg + t * (b.lon_deg - a.lon_deg),
                                                   a.lat_deg + t * (b.lat_deg - a.lat_deg));
                if (!p)
                    throw config_error("the extent of source '" + source.name +
                                       "' cannot be transformed into " + metric_crs +
                                       "; give [min_lon, min_lat, max_lon, max_lat] in degrees");
                out.ring.push_back(*p);
            }
        }
        out.ring.push_back(out.ring.front());
        out.declared = true;
        return out;
    }

    // Not declared: the hull of the records' points (centroids for polygons), one point per
    // source record (a record of several categories counts once).
    out.kind = ExtentKind::hull;
    std::vector<PointM> points;
    points.reserve(records.size());
    const std::string* last_id = nullptr;
    for (const auto& r : records) {
        if (last_id && *last_id == r.source_id) continue;  // same record, another category
        points.push_back(r.location);
        last_id = &r.source_id;
    }
    const spatial::RecordsHull hull = spatial::records_hull(points);
    out.polygon = hull.polygon;
    out.hull_records = hull.records;
    out.hull_outliers = hull.outliers;
    out.hull_spacing_m = hull.spacing_m;
    out.hull_edge_limit_m = hull.edge_limit_m;
    return out;
}

}  // namespace assetmap::ingest::detail
