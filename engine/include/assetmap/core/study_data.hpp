#pragma once
/// @file The ingested study: areas, population points and assets in the metric CRS.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/network_data.hpp>
#include <assetmap/core/problem.hpp>

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
    std::optional<double> capacity;       ///< supply S_j for fca2 (e.g. GPs); none = 1
    std::string edited_by;                ///< token name of its latest community edit; "" = none
    std::string edited_utc;               ///< time of that edit (UTC); "" = none
};

/// The area a source really covers (its data extent) and the categories it provides. Outside
/// every extent of a category, "no asset found" means "no data".
struct SourceExtent {
    std::string source;
    bool declared = false;                ///< from the study file; else the records' bounds
    RingM ring;                           ///< closed ring, metric CRS
    std::vector<std::string> categories;  ///< categories of the records it provided, sorted
};

/// Per-source bookkeeping for the metadata layer and the stderr summary.
struct SourceSummary {
    std::string name;
    std::string path;
    std::string licence;
    std::string attribution;
    std::string transform;        ///< the PROJ operation used into the metric CRS
    std::size_t records_read = 0; ///< records looked at
    std::size_t records_used = 0; ///< records that became assets/points/areas
    std::size_t outside_study = 0;///< records outside the study by design (GTFS stops)
    std::size_t merged = 0;       ///< records merged into another source's asset
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
    std::optional<NetworkData> network;   ///< the walking network, when the study has one
    double snap_limit_m = 500.0;          ///< from the study's [network]
    double walk_speed_kmh = 4.8;          ///< from the study's [network]
    std::vector<double> catchment_minutes;///< from the study's [network]
    ProblemReport problems;
    /// key/value pairs written to the `metadata` layer, in order.
    std::vector<std::pair<std::string, std::string>> metadata;
};

}  // namespace assetmap
