/// @file Asset counts per area and the polygon measures' intersection areas.

#include "measure_steps.hpp"

#include <assetmap/spatial/polygon_overlay.hpp>

#include <vector>

namespace assetmap::measure::detail {

std::vector<const Asset*> assets_of(const StudyData& data, const std::string& category) {
    std::vector<const Asset*> out;
    for (const Asset& asset : data.assets)
        if (asset.category == category) out.push_back(&asset);
    return out;
}

// count: assets whose area code is the area's code. Ingest assigned each asset (by its
// point, also for polygon assets) to one area with the shared-edge rule of
// spatial::AreaLocator (lowest area index wins); assets outside every area count nowhere.
std::vector<double> count_per_area(const std::vector<const Asset*>& assets,
                                   const std::map<std::string, std::size_t>& area_of_code,
                                   bool by_region_code) {
    std::vector<double> out(area_of_code.size(), 0.0);
    for (const Asset* asset : assets) {
        const std::string& code = by_region_code ? asset->region_area_code : asset->area_code;
        if (code.empty()) continue;
        const auto it = area_of_code.find(code);
        if (it != area_of_code.end()) out[it->second] += 1.0;
    }
    return out;
}

std::vector<double> count_per_area(const StudyData& data,
                                   const std::map<std::string, std::size_t>& area_of_code,
                                   const std::string& category) {
    std::vector<double> out = count_per_area(assets_of(data, category), area_of_code, false);
    out.resize(data.areas.size(), 0.0);
    return out;
}

// area(A ∩ ⋃ footprints): the footprints of every asset given (inside the study or not)
// are unioned first, so overlapping polygons count once, then cut by each area. Assets
// without a footprint add no area.
std::vector<double> footprint_m2_per_area(const std::vector<const Asset*>& assets,
                                          const std::vector<MultiPolygonM>& area_geometries) {
    std::vector<MultiPolygonM> footprints;
    for (const Asset* asset : assets) {
        if (asset->footprint && !asset->footprint->empty()) footprints.push_back(*asset->footprint);
    }
    if (footprints.empty()) return std::vector<double>(area_geometries.size(), 0.0);
    const MultiPolygonM cover = spatial::union_all(footprints);
    return spatial::intersection_areas_m2(area_geometries, cover);
}

std::vector<double> footprint_m2_per_area(const StudyData& data,
                                          const std::vector<MultiPolygonM>& area_geometries,
                                          const std::string& category) {
    return footprint_m2_per_area(assets_of(data, category), area_geometries);
}

}  // namespace assetmap::measure::detail
