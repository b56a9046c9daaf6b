/// @file compute_measures: plans the columns, then runs the steps of measure_steps.hpp.
///
/// Categories measured: options.categories (each must be a taxonomy id), else every
/// category, always in taxonomy order. Thresholds: options.thresholds_m[category] when
/// present and non-empty (sorted ascending, duplicates removed), else the taxonomy's
/// threshold_m. Columns per category, in order: count, per_1000, per_km2, nearest_m, then
/// coverage_pct_T and cumulative_T for each T, gravity, fca2_T for each T, and for polygon
/// categories area_pct and m2_per_person.

#include <assetmap/measure/measure_engine.hpp>

#include <assetmap/core/error.hpp>

#include "measure_steps.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <utility>

namespace assetmap::measure {

namespace detail {

double CategoryPlan::beta_per_m() const {
    const double beta = category->decay_beta_per_m;
    return std::isfinite(beta) && beta > 0.0 ? beta : 0.0;
}

std::vector<CategoryPlan> plan_categories(const Taxonomy& taxonomy,
                                          const std::map<std::string, std::vector<double>>&
                                              thresholds_m,
                                          const std::vector<std::string>& categories,
                                          bool network, std::vector<MeasureKey>* keys,
                                          const transit::TransitModel* transit) {
    for (const auto& entry : thresholds_m) {
        if (taxonomy.find(entry.first) == nullptr) {
            throw config_error("thresholds given for unknown category '" + entry.first + "'");
        }
    }
    std::set<std::string> wanted;
    for (const std::string& id : categories) {
        if (taxonomy.find(id) == nullptr) {
            throw config_error("unknown category '" + id + "' in the categories to measure");
        }
        wanted.insert(id);
    }
    std::set<std::string> pt_wanted;
    std::vector<std::string> windows;
    if (transit) {
        for (const std::string& id : transit->settings().categories) {
            if (taxonomy.find(id) == nullptr)
                throw config_error("unknown category '" + id + "' in [transit] categories");
            pt_wanted.insert(id);
        }
        for (const auto& w : transit->windows()) windows.push_back(w.window.name);
    }

    std::vector<CategoryPlan> plans;
    keys->clear();
    for (const Category& c : taxonomy.categories()) {
        if (!wanted.empty() && wanted.count(c.id) == 0) continue;
        CategoryPlan plan;
        plan.category = &c;
        const auto given = thresholds_m.find(c.id);
        plan.thresholds_m = given != thresholds_m.end() && !given->second.empty()
                                ? given->second
                                : std::vector<double>{c.threshold_m};
        for (const double t : plan.thresholds_m) {
            if (!std::isfinite(t) || t < 0.0) {
                throw config_error("category '" + c.id + "': threshold " + std::to_string(t) +
                                   " m is not a finite number >= 0");
            }
        }
        std::sort(plan.thresholds_m.begin(), plan.thresholds_m.end());
        plan.thresholds_m.erase(std::unique(plan.thresholds_m.begin(), plan.thresholds_m.end()),
                                plan.thresholds_m.end());
        plan.first_column = keys->size();

        auto add = [&](MeasureKind kind, double t) { keys->push_back(MeasureKey{c.id, kind, t}); };
        add(MeasureKind::count, 0.0);
        add(MeasureKind::per_1000, 0.0);
        add(MeasureKind::per_km2, 0.0);
        add(MeasureKind::nearest_m, 0.0);
        for (const double t : plan.thresholds_m) {
            add(MeasureKind::coverage_pct, t);
            add(MeasureKind::cumulative, t);
        }
        add(MeasureKind::gravity, 0.0);
        for (const double t : plan.thresholds_m) add(MeasureKind::fca2, t);
        if (c.is_area) {
            add(MeasureKind::area_pct, 0.0);
            add(MeasureKind::m2_per_person, 0.0);
        }
        plan.network = network;
        if (network) {
            add(MeasureKind::net_nearest_m, 0.0);
            add(MeasureKind::net_minutes, 0.0);
            for (const double t : plan.thresholds_m) {
                add(MeasureKind::net_coverage_pct, t);
                add(MeasureKind::net_cumulative, t);
            }
            add(MeasureKind::net_reachable_pct, 0.0);
        }
        if (transit && (pt_wanted.empty() || pt_wanted.count(c.id))) {
            plan.windows = windows;
            plan.pt_minutes = c.pt_minutes;
            for (const double m : plan.pt_minutes)
                if (!std::isfinite(m) || m <= 0.0)
                    throw config_error("category '" + c.id + "': pt_minutes " +
                                       std::to_string(m) + " is not a number of minutes > 0");
            std::sort(plan.pt_minutes.begin(), plan.pt_minutes.end());
            plan.pt_minutes.erase(std::unique(plan.pt_minutes.begin(), plan.pt_minutes.end()),
                                  plan.pt_minutes.end());
            for (const std::string& w : windows) {
                keys->push_back(MeasureKey{c.id, MeasureKind::pt_minutes, 0.0, w});
                for (const double m : plan.pt_minutes)
                    keys->push_back(MeasureKey{c.id, MeasureKind::pt_coverage_pct, 0.0, w, m});
                keys->push_back(MeasureKey{c.id, MeasureKind::pt_reachable_pct, 0.0, w});
            }
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace detail

MeasureResults compute_measures(const StudyData& data, const Taxonomy& taxonomy,
                                const MeasureOptions& options) {
    using detail::CategoryPlan;
    using detail::Pool;
    const unsigned threads = std::max(1u, options.threads);

    MeasureResults results;
    const bool network = options.network && data.network && !data.network->edges.empty();
    const std::vector<CategoryPlan> plans =
        detail::plan_categories(taxonomy, options.thresholds_m, options.categories, network,
                                &results.areas.keys, options.transit);
    for (const CategoryPlan& plan : plans) results.categories.push_back(plan.category->id);

    const std::size_t n_areas = data.areas.size();
    for (const Area& area : data.areas) results.areas.row_ids.push_back(area.code);
    results.areas.values.assign(n_areas * results.areas.keys.size(), std::nullopt);

    const detail::MeasuredPoints points = detail::gather_points(data, &results.facts);

    // Data coverage and partial_data, per area and category.
    results.coverage_pct = detail::extent_coverage(data, points, plans, threads);
    results.partial_data.assign(n_areas, std::vector<bool>(plans.size(), false));
    for (std::size_t a = 0; a < n_areas; ++a) {
        for (std::size_t k = 0; k < plans.size(); ++k) {
            results.partial_data[a][k] = results.coverage_pct[a][k] < options.coverage_min_pct;
        }
    }

    std::map<std::string, std::size_t> area_of_code;
    for (std::size_t a = 0; a < n_areas; ++a) area_of_code.emplace(data.areas[a].code, a);
    const spatial::PointIndex population_index(points.location);
    std::vector<MultiPolygonM> area_geometries;
    if (std::any_of(plans.begin(), plans.end(),
                    [](const CategoryPlan& p) { return p.category->is_area; })) {
        for (const Area& area : data.areas) area_geometries.push_back(area.geometry);
    }

    detail::NetworkContextPtr net;
    if (network) {
        report_progress(options.progress, "walking network", 0, 0);
        net = detail::prepare_network(data, points, threads, options.graph, options.snapper,
                                      results);
    }

    results.asset_problems.assign(plans.size(), 0);
    results.network.region_off_network_by_category.assign(plans.size(), 0);
    std::vector<std::vector<Pool>> pools(plans.size());
    for (std::size_t k = 0; k < plans.size(); ++k)
        pools[k].assign(n_areas, Pool::for_plan(plans[k]));
    if (options.transit) {
        report_progress(options.progress, "public transport", 0, 0);
        detail::add_transit_sums(data, plans, points, *options.transit, options.transit_times,
                                 threads, options.progress, &pools, results);
    }
    // The walking searches of every category, several categories at once (each one's
    // results as a serial run's); summed per area in the loop below.
    std::vector<detail::CategoryWalks> walks;
    if (net) {
        report_progress(options.progress, "walking measures", 0, plans.size());
        walks = detail::walk_categories(data, plans, *net, threads, [&](std::size_t done) {
            report_progress(options.progress, "walking measures", done, plans.size());
        });
    }
    std::vector<bool> has_assets(plans.size(), false);
    std::vector<bool> has_network_assets(plans.size(), false);
    for (std::size_t k = 0; k < plans.size(); ++k) {
        const CategoryPlan& plan = plans[k];
        const std::string& id = plan.category->id;
        report_progress(options.progress, "measures", k, plans.size());

        std::vector<Pool>& pool = pools[k];
        const std::vector<double> counts = detail::count_per_area(data, area_of_code, id);
        std::vector<double> footprint;
        if (plan.category->is_area) {
            footprint = detail::footprint_m2_per_area(data, area_geometries, id);
        }
        for (std::size_t a = 0; a < n_areas; ++a) {
            pool[a].areas = 1;
            pool[a].count = counts[a];
            pool[a].population = results.facts[a].population;
            pool[a].area_m2 = results.facts[a].area_m2;
            if (plan.category->is_area) pool[a].footprint_m2 = footprint[a];
        }
        has_assets[k] = detail::add_access_sums(data, plan, points, population_index, threads,
                                                options.progress, &pool);
        if (!has_assets[k]) results.categories_without_assets.push_back(id);
        if (net) {
            detail::CategoryWalks& walk = walks[k];
            has_network_assets[k] = detail::add_network_sums(plan, points, *net, walk, &pool);
            results.asset_problems[k] = walk.problems.size();
            for (Problem& p : walk.problems) results.problems.add(std::move(p));
            const std::size_t off_network = walk.region_assets_off_network;
            walk = detail::CategoryWalks{};  // freed once summed
            results.network.region_assets_off_network += off_network;
            results.network.region_off_network_by_category[k] = off_network;
            if (has_assets[k] && !has_network_assets[k])
                results.network.categories_unreachable.push_back(id);
        }
        for (std::size_t a = 0; a < n_areas; ++a) {
            detail::write_row(pool[a], plan, has_assets[k], has_network_assets[k],
                              data.walk_speed_kmh, &results.areas, a);
        }
    }
    report_progress(options.progress, "measures", plans.size(), plans.size());

    detail::fill_comparators(results.facts, plans, pools, results.partial_data, has_assets,
                             has_network_assets, data.walk_speed_kmh, &results);
    results.completeness = detail::category_completeness(data, plans);
    if (data.region) {
        report_progress(options.progress, "region comparator", 0, 1);
        detail::add_region_comparator(data, plans, options.coverage_min_pct, threads,
                                      &results);
        report_progress(options.progress, "region comparator", 1, 1);
    }
    return results;
}

}  // namespace assetmap::measure
