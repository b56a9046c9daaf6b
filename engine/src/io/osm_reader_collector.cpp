/// @file OSM reader internals: the handler that categorises OSM objects into assets and
/// reports the objects it cannot use (see osm_reader.cpp for the passes that drive it).

#include "osm_reader_detail.hpp"

#include <osmium/osm/area.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/relation.hpp>
#include <osmium/osm/tag.hpp>
#include <osmium/osm/way.hpp>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <utility>

namespace assetmap::io::detail {

namespace {

std::string join_ids(const std::vector<const Category*>& cats) {
    std::string out;
    for (const auto* c : cats) {
        if (!out.empty()) out += ", ";
        out += c->id;
    }
    return out;
}

}  // namespace

Collector::Collector(const std::string& path, const Taxonomy& taxonomy, const CrsTransform& crs,
                     ProblemReport& problems, const AssemblyReasons& reasons)
    : path_(path), taxonomy_(taxonomy), crs_(crs), problems_(problems), reasons_(reasons),
      keys_(taxonomy.osm_keys()) {}

void Collector::relation(const osmium::Relation& rel) {
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

void Collector::node(const osmium::Node& node) {
    ++stats.nodes;
    if (node.tags().empty()) return;
    auto cats = match(node.tags());
    if (cats.empty()) return;
    ++stats.matched_objects;
    cats = drop_area_categories(std::move(cats), OsmType::node, node.id(), "a node");
    if (cats.empty()) return;
    const osmium::Location loc = node.location();
    const auto p = loc.valid() ? to_metric(crs_, loc) : std::nullopt;
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

void Collector::way(const osmium::Way& way) {
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
        const NodeSummary s = summarise(crs_, nodes, nodes.size() - 1);
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
    const NodeSummary s = summarise(crs_, nodes, nodes.size());
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
         back_to_lonlat(crs_, *mean, s.mean_lonlat()));
}

void Collector::area(const osmium::Area& area) {
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
    if (!convert_area(crs_, area, mp, all)) {
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
         back_to_lonlat(crs_, loc, all.mean_lonlat()));
}

void Collector::finish() {
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

std::vector<RawAsset> Collector::take_sorted() {
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

std::string Collector::name_of(const osmium::TagList& tags) {
    const char* name = tags.get_value_by_key("name");
    return name ? std::string(name) : std::string();
}

/// Categories matching these tags; cheap rejection when no tag key is relevant.
std::vector<const Category*> Collector::match(const osmium::TagList& tags) {
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
std::vector<const Category*> Collector::drop_area_categories(std::vector<const Category*> cats,
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

/// Records a member way of matching relations (pass 2).
void Collector::note_member_way(const osmium::Way& way) {
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

std::vector<object_id_type> Collector::undone(
    const std::unordered_map<object_id_type, Pending>& pending) {
    std::vector<object_id_type> ids;
    for (const auto& [id, p] : pending)
        if (!p.done) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

void Collector::emit(OsmType type, object_id_type id, const std::vector<const Category*>& cats,
                     const std::string& name, const PointM& location,
                     const MultiPolygonM* polygon, const LonLat& lonlat) {
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

void Collector::report(ProblemKind kind, OsmType type, object_id_type id, std::string message,
                       std::optional<PointM> location) {
    Problem p;
    p.kind = kind;
    p.source = path_;
    p.feature = osm_id(type, id);
    p.message = std::move(message);
    p.location = location;
    problems_.add(std::move(p));
}

}  // namespace assetmap::io::detail
