#pragma once
/// @file The study: one run's inputs as described by a study file (see README, "The study
/// file"). Plain values; io::load_study parses the TOML into this.

#include <assetmap/core/geometry.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace assetmap {

/// Where a table of points comes from when it is a CSV.
struct CsvColumns {
    std::string x;       ///< longitude or easting column
    std::string y;       ///< latitude or northing column
    std::string id;      ///< optional id column
    std::string weight;  ///< weight column (population points; required in a study file,
                         ///< empty = every point weighs 1, as `assetmap count` uses it)
    std::string area_code;  ///< optional area-code column (population points)
    std::string name;    ///< optional name column (assets)
    std::string category;   ///< optional category column (assets)
    std::string capacity;   ///< optional capacity column/field (assets; fca2 supply)
};

/// The study areas: a polygon source and its fields.
struct AreaSource {
    std::string path;        ///< any OGR vector source (resolved absolute path)
    std::string layer;       ///< layer name; empty = first layer
    std::string crs;         ///< override when the source has none; empty = the source's
    std::string code_field;  ///< unique area code, e.g. MSOA11CD
    std::string name_field;  ///< optional name
    std::string parent_field;///< optional parent (local authority) code
    std::vector<std::string> parents;  ///< keep only areas with these parent codes; empty = all
    // Population per area: from a field of the area source, or from a CSV joined by code.
    std::string population_field;
    std::string population_csv;         ///< resolved path, or empty
    std::string population_csv_code;    ///< code column in that CSV
    std::string population_csv_value;   ///< population column in that CSV
};

/// Population-weighted points (OA centroids, postcode centroids, address points).
struct PointSource {
    enum class Format { vector, csv };
    Format format = Format::csv;
    std::string path;
    std::string layer;       ///< OGR layer (vector format)
    std::string crs;         ///< CRS of the CSV coordinates or override for a vector source
    CsvColumns columns;      ///< for CSV: x,y,id,weight,area_code; for vector: fields named
                             ///< id, weight, area_code (x,y unused)
};

/// One source of assets.
struct AssetSource {
    enum class Format { osm, gtfs, vector, csv };
    std::string name;        ///< short source name recorded on each asset, e.g. "osm"
    Format format = Format::vector;
    std::string path;
    std::string layer;
    std::string crs;         ///< CSV coordinate CRS, or override for a vector source
    CsvColumns columns;      ///< CSV columns; for vector sources the field names
    std::string category;    ///< every record is this category (e.g. GTFS → bus_stop)
                             ///< with neither this nor columns.category, records are
                             ///< categorised by the taxonomy's selectors on their fields
    std::string licence;     ///< e.g. "ODbL-1.0"
    std::string attribution; ///< the attribution line the licence requires
    std::optional<BoxLonLat> extent;  ///< the area the source really covers; none = its bounds
    bool inside_areas_only = false;   ///< keep only records inside the study areas (GTFS)
};

/// The largest distance a study, a taxonomy or an option may set (thresholds, snap limit,
/// merge distance), in metres: 100 km. Beyond it a measure of what is near means nothing,
/// and a typo (1e9) is the likelier cause.
inline constexpr double max_distance_m = 100'000.0;

/// The longest walking time a study or `near` may ask for, in minutes (10 hours).
inline constexpr double max_walk_minutes = 600.0;

/// The walking network (the study file's [network] section).
struct NetworkSettings {
    std::string path;                  ///< OSM .osm.pbf / .osm with the highway network
    double snap_limit_m = 500.0;       ///< points farther from the network are flagged
    double walk_speed_kmh = 4.8;       ///< for net_minutes and catchments
    std::vector<double> catchment_minutes{5.0, 10.0, 15.0};
    std::string licence;
    std::string attribution;
};

/// What to measure (the study file's [measures] section).
struct MeasureSettings {
    std::vector<std::string> categories;  ///< category ids; empty = every category
    /// Thresholds per category id, metres (overrides the taxonomy; several allowed).
    std::map<std::string, std::vector<double>> thresholds_m;
    /// Indicator columns (`<category>_<measure>[_<T>]`); empty = the default list.
    std::vector<std::string> indicators;
};

/// A whole study.
struct Study {
    std::string name;         ///< short name, e.g. "newport"
    std::string title;        ///< human title
    std::string file;         ///< the study file it came from
    std::string data_dir;     ///< resolved data directory
    std::string metric_crs = "EPSG:27700";
    std::string taxonomy_path;
    double dedupe_distance_m = 25.0;
    double coverage_min_pct = 95.0;
    std::string areas_licence;
    std::string areas_attribution;
    AreaSource areas;
    std::optional<PointSource> population_points;
    std::vector<AssetSource> assets;
    MeasureSettings measures;
    std::optional<NetworkSettings> network;
};

}  // namespace assetmap
