/// @file OSM reader (libosmium): categorised point and area assets from .osm.pbf / .osm files.
///
/// Two passes over the file. Pass 1 reads relations only: matching multipolygon/boundary
/// relations are remembered and handed to osmium's MultipolygonManager. Pass 2 reads nodes
/// and ways: node locations go into a sparse index so ways get their coordinates, tagged nodes
/// and open ways become points, and matching closed ways and the member ways of matching
/// relations are assembled into areas by osmium's Assembler.
///
/// Coordinates: every vertex is transformed with `to_metric` and the location of an area is
/// its area-weighted centroid in the metric CRS. `lonlat` of a node is the node's own
/// coordinate; for ways and relations it is the metric location transformed back with
/// CrsTransform::to_source (so both name the same point), falling back to the mean of the
/// object's WGS84 vertices if that fails.
///
/// Objects whose tags match an area category (e.g. green_space) but that cannot form a polygon
/// (nodes, open ways) are reported as wrong_geometry_type for that category, so every
/// area-category asset has a footprint. Matching relations that are not multipolygons or
/// boundaries (e.g. type=site) are reported the same way. Problems are added to the caller's
/// report only when the whole file was read (a throwing call adds none).
///
/// All libosmium headers are confined to this file (they compile slowly).

#include <assetmap/core/error.hpp>
#include <assetmap/io/osm_reader.hpp>

#include <osmium/area/assembler.hpp>
#include <osmium/area/multipolygon_manager.hpp>
#include <osmium/area/problem_reporter.hpp>
#include <osmium/handler.hpp>
#include <osmium/handler/check_order.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/sparse_mem_array.hpp>
#include <osmium/io/any_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/osm/area.hpp>
#include <osmium/osm/location.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/relation.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/tags/tags_filter.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace assetmap::io {

namespace {

using osmium::object_id_type;

/// OSM object type in output order: nodes, then ways, then relations.
enum class OsmType { node = 0, way = 1, relation = 2 };

std::string osm_id(OsmType type, object_id_type id) {
    const char letter = type == OsmType::node ? 'n' : type == OsmType::way ? 'w' : 'r';
    return letter + std::to_string(id);
}

/// An asset with its sort key.
struct KeyedAsset {
    OsmType type;
    object_id_type id;
    RawAsset asset;
};

std::string join_ids(const std::vector<const Category*>& cats) {
    std::string out;
    for (const auto* c : cats) {
        if (!out.empty()) out += ", ";
        out += c->id;
    }
    return out;
}

std::string format_location(const osmium::Location& loc) {
    if (!loc.valid()) return "an invalid location";
    return "(" + std::to_string(loc.lon()) + ", " + std::to_string(loc.lat()) + ")";
}

/// Remembers the reasons osmium's assembler gives, per way/relation (only used when the
/// object ends up without an area; warnings about areas that did assemble are ignored).
class AssemblyReasons : public osmium::area::ProblemReporter {
public:
    /// "reason; reason" for the object, or empty.
    std::string reasons(bool relation, object_id_type id) const {
        const auto it = reasons_.find({relation, id});
        if (it == reasons_.end()) return {};
        std::string out;
        for (const auto& r : it->second) {
            if (!out.empty()) out += "; ";
            out += r;
        }
        return out;
    }

    void report_touching_ring(object_id_type node_id, osmium::Location) override {
        add("rings touch at node " + std::to_string(node_id));
    }
    void report_intersection(object_id_type way1_id, osmium::Location, osmium::Location,
                             object_id_type way2_id, osmium::Location, osmium::Location,
                             osmium::Location intersection) override {
        if (way1_id == way2_id) {
            add("way w" + std::to_string(way1_id) + " intersects itself at " +
                format_location(intersection));
        } else {
            add("ways w" + std::to_string(way1_id) + " and w" + std::to_string(way2_id) +
                " intersect at " + format_location(intersection));
        }
    }
    void report_duplicate_segment(const osmium::NodeRef& nr1,
                                  const osmium::NodeRef& nr2) override {
        add("duplicate segment n" + std::to_string(nr1.ref()) + "-n" + std::to_string(nr2.ref()));
    }
    void report_overlapping_segment(const osmium::NodeRef& nr1,
                                    const osmium::NodeRef& nr2) override {
        add("overlapping segments at n" + std::to_string(nr1.ref()) + "-n" +
            std::to_string(nr2.ref()));
    }
    void report_ring_not_closed(const osmium::NodeRef& nr, const osmium::Way*) override {
        add("ring not closed at node " + std::to_string(nr.ref()));
    }
    void report_way_in_multiple_rings(const osmium::Way& way) override {
        add("way w" + std::to_string(way.id()) + " is in several rings");
    }
    void report_invalid_location(object_id_type way_id, object_id_type node_id) override {
        add("node " + std::to_string(node_id) + " of way w" + std::to_string(way_id) +
            " has no location");
    }
    void report_duplicate_way(const osmium::Way& way) override {
        add("way w" + std::to_string(way.id()) + " is a member twice");
    }

private:
    void add(std::string reason) {
        auto& list = reasons_[{m_object_type == osmium::item_type::relation, m_object_id}];
        if (list.size() < 3 && std::find(list.begin(), list.end(), reason) == list.end())
            list.push_back(std::move(reason));
    }

    std::map<std::pair<bool, object_id_type>, std::vector<std::string>> reasons_;
};

/// What a way's (or ring's) node list gives: present/missing counts and vertex means.
struct NodeSummary {
    std::size_t present = 0;
    std::size_t missing = 0;    ///< node not in the file (no location)
    std::size_t bad = 0;        ///< location out of range or not transformable
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

/// Reads and categorises; one instance serves both passes and the assembler callback.
class Collector : public osmium::handler::Handler {
public:
    Collector(const std::string& path, const Taxonomy& taxonomy, const CrsTransform& crs,
              ProblemReport& problems, const AssemblyReasons& reasons)
        : path_(path), taxonomy_(taxonomy), crs_(crs), problems_(problems), reasons_(reasons),
          keys_(taxonomy.osm_keys()) {}

    OsmReadStats stats;

    /// Pass 1: remembers matching multipolygon relations and their member ways.
    void relation(const osmium::Relation& rel) {
        ++stats.relations;
        auto cats = match(rel.tags());
        if (cats.empty()) return;
        ++stats.matched_objects;
        const char* type = rel.tags().get_value_by_key("type");
        if (type == nullptr ||
            (std::strcmp(type, "multipolygon") != 0 && std::strcmp(type, "boundary") != 0)) {
            report(ProblemKind::wrong_geometry_type, OsmType::relation, rel.id(),
                   "relation type=" + std::string(type ? type : "(none)") + " matches " +
                       join_ids(cats) +
                       ", but only multipolygon/boundary relations become areas; not used",
                   std::nullopt);
            return;
        }
        Pending pending{std::move(cats), name_of(rel.tags())};
        std::unordered_set<object_id_type> seen;
        for (const auto& member : rel.members()) {
            if (member.type() != osmium::item_type::way || !seen.insert(member.ref()).second)
                continue;
            ++pending.members;
            member_of_[member.ref()].push_back(rel.id());
        }
        relations_.emplace(rel.id(), std::move(pending));
    }

    /// Pass 2: tagged nodes become point assets.
    void node(const osmium::Node& node) {
        ++stats.nodes;
        if (node.tags().empty()) return;
        auto cats = match(node.tags());
        if (cats.empty()) return;
        ++stats.matched_objects;
        cats = drop_area_categories(std::move(cats), OsmType::node, node.id(), "a node");
        if (cats.empty()) return;
        const osmium::Location loc = node.location();
        const auto p = loc.valid() ? to_metric(loc) : std::nullopt;
        if (!p) {
            report(ProblemKind::bad_coordinate, OsmType::node, node.id(),
                   "node location " + format_location(loc) +
                       " cannot be transformed to the metric CRS; not used",
                   std::nullopt);
            return;
        }
        emit(OsmType::node, node.id(), cats, name_of(node.tags()), *p, nullptr,
             LonLat{loc.lon(), loc.lat()});
    }

    /// Pass 2 (after the location handler): open ways become points; matching closed ways
    /// wait for their area from the assembler.
    void way(const osmium::Way& way) {
        ++stats.ways;
        const auto& nodes = way.nodes();
        if (!member_of_.empty()) note_member_way(way);
        if (way.tags().empty()) return;
        auto cats = match(way.tags());
        if (cats.empty()) return;
        ++stats.matched_objects;

        const bool closed = nodes.size() >= 4 && nodes.front().ref() == nodes.back().ref() &&
                            !way.tags().has_tag("area", "no");
        if (closed) {
            const NodeSummary s = summarise(nodes, nodes.size() - 1);
            if (s.missing > 0) {
                report(ProblemKind::incomplete_geometry, OsmType::way, way.id(),
                       std::to_string(s.missing) + " of " + std::to_string(nodes.size() - 1) +
                           " nodes missing from the extract (clipped); not used",
                       s.mean_m());
                return;
            }
            if (s.bad > 0) {
                report(ProblemKind::bad_coordinate, OsmType::way, way.id(),
                       std::to_string(s.bad) +
                           " node locations cannot be transformed to the metric CRS; not used",
                       std::nullopt);
                return;
            }
            ways_.emplace(way.id(), Pending{std::move(cats), name_of(way.tags())});
            return;
        }

        cats = drop_area_categories(std::move(cats), OsmType::way, way.id(),
                                    "an open (unclosed) way");
        if (cats.empty()) return;
        const NodeSummary s = summarise(nodes, nodes.size());
        if (s.bad > 0) {
            report(ProblemKind::bad_coordinate, OsmType::way, way.id(),
                   std::to_string(s.bad) +
                       " node locations cannot be transformed to the metric CRS; not used",
                   std::nullopt);
            return;
        }
        const auto mean = s.mean_m();
        if (!mean) {
            report(ProblemKind::incomplete_geometry, OsmType::way, way.id(),
                   nodes.empty() ? std::string("way has no nodes; not used")
                                 : "all " + std::to_string(nodes.size()) +
                                       " nodes missing from the extract (clipped); not used",
                   std::nullopt);
            return;
        }
        emit(OsmType::way, way.id(), cats, name_of(way.tags()), *mean, nullptr,
             back_to_lonlat(*mean, s.mean_lonlat()));
    }

    /// Areas from the assembler (closed ways and multipolygon relations).
    void area(const osmium::Area& area) {
        const bool from_way = area.from_way();
        const object_id_type id = area.orig_id();
        auto& pending_map = from_way ? ways_ : relations_;
        const auto it = pending_map.find(id);
        if (it == pending_map.end() || it->second.done) return;  // not matched (filter superset)
        Pending& pending = it->second;
        pending.done = true;
        const OsmType type = from_way ? OsmType::way : OsmType::relation;

        MultiPolygonM mp;
        NodeSummary all;
        bool ok = true;
        for (const auto& outer : area.outer_rings()) {
            PolygonM poly;
            ok = ok && convert_ring(outer, poly.outer, all);
            for (const auto& inner : area.inner_rings(outer)) {
                RingM hole;
                ok = ok && convert_ring(inner, hole, all);
                if (ok) poly.holes.push_back(std::move(hole));
            }
            if (ok) mp.push_back(std::move(poly));
        }
        if (!ok) {
            report(ProblemKind::bad_coordinate, type, id,
                   "a vertex location cannot be transformed to the metric CRS; not used",
                   std::nullopt);
            return;
        }
        if (mp.empty()) {
            report(ProblemKind::incomplete_geometry, type, id,
                   "assembled area has no rings; not used", std::nullopt);
            return;
        }
        const PointM loc = assetmap::centroid(mp);
        emit(type, id, pending.categories, pending.name, loc, &mp,
             back_to_lonlat(loc, all.mean_lonlat()));
    }

    /// After pass 2: reports every matching closed way or relation that produced no area.
    void finish() {
        for (const auto id : undone(ways_)) {
            const std::string why = reasons_.reasons(false, id);
            report(ProblemKind::incomplete_geometry, OsmType::way, id,
                   "closed way could not be assembled into a polygon" +
                       (why.empty() ? std::string() : " (" + why + ")") + "; not used",
                   std::nullopt);
        }
        for (const auto id : undone(relations_)) {
            const Pending& p = relations_.at(id);
            std::string message;
            if (p.members == 0) {
                message = "multipolygon relation has no way members; not used";
            } else if (p.members_found < p.members) {
                message = std::to_string(p.members - p.members_found) + " of " +
                          std::to_string(p.members) +
                          " member ways missing from the extract (clipped); not used";
            } else if (p.member_nodes_missing > 0) {
                message = std::to_string(p.member_nodes_missing) + " of " +
                          std::to_string(p.member_nodes) +
                          " member-way nodes missing from the extract (clipped); not used";
            } else {
                const std::string why = reasons_.reasons(true, id);
                message = "multipolygon could not be assembled (" +
                          (why.empty() ? std::string("rings do not close") : why) +
                          "); not used";
            }
            report(ProblemKind::incomplete_geometry, OsmType::relation, id, message,
                   std::nullopt);
        }
    }

    /// The assets, sorted by (type n < w < r, numeric id, category).
    std::vector<RawAsset> take_sorted() {
        std::sort(assets_.begin(), assets_.end(), [](const KeyedAsset& a, const KeyedAsset& b) {
            return std::tie(a.type, a.id, a.asset.category) <
                   std::tie(b.type, b.id, b.asset.category);
        });
        std::vector<RawAsset> out;
        out.reserve(assets_.size());
        for (auto& k : assets_) out.push_back(std::move(k.asset));
        assets_.clear();
        return out;
    }

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

    static std::string name_of(const osmium::TagList& tags) {
        const char* name = tags.get_value_by_key("name");
        return name ? std::string(name) : std::string();
    }

    /// Categories matching these tags; cheap rejection when no tag key is relevant.
    std::vector<const Category*> match(const osmium::TagList& tags) {
        bool relevant = false;
        for (const auto& tag : tags) {
            const std::string_view key = tag.key();
            if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) {
                relevant = true;
                break;
            }
        }
        if (!relevant) return {};
        tag_buffer_.clear();
        for (const auto& tag : tags) tag_buffer_.emplace_back(tag.key(), tag.value());
        return taxonomy_.match_osm(tag_buffer_);
    }

    /// Removes area categories from `cats` for an object that cannot have a polygon,
    /// reporting each as wrong_geometry_type.
    std::vector<const Category*> drop_area_categories(std::vector<const Category*> cats,
                                                      OsmType type, object_id_type id,
                                                      const char* what) {
        std::vector<const Category*> kept;
        for (const auto* c : cats) {
            if (!c->is_area) {
                kept.push_back(c);
                continue;
            }
            report(ProblemKind::wrong_geometry_type, type, id,
                   std::string("tagged as area category '") + c->id + "' but is " + what +
                       ", so it has no polygon; not used as " + c->id,
                   std::nullopt);
        }
        return kept;
    }

    std::optional<PointM> to_metric(const osmium::Location& loc) const {
        if (!loc.valid()) return std::nullopt;
        auto p = crs_.to_metric(loc.lon(), loc.lat());
        if (p && (!std::isfinite(p->x_m) || !std::isfinite(p->y_m))) return std::nullopt;
        return p;
    }

    LonLat back_to_lonlat(const PointM& p, const LonLat& fallback) const {
        const auto ll = crs_.to_source(p);
        if (ll && std::isfinite(ll->lon_deg) && std::isfinite(ll->lat_deg)) return *ll;
        return fallback;
    }

    /// Summarises the first `count` nodes of a way (locations set by the location handler).
    NodeSummary summarise(const osmium::WayNodeList& nodes, std::size_t count) const {
        NodeSummary s;
        std::size_t i = 0;
        for (const auto& nr : nodes) {
            if (i++ == count) break;
            const osmium::Location loc = nr.location();
            if (loc.is_undefined()) {
                ++s.missing;
                continue;
            }
            const auto p = to_metric(loc);
            if (!p) {
                ++s.bad;
                continue;
            }
            ++s.present;
            s.sum_x += p->x_m;
            s.sum_y += p->y_m;
            s.sum_lon += loc.lon();
            s.sum_lat += loc.lat();
        }
        return s;
    }

    /// Converts an assembled ring to metric (closed); false if a vertex cannot be used.
    bool convert_ring(const osmium::NodeRefList& ring, RingM& out, NodeSummary& all) const {
        out.reserve(ring.size() + 1);
        for (const auto& nr : ring) {
            const auto p = to_metric(nr.location());
            if (!p) return false;
            out.push_back(*p);
            ++all.present;
            all.sum_lon += nr.location().lon();
            all.sum_lat += nr.location().lat();
        }
        if (out.empty()) return false;
        if (!(out.front() == out.back())) out.push_back(out.front());
        return out.size() >= 4;
    }

    /// Records a member way of matching relations (pass 2).
    void note_member_way(const osmium::Way& way) {
        const auto it = member_of_.find(way.id());
        if (it == member_of_.end()) return;
        std::size_t missing = 0;
        for (const auto& nr : way.nodes())
            if (nr.location().is_undefined()) ++missing;
        for (const auto rel_id : it->second) {
            Pending& p = relations_.at(rel_id);
            ++p.members_found;
            p.member_nodes += way.nodes().size();
            p.member_nodes_missing += missing;
        }
    }

    static std::vector<object_id_type> undone(
        const std::unordered_map<object_id_type, Pending>& pending) {
        std::vector<object_id_type> ids;
        for (const auto& [id, p] : pending)
            if (!p.done) ids.push_back(id);
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    void emit(OsmType type, object_id_type id, const std::vector<const Category*>& cats,
              const std::string& name, const PointM& location, const MultiPolygonM* polygon,
              const LonLat& lonlat) {
        const std::string sid = osm_id(type, id);
        for (const auto* c : cats) {
            RawAsset a;
            a.source_id = sid;
            a.category = c->id;
            a.name = name;
            a.location = location;
            if (c->is_area && polygon != nullptr) a.footprint = *polygon;
            a.lonlat = lonlat;
            assets_.push_back({type, id, std::move(a)});
        }
    }

    void report(ProblemKind kind, OsmType type, object_id_type id, std::string message,
                std::optional<PointM> location) {
        Problem p;
        p.kind = kind;
        p.source = path_;
        p.feature = osm_id(type, id);
        p.message = std::move(message);
        p.location = location;
        problems_.add(std::move(p));
    }

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

/// Tags an object needs before osmium assembles it: the first condition of every selector
/// (necessary for a match, so this is a cheap superset of the taxonomy).
osmium::TagsFilter assembly_filter(const Taxonomy& taxonomy) {
    osmium::TagsFilter filter{false};
    for (const auto& category : taxonomy.categories()) {
        for (const auto& selector : category.osm) {
            if (selector.all_of.empty()) continue;
            const TagCondition& first = selector.all_of.front();
            if (first.values.empty()) {
                filter.add_rule(true, osmium::TagMatcher{first.key});
            } else {
                for (const auto& value : first.values)
                    filter.add_rule(true, osmium::TagMatcher{first.key, value});
            }
        }
    }
    return filter;
}

using LocationIndex =
    osmium::index::map::SparseMemArray<osmium::unsigned_object_id_type, osmium::Location>;

std::vector<RawAsset> read_impl(const std::string& path, const Taxonomy& taxonomy,
                                const CrsTransform& to_metric, ProblemReport& problems,
                                OsmReadStats* stats, const ProgressFn& progress) {
    const osmium::io::File file{path};

    AssemblyReasons reasons;
    osmium::area::Assembler::config_type config;
    config.problem_reporter = &reasons;
    config.create_empty_areas = false;  // a failed assembly yields no area at all
    osmium::area::MultipolygonManager<osmium::area::Assembler> manager{config,
                                                                       assembly_filter(taxonomy)};
    ProblemReport found;  // handed over only when the whole file was read
    Collector collector{path, taxonomy, to_metric, found, reasons};

    // Pass 1: relations.
    {
        osmium::io::Reader reader{file, osmium::osm_entity_bits::relation,
                                  osmium::io::read_meta::no};
        const std::size_t size = reader.file_size();
        while (osmium::memory::Buffer buffer = reader.read()) {
            osmium::apply(buffer, collector, manager);
            report_progress(progress, "osm pass 1", reader.offset(), size);
        }
        reader.close();
    }
    manager.prepare_for_lookup();

    // Pass 2: nodes and ways, with node locations and area assembly.
    {
        LocationIndex positive_ids;
        LocationIndex negative_ids;
        osmium::handler::NodeLocationsForWays<LocationIndex, LocationIndex> locations{
            positive_ids, negative_ids};
        locations.ignore_errors();  // clipped extracts: ways refer to nodes not in the file

        auto& assembled = manager.handler([&collector](osmium::memory::Buffer&& areas) {
            osmium::apply(areas, collector);
        });
        const auto entities = osmium::osm_entity_bits::node | osmium::osm_entity_bits::way;
        osmium::io::Reader reader{file, entities, osmium::io::read_meta::no};
        const std::size_t size = reader.file_size();
        while (osmium::memory::Buffer buffer = reader.read()) {
            osmium::apply(buffer, locations, collector, assembled);
            report_progress(progress, "osm pass 2", reader.offset(), size);
        }
        reader.close();
        assembled.flush();
    }
    collector.finish();

    if (stats != nullptr) *stats = collector.stats;
    for (const auto& problem : found.problems()) problems.add(problem);
    return collector.take_sorted();
}

}  // namespace

std::vector<RawAsset> read_osm_assets(const std::string& path, const std::string& source_name,
                                      const Taxonomy& taxonomy, const CrsTransform& to_metric,
                                      ProblemReport& problems, OsmReadStats* stats,
                                      const ProgressFn& progress) {
    (void)source_name;  // problems name the file; the caller labels assets by source
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw input_error(path, "file not found; check the path (an .osm.pbf or .osm file)");
    if (!fs::is_regular_file(path, ec))
        throw input_error(path, "not a regular file; give the path of an .osm.pbf or .osm file");
    if (fs::file_size(path, ec) == 0 && !ec)
        throw input_error(path, "the file is empty; re-download or re-extract the OSM data");

    try {
        return read_impl(path, taxonomy, to_metric, problems, stats, progress);
    } catch (const assetmap::error&) {
        throw;
    } catch (const osmium::unsupported_file_format_error& e) {
        throw input_error(path, std::string("unsupported OSM file format (") + e.what() +
                                    "); use .osm.pbf, .osm, .osm.gz or .osm.bz2");
    } catch (const osmium::pbf_error& e) {
        throw input_error(path, std::string("truncated or malformed OSM PBF data (") + e.what() +
                                    "); re-download or re-extract the file");
    } catch (const osmium::xml_error& e) {
        throw input_error(path, std::string("truncated or malformed OSM XML (") + e.what() +
                                    "); check that the file is complete OSM XML 0.6");
    } catch (const osmium::format_version_error& e) {
        throw input_error(path, std::string("unsupported OSM XML version (") + e.what() +
                                    "); export the data as OSM XML 0.6 or .osm.pbf");
    } catch (const osmium::gzip_error& e) {
        throw input_error(path, std::string("cannot decompress (") + e.what() +
                                    "); the compressed file is truncated or corrupt, "
                                    "re-download it");
    } catch (const osmium::bzip2_error& e) {
        throw input_error(path, std::string("cannot decompress (") + e.what() +
                                    "); the compressed file is truncated or corrupt, "
                                    "re-download it");
    } catch (const osmium::out_of_order_error& e) {
        throw input_error(path, std::string("objects are not sorted by type and id (") +
                                    e.what() + "); sort the file with 'osmium sort'");
    } catch (const osmium::io_error& e) {
        throw input_error(path, std::string("cannot read the OSM file (") + e.what() +
                                    "); give a complete .osm.pbf, .osm, .osm.gz or .osm.bz2 "
                                    "file");
    } catch (const std::system_error& e) {
        throw input_error(path, std::string("cannot read the file (") + e.what() +
                                    "); check that it exists and is readable");
    } catch (const std::exception& e) {
        throw input_error(path, std::string("reading OSM data failed (") + e.what() +
                                    "); check that it is a complete .osm.pbf or .osm file");
    }
}

}  // namespace assetmap::io
