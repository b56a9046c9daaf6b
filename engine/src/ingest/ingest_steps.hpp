#pragma once
// The steps of ingest (internal to the ingest module).

#include <assetmap/core/study.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/raw_asset.hpp>
#include <assetmap/spatial/area_locator.hpp>

#include <set>
#include <string>
#include <vector>

namespace assetmap::ingest::detail {

/// Areas of the study, sorted by code, plus every code the source has (before the parent
/// filter), so that codes of areas outside the study are not mistaken for bad codes.
struct AreaSet {
    std::vector<Area> areas;
    std::set<std::string> all_source_codes;
};

AreaSet ingest_areas(const Study& study, StudyData& out);

void ingest_population_points(const Study& study, const AreaSet& areas,
                              const spatial::AreaLocator& locator, StudyData& out);

void ingest_assets(const Study& study, const Taxonomy& taxonomy,
                   const spatial::AreaLocator& locator, const std::vector<Area>& areas,
                   StudyData& out);

/// The data extent of an asset source: its declared lon/lat box (edges densified, then
/// transformed into the metric CRS), else the bounding box of the records it read; and the
/// categories of those records.
SourceExtent source_extent(const AssetSource& source, const std::vector<io::RawAsset>& records,
                           const std::string& metric_crs);

/// Reports a CSV row whose field count differs from the header's (bad_value, with its line)
/// and returns false; true for a well-formed row.
bool row_is_complete(const io::CsvTable& table, const io::CsvTable::Row& row,
                     ProblemReport& problems);

/// Reads the study's GTFS feeds (side by side), projects their stops into the metric CRS and
/// records each feed as a source ("transit:<name>"). Problems go to out.problems.
TransitData ingest_transit(const Study& study, StudyData& out);

/// Formats a number for messages and metadata (up to 10 significant digits).
std::string format_number(double v);

}  // namespace assetmap::ingest::detail
