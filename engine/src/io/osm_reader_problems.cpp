/// @file OSM reader internals: object ids and the adapter that keeps the reasons osmium's
/// assembler reports, for the problems of objects that end up without an area.

#include "osm_reader_detail.hpp"

#include <osmium/osm/node_ref.hpp>
#include <osmium/osm/way.hpp>

#include <algorithm>
#include <string>
#include <utility>

namespace assetmap::io::detail {

std::string osm_id(OsmType type, object_id_type id) {
    const char letter = type == OsmType::node ? 'n' : type == OsmType::way ? 'w' : 'r';
    return letter + std::to_string(id);
}

std::string format_location(const osmium::Location& loc) {
    if (!loc.valid()) return "an invalid location";
    return "(" + std::to_string(loc.lon()) + ", " + std::to_string(loc.lat()) + ")";
}

std::string AssemblyReasons::reasons(bool relation, object_id_type id) const {
    const auto it = reasons_.find({relation, id});
    if (it == reasons_.end()) return {};
    std::string out;
    for (const auto& r : it->second) {
        if (!out.empty()) out += "; ";
        out += r;
    }
    return out;
}

void AssemblyReasons::report_touching_ring(object_id_type node_id, osmium::Location) {
    add("rings touch at node " + std::to_string(node_id));
}

void AssemblyReasons::report_intersection(object_id_type way1_id, osmium::Location,
                                          osmium::Location, object_id_type way2_id,
                                          osmium::Location, osmium::Location,
                                          osmium::Location intersection) {
    if (way1_id == way2_id) {
        add("way w" + std::to_string(way1_id) + " intersects itself at " +
            format_location(intersection));
    } else {
        add("ways w" + std::to_string(way1_id) + " and w" + std::to_string(way2_id) +
            " intersect at " + format_location(intersection));
    }
}

void AssemblyReasons::report_duplicate_segment(const osmium::NodeRef& nr1,
                                               const osmium::NodeRef& nr2) {
    add("duplicate segment n" + std::to_string(nr1.ref()) + "-n" + std::to_string(nr2.ref()));
}

void AssemblyReasons::report_overlapping_segment(const osmium::NodeRef& nr1,
                                                 const osmium::NodeRef& nr2) {
    add("overlapping segments at n" + std::to_string(nr1.ref()) + "-n" +
        std::to_string(nr2.ref()));
}

void AssemblyReasons::report_ring_not_closed(const osmium::NodeRef& nr, const osmium::Way*) {
    add("ring not closed at node " + std::to_string(nr.ref()));
}

void AssemblyReasons::report_way_in_multiple_rings(const osmium::Way& way) {
    add("way w" + std::to_string(way.id()) + " is in several rings");
}

void AssemblyReasons::report_invalid_location(object_id_type way_id, object_id_type node_id) {
    add("node " + std::to_string(node_id) + " of way w" + std::to_string(way_id) +
        " has no location");
}

void AssemblyReasons::report_duplicate_way(const osmium::Way& way) {
    add("way w" + std::to_string(way.id()) + " is a member twice");
}

void AssemblyReasons::add(std::string reason) {
    auto& list = reasons_[{m_object_type == osmium::item_type::relation, m_object_id}];
    if (list.size() < 3 && std::find(list.begin(), list.end(), reason) == list.end())
        list.push_back(std::move(reason));
}

}  // namespace assetmap::io::detail
