/// @file The point-weighted access measures of one category (straight-line distances in the
/// metric CRS, metres):
///
/// - nearest_m      d_p = distance from p to the nearest asset of c anywhere in the study
///                  (assets outside every area included); value Σ w_p d_p / Σ w_p.
/// - coverage_pct_T 100 · Σ w_p [d_p ≤ T] / Σ w_p.
/// - cumulative_T   Σ w_p · #{assets j: d_pj ≤ T} / Σ w_p.
/// - gravity        Σ w_p Σ_j exp(−β d_pj) / Σ w_p with β = decay_beta_per_m. The inner sum
///                  runs over the assets within ln(1e9)/β of p: every term left out is below
///                  1e-9. With β = 0 (not set) gravity is null: without decay it would be a
///                  plain count of every asset in the study.
/// - fca2_T         two-step floating catchment (Luo & Wang 2003). Step 1, per asset j:
///                  R_j = S_j / Σ_{p: d_pj ≤ T} w_p over ALL measured points of the study
///                  (S_j = capacity, else 1); an asset with no population within T gets no
///                  R_j. Step 2: 1000 · Σ w_p Σ_{j: d_pj ≤ T} R_j / Σ w_p.
///
/// Σ w_p runs over the usable points (finite location and weight) actually measured. A
/// point is within T of an asset when its reported distance is ≤ T (PointIndex's rule, the
/// same on both sides, so d_p ≤ T implies at least one asset within T).
///
/// Determinism: every point's results are stored in its own slot by whichever worker takes
/// it, inner sums run over the hits of one radius query in the index's fixed tree order,
/// and the per-area sums are added serially in point order afterwards, so the results are
/// bit-identical for any thread count.

#include "measure_steps.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace assetmap::measure::detail {

namespace {

bool finite(const PointM& p) { return std::isfinite(p.x_m) && std::isfinite(p.y_m); }

using Hit = spatial::PointIndex::Hit;

/// Step 1 of fca2 for one threshold: R_j per asset (0 where no population is within T).
std::vector<double> supply_ratios(const std::vector<const Asset*>& assets,
                                  const spatial::PointIndex& asset_index,
                                  const MeasuredPoints& points,
                                  const spatial::PointIndex& population_index, double t_m,
                                  unsigned threads) {
    std::vector<double> ratio(assets.size(), 0.0);
    parallel_for(
        assets.size(), threads,
        [&](std::size_t begin, std::size_t end) {
            std::vector<Hit> hits;
            for (std::size_t j = begin; j < end; ++j) {
                const PointM& at = asset_index.point(j);
                if (!finite(at)) continue;
                population_index.within_unsorted(at, t_m, hits);
                double demand = 0.0;
                for (const Hit& h : hits) {
                    if (points.usable(h.index)) demand += points.weight[h.index];
                }
                if (!(demand > 0.0)) continue;  // no R_j
                const std::optional<double>& cap = assets[j]->capacity;
                const double supply = cap && std::isfinite(*cap) ? *cap : 1.0;
                ratio[j] = supply / demand;
            }
        },
        {});
    return ratio;
}

}  // namespace

bool add_access_sums(const StudyData& data, const CategoryPlan& plan,
                     const MeasuredPoints& points, const spatial::PointIndex& population_index,
                     unsigned threads, const ProgressFn& progress, std::vector<Pool>* pools) {
    return add_access_sums(assets_of(data, plan.category->id), plan, points, population_index,
                           threads, progress, pools);
}

bool add_access_sums(const std::vector<const Asset*>& assets, const CategoryPlan& plan,
                     const MeasuredPoints& points, const spatial::PointIndex& population_index,
                     unsigned threads, const ProgressFn& progress, std::vector<Pool>* pools) {
    const std::string& id = plan.category->id;
    std::vector<PointM> locations;
    locations.reserve(assets.size());
    for (const Asset* a : assets) locations.push_back(a->location);
    if (std::none_of(locations.begin(), locations.end(), finite)) return false;
    const spatial::PointIndex asset_index(std::move(locations));

    const std::vector<double>& ts = plan.thresholds_m;
    const std::size_t n_t = ts.size();
    std::vector<std::vector<double>> ratio;
    ratio.reserve(n_t);
    for (const double t : ts) {
        ratio.push_back(supply_ratios(assets, asset_index, points, population_index, t, threads));
    }

    const double beta = plan.beta_per_m();
    const double gravity_radius_m = beta > 0.0 ? std::log(1e9) / beta : 0.0;
    // One radius query serves every threshold and gravity: a sub-radius keeps exactly the
    // hits with distance ≤ it, as its own query would. Hits come in the index's tree order,
    // which depends only on the index and the point, so every sum below is reproducible.
    const double radius_m = std::max(ts.empty() ? 0.0 : ts.back(), gravity_radius_m);

    // Per point: d_p, gravity sum, then per T the count within T and Σ R_j within T.
    const std::size_t stride = 2 + 2 * n_t;
    std::vector<double> per_point(points.size() * stride, 0.0);
    const std::string stage = "measures: " + id;
    parallel_for(
        points.size(), threads,
        [&](std::size_t begin, std::size_t end) {
            std::vector<Hit> hits;
            for (std::size_t p = begin; p < end; ++p) {
                if (!points.usable(p)) continue;
                const PointM& at = points.location[p];
                double* v = &per_point[p * stride];
                v[0] = asset_index.nearest(at)->distance_m;
                asset_index.within_unsorted(at, radius_m, hits);
                double g = 0.0;
                for (const Hit& h : hits) {
                    if (beta > 0.0 && h.distance_m <= gravity_radius_m) {
                        g += std::exp(-beta * h.distance_m);
                    }
                    for (std::size_t t = 0; t < n_t; ++t) {
                        if (h.distance_m <= ts[t]) {
                            v[2 + 2 * t] += 1.0;
                            v[3 + 2 * t] += ratio[t][h.index];
                        }
                    }
                }
                v[1] = g;
            }
        },
        [&](std::size_t done) { report_progress(progress, stage, done, points.size()); });

    // Per-area sums, serially in point order.
    for (std::size_t a = 0; a + 1 < points.area_begin.size(); ++a) {
        Pool& pool = (*pools)[a];
        for (std::size_t p = points.area_begin[a]; p < points.area_begin[a + 1]; ++p) {
            if (!points.usable(p)) continue;
            const double w = points.weight[p];
            const double* v = &per_point[p * stride];
            pool.weight += w;
            pool.nearest += w * v[0];
            pool.gravity += w * v[1];
            for (std::size_t t = 0; t < n_t; ++t) {
                if (v[0] <= ts[t]) pool.coverage[t] += w;
                pool.cumulative[t] += w * v[2 + 2 * t];
                pool.fca2[t] += w * v[3 + 2 * t];
            }
        }
    }
    return true;
}

}  // namespace assetmap::measure::detail
