#pragma once
/// @file Indicators, domain scores and the asset index (DESIGN.md, "Indicators, domain scores
/// and the spider chart"), built from measure results. Pure computation.

#include <assetmap/core/taxonomy.hpp>
#include <assetmap/measure/measure_table.hpp>

#include <optional>
#include <string>
#include <vector>

namespace assetmap::measure {

/// One indicator: a measure column oriented so that higher means more or nearer assets.
struct Indicator {
    std::string column;     ///< the measure column, e.g. "gp_doctors_coverage_pct_1000"
    std::string category;
    Domain domain{};
    bool negated = false;   ///< true for measures where lower is better (nearest_m)
};

/// The default list: per category of the results, coverage_pct at its first threshold, plus
/// m2_per_person for area categories; in taxonomy order.
std::vector<Indicator> default_indicators(const MeasureResults& results, const Taxonomy& taxonomy);

/// Resolves indicator column names (from the study file) against the results. Throws
/// config_error naming an unknown column and listing close alternatives.
std::vector<Indicator> indicators_from_columns(const std::vector<std::string>& columns,
                                               const MeasureResults& results,
                                               const Taxonomy& taxonomy);

/// Per-area indicator values, normal scores, domain scores and the asset index.
struct IndicatorResults {
    std::vector<Indicator> indicators;
    /// [area][indicator]: the oriented value (negated where lower is better); null where the
    /// measure is null or the area is partial_data for the category.
    std::vector<std::vector<std::optional<double>>> value;
    /// [area][indicator]: normal score Φ⁻¹((r − 0.5)/n) of the area's rank r among the n
    /// areas with a value (ascending: the highest value has rank n; ties share the mean rank).
    std::vector<std::vector<std::optional<double>>> normal_score;
    /// [area][domain] in Domain order (individual, community, structural): the mean of the
    /// area's normal scores of the domain's indicators; null unless at least
    /// `domain_min_indicator_share` of the domain's indicators have a score for the area.
    std::vector<std::vector<std::optional<double>>> domain_score;
    /// [area][domain]: how many of the domain's indicators have a score for the area.
    std::vector<std::vector<int>> indicators_used;
    /// [domain]: how many indicators the domain has.
    std::vector<int> indicators_in_domain;
    /// [area]: every indicator has a score for the area (its asset index rests on the full
    /// set; areas without it are ranked with the others, and the output says so).
    std::vector<bool> full_set;
    /// The share of a domain's indicators an area needs for a domain score (0–1].
    double domain_min_indicator_share = 0.5;
    /// [area]: the mean of the three domain scores; null unless all three exist.
    std::vector<std::optional<double>> asset_index;
    /// [area]: rank of the asset index, 1 = the lowest index (fewest or farthest assets),
    /// like WIMD's rank 1 = most deprived; ties share the lower rank. Null with the index.
    std::vector<std::optional<int>> asset_index_rank;
    /// [area]: decile of that rank, 1 = the lowest tenth … 10 = the highest: ceil(10·r/n).
    std::vector<std::optional<int>> asset_index_decile;
};

/// Computes indicator values, ranks, normal scores, domain scores (given only when at least
/// `domain_min_indicator_share` (0–1] of the domain's indicators have a score for the area)
/// and the asset index. Throws config_error for a share outside (0, 1].
IndicatorResults compute_indicators(const MeasureResults& results,
                                    const std::vector<Indicator>& indicators,
                                    double domain_min_indicator_share = 0.5);

/// Φ⁻¹(p) for 0 < p < 1 (the standard normal quantile), accurate to about 1e-15.
double normal_quantile(double p);

}  // namespace assetmap::measure
