#pragma once
// The steps of compute_measures (internal to the measure module).

#include <assetmap/core/progress.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/measure/measure_table.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>
#include <assetmap/spatial/point_index.hpp>
#include <assetmap/transit/transit_model.hpp>
#include <assetmap/transit/travel_time_cache.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace assetmap::measure::detail {

/// One category to measure: the taxonomy entry, its thresholds and where its columns start.
struct CategoryPlan {
    const Category* category = nullptr;
    std::vector<double> thresholds_m;  ///< ascending, no duplicates, metres
    std::size_t first_column = 0;      ///< table column of its `count`
    bool network = false;              ///< walking-network columns follow the straight ones
    std::vector<std::string> windows;  ///< departure windows with pt_ columns (none: no pt_)
    std::vector<double> pt_minutes;    ///< M, minutes, ascending (pt_coverage_pct)

    /// The gravity decay β (1/m) when gravity is defined (β finite and > 0), else 0.
    double beta_per_m() const;

    // Column offsets from first_column, in the order of DESIGN.md / measure_engine.hpp:
    // count, per_1000, per_km2, nearest_m, (coverage_pct_T, cumulative_T) per T, gravity,
    // fca2_T per T, then area_pct, m2_per_person for polygon categories.
    std::size_t n_thresholds() const { return thresholds_m.size(); }
    std::size_t col_count() const { return first_column; }
    std::size_t col_per_1000() const { return first_column + 1; }
    std::size_t col_per_km2() const { return first_column + 2; }
    std::size_t col_nearest() const { return first_column + 3; }
    std::size_t col_coverage(std::size_t t) const { return first_column + 4 + 2 * t; }
    std::size_t col_cumulative(std::size_t t) const { return first_column + 5 + 2 * t; }
    std::size_t col_gravity() const { return first_column + 4 + 2 * n_thresholds(); }
    std::size_t col_fca2(std::size_t t) const { return col_gravity() + 1 + t; }
    std::size_t col_area_pct() const { return col_gravity() + 1 + n_thresholds(); }
    std::size_t col_m2_per_person() const { return col_area_pct() + 1; }
    /// Network columns, after the straight-line ones: net_nearest_m, net_minutes, then
    /// (net_coverage_pct_T, net_cumulative_T) per T, then net_reachable_pct.
    std::size_t col_net_nearest() const {
        return first_column + 5 + 3 * n_thresholds() + (category->is_area ? 2 : 0);
    }
    std::size_t col_net_minutes() const { return col_net_nearest() + 1; }
    std::size_t col_net_coverage(std::size_t t) const { return col_net_nearest() + 2 + 2 * t; }
    std::size_t col_net_cumulative(std::size_t t) const { return col_net_nearest() + 3 + 2 * t; }
    std::size_t col_net_reachable() const { return col_net_nearest() + 2 + 2 * n_thresholds(); }
    /// Public-transport columns, after the network ones, per window w: pt_minutes, then
    /// pt_coverage_pct per M, then pt_reachable_pct.
    std::size_t col_pt_minutes(std::size_t w) const {
        return first_column + 5 + 3 * n_thresholds() + (category->is_area ? 2 : 0) +
               (network ? 3 + 2 * n_thresholds() : 0) + w * (2 + pt_minutes.size());
    }
    std::size_t col_pt_coverage(std::size_t w, std::size_t m) const {
        return col_pt_minutes(w) + 1 + m;
    }
    std::size_t col_pt_reachable(std::size_t w) const {
        return col_pt_minutes(w) + 1 + pt_minutes.size();
    }
    /// Number of columns of this category.
    std::size_t n_columns() const {
        return 5 + 3 * n_thresholds() + (category->is_area ? 2 : 0) +
               (network ? 3 + 2 * n_thresholds() : 0) + windows.size() * (2 + pt_minutes.size());
    }
};

/// The categories to measure, in taxonomy order, with their thresholds and columns, and the
/// column keys of the whole table. With `transit`, the categories of its settings (all when
/// it lists none) get pt_ columns for each of its windows. Throws config_error for an unknown category or a
/// threshold that is not a finite number ≥ 0.
std::vector<CategoryPlan> plan_categories(const Taxonomy& taxonomy,
                                          const std::map<std::string, std::vector<double>>&
                                              thresholds_m,
                                          const std::vector<std::string>& categories,
                                          bool network, std::vector<MeasureKey>* keys,
                                          const transit::TransitModel* transit = nullptr);

/// The points access is measured from: every population point of a study area, grouped by
/// area (areas in StudyData order, points in input order), and the centroid of each area
/// without points standing in with weight P_a. Points of an unknown area code are not used.
struct MeasuredPoints {
    std::vector<PointM> location;         ///< metric CRS
    std::vector<double> weight;           ///< w_p, residents
    std::vector<std::size_t> area_begin;  ///< areas + 1 offsets: area a owns [begin[a], begin[a+1])
    std::vector<std::size_t> source;      ///< index into StudyData::population_points, or
                                          ///< npos for an area centroid
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    std::size_t size() const { return location.size(); }
    /// True for points that take part in point-weighted sums (finite location).
    bool usable(std::size_t p) const;
};

/// Builds the measured points and the per-area facts (P_a etc.) of the study areas.
MeasuredPoints gather_points(const StudyData& data, std::vector<AreaFacts>* facts);

/// The same for any list of areas and their points (points of other codes are not used).
MeasuredPoints gather_points(const std::vector<const Area*>& areas,
                             const std::vector<const PopulationPoint*>& points,
                             std::vector<AreaFacts>* facts);

/// Calls `body(begin, end)` over [0, n) in chunks on `threads` workers, the calling thread
/// among them; rethrows the first exception of any worker. `on_progress(done)` (may be
/// empty) is called on the calling thread only, after each of its chunks.
void parallel_for(std::size_t n, unsigned threads,
                  const std::function<void(std::size_t, std::size_t)>& body,
                  const std::function<void(std::size_t)>& on_progress);

/// The same in chunks of `chunk` items (1: one item at a time, for few heavy items).
void parallel_for(std::size_t n, unsigned threads, std::size_t chunk,
                  const std::function<void(std::size_t, std::size_t)>& body,
                  const std::function<void(std::size_t)>& on_progress);

/// Which measured points lie in which source extent: inside[p * extents.size() + e] is 1
/// when point p is in extent e (see coverage.cpp for the rules).
std::vector<std::uint8_t> extent_membership(const std::vector<SourceExtent>& extents,
                                            const MeasuredPoints& points, unsigned threads);

/// Share (%) of each area's point weight inside the union of the extents `providers`
/// (indices into the extents of `inside`, which has `n_extents` columns): result[area].
std::vector<double> coverage_by(const MeasuredPoints& points,
                                const std::vector<std::uint8_t>& inside, std::size_t n_extents,
                                const std::vector<std::size_t>& providers);

/// The extents (indices into data.extents) of the sources that provide `category`.
std::vector<std::size_t> providers_of(const std::vector<SourceExtent>& extents,
                                      const std::string& category);

/// Share (%) of each area's point weight inside the data coverage of each planned category:
/// result[area][plan index]. See coverage.cpp for the rules.
std::vector<std::vector<double>> extent_coverage(const StudyData& data,
                                                 const MeasuredPoints& points,
                                                 const std::vector<CategoryPlan>& plans,
                                                 unsigned threads);

/// The assets of `category`, in StudyData order.
std::vector<const Asset*> assets_of(const StudyData& data, const std::string& category);

/// Number of `assets` per area by area code (`area_code`, ingest's edge rule; with
/// `by_region_code`, `region_area_code`).
std::vector<double> count_per_area(const std::vector<const Asset*>& assets,
                                   const std::map<std::string, std::size_t>& area_of_code,
                                   bool by_region_code);

/// Number of assets of `category` per area, by the asset's area_code (ingest's edge rule).
std::vector<double> count_per_area(const StudyData& data,
                                   const std::map<std::string, std::size_t>& area_of_code,
                                   const std::string& category);

/// area(A ∩ ⋃ footprints of `assets`) per area, m² (union first: overlaps count once).
std::vector<double> footprint_m2_per_area(const std::vector<const Asset*>& assets,
                                          const std::vector<MultiPolygonM>& area_geometries);

/// area(A ∩ ⋃ footprints of `category`) per area, m² (union first: overlaps count once).
std::vector<double> footprint_m2_per_area(const StudyData& data,
                                          const std::vector<MultiPolygonM>& area_geometries,
                                          const std::string& category);

/// Everything an area row or a comparator row of one category is computed from: additive
/// sums, so that a comparator pools its areas by adding their pools.
struct Pool {
    std::size_t areas = 0;      ///< areas pooled (0: the row is null)
    double count = 0.0;         ///< assets
    double population = 0.0;    ///< Σ P_a
    double area_m2 = 0.0;       ///< Σ area(A)
    double footprint_m2 = 0.0;  ///< Σ area(A ∩ ⋃ footprints)
    double weight = 0.0;        ///< Σ w_p of the usable points
    double nearest = 0.0;       ///< Σ w_p d_p
    double gravity = 0.0;       ///< Σ w_p Σ_j exp(−β d_pj)
    std::vector<double> coverage;    ///< per T: Σ w_p [d_p ≤ T]
    std::vector<double> cumulative;  ///< per T: Σ w_p #{j: d_pj ≤ T}
    std::vector<double> fca2;        ///< per T: Σ w_p Σ_{d_pj ≤ T} R_j
    // Walking network: over the points snapped to the network.
    double net_weight = 0.0;         ///< Σ w_p of snapped points
    double net_reach_weight = 0.0;   ///< Σ w_p of snapped points that reach an asset
    double net_nearest = 0.0;        ///< Σ w_p d_p over those that reach one
    std::vector<double> net_coverage;    ///< per T: Σ w_p [d_p ≤ T]
    std::vector<double> net_cumulative;  ///< per T: Σ w_p #{j: d_pj ≤ T}
    // Public transport: over every usable point.
    double pt_weight = 0.0;              ///< Σ w_p
    std::vector<double> pt_reach;        ///< per window: Σ w_p of points that reach an asset
    std::vector<double> pt_minutes;      ///< per window: Σ w_p m_p over those, minutes
    std::vector<double> pt_coverage;     ///< per window · M: Σ w_p [m_p ≤ M]

    explicit Pool(std::size_t n_thresholds = 0, std::size_t n_windows = 0,
                  std::size_t n_pt_minutes = 0)
        : coverage(n_thresholds, 0.0), cumulative(n_thresholds, 0.0), fca2(n_thresholds, 0.0),
          net_coverage(n_thresholds, 0.0), net_cumulative(n_thresholds, 0.0),
          pt_reach(n_windows, 0.0), pt_minutes(n_windows, 0.0),
          pt_coverage(n_windows * n_pt_minutes, 0.0) {}
    /// A pool shaped for `plan`'s columns.
    static Pool for_plan(const CategoryPlan& plan) {
        return Pool(plan.n_thresholds(), plan.windows.size(), plan.pt_minutes.size());
    }
    void add(const Pool& other);
};

/// Fills the point-weighted sums (weight, nearest, coverage, cumulative, gravity, fca2) of
/// `pools` (one per area) for one category. `population_index` indexes `points.location`.
/// Returns false, and does nothing, when the category has no asset with a finite location
/// (its access measures are then null).
bool add_access_sums(const StudyData& data, const CategoryPlan& plan,
                     const MeasuredPoints& points, const spatial::PointIndex& population_index,
                     unsigned threads, const ProgressFn& progress, std::vector<Pool>* pools);

/// The same over a given list of assets (all of the plan's category).
bool add_access_sums(const std::vector<const Asset*>& assets, const CategoryPlan& plan,
                     const MeasuredPoints& points, const spatial::PointIndex& population_index,
                     unsigned threads, const ProgressFn& progress, std::vector<Pool>* pools);

/// The walking network prepared once per run: graph, snapper and the population snaps.
struct NetworkContext;
struct NetworkContextDeleter {
    void operator()(NetworkContext* c) const;
};

using NetworkContextPtr = std::unique_ptr<NetworkContext, NetworkContextDeleter>;

/// Builds the graph and snaps every measured point (points beyond the snap limit are
/// reported in results.problems and left out of the net_ sums); fills results.network.
NetworkContextPtr prepare_network(const StudyData& data, const MeasuredPoints& points,
                                  unsigned threads, const network::WalkGraph* graph,
                                  const network::Snapper* snapper, MeasureResults& results);

/// The walking-network searches of one category, kept apart from its sums so that several
/// categories are searched at once.
struct CategoryWalks {
    bool has_sources = false;  ///< some asset of the category snaps to the network
    std::vector<double> nearest;                     ///< metres, per snapped point
    std::vector<std::vector<std::uint32_t>> within;  ///< per threshold, per snapped point
    std::vector<Problem> problems;  ///< assets beyond the snap limit, in asset order
    std::size_t region_assets_off_network = 0;  ///< region assets beyond it (not problems)
};

/// Snaps the assets of every plan's category and runs its searches (nearest asset from
/// every snapped point; assets within each threshold), `threads` categories at a time —
/// each category on one thread, so the results are those of a serial run.
/// `on_progress(done)` runs on the calling thread.
std::vector<CategoryWalks> walk_categories(const StudyData& data,
                                           const std::vector<CategoryPlan>& plans,
                                           const NetworkContext& network, unsigned threads,
                                           const std::function<void(std::size_t)>& on_progress);

/// Adds one category's searches (walk_categories) to the network sums of `pools`, per area
/// in point order. Returns false when no asset of the category snaps to the network.
bool add_network_sums(const CategoryPlan& plan, const MeasuredPoints& points,
                      const NetworkContext& network, const CategoryWalks& walks,
                      std::vector<Pool>* pools);

/// Public-transport travel times of every measured point to every planned category with pt_
/// columns (one search per point for all of them), summed into `pools[plan][area]`; fills
/// results.transit and reports areas whose points have no stop within the walk limit.
void add_transit_sums(const StudyData& data, const std::vector<CategoryPlan>& plans,
                      const MeasuredPoints& points, const transit::TransitModel& model,
                      transit::TravelTimeCache* cache, unsigned threads,
                      const ProgressFn& progress,
                      std::vector<std::vector<Pool>>* pools, MeasureResults& results);

/// Writes the columns of `plan` in `row` of `table` from `pool` (the formulas of
/// DESIGN.md; nulls as documented in comparators.cpp).
void write_row(const Pool& pool, const CategoryPlan& plan, bool has_assets,
               bool has_network_assets, double walk_speed_kmh, MeasureTable* table,
               std::size_t row);

/// Fills the comparator table: "study", then each distinct non-empty parent code, sorted.
/// Per category, an area flagged partial_data is left out of every comparator.
void fill_comparators(const std::vector<AreaFacts>& facts, const std::vector<CategoryPlan>& plans,
                      const std::vector<std::vector<Pool>>& pools,
                      const std::vector<std::vector<bool>>& partial,
                      const std::vector<bool>& has_assets,
                      const std::vector<bool>& has_network_assets, double walk_speed_kmh,
                      MeasureResults* results);

/// Per measured category: complete when a source that provides it is complete for it;
/// the notes of the partial sources that provide it (region.cpp).
std::vector<CategoryCompleteness> category_completeness(const StudyData& data,
                                                        const std::vector<CategoryPlan>& plans);

/// Appends the region comparator row (kind "region") to results->comparators and fills
/// results->region: every area of the areas source (the study's and data.region's) with all
/// their points, per category the assets of the sources whose extent covers at least
/// `coverage_min_pct` of the region's residents; null with a reason where none does
/// (region.cpp). Does nothing without data.region.
void add_region_comparator(const StudyData& data, const std::vector<CategoryPlan>& plans,
                           double coverage_min_pct, unsigned threads, MeasureResults* results);

}  // namespace assetmap::measure::detail
