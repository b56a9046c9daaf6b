#pragma once
/// @file The ingested study: areas, population points and assets in the metric CRS.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/network_data.hpp>
#include <assetmap/core/problem.hpp>
#include <assetmap/core/transit_settings.hpp>
#include <assetmap/core/study.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace assetmap {

/// A study area (an MSOA by default).
struct Area {
    std::string code;
    std::string name;
    std::string parent_code;            ///< local authority, may be empty
    std::optional<double> population;   ///< residents; nullopt when unknown
    double area_m2 = 0.0;               ///< planar area in the metric CRS, square metres
    MultiPolygonM geometry;             ///< metric CRS
};

/// A population-weighted point belonging to one area.
struct PopulationPoint {
    std::string id;
    std::string area_code;   ///< the area it belongs to
    double weight = 0.0;     ///< residents represented
    PointM location;
};

/// One record of a source that an asset came from.
struct SourceRef {
    std::string source;  ///< source name from the study file, e.g. "osm", "gtfs_bus"
    std::string id;      ///< id within that source, e.g. "n123360628", an ATCO code
};

/// A community asset after merging duplicates across sources.
struct Asset {
    std::string id;                       ///< "<category>:<source>:<source id>" of the kept record
    std::string category;                 ///< taxonomy id
    std::string domain;                   ///< the category's domain
    std::string name;
    PointM location;                      ///< the point (centroid for area assets)
    std::optional<MultiPolygonM> footprint;  ///< polygon for area assets (green space)
    std::vector<SourceRef> sources;       ///< every source record merged into this one
    std::string area_code;                ///< containing study area; empty = outside all
    /// With a region comparator: the area of the areas source holding it (a study area or
    /// one outside the study); empty = outside every area of the source.
    std::string region_area_code;
    std::optional<double> capacity;       ///< supply S_j for fca2 (e.g. GPs); none = 1
    std::string edited_by;                ///< token name of its latest community edit; "" = none
    std::string edited_utc;               ///< time of that edit (UTC); "" = none
};

/// How a source's extent was obtained.
enum class ExtentKind {
    box,    ///< declared lon/lat box (`extent = [..]`), densified into the metric CRS
    areas,  ///< declared `extent = "areas"`: every area of the areas source
    hull    ///< not declared: the hull of its records (spatial::records_hull)
};

/// "box" / "areas" / "hull".
inline const char* to_string(ExtentKind k) {
    return k == ExtentKind::box ? "box" : k == ExtentKind::areas ? "areas" : "hull";
}

/// The area a source really covers (its data extent) and the categories it provides. Outside
/// every extent of a category, "no asset found" means "no data".
struct SourceExtent {
    std::string source;
    ExtentKind kind = ExtentKind::hull;
    bool declared = false;                ///< from the study file (box or areas)
    /// `box`: the closed ring, metric CRS; else empty.
    RingM ring;
    /// `hull`: the hull (no holes; empty for fewer than two distinct records); `areas`: the
    /// union of the areas, for the source_extents layer only — every point of an area of the
    /// areas source is inside such an extent. Metric CRS.
    MultiPolygonM polygon;
    std::vector<std::string> categories;  ///< categories of the records it provided, sorted
    /// The source's completeness for each of those categories.
    std::map<std::string, CompletenessNote> completeness;
    std::size_t hull_records = 0;   ///< hull: records it was built from
    std::size_t hull_outliers = 0;  ///< hull: records left out as outliers
    double hull_spacing_m = 0.0;    ///< hull: the buffer (median neighbour distance), metres
    double hull_edge_limit_m = 0.0; ///< hull: the longest edge of its shape, metres
    std::string date;               ///< the source's date (ISO 8601), may be empty
};

/// The areas of the areas source outside the study (left out by `parents`) and their
/// population points: with the study's, they make the region comparator (README, "The
/// region comparator").
struct RegionData {
    std::string id;                  ///< e.g. "Wales"
    std::vector<Area> areas;         ///< areas outside the study, sorted by code
    std::vector<PopulationPoint> population_points;  ///< points of those areas, input order
    std::size_t assets_outside_study = 0;  ///< assets in those areas (not problems)
};

/// Per-source bookkeeping for the metadata layer and the stderr summary.
struct SourceSummary {
    std::string name;
    std::string path;
    std::string licence;
    std::string attribution;
    std::string transform;        ///< the PROJ operation used into the metric CRS
    std::string date;             ///< the date of the data (ISO 8601), may be empty
    std::size_t records_read = 0; ///< records looked at
    std::size_t records_used = 0; ///< records that became assets/points/areas
    std::size_t outside_study = 0;///< records outside the study by design (GTFS stops)
    std::size_t merged = 0;       ///< records merged into another source's asset
    std::size_t filtered = 0;     ///< records left out by the source's value filter
};

/// The result of ingest.
struct StudyData {
    std::string study_name;
    std::string metric_crs;
    std::vector<Area> areas;
    std::vector<PopulationPoint> population_points;
    std::vector<Asset> assets;
    std::vector<SourceSummary> sources;
    std::vector<SourceExtent> extents;    ///< one per asset source
    /// With a region comparator: the areas and points outside the study.
    std::optional<RegionData> region;
    ComparatorSettings comparators;       ///< names of the comparators (study file)
    std::optional<NetworkData> network;   ///< the walking network, when the study has one
    double snap_limit_m = 500.0;          ///< from the study's [network]
    double walk_speed_kmh = 4.8;          ///< from the study's [network]
    std::vector<double> catchment_minutes;///< from the study's [network]
    double catchment_cell_m = 10.0;       ///< from the study's [network]
    std::optional<TransitData> transit;   ///< timetables and settings, when [transit] is set
    ProblemReport problems;
    /// key/value pairs written to the `metadata` layer, in order.
    std::vector<std::pair<std::string, std::string>> metadata;
};

}  // namespace assetmap
