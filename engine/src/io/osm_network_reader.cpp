/// @file The walking network from OSM (libosmium): one pass over nodes and ways, then the
/// split into edges at junctions.
///
/// Pass: node locations go into sparse indexes (positive and negative ids), and every way a
/// pedestrian may use (walkable()) is copied as its node ids and locations; repeated
/// consecutive node ids are dropped (zero-length steps).
///
/// Build: ways are taken in id order. Every distinct node with a location is transformed to
/// the metric CRS once. A node is a network node when it is a way end, the end of a run of
/// located nodes (a way is split where nodes are missing from a clipped extract, or cannot
/// be transformed), or used twice or more by the kept ways (a junction, or where a way
/// touches itself). Network nodes are numbered in the order they are first met, so nodes and
/// edges come out in (way id, position) order: deterministic for a given file.
///
/// All libosmium headers are confined to this file (they compile slowly).

#include <assetmap/core/error.hpp>
#include <assetmap/io/osm_network_reader.hpp>

#include "osm_reader_detail.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/sparse_mem_array.hpp>
#include <osmium/io/any_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/osm/location.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <new>
#include <numeric>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace assetmap::io {

namespace {

using osmium::object_id_type;

constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

/// Highway classes a pedestrian can use (trunk only without foot=no, checked by the caller
/// through the general foot=no rule).
constexpr std::array<std::string_view, 19> walkable_classes{
    // paths and small streets
    "footway", "path", "pedestrian", "steps", "living_street", "residential", "service",
    "unclassified", "track", "cycleway", "bridleway",
    // roads and their links
    "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link",
    "trunk", "trunk_link"};

bool equals(const char* value, std::string_view expected) {
    return value != nullptr && std::string_view(value) == expected;
}

/// The README's walking rules: a walkable highway class, not foot=no|private, and not
/// access=no|private unless foot=yes|designated|permissive. Motorways are never walkable.
bool walkable(const osmium::TagList& tags, std::string_view highway) {
    if (std::find(walkable_classes.begin(), walkable_classes.end(), highway) ==
        walkable_classes.end())
        return false;  // motorway, construction, proposed, platform, raceway, bus_guideway, …
    const char* foot = tags.get_value_by_key("foot");
    if (equals(foot, "no") || equals(foot, "private")) return false;
    const char* access = tags.get_value_by_key("access");
    if (equals(access, "no") || equals(access, "private"))
        return equals(foot, "yes") || equals(foot, "designated") || equals(foot, "permissive");
    return true;
}

/// A kept way: its vertices are [first, first + count) of the collector's vertex arrays.
struct KeptWay {
    object_id_type id = 0;
    std::string highway;
    std::size_t first = 0;
    std::size_t count = 0;
};

/// Collects the walkable ways (after the location handler has set node locations).
class WayCollector : public osmium::handler::Handler {
public:
    std::vector<KeptWay> ways;
    std::vector<object_id_type> refs;        ///< node id per vertex
    std::vector<osmium::Location> locations; ///< per vertex; undefined when missing
    std::size_t ways_read = 0;

    void way(const osmium::Way& way) {
        const char* highway = way.tags().get_value_by_key("highway");
        if (highway == nullptr) return;
        ++ways_read;
        if (!walkable(way.tags(), highway)) return;
        KeptWay kept{way.id(), highway, refs.size(), 0};
        for (const auto& nr : way.nodes()) {
            if (refs.size() > kept.first && refs.back() == nr.ref()) continue;
            refs.push_back(nr.ref());
            locations.push_back(nr.location());
        }
        kept.count = refs.size() - kept.first;
        ways.push_back(std::move(kept));
    }
};

std::string way_feature(object_id_type id) { return "w" + std::to_string(id); }

/// Splits the collected ways into network nodes and edges (see the file comment).
NetworkData build_network(const std::string& path, const WayCollector& c,
                          const CrsTransform& to_metric, ProblemReport& problems,
                          const ProgressFn& progress) {
    const std::size_t nv = c.refs.size();
    if (nv >= npos) throw input_error(path, "too many way nodes for one network (over 2^32)");

    // Distinct located nodes: uid per vertex, use count and metric point per uid.
    std::vector<std::pair<object_id_type, std::uint32_t>> keyed;
    keyed.reserve(nv);
    for (std::size_t v = 0; v < nv; ++v)
        if (c.locations[v].valid()) keyed.emplace_back(c.refs[v], static_cast<std::uint32_t>(v));
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::uint32_t> uid(nv, npos);
    std::vector<std::uint32_t> uses;
    std::vector<PointM> metric;
    std::vector<char> transformable;
    for (std::size_t k = 0; k < keyed.size();) {
        std::size_t end = k + 1;
        while (end < keyed.size() && keyed[end].first == keyed[k].first) ++end;
        const auto u = static_cast<std::uint32_t>(uses.size());
        const osmium::Location loc = c.locations[keyed[k].second];
        const auto p = to_metric.to_metric(loc.lon(), loc.lat());
        const bool ok = p && std::isfinite(p->x_m) && std::isfinite(p->y_m);
        uses.push_back(static_cast<std::uint32_t>(end - k));
        metric.push_back(ok ? *p : PointM{});
        transformable.push_back(ok ? 1 : 0);
        for (; k < end; ++k) uid[keyed[k].second] = u;
    }

    std::vector<std::uint32_t> order(c.ways.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return c.ways[a].id < c.ways[b].id;
    });

    NetworkData out;
    out.ways_read = c.ways_read;
    std::vector<std::uint32_t> node_of(uses.size(), npos);
    auto node_index = [&](std::size_t v) {
        const std::uint32_t u = uid[v];
        if (node_of[u] == npos) {
            node_of[u] = static_cast<std::uint32_t>(out.nodes.size());
            out.nodes.push_back(metric[u]);
            out.node_osm_ids.push_back(c.refs[v]);
        }
        return node_of[u];
    };

    std::vector<std::size_t> run;  // vertex positions of one run of usable nodes
    std::size_t done = 0;
    for (const std::uint32_t w : order) {
        const KeptWay& way = c.ways[w];
        std::size_t missing = 0, bad = 0, edges_before = out.edges.size();
        std::optional<PointM> where;
        auto flush = [&]() {
            if (run.size() >= 2) {
                std::size_t start = 0;
                for (std::size_t k = 1; k < run.size(); ++k) {
                    if (k + 1 < run.size() && uses[uid[run[k]]] < 2) continue;
                    NetworkEdge e;
                    e.from = node_index(run[start]);
                    e.to = node_index(run[k]);
                    e.way_id = way.id;
                    e.highway = way.highway;
                    e.shape.reserve(k - start - 1);
                    double length = 0.0;
                    for (std::size_t j = start + 1; j <= k; ++j) {
                        const PointM& a = metric[uid[run[j - 1]]];
                        const PointM& b = metric[uid[run[j]]];
                        length += distance_m(a, b);
                        if (j < k) e.shape.push_back(b);
                    }
                    e.length_m = length;
                    out.edges.push_back(std::move(e));
                    start = k;
                }
            }
            run.clear();
        };
        for (std::size_t v = way.first; v < way.first + way.count; ++v) {
            if (uid[v] == npos && c.locations[v].is_undefined()) {
                ++missing;
                flush();
            } else if (uid[v] == npos || !transformable[uid[v]]) {  // out of range, PROJ fails
                ++bad;
                flush();
            } else {
                if (!where) where = metric[uid[v]];
                run.push_back(v);
            }
        }
        flush();
        const bool used = out.edges.size() > edges_before;
        if (used) ++out.ways_used;

        auto report = [&](ProblemKind kind, std::string message) {
            problems.add(Problem{kind, path, {}, way_feature(way.id), {}, std::move(message),
                                 where});
        };
        const std::string n = std::to_string(way.count);
        if (missing > 0) {
            report(ProblemKind::incomplete_geometry,
                   std::to_string(missing) + " of " + n +
                       " nodes missing from the extract (clipped); " +
                       (used ? "way split at the gaps" : "not used"));
        }
        if (bad > 0) {
            report(ProblemKind::bad_coordinate,
                   std::to_string(bad) + " of " + n +
                       " node locations cannot be transformed to the metric CRS; " +
                       (used ? "way split there" : "not used"));
        }
        if (missing == 0 && bad == 0 && !used)
            report(ProblemKind::incomplete_geometry,
                   "way has fewer than two distinct nodes; not used");
        if (++done % 4096 == 0) report_progress(progress, "network build", done, order.size());
    }
    report_progress(progress, "network build", order.size(), order.size());
    if (out.nodes.size() >= npos)
        throw input_error(path, "too many network nodes for one network (over 2^32)");
    return out;
}

using LocationIndex =
    osmium::index::map::SparseMemArray<osmium::unsigned_object_id_type, osmium::Location>;

NetworkData read_impl(const std::string& path, const CrsTransform& to_metric,
                      ProblemReport& problems, const ProgressFn& progress) {
    const osmium::io::File file{path};
    if (file.format() == osmium::io::file_format::pbf) detail::check_pbf_blob_headers(path);
    WayCollector collector;
    {
        LocationIndex positive_ids;
        LocationIndex negative_ids;
        osmium::handler::NodeLocationsForWays<LocationIndex, LocationIndex> locations{
            positive_ids, negative_ids};
        locations.ignore_errors();  // clipped extracts: ways refer to nodes not in the file
        const auto entities = osmium::osm_entity_bits::node | osmium::osm_entity_bits::way;
        osmium::io::Reader reader{file, entities, osmium::io::read_meta::no};
        const std::size_t size = reader.file_size();
        while (osmium::memory::Buffer buffer = reader.read()) {
            osmium::apply(buffer, locations, collector);
            report_progress(progress, "network read", reader.offset(), size);
        }
        reader.close();
    }
    if (collector.ways.empty()) {
        throw input_error(path, "no walkable ways; is this an OSM extract with highways? "
                                "(ways tagged highway: " +
                                    std::to_string(collector.ways_read) + ")");
    }

    ProblemReport found;  // handed over only when the network is usable
    NetworkData network = build_network(path, collector, to_metric, found, progress);
    if (network.edges.empty()) {
        throw input_error(path, "no walkable ways with node locations (" +
                                    std::to_string(collector.ways.size()) +
                                    " walkable ways, none with two located nodes); is the "
                                    "extract complete (ways need their nodes)?");
    }
    for (const auto& problem : found.problems()) problems.add(problem);
    return network;
}

}  // namespace

NetworkData read_walking_network(const std::string& path, const CrsTransform& to_metric,
                                 ProblemReport& problems, const ProgressFn& progress) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw input_error(path, "file not found; check the path (an .osm.pbf or .osm file)");
    if (!fs::is_regular_file(path, ec))
        throw input_error(path, "not a regular file; give the path of an .osm.pbf or .osm file");
    if (fs::file_size(path, ec) == 0 && !ec)
        throw input_error(path, "the file is empty; re-download or re-extract the OSM data");

    try {
        return read_impl(path, to_metric, problems, progress);
    } catch (...) {
        detail::rethrow_as_input_error(path);
    }
}

}  // namespace assetmap::io
