/// @file The measured points and per-area facts.
///
/// P_a is the area's population when the study gives one, else Σ w_p of its points. An area
/// without population points gets its centroid (core's assetmap::centroid) as one point of
/// weight P_a (AreaFacts::centroid_fallback). Point-weighted measures divide by Σ w_p of the
/// usable points (finite location) actually used, which equals P_a when the data agree.

#include "measure_steps.hpp"

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace assetmap::measure::detail {

bool MeasuredPoints::usable(std::size_t p) const {
    return std::isfinite(location[p].x_m) && std::isfinite(location[p].y_m) &&
           std::isfinite(weight[p]);
}

MeasuredPoints gather_points(const StudyData& data, std::vector<AreaFacts>* facts) {
    std::vector<const Area*> areas;
    areas.reserve(data.areas.size());
    for (const Area& a : data.areas) areas.push_back(&a);
    std::vector<const PopulationPoint*> points;
    points.reserve(data.population_points.size());
    for (const PopulationPoint& p : data.population_points) points.push_back(&p);
    return gather_points(areas, points, facts);
}

MeasuredPoints gather_points(const std::vector<const Area*>& areas,
                             const std::vector<const PopulationPoint*>& points,
                             std::vector<AreaFacts>* facts) {
    const std::size_t n_areas = areas.size();
    std::map<std::string, std::size_t> area_of_code;
    for (std::size_t a = 0; a < n_areas; ++a) area_of_code.emplace(areas[a]->code, a);

    // Points of each area, in input order (a stable bucket sort).
    std::vector<std::vector<std::size_t>> members(n_areas);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto it = area_of_code.find(points[i]->area_code);
        if (it != area_of_code.end()) members[it->second].push_back(i);
    }

    MeasuredPoints out;
    out.area_begin.reserve(n_areas + 1);
    facts->clear();
    facts->reserve(n_areas);
    for (std::size_t a = 0; a < n_areas; ++a) {
        const Area& area = *areas[a];
        AreaFacts f;
        f.code = area.code;
        f.parent_code = area.parent_code;
        f.area_m2 = area.area_m2;
        f.points = members[a].size();
        for (const std::size_t i : members[a]) f.point_weight += points[i]->weight;
        f.population = area.population ? *area.population : f.point_weight;
        f.centroid_fallback = members[a].empty();

        out.area_begin.push_back(out.location.size());
        if (f.centroid_fallback) {
            out.location.push_back(centroid(area.geometry));
            out.weight.push_back(f.population);
        } else {
            for (const std::size_t i : members[a]) {
                out.location.push_back(points[i]->location);
                out.weight.push_back(points[i]->weight);
            }
        }
        facts->push_back(std::move(f));
    }
    out.area_begin.push_back(out.location.size());
    return out;
}

}  // namespace assetmap::measure::detail
