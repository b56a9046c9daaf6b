#pragma once
/// @file Internal to the OSM reader (osm_reader.cpp): OSM ids and the assembler's problem
/// reasons (osm_reader_problems.cpp), OSM geometry to the metric CRS
/// (osm_reader_geometry.cpp) and the handler that categorises objects
/// (osm_reader_collector.cpp).
///
/// Only light libosmium headers appear here (forward declarations, the handler base and the
/// problem-reporter interface); the reader, PBF/XML input and the assembler stay in
/// osm_reader.cpp, as they compile slowly.

#include <assetmap/io/osm_reader.hpp>

#include <osmium/area/problem_reporter.hpp>
#include <osmium/fwd.hpp>
#include <osmium/handler.hpp>
#include <osmium/osm/location.hpp>
#include <osmium/osm/types.hpp>

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace assetmap::io::detail {

using osmium::object_id_type;

// --- Ids and problem reasons (osm_reader_problems.cpp) ---

/// OSM object type in output order: nodes, then ways, then relations.
enum class OsmType { node = 0, way = 1, relation = 2 };

/// "n<id>", "w<id>" or "r<id>".
std::string osm_id(OsmType type, object_id_type id);

/// "(lon, lat)" of a valid location, else "an invalid location".
std::string format_location(const osmium::Location& loc);

/// Remembers the reasons osmium's assembler gives, per way/relation (only used when the
/// object ends up without an area; warnings about areas that did assemble are ignored).
class AssemblyReasons : public osmium::area::ProblemReporter {
public:
    /// "reason; reason" for the object, or empty.
    std::string reasons(bool relation, object_id_type id) const;

    void report_touching_ring(object_id_type node_id, osmium::Location) override;
    void report_intersection(object_id_type way1_id, osmium::Location, osmium::Location,
                             object_id_type way2_id, osmium::Location, osmium::Location,
                             osmium::Location intersection) override;
    void report_duplicate_segment(const osmium::NodeRef& nr1,
                                  const osmium::NodeRef& nr2) override;
    void report_overlapping_segment(const osmium::NodeRef& nr1,
                                    const osmium::NodeRef& nr2) override;
    void report_ring_not_closed(const osmium::NodeRef& nr, const osmium::Way*) override;
    void report_way_in_multiple_rings(const osmium::Way& way) override;
    void report_invalid_location(object_id_type way_id, object_id_type node_id) override;
    void report_duplicate_way(const osmium::Way& way) override;

private:
    void add(std::string reason);

    std::map<std::pair<bool, object_id_type>, std::vector<std::string>> reasons_;
};

// --- Geometry to the metric CRS (osm_reader_geometry.cpp) ---

/// What a way's (or ring's) node list gives: present/missing counts and vertex means.
struct NodeSummary {
    std::size_t present = 0;
    std::size_t missing = 0;  ///< node not in the file (no location)
    std::size_t bad = 0;      ///< location out of range or not transformable
    double sum_x = 0.0, sum_y = 0.0, sum_lon = 0.0, sum_lat = 0.0;

    std::optional<PointM> mean_m() const {
        if (present == 0) return std::nullopt;
        const auto n = static_cast<double>(present);
        return PointM{sum_x / n, sum_y / n};
    }
    LonLat mean_lonlat() const {
        const auto n = static_cast<double>(std::max<std::size_t>(present, 1));
        return {sum_lon / n, sum_lat / n};
    }
};

/// `loc` (WGS84) in the metric CRS; nullopt if invalid or not transformable to finite values.
std::optional<PointM> to_metric(const CrsTransform& crs, const osmium::Location& loc);

/// `p` (metric CRS) back in WGS84 lon/lat, or `fallback` if that fails.
LonLat back_to_lonlat(const CrsTransform& crs, const PointM& p, const LonLat& fallback);

/// Summarises the first `count` nodes of a way (locations set by the location handler).
NodeSummary summarise(const CrsTransform& crs, const osmium::WayNodeList& nodes,
                      std::size_t count);

/// Converts an assembled area to metric polygons (rings closed), summing its WGS84
/// vertices into `all`; false if a vertex cannot be used.
bool convert_area(const CrsTransform& crs, const osmium::Area& area, MultiPolygonM& mp,
                  NodeSummary& all);

// --- The categorising handler (osm_reader_collector.cpp) ---

/// An asset with its sort key.
struct KeyedAsset {
    OsmType type;
    object_id_type id;
    RawAsset asset;
};

/// Reads and categorises; one instance serves both passes and the assembler callback.
class Collector : public osmium::handler::Handler {
public:
    Collector(const std::string& path, const Taxonomy& taxonomy, const CrsTransform& crs,
              ProblemReport& problems, const AssemblyReasons& reasons);

    OsmReadStats stats;

    /// Pass 1: remembers matching multipolygon relations and their member ways.
    void relation(const osmium::Relation& rel);
    /// Pass 2: tagged nodes become point assets.
    void node(const osmium::Node& node);
    /// Pass 2 (after the location handler): open ways become points; matching closed ways
    /// wait for their area from the assembler.
    void way(const osmium::Way& way);
    /// Areas from the assembler (closed ways and multipolygon relations).
    void area(const osmium::Area& area);
    /// After pass 2: reports every matching closed way or relation that produced no area.
    void finish();
    /// The assets, sorted by (type n < w < r, numeric id, category).
    std::vector<RawAsset> take_sorted();

private:
    /// A matching closed way or relation waiting for its area.
    struct Pending {
        std::vector<const Category*> categories;
        std::string name;
        bool done = false;  ///< an area arrived (or a problem was reported for it)
        // Relations only: member ways and their nodes as seen in pass 2.
        std::size_t members = 0;
        std::size_t members_found = 0;
        std::size_t member_nodes = 0;
        std::size_t member_nodes_missing = 0;
    };

    static std::string name_of(const osmium::TagList& tags);
    std::vector<const Category*> match(const osmium::TagList& tags);
    std::vector<const Category*> drop_area_categories(std::vector<const Category*> cats,
                                                      OsmType type, object_id_type id,
                                                      const char* what);
    void note_member_way(const osmium::Way& way);
    static std::vector<object_id_type> undone(
        const std::unordered_map<object_id_type, Pending>& pending);
    void emit(OsmType type, object_id_type id, const std::vector<const Category*>& cats,
              const std::string& name, const PointM& location, const MultiPolygonM* polygon,
              const LonLat& lonlat);
    void report(ProblemKind kind, OsmType type, object_id_type id, std::string message,
                std::optional<PointM> location);

    const std::string& path_;
    const Taxonomy& taxonomy_;
    const CrsTransform& crs_;
    ProblemReport& problems_;
    const AssemblyReasons& reasons_;
    std::vector<std::string> keys_;
    TagList tag_buffer_;
    std::unordered_map<object_id_type, Pending> ways_;
    std::unordered_map<object_id_type, Pending> relations_;
    std::unordered_map<object_id_type, std::vector<object_id_type>> member_of_;
    std::vector<KeyedAsset> assets_;
};

/// Called inside a catch block: rethrows the active exception as an input_error naming
/// `path` and the fix (assetmap errors and bad_alloc pass through unchanged).
[[noreturn]] void rethrow_as_input_error(const std::string& path);

/// Refuses a .osm.pbf whose blob headers libosmium 2.19 would read with undefined behaviour
/// (a BlobHeader without its type reaches strncmp with a null pointer; found by fuzz_osm):
/// input_error naming the blob. Anything else that is wrong is left for libosmium to report.
void check_pbf_blob_headers(const std::string& path);

}  // namespace assetmap::io::detail
