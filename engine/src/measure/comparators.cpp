/// @file The formulas of DESIGN.md applied to a Pool, for an area row and for comparators.
///
/// An area row is the pool of one area; a comparator row pools its areas by adding their
/// pools (counts, P_a, area, point sums Σ w_p · value and Σ w_p, intersection areas), in area
/// order, so the same formula gives the population-weighted comparator value. Per category,
/// areas flagged partial_data are left out of every comparator; when none remain, the
/// comparator's values for that category are null (count too).
///
/// Nulls, never NaN or a fake 0:
/// - per_1000 and m2_per_person when P = 0;
/// - per_km2 and area_pct when the area is 0 m²;
/// - nearest_m, coverage_pct, cumulative, gravity and fca2 when the category has no asset in
///   the study or Σ w_p = 0; gravity also when β is not set (0).
/// An area's count is always a number.

#include "measure_steps.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace assetmap::measure::detail {

void Pool::add(const Pool& other) {
    areas += other.areas;
    count += other.count;
    population += other.population;
    area_m2 += other.area_m2;
    footprint_m2 += other.footprint_m2;
    weight += other.weight;
    nearest += other.nearest;
    gravity += other.gravity;
    net_weight += other.net_weight;
    net_reach_weight += other.net_reach_weight;
    net_nearest += other.net_nearest;
    for (std::size_t t = 0; t < coverage.size(); ++t) {
        coverage[t] += other.coverage[t];
        cumulative[t] += other.cumulative[t];
        fca2[t] += other.fca2[t];
        net_coverage[t] += other.net_coverage[t];
        net_cumulative[t] += other.net_cumulative[t];
    }
    pt_weight += other.pt_weight;
    for (std::size_t w = 0; w < pt_reach.size(); ++w) {
        pt_reach[w] += other.pt_reach[w];
        pt_minutes[w] += other.pt_minutes[w];
    }
    for (std::size_t i = 0; i < pt_coverage.size(); ++i) pt_coverage[i] += other.pt_coverage[i];
}

void write_row(const Pool& pool, const CategoryPlan& plan, bool has_assets,
               bool has_network_assets, double walk_speed_kmh, MeasureTable* table,
               std::size_t row) {
    const std::optional<double> null;
    if (pool.areas == 0) {
        for (std::size_t c = 0; c < plan.n_columns(); ++c) {
            table->at(row, plan.first_column + c) = null;
        }
        return;
    }
    const bool per_person = pool.population > 0.0;
    const bool per_area = pool.area_m2 > 0.0;
    const bool access = has_assets && pool.weight > 0.0;
    const double w = pool.weight;

    table->at(row, plan.col_count()) = pool.count;
    table->at(row, plan.col_per_1000()) =
        per_person ? std::optional<double>(1000.0 * pool.count / pool.population) : null;
    table->at(row, plan.col_per_km2()) =
        per_area ? std::optional<double>(pool.count / (pool.area_m2 / 1e6)) : null;
    table->at(row, plan.col_nearest()) = access ? std::optional<double>(pool.nearest / w) : null;
    for (std::size_t t = 0; t < plan.n_thresholds(); ++t) {
        // 100 · (S / W): exactly 100 when every point is covered (S and W are the same sum).
        table->at(row, plan.col_coverage(t)) =
            access ? std::optional<double>(100.0 * (pool.coverage[t] / w)) : null;
        table->at(row, plan.col_cumulative(t)) =
            access ? std::optional<double>(pool.cumulative[t] / w) : null;
        table->at(row, plan.col_fca2(t)) =
            access ? std::optional<double>(1000.0 * pool.fca2[t] / w) : null;
    }
    table->at(row, plan.col_gravity()) =
        access && plan.beta_per_m() > 0.0 ? std::optional<double>(pool.gravity / w) : null;
    if (plan.category->is_area) {
        table->at(row, plan.col_area_pct()) =
            per_area ? std::optional<double>(100.0 * (pool.footprint_m2 / pool.area_m2)) : null;
        table->at(row, plan.col_m2_per_person()) =
            per_person ? std::optional<double>(pool.footprint_m2 / pool.population) : null;
    }
    if (plan.network) {
        // Over snapped points; nearest/minutes over those that reach an asset.
        const bool snapped = has_network_assets && pool.net_weight > 0.0;
        const bool reached = snapped && pool.net_reach_weight > 0.0;
        const double nearest = reached ? pool.net_nearest / pool.net_reach_weight : 0.0;
        table->at(row, plan.col_net_nearest()) = reached ? std::optional<double>(nearest) : null;
        table->at(row, plan.col_net_minutes()) =
            reached ? std::optional<double>(nearest / (walk_speed_kmh * 1000.0 / 60.0)) : null;
        for (std::size_t t = 0; t < plan.n_thresholds(); ++t) {
            table->at(row, plan.col_net_coverage(t)) =
                snapped ? std::optional<double>(100.0 * (pool.net_coverage[t] / pool.net_weight))
                        : null;
            table->at(row, plan.col_net_cumulative(t)) =
                snapped ? std::optional<double>(pool.net_cumulative[t] / pool.net_weight) : null;
        }
        table->at(row, plan.col_net_reachable()) =
            snapped ? std::optional<double>(100.0 * (pool.net_reach_weight / pool.net_weight))
                    : null;
    }
    // Public transport: over every usable point; minutes over those that reach an asset.
    const bool pt = has_assets && pool.pt_weight > 0.0;
    for (std::size_t wi = 0; wi < plan.windows.size(); ++wi) {
        const bool reached = pt && pool.pt_reach[wi] > 0.0;
        table->at(row, plan.col_pt_minutes(wi)) =
            reached ? std::optional<double>(pool.pt_minutes[wi] / pool.pt_reach[wi]) : null;
        for (std::size_t m = 0; m < plan.pt_minutes.size(); ++m)
            table->at(row, plan.col_pt_coverage(wi, m)) =
                pt ? std::optional<double>(
                         100.0 * (pool.pt_coverage[wi * plan.pt_minutes.size() + m] / pool.pt_weight))
                   : null;
        table->at(row, plan.col_pt_reachable(wi)) =
            pt ? std::optional<double>(100.0 * (pool.pt_reach[wi] / pool.pt_weight)) : null;
    }
}

void fill_comparators(const std::vector<AreaFacts>& facts, const std::vector<CategoryPlan>& plans,
                      const std::vector<std::vector<Pool>>& pools,
                      const std::vector<std::vector<bool>>& partial,
                      const std::vector<bool>& has_assets,
                      const std::vector<bool>& has_network_assets, double walk_speed_kmh,
                      MeasureResults* results) {
    std::set<std::string> parents;
    for (const AreaFacts& f : facts) {
        if (!f.parent_code.empty()) parents.insert(f.parent_code);
    }
    MeasureTable& table = results->comparators;
    table.keys = results->areas.keys;
    table.row_ids = {"study"};
    results->comparator_kinds = {"study"};
    for (const std::string& p : parents) {
        table.row_ids.push_back(p);
        results->comparator_kinds.push_back("parent");
    }
    table.values.assign(table.row_ids.size() * table.keys.size(), std::nullopt);

    for (std::size_t row = 0; row < table.row_ids.size(); ++row) {
        const bool whole_study = row == 0;
        for (std::size_t k = 0; k < plans.size(); ++k) {
            Pool sum = Pool::for_plan(plans[k]);
            for (std::size_t a = 0; a < facts.size(); ++a) {
                const bool member = whole_study || facts[a].parent_code == table.row_ids[row];
                if (member && !partial[a][k]) sum.add(pools[k][a]);
            }
            write_row(sum, plans[k], has_assets[k], has_network_assets[k], walk_speed_kmh, &table,
                      row);
        }
    }
}

}  // namespace assetmap::measure::detail
