/// @file The public-transport measures (README, "Public transport"):
///
/// For every measured point p, window W and category c, m_p is the median over W's
/// departures of the door-to-door time by walk + public transport to the nearest asset of c
/// (transit::travel_time_medians: walk-only allowed when faster; unreachable beyond the
/// model's max_trip). Then, over every usable point of an area (not only those near a stop):
/// - pt_minutes_W        Σ w_p m_p / Σ w_p over the points that reach an asset, minutes;
/// - pt_coverage_pct_W_M 100 · Σ w_p [m_p ≤ M] / Σ w_p (unreachable = not covered);
/// - pt_reachable_pct_W  100 · weight of the points that reach an asset / Σ w_p.
/// Points with no stop within the walk limit are kept (their times are walk-only) and
/// reported once per area (no_stop_in_reach), so a low value is never a silent zero.
/// One search per point answers every category; per-point values are summed per area in
/// point order: deterministic.

#include "measure_steps.hpp"

#include <assetmap/transit/travel_time_cache.hpp>

#include <cmath>
#include <cstdio>

namespace assetmap::measure::detail {

void add_transit_sums(const StudyData& data, const std::vector<CategoryPlan>& plans,
                      const MeasuredPoints& points, const transit::TransitModel& model,
                      transit::TravelTimeCache* cache, unsigned threads,
                      const ProgressFn& progress,
                      std::vector<std::vector<Pool>>* pools, MeasureResults& results) {
    // The categories with pt_ columns are the target groups, in plan order.
    std::vector<std::size_t> planned;
    std::vector<std::vector<PointM>> groups;
    for (std::size_t k = 0; k < plans.size(); ++k) {
        if (plans[k].windows.empty()) continue;
        planned.push_back(k);
        auto& g = groups.emplace_back();
        for (const Asset& a : data.assets)
            if (a.category == plans[k].category->id) g.push_back(a.location);
    }
    auto& facts = results.transit;
    facts.used = true;
    for (const auto& w : model.windows()) {
        facts.windows.push_back(w.window.name);
        facts.window_dates.push_back(w.date.iso());
    }
    for (const std::size_t k : planned) facts.categories.push_back(plans[k].category->id);

    std::vector<std::size_t> origin_point;
    std::vector<PointM> origins;
    for (std::size_t p = 0; p < points.size(); ++p)
        if (points.usable(p)) {
            origin_point.push_back(p);
            origins.push_back(points.location[p]);
        }
    std::vector<std::string> names;
    for (const std::size_t k : planned) names.push_back(plans[k].category->id);
    const transit::TravelTimes times =
        cache ? cache->medians(origins, names, groups, threads, progress)
              : transit::travel_time_medians(model, transit::TargetGroups(model, groups, threads),
                                             origins, threads, progress);
    facts.raptor_runs = times.raptor_runs;

    std::vector<std::size_t> area_of_point(points.size(), 0);
    for (std::size_t a = 0; a + 1 < points.area_begin.size(); ++a)
        for (std::size_t p = points.area_begin[a]; p < points.area_begin[a + 1]; ++p)
            area_of_point[p] = a;
    const std::size_t n_windows = times.windows;
    std::vector<std::size_t> without_stop(data.areas.size(), 0);
    std::vector<double> without_stop_weight(data.areas.size(), 0.0);
    for (std::size_t o = 0; o < origins.size(); ++o) {
        const std::size_t p = origin_point[o];
        const std::size_t a = area_of_point[p];
        const double w = points.weight[p];
        const auto& acc = times.access[o];
        MeasureResults::TransitFacts::Point fp;
        const std::size_t src = points.source[p];
        fp.id = src == MeasuredPoints::npos ? std::string() : data.population_points[src].id;
        fp.area_code = data.areas[a].code;
        fp.weight = w;
        fp.location = points.location[p];
        fp.on_network = acc.on_network;
        fp.stops_in_reach = acc.stops_in_reach;
        if (std::isfinite(acc.nearest_stop_m)) fp.nearest_stop_m = acc.nearest_stop_m;
        if (acc.stops_in_reach == 0) {
            ++without_stop[a];
            without_stop_weight[a] += w;
            ++facts.points_without_stop;
        }
        fp.minutes.assign(n_windows * planned.size(), std::nullopt);
        for (std::size_t g = 0; g < planned.size(); ++g) {
            const CategoryPlan& plan = plans[planned[g]];
            Pool& pool = (*pools)[planned[g]][a];
            pool.pt_weight += w;
            for (std::size_t wi = 0; wi < n_windows; ++wi) {
                const std::int32_t s = times.median(o, wi, g);
                if (s == transit::unreachable_s) continue;
                const double minutes = s / 60.0;
                fp.minutes[wi * planned.size() + g] = minutes;
                pool.pt_reach[wi] += w;
                pool.pt_minutes[wi] += w * minutes;
                for (std::size_t m = 0; m < plan.pt_minutes.size(); ++m)
                    if (minutes <= plan.pt_minutes[m])
                        pool.pt_coverage[wi * plan.pt_minutes.size() + m] += w;
            }
        }
        facts.points.push_back(std::move(fp));
    }
    for (std::size_t a = 0; a < data.areas.size(); ++a) {
        if (!without_stop[a]) continue;
        const std::size_t all = points.area_begin[a + 1] - points.area_begin[a];
        char msg[300];
        std::snprintf(msg, sizeof msg,
                      "%zu of %zu population points (%.0f residents) have no public-transport "
                      "stop within %.0f m walk; their pt_ times are walk-only",
                      without_stop[a], all, without_stop_weight[a], model.settings().max_walk_m);
        results.problems.add(Problem{ProblemKind::no_stop_in_reach, "transit", "",
                                     "area " + data.areas[a].code, "", msg,
                                     std::nullopt});
    }
}

}  // namespace assetmap::measure::detail
