#include "ingest_steps.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>

#include <set>

namespace assetmap::ingest::detail {

SourceExtent source_extent(const AssetSource& source, const std::vector<io::RawAsset>& records,
                           const std::string& metric_crs) {
    SourceExtent out;
    out.source = source.name;
    std::set<std::string> categories;
    for (const auto& r : records) categories.insert(r.category);
    out.categories.assign(categories.begin(), categories.end());

    if (source.extent) {
        // A lon/lat box is not a box in a projected CRS: walk each edge in 16 steps.
        const auto& e = *source.extent;
        const io::CrsTransform to_metric("OGC:CRS84", metric_crs);
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

    BoxM box;
    for (const auto& r : records) {
        box.expand(r.location);
        if (r.footprint) {
            const BoxM b = bounds(*r.footprint);
            box.expand({b.min_x_m, b.min_y_m});
            box.expand({b.max_x_m, b.max_y_m});
        }
    }
    if (!box.empty())
        out.ring = {{box.min_x_m, box.min_y_m},
                    {box.max_x_m, box.min_y_m},
                    {box.max_x_m, box.max_y_m},
                    {box.min_x_m, box.max_y_m},
                    {box.min_x_m, box.min_y_m}};
    return out;
}

}  // namespace assetmap::ingest::detail
