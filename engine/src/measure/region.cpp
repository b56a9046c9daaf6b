/// @file The region comparator and the completeness of each category.
///
/// The region (README, "The region comparator") is every area of the areas source, before
/// the study's `parents` filter: the study areas and StudyData::region's areas, with all
/// their population points (an area without points gets its centroid, as in the study).
/// For each category the region uses only the sources whose extent covers it: a source
/// covers the region when at least `coverage_min_pct` of the region's residents (Σ w_p over
/// its measured points; by point count when that is 0) lie inside its extent. The region's
/// assets of the category are the assets with a record from such a source (an asset merged
/// from several sources keeps the kept record's location). Areas of the region below
/// `coverage_min_pct` inside those extents are left out, as the study comparator leaves
/// partial areas out. Values are pooled exactly as for the study comparator (Pool, write_row);
/// the walking-network columns are null (the network is the study's, not the region's).
/// A category no source covers gets null values and the reason.

#include "measure_steps.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace assetmap::measure::detail {

namespace {

std::string pct_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v);
    return buf;
}

/// Complete when one of `extents[providers]` is complete for `category`; else partial with
/// the notes of those sources.
CategoryCompleteness completeness_of(const std::vector<SourceExtent>& extents,
                                     const std::vector<std::size_t>& providers,
                                     const std::string& category) {
    CategoryCompleteness out;
    if (providers.empty()) return out;
    for (const std::size_t e : providers) {
        const auto it = extents[e].completeness.find(category);
        if (it == extents[e].completeness.end() ||
            it->second.completeness == Completeness::complete)
            return out;
    }
    out.completeness = Completeness::partial;
    for (const std::size_t e : providers) {
        const auto& note = extents[e].completeness.at(category).note;
        out.note += (out.note.empty() ? "" : "; ") + extents[e].source + ": " +
                    (note.empty() ? "partial" : note);
    }
    return out;
}

}  // namespace

std::vector<CategoryCompleteness> category_completeness(const StudyData& data,
                                                        const std::vector<CategoryPlan>& plans) {
    std::vector<CategoryCompleteness> out;
    for (const CategoryPlan& plan : plans) {
        const std::string& id = plan.category->id;
        out.push_back(completeness_of(data.extents, providers_of(data.extents, id), id));
    }
    return out;
}

void add_region_comparator(const StudyData& data, const std::vector<CategoryPlan>& plans,
                           double coverage_min_pct, unsigned threads, MeasureResults* results) {
    if (!data.region) return;
    const RegionData& region = *data.region;

    std::vector<const Area*> areas;
    for (const Area& a : data.areas) areas.push_back(&a);
    for (const Area& a : region.areas) areas.push_back(&a);
    std::vector<const PopulationPoint*> pts;
    for (const PopulationPoint& p : data.population_points) pts.push_back(&p);
    for (const PopulationPoint& p : region.population_points) pts.push_back(&p);
    std::vector<AreaFacts> facts;
    const MeasuredPoints points = gather_points(areas, pts, &facts);
    const std::size_t n_areas = areas.size();

    RegionFacts rf;
    rf.id = region.id;
    rf.areas = n_areas;
    rf.population_points = points.size();
    for (const AreaFacts& f : facts) rf.population += f.population;

    // Which points lie in which extent, and each source's share of the region's residents.
    const std::size_t n_ext = data.extents.size();
    const std::vector<std::uint8_t> inside = extent_membership(data.extents, points, threads);
    double total_w = 0.0;
    std::size_t total_n = 0;
    std::vector<double> in_w(n_ext, 0.0);
    std::vector<std::size_t> in_n(n_ext, 0);
    for (std::size_t p = 0; p < points.size(); ++p) {
        if (!points.usable(p)) continue;
        total_w += points.weight[p];
        ++total_n;
        for (std::size_t e = 0; e < n_ext; ++e) {
            if (inside[p * n_ext + e] == 0) continue;
            in_w[e] += points.weight[p];
            ++in_n[e];
        }
    }
    std::vector<double> cover_pct(n_ext, 0.0);
    for (std::size_t e = 0; e < n_ext; ++e) {
        if (total_w > 0.0) {
            cover_pct[e] = 100.0 * (in_w[e] / total_w);
        } else if (total_n > 0) {
            cover_pct[e] = 100.0 * static_cast<double>(in_n[e]) / static_cast<double>(total_n);
        }
        rf.source_coverage_pct.emplace_back(data.extents[e].source, cover_pct[e]);
    }

    std::map<std::string, std::size_t> area_of_code;
    for (std::size_t a = 0; a < n_areas; ++a) area_of_code.emplace(areas[a]->code, a);
    const spatial::PointIndex population_index(points.location);
    std::vector<MultiPolygonM> area_geometries;
    if (std::any_of(plans.begin(), plans.end(),
                    [](const CategoryPlan& p) { return p.category->is_area; })) {
        for (const Area* a : areas) area_geometries.push_back(a->geometry);
    }

    MeasureTable& table = results->comparators;
    const std::size_t row = table.row_ids.size();
    table.row_ids.push_back(region.id);
    results->comparator_kinds.push_back("region");
    table.values.resize(table.row_ids.size() * table.keys.size(), std::nullopt);

    for (const CategoryPlan& plan : plans) {
        const std::string& id = plan.category->id;
        const std::vector<std::size_t> providers = providers_of(data.extents, id);
        std::vector<std::size_t> covering;
        for (const std::size_t e : providers)
            if (cover_pct[e] >= coverage_min_pct) covering.push_back(e);
        std::vector<std::string> names;
        for (const std::size_t e : covering) names.push_back(data.extents[e].source);
        rf.sources.push_back(names);
        rf.completeness.push_back(completeness_of(data.extents, covering, id));
        std::string reason;
        if (providers.empty()) {
            reason = "no source provides " + id;
        } else if (covering.empty()) {
            reason = "no source of " + id + " covers " + region.id + " (at least " +
                     pct_text(coverage_min_pct) + " of its residents inside the extent):";
            for (const std::size_t e : providers)
                reason += " " + data.extents[e].source + " covers " + pct_text(cover_pct[e]) +
                          (e == providers.back() ? "" : ",");
        }
        if (!reason.empty()) {
            rf.null_reason.push_back(reason);
            rf.areas_left_out.push_back(n_areas);
            write_row(Pool(plan.n_thresholds()), plan, false, false, data.walk_speed_kmh, &table,
                      row);  // no areas pooled: every value null
            continue;
        }

        const std::set<std::string> used(names.begin(), names.end());
        std::vector<const Asset*> assets;
        for (const Asset& a : data.assets) {
            if (a.category != id) continue;
            if (std::any_of(a.sources.begin(), a.sources.end(),
                            [&](const SourceRef& s) { return used.count(s.source) > 0; }))
                assets.push_back(&a);
        }
        const std::vector<double> coverage = coverage_by(points, inside, n_ext, covering);
        const std::vector<double> counts = count_per_area(assets, area_of_code, true);
        std::vector<double> footprint;
        if (plan.category->is_area) footprint = footprint_m2_per_area(assets, area_geometries);
        std::vector<Pool> pools(n_areas, Pool(plan.n_thresholds()));
        for (std::size_t a = 0; a < n_areas; ++a) {
            pools[a].areas = 1;
            pools[a].count = counts[a];
            pools[a].population = facts[a].population;
            pools[a].area_m2 = facts[a].area_m2;
            if (plan.category->is_area) pools[a].footprint_m2 = footprint[a];
        }
        const bool has_assets =
            add_access_sums(assets, plan, points, population_index, threads, {}, &pools);
        Pool sum(plan.n_thresholds());
        std::size_t left_out = 0;
        for (std::size_t a = 0; a < n_areas; ++a) {
            if (coverage[a] < coverage_min_pct) {
                ++left_out;
                continue;
            }
            sum.add(pools[a]);
        }
        rf.areas_left_out.push_back(left_out);
        rf.null_reason.push_back(has_assets ? std::string()
                                            : "the sources covering " + region.id +
                                                  " hold no asset of " + id);
        write_row(sum, plan, has_assets, false, data.walk_speed_kmh, &table, row);
    }
    results->region = std::move(rf);
}

}  // namespace assetmap::measure::detail
