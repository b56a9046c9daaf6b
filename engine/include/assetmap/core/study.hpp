#pragma once
/// @file The study: one run's inputs as described by a study file (see README, "The study
/// file"). Plain values; io::load_study parses the TOML into this.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/transit_settings.hpp>
#include <assetmap/core/taxonomy.hpp>

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
    std::string date;                   ///< date of the boundaries (ISO 8601)
    std::string population_date;        ///< date of the population figures (ISO 8601)
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
    std::string date;        ///< date of the weights (ISO 8601)
};

/// How complete a source is for what it provides (README, "Source completeness").
enum class Completeness {
    complete,  ///< the source holds (nearly) every asset of the category in its extent
    partial    ///< it misses many: measured, but marked partial in every output
};

/// "complete" / "partial".
inline const char* to_string(Completeness c) {
    return c == Completeness::partial ? "partial" : "complete";
}

/// A source's completeness for one category, or its default for all.
struct CompletenessNote {
    Completeness completeness = Completeness::complete;
    std::string note;  ///< why, in a sentence (e.g. "OSM points only: ~245 of ~710")
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
    std::string date;        ///< the date of the data (ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD)
    /// The area the source really covers: a declared lon/lat box (`extent = [..]`), every
    /// area of the areas source (`extent = "areas"`), or, with neither, a hull of its
    /// records (README, "Data extent").
    std::optional<BoxLonLat> extent;
    bool extent_is_areas = false;     ///< `extent = "areas"`
    bool inside_areas_only = false;   ///< keep only records inside the study areas (GTFS)
    /// Value filter: only records whose fields match one of these selectors are read (the
    /// rest are counted as filtered out, not reported as problems). Empty = every record.
    std::vector<TagSelector> filter;
    std::vector<std::string> filter_text;  ///< the selectors as written (for the metadata)
    CompletenessNote completeness;         ///< the source's default
    /// Per category id, overriding the default.
    std::map<std::string, CompletenessNote> completeness_by_category;
    /// This source's merge distance for duplicates across sources (a pair merges within the
    /// larger of its two sources' distances); none = the study's dedupe_distance_m.
    std::optional<double> dedupe_distance_m;

    /// The completeness of this source for `category`.
    const CompletenessNote& completeness_for(const std::string& id) const {
        const auto it = completeness_by_category.find(id);
        return it == completeness_by_category.end() ? completeness : it->second;
    }
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
    /// The cell of the grid the catchments are traced on, metres (1..100): their outlines
    /// are within about a cell of the exact buffer. 10 m by default; a national run may
    /// take 25 m (6× fewer cells).
    double catchment_cell_m = 10.0;
    std::string licence;
    std::string attribution;
    std::string date;  ///< date of the extract (ISO 8601)
};

/// What to measure (the study file's [measures] section).
struct MeasureSettings {
    std::vector<std::string> categories;  ///< category ids; empty = every category
    /// Thresholds per category id, metres (overrides the taxonomy; several allowed).
    std::map<std::string, std::vector<double>> thresholds_m;
    /// Indicator columns (`<category>_<measure>[_<T>]`); empty = the default list.
    std::vector<std::string> indicators;
    /// A domain score is given only when at least this share (0–1] of the domain's
    /// indicators have a value for the area.
    double domain_min_indicator_share = 0.5;
};

/// The comparators beyond the study and its parents (the study file's [comparators]).
struct ComparatorSettings {
    /// Id of a region comparator computed over every area of the areas source (before the
    /// `parents` filter), e.g. "Wales"; empty = none.
    std::string region;
    std::string region_name;     ///< English name of the region (default: the id)
    std::string region_name_cy;  ///< Welsh name of the region
    /// Human names of comparator ids (`study`, parent codes, the region), English and Welsh.
    std::map<std::string, std::string> names;
    std::map<std::string, std::string> names_cy;
};

/// A whole study.
struct Study {
    std::string name;         ///< short name, e.g. "newport"
    std::string title;        ///< human title
    std::string title_cy;     ///< the title in Welsh (web map and report in Welsh); may be empty
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
    std::optional<TransitSettings> transit;  ///< [transit]: public-transport access
    ComparatorSettings comparators;
};

}  // namespace assetmap
