#pragma once
/// @file The profile of one area: every indicator beside every comparator the atlas has (the
/// study, the area's local authority, and the region — Wales — where the study declares
/// one), the ratios the spider chart plots, domain scores, the asset index, the area's
/// assets by domain, and the data-extent flags. Pure computation over an Atlas; the server
/// (`/api/areas/{code}`) and the report (one page per area) both print this value.

#include <assetmap/atlas/atlas.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::atlas {

/// A comparator row of the atlas that applies to an area.
struct ComparatorInfo {
    std::string id;    ///< `study`, a parent (local authority) code, or the region id
    std::string kind;  ///< "study", "parent" or "region"
    std::string name;  ///< human name (metadata `comparator.<id>.name`; else the study
                       ///< title for `study`, the id otherwise)
    std::string name_cy;  ///< Welsh name (metadata `comparator.<id>.name_cy`); "" = as `name`
};

/// One indicator of the area.
struct IndicatorLine {
    std::string column;    ///< the measure column, e.g. "bus_stop_coverage_pct_400"
    std::string category;  ///< taxonomy id
    std::string domain;    ///< "individual", "community" or "structural"
    std::string measure;   ///< measure name without category and threshold, e.g. "coverage_pct"
    std::optional<double> threshold_m;  ///< metres, for measures with a threshold
    std::string unit;      ///< e.g. "% of residents", "metres"
    bool lower_is_better = false;  ///< nearest_m-like: the chart inverts the ratio
    /// The area's value as in the areas layer (not negated); null where undefined.
    std::optional<double> value;
    /// The area is partial_data for the category (outside the data extent): the value is
    /// given but not ranked; the chart marks the axis.
    bool partial_data = false;
    std::optional<double> data_coverage_pct;  ///< the area's `<c>_data_coverage_pct`
    /// The category's sources are partial (metadata `category.<c>.completeness` =
    /// "partial"): the value is measured but must not be presented as the whole truth.
    bool partial_source = false;
    std::string source_note;  ///< metadata `category.<c>.completeness_note` ("" when none)
    std::optional<double> normal_score;       ///< from the `indicators` layer
    /// Per AreaProfile::comparators: the comparator's value of the same column.
    std::vector<std::optional<double>> comparator_value;
    /// Per comparator: the spider chart's number, oriented so that 1 = the same as the
    /// comparator and more = more or nearer assets: value ÷ comparator, or comparator ÷
    /// value when lower is better. Null when either side is null or the divisor is 0.
    std::vector<std::optional<double>> ratio;
    /// Per comparator: why its value is null (metadata `comparator.<id>.<c>.null_reason`,
    /// e.g. no source of the category covers the region), or the note when the comparator's
    /// value rests on partial sources (`comparator.<id>.<c>.completeness_note`); "" when none.
    std::vector<std::string> comparator_note;
};

/// An asset of the area (a row of the atlas's assets layer whose area_code is the area).
struct ProfileAsset {
    std::size_t row = 0;    ///< row in Atlas::assets()
    std::string asset_id, category, domain, name, source;
};

/// Everything the profile page and `/api/areas/{code}` show for one area.
struct AreaProfile {
    std::size_t row = 0;  ///< row in Atlas::areas()
    std::string code, name, parent_code;
    std::optional<double> population;  ///< residents
    std::optional<double> area_km2;
    /// The comparators that apply, in this order: study, the area's parent (when the atlas
    /// has its row), region (when the atlas has one).
    std::vector<ComparatorInfo> comparators;
    /// Indicators in the run's order, grouped by domain (individual, community, structural),
    /// keeping the run's order inside a domain.
    std::vector<IndicatorLine> indicators;
    std::array<std::optional<double>, 3> domain_score;  ///< individual, community, structural
    std::optional<double> asset_index;
    std::optional<int> asset_index_rank;    ///< 1 = the lowest index
    std::optional<int> asset_index_decile;  ///< 1 = the lowest tenth
    std::size_t areas_ranked = 0;           ///< areas with an asset index
    /// The area's assets, by domain (individual, community, structural), then category,
    /// then name.
    std::vector<ProfileAsset> assets;
    /// Categories for which the area is partial_data, in the atlas's category order.
    std::vector<std::string> partial_categories;
};

/// The profile of the area with this code; nullopt when the atlas has no such area.
std::optional<AreaProfile> area_profile(const Atlas& atlas, std::string_view code);

/// One plain-language highlight: an indicator set against a comparator.
struct Highlight {
    std::size_t indicator = 0;   ///< index into AreaProfile::indicators
    std::size_t comparator = 0;  ///< index into AreaProfile::comparators
    bool strong = false;         ///< true: among the strongest; false: among the weakest
};

/// The `n` strongest and `n` weakest indicators of the area against one comparator, by
/// ratio (strongest first, then weakest first); indicators with partial data, partial
/// sources or no ratio are left out, and an indicator is never both. Ties go to the earlier
/// indicator.
std::vector<Highlight> profile_highlights(const AreaProfile& profile, std::size_t comparator,
                                          std::size_t n = 3);

}  // namespace assetmap::atlas
