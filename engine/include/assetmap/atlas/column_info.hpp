#pragma once
/// @file What every column of the atlas layers means: a human title, a description with its
/// definition and unit, and the unit alone — one place for the GeoPackage's
/// `gpkg_data_columns`, the QGIS field aliases, tile legends, the server and the report.

#include <assetmap/core/taxonomy.hpp>
#include <assetmap/measure/measure_key.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::atlas {

/// The kind of an atlas column.
enum class ColumnFamily {
    identifier,          ///< code, name, parent_code, asset_id, area_code, comparator …
    attribute,           ///< any other fixed field (population, area_km2, category, kind …)
    measure,             ///< `<c>_<measure>[_<T>]` (net_ measures included)
    data_coverage,       ///< `<c>_data_coverage_pct`
    partial_data,        ///< `<c>_partial_data`
    domain_score,        ///< `individual_score`, `community_score`, `structural_score`
    asset_index,         ///< `asset_index`
    asset_index_rank,    ///< `asset_index_rank`
    asset_index_decile,  ///< `asset_index_decile`
    unknown,             ///< a column this version does not know
};

/// What one column means.
struct ColumnInfo {
    std::string name;         ///< the column name
    std::string title;        ///< short human title, e.g. "Bus stops: residents within 400 m (%)"
    std::string description;  ///< definition, category and unit in sentences ("Unit: …")
    std::string unit;         ///< e.g. "% of residents", "metres"; empty for text and codes
    ColumnFamily family = ColumnFamily::unknown;
    std::string category;     ///< category id of per-category columns; else empty
    std::optional<measure::MeasureKey> measure;  ///< for ColumnFamily::measure
};

/// A category as columns name it: its id, human label and domain.
struct CategoryName {
    std::string id;
    std::string label;   ///< e.g. "GP surgeries"
    std::string domain;  ///< "individual", "community", "structural" (may be empty)
    /// Non-empty when the category rests on partial sources (metadata
    /// `category.<id>.completeness` = partial): the note its columns' titles and
    /// descriptions carry, e.g. "geofabrik_pois: about 245 of the 710 Welsh pharmacies".
    std::string partial_note;
};

/// The categories columns are read against. Without a category list a column is still
/// parsed by its measure suffix, and the category's label is made from its id.
struct ColumnContext {
    std::vector<CategoryName> categories;
};

/// The categories of a taxonomy.
ColumnContext column_context(const Taxonomy& taxonomy);

/// The categories recorded in an atlas's `metadata` layer (keys `measure.<id>.label`,
/// `measure.<id>.domain` and `category.<id>.completeness`/`_note`, written by `run` and
/// `measure`), for readers of a finished atlas.
ColumnContext column_context(const std::map<std::string, std::string>& atlas_metadata);

/// Describes column `column` of atlas layer `layer` (areas, comparators, assets,
/// asset_footprints, population_points, measures, indicators, catchments, problems,
/// metadata). Measure, data-coverage and partial-data columns are recognised in `areas` and
/// `comparators` (and in any layer not listed); an unknown column gets family `unknown`, its
/// name as title and an empty description.
ColumnInfo describe_column(const std::string& layer, const std::string& column,
                           const ColumnContext& context);

/// Parses a per-category column name into its category id and suffix (`bus_stop` +
/// `coverage_pct_400`): the longest known category id that prefixes it, else the leftmost
/// split whose suffix is a measure, `data_coverage_pct` or `partial_data`. nullopt when
/// the column is no per-category column.
std::optional<std::pair<std::string, std::string>> split_category_column(
    const std::string& column, const ColumnContext& context);

}  // namespace assetmap::atlas
