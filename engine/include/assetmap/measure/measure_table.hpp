#pragma once
/// @file The results of measuring a study: one row per area or comparator, one column per
/// measure key; null (nullopt) where a value is undefined, never NaN.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/problem.hpp>
#include <assetmap/core/study.hpp>
#include <assetmap/measure/measure_key.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace assetmap::measure {

/// A rectangular table of optional values.
struct MeasureTable {
    std::vector<MeasureKey> keys;            ///< columns
    std::vector<std::string> row_ids;        ///< area codes, or comparator ids
    std::vector<std::optional<double>> values;  ///< row-major: values[row * keys.size() + col]

    std::optional<double>& at(std::size_t row, std::size_t col) {
        return values[row * keys.size() + col];
    }
    const std::optional<double>& at(std::size_t row, std::size_t col) const {
        return values[row * keys.size() + col];
    }
    /// Column index of `key`, or keys.size() when absent.
    std::size_t find(const MeasureKey& key) const;
    /// Column index by name (`MeasureKey::column()`), or keys.size() when absent.
    std::size_t find(const std::string& column) const;
};

/// Per-area facts the measures depend on.
struct AreaFacts {
    std::string code;
    std::string parent_code;
    double population = 0.0;       ///< P_a used for per-resident rates (area population,
                                   ///< else Σ w_p)
    double point_weight = 0.0;     ///< Σ w_p of the area's population points
    std::size_t points = 0;        ///< population points (0 = centroid stood in)
    bool centroid_fallback = false;///< no population points: the area centroid stood in
    double area_m2 = 0.0;
};

/// How complete the data of a category is (README, "Source completeness").
struct CategoryCompleteness {
    Completeness completeness = Completeness::complete;
    /// The notes of the partial sources it rests on ("<source>: <note>", `; `-joined).
    std::string note;
};

/// The region comparator: every area of the areas source (before the `parents` filter)
/// with all their population points (README, "The region comparator").
struct RegionFacts {
    std::string id;                 ///< e.g. "Wales"
    std::size_t areas = 0;          ///< areas of the region
    std::size_t population_points = 0;  ///< measured points (centroids standing in included)
    double population = 0.0;        ///< Σ P_a, residents
    /// Per source (extent order): % of the region's residents inside its extent.
    std::vector<std::pair<std::string, double>> source_coverage_pct;
    /// Per measured category (MeasureResults::categories order):
    std::vector<std::vector<std::string>> sources;  ///< the covering sources used
    std::vector<std::string> null_reason;           ///< why the values are null; "" = computed
    std::vector<CategoryCompleteness> completeness; ///< of the covering sources
    std::vector<std::size_t> areas_left_out;        ///< region areas outside those extents
};

/// Everything `compute_measures` returns.
struct MeasureResults {
    MeasureTable areas;        ///< one row per study area, in StudyData order
    /// Rows: "study" (whole study), each parent code (sorted), then the region id when the
    /// study declares one.
    MeasureTable comparators;
    std::vector<std::string> comparator_kinds;  ///< "study", "parent" or "region", per row
    std::vector<AreaFacts> facts;               ///< per area
    /// Categories measured, in taxonomy order; for each area and category the share of the
    /// area's population inside the category's data coverage (%), and whether that is below
    /// the study's minimum (`partial_data`: left out of ranks and comparators).
    std::vector<std::string> categories;
    std::vector<std::vector<double>> coverage_pct;  ///< [area][category]
    std::vector<std::vector<bool>> partial_data;    ///< [area][category]
    /// Categories with no asset anywhere in the study (their access measures are null).
    std::vector<std::string> categories_without_assets;
    /// Per category: the completeness of the sources that provide it.
    std::vector<CategoryCompleteness> completeness;
    /// The region comparator, when the study declares one.
    std::optional<RegionFacts> region;

    /// The walking network, when the study has one (net_ columns exist only then).
    struct NetworkFacts {
        bool used = false;
        std::size_t nodes = 0, edges = 0, components = 0;
        std::size_t largest_component_nodes = 0;
        std::size_t points_snapped = 0;       ///< population points on the network
        std::size_t points_beyond_limit = 0;  ///< farther than the snap limit: reported
        std::vector<std::string> categories_unreachable;  ///< no asset snaps to the network
        /// Assets of the region outside the study beyond the snap limit (per category
        /// measured; not problems).
        std::size_t region_assets_off_network = 0;
        /// [category]: its share of region_assets_off_network (measure_update.hpp).
        std::vector<std::size_t> region_off_network_by_category;
    } network;
    /// Public transport, when the run had a transit model (pt_ columns exist only then).
    struct TransitFacts {
        bool used = false;
        std::vector<std::string> windows;       ///< window names, in column order
        std::vector<std::string> window_dates;  ///< their service dates, YYYY-MM-DD
        std::vector<std::string> categories;    ///< categories with pt_ columns
        /// One measured population point (the area centroid where an area had none).
        struct Point {
            std::string id;                 ///< population point id; "" for a centroid
            std::string area_code;
            double weight = 0.0;            ///< residents
            PointM location;                ///< metric CRS
            bool on_network = false;        ///< walks on the network (else straight lines)
            std::uint32_t stops_in_reach = 0;  ///< stops within the walk limit
            std::optional<double> nearest_stop_m;  ///< walk to the nearest stop, metres
            /// [window · categories + category]: median minutes; null = not reached
            std::vector<std::optional<double>> minutes;
        };
        std::vector<Point> points;
        std::size_t points_without_stop = 0;  ///< points with no stop within the walk limit
        std::size_t raptor_runs = 0;          ///< RAPTOR runs over every point and window
    } transit;
    /// Problems found while measuring (points or assets too far from the network): first the
    /// population points, then each category's assets in category order.
    ProblemReport problems;
    /// [category]: how many of `problems` its assets added (the last ones, in order).
    std::vector<std::size_t> asset_problems;
};

}  // namespace assetmap::measure
