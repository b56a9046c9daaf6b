#pragma once
// The steps of ingest (internal to the ingest module).

#include <assetmap/core/study.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/raw_asset.hpp>
#include <assetmap/ingest/study_areas.hpp>
#include <assetmap/spatial/area_locator.hpp>

#include <memory>

#include <set>
#include <string>
#include <vector>

namespace assetmap::ingest::detail {

/// Areas of the study, sorted by code, plus every code the source has (before the parent
/// filter), so that codes of areas outside the study are not mistaken for bad codes, and the
/// areas left out by the parent filter (for the region comparator and `extent = "areas"`).
struct AreaSet {
    std::vector<Area> areas;
    std::set<std::string, std::less<>> all_source_codes;
    std::vector<Area> other_areas;  ///< outside the study by `parents`, sorted by code
};

AreaSet ingest_areas(const Study& study, StudyData& out, unsigned threads = 1);

/// Population points of the study areas into out.population_points; with a region
/// (out.region set), points of the other areas into out.region->population_points.
/// `other_locator` (may be null) locates points without an area code in the other areas.
/// A CSV source of a study without a region is streamed on `threads` threads (byte ranges);
/// otherwise the records are read whole and matched in file order.
void ingest_population_points(const Study& study,
                              const std::shared_ptr<const StudyAreas>& areas,
                              const std::vector<Area>& other_areas,
                              const spatial::AreaLocator* other_locator, unsigned threads,
                              StudyData& out);

/// Reads, filters, categorises and merges the assets of every source; assigns each to a
/// study area (`area_code`) and, with a region, to an area of the areas source
/// (`region_area_code`; `other_locator` locates the areas outside the study). Computes each
/// source's extent (`areas_union`: the union of every area of the areas source, for
/// `extent = "areas"`; may be null).
void ingest_assets(const Study& study, const Taxonomy& taxonomy,
                   const spatial::AreaLocator& locator, const std::vector<Area>& areas,
                   const spatial::AreaLocator* other_locator,
                   const std::vector<Area>& other_areas, const MultiPolygonM* areas_union,
                   StudyData& out);

/// The data extent of an asset source: its declared lon/lat box (edges densified, then
/// transformed into the metric CRS), every area of the areas source (`extent = "areas"`;
/// `areas_union` is their union, for display), else the hull of the records it read
/// (spatial::records_hull); and the categories of those records with the source's
/// completeness for each.
SourceExtent source_extent(const AssetSource& source, const std::vector<io::RawAsset>& records,
                           const std::string& metric_crs, const MultiPolygonM* areas_union);

/// Reports a CSV row whose field count differs from the header's (bad_value, with its line)
/// and returns false; true for a well-formed row.
bool row_is_complete(const io::CsvTable& table, const io::CsvTable::Row& row,
                     ProblemReport& problems);

/// Formats a number for messages and metadata (up to 10 significant digits).
std::string format_number(double v);

}  // namespace assetmap::ingest::detail
