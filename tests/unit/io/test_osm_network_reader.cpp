// Tests of io::read_walking_network on the hand-made fixture
// datasets/fixtures/network/walk_grid.osm (drawn in its header comment), on broken input, and
// (tag [data]) on the real Newport extract; plus the fixture through network::WalkGraph,
// Snapper and shortest paths end to end.
//
// Expected metric coordinates come from PROJ's command-line tool (EPSG:4326 takes lat lon):
//
//   echo "51.5800 -3.0000" | cs2cs -f %.4f EPSG:4326 EPSG:27700   (and so on per node)
//   n1 330804.2771 187267.2109   n2 330908.2133 187265.7902   n3 331012.1495 187264.3717
//   n4 330805.6463 187367.3038   n5 330909.5805 187365.8831   n6 331013.5146 187364.4646
//   n7 330807.0155 187467.3967   n8 330910.9476 187465.9760   n9 331014.8797 187464.5575
//   n12 331118.8118 187463.1411  n13 331222.7439 187461.7268
//   n40 331257.9925 187505.7416  n41 331223.9537 187550.6983  n42 331188.7051 187506.6837
//   n30 330808.3848 187567.4896  n31 330809.7540 187667.5825  n32 330810.6669 187734.3111
//   n-20 330811.8840 187823.2826 n-21 330915.8088 187821.8619 n-23 330916.7202 187888.5906
//
// Lengths (Euclidean between those points, metres):
//   n1–n2 103.9459 (w101)   n4–n5 103.9439 (w102)   n7–n8 103.9418 (w103 steps)
//   n2–n5 100.1022 (w202)   n9–n12 103.9418 (w303)  n12–n13 103.9417 (w306 trunk)
//   n31–n32 66.7348 (w501 after the gap)   n-21–n-23 66.7349 (w-402)
//   plaza loop n13–n40–n41–n42–n13: 225.5573 (w601)
//   w101 n1–n2–n3: 207.8918
//   missing link n5→n6: via n8–n9: 100.1022 + 103.9418 + 100.1022 = 304.1462
//                       via n2–n3: 100.1022 + 103.9459 + 100.1022 = 304.1503 → 304.1462
// Lengths are compared within 1 cm (the inputs are rounded to 0.1 mm).

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/osm_network_reader.hpp>
#include <assetmap/network/shortest_paths.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using assetmap::NetworkData;
using assetmap::NetworkEdge;
using assetmap::PointM;
using assetmap::ProblemKind;
using assetmap::ProblemReport;
using assetmap::io::CrsTransform;
using assetmap::io::read_walking_network;

namespace {

constexpr double cm = 0.01;

const CrsTransform& wgs84_to_bng() {
    static const CrsTransform crs("EPSG:4326", "EPSG:27700");
    return crs;
}

std::string fixture(const std::string& name) {
    return assetmap::test::fixture("network/" + name);
}

NetworkData read_fixture(ProblemReport& problems) {
    return read_walking_network(fixture("walk_grid.osm"), wgs84_to_bng(), problems);
}

/// Node index of an OSM node id (fails the test if absent).
std::uint32_t node_of(const NetworkData& d, std::int64_t osm_id) {
    const auto it = std::find(d.node_osm_ids.begin(), d.node_osm_ids.end(), osm_id);
    REQUIRE(it != d.node_osm_ids.end());
    return static_cast<std::uint32_t>(it - d.node_osm_ids.begin());
}

/// The edges of a way, in order.
std::vector<const NetworkEdge*> edges_of(const NetworkData& d, std::int64_t way_id) {
    std::vector<const NetworkEdge*> out;
    for (const auto& e : d.edges)
        if (e.way_id == way_id) out.push_back(&e);
    return out;
}

}  // namespace

TEST_CASE("read_walking_network: the walkable ways of the fixture", "[io][network]") {
    ProblemReport problems;
    const NetworkData d = read_fixture(problems);

    // Kept: w-402 w-401 (island), w101..w103, w201..w203, w303 (private, foot=yes),
    // w306 (trunk), w501 (clipped), w601 (plaza). Not: w301 (foot=no), w302 (private),
    // w304 (motorway), w305 (trunk, foot=no), w307 (construction); w308 has no highway.
    CHECK(d.ways_read == 17);
    CHECK(d.ways_used == 12);
    std::set<std::int64_t> ways;
    for (const auto& e : d.edges) ways.insert(e.way_id);
    CHECK(ways == std::set<std::int64_t>{-402, -401, 101, 102, 103, 201, 202, 203, 303, 306,
                                         501, 601});

    // Nodes are way ends and junctions only: main part 1–5, 7–9, 12, 13, 30; island
    // -20..-23; the clipped piece 31, 32. Only the excluded w302 meets w203 at n6, so n6 is
    // shape of w203 (as the plaza corners 40–42 are of w601); 10, 11 belong to excluded ways
    // only; 99 is missing.
    const std::set<std::int64_t> ids(d.node_osm_ids.begin(), d.node_osm_ids.end());
    CHECK(ids == std::set<std::int64_t>{-23, -22, -21, -20, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 30,
                                        31, 32});
    CHECK(d.nodes.size() == 17);
    CHECK(d.node_osm_ids.size() == d.nodes.size());
    // w-402 1, w-401 2, w101 2, w102 1, w103 2, w201 2, w202 2, w203 1, w303 1, w306 1,
    // w501 2, w601 1.
    CHECK(d.edges.size() == 18);

    // Deterministic order: ways by id, so the island (negative ids) comes first.
    CHECK(d.node_osm_ids[0] == -21);
    CHECK(d.node_osm_ids[1] == -23);
    CHECK(d.edges[0].way_id == -402);

    const auto n1 = node_of(d, 1);
    CHECK(d.nodes[n1].x_m == Approx(330804.2771).margin(1e-3));
    CHECK(d.nodes[n1].y_m == Approx(187267.2109).margin(1e-3));
}

TEST_CASE("read_walking_network: split at junctions, lengths in metres", "[io][network]") {
    ProblemReport problems;
    const NetworkData d = read_fixture(problems);

    // w101 (oneway=yes, still walkable) is split at n2, where w202 crosses.
    const auto w101 = edges_of(d, 101);
    REQUIRE(w101.size() == 2);
    CHECK(d.node_osm_ids[w101[0]->from] == 1);
    CHECK(d.node_osm_ids[w101[0]->to] == 2);
    CHECK(w101[0]->length_m == Approx(103.9459).margin(cm));
    CHECK(w101[0]->highway == "residential");
    CHECK(w101[0]->shape.empty());
    CHECK(w101[0]->length_m + w101[1]->length_m == Approx(207.8918).margin(cm));

    const auto steps = edges_of(d, 103);
    REQUIRE(steps.size() == 2);
    CHECK(steps[0]->highway == "steps");
    CHECK(steps[0]->length_m == Approx(103.9418).margin(cm));

    const auto w102 = edges_of(d, 102);
    REQUIRE(w102.size() == 1);
    CHECK(w102[0]->length_m == Approx(103.9439).margin(cm));

    const auto w202 = edges_of(d, 202);
    REQUIRE(w202.size() == 2);
    CHECK(w202[0]->length_m == Approx(100.1022).margin(cm));

    // w203 n3–n6–n9 is one edge: nothing walkable joins at n6, which stays as shape.
    const auto w203 = edges_of(d, 203);
    REQUIRE(w203.size() == 1);
    REQUIRE(w203[0]->shape.size() == 1);
    CHECK(w203[0]->shape[0].x_m == Approx(331013.5146).margin(1e-3));
    CHECK(w203[0]->length_m == Approx(2 * 100.1022).margin(cm));

    CHECK(edges_of(d, 303).at(0)->length_m == Approx(103.9418).margin(cm));
    CHECK(edges_of(d, 306).at(0)->length_m == Approx(103.9417).margin(cm));
    CHECK(edges_of(d, -402).at(0)->length_m == Approx(66.7349).margin(cm));

    // The plaza outline: one closed edge n13 → n13 with its three corners as shape.
    const auto plaza = edges_of(d, 601);
    REQUIRE(plaza.size() == 1);
    CHECK(plaza[0]->from == plaza[0]->to);
    CHECK(d.node_osm_ids[plaza[0]->from] == 13);
    REQUIRE(plaza[0]->shape.size() == 3);
    CHECK(plaza[0]->shape[1].x_m == Approx(331223.9537).margin(1e-3));
    CHECK(plaza[0]->length_m == Approx(225.5573).margin(cm));
}

TEST_CASE("read_walking_network: a clipped way is split and reported once", "[io][network]") {
    ProblemReport problems;
    const NetworkData d = read_fixture(problems);

    const auto w501 = edges_of(d, 501);
    REQUIRE(w501.size() == 2);
    CHECK(d.node_osm_ids[w501[0]->from] == 7);
    CHECK(d.node_osm_ids[w501[0]->to] == 30);
    CHECK(d.node_osm_ids[w501[1]->from] == 31);
    CHECK(d.node_osm_ids[w501[1]->to] == 32);
    CHECK(w501[1]->length_m == Approx(66.7348).margin(cm));

    REQUIRE(problems.size() == 1);
    const auto& p = problems.problems()[0];
    CHECK(p.kind == ProblemKind::incomplete_geometry);
    CHECK(p.feature == "w501");
    CHECK(p.source == fixture("walk_grid.osm"));
    CHECK(p.message.find("1 of 5 nodes missing") != std::string::npos);
    CHECK(p.location.has_value());
}

TEST_CASE("read_walking_network: a bad coordinate splits the way", "[io][network]") {
    // n1, n2 (lat 95°), n3, n4: n1 alone is dropped, n3–n4 is kept (n3 51.5809 -3.0000 and
    // n4 51.5818 -3.0000: 100.1023 m, as n4–n7 of walk_grid.osm).
    ProblemReport problems;
    const NetworkData d =
        read_walking_network(fixture("bad_coordinate.osm"), wgs84_to_bng(), problems);
    REQUIRE(d.edges.size() == 1);
    CHECK(d.node_osm_ids[d.edges[0].from] == 3);
    CHECK(d.node_osm_ids[d.edges[0].to] == 4);
    CHECK(d.edges[0].length_m == Approx(100.1023).margin(cm));
    REQUIRE(problems.size() == 1);
    CHECK(problems.problems()[0].kind == ProblemKind::bad_coordinate);
    CHECK(problems.problems()[0].feature == "w10");
    CHECK(problems.problems()[0].message.find("1 of 4 node locations") != std::string::npos);
}

TEST_CASE("read_walking_network: the same file gives the same network", "[io][network]") {
    ProblemReport a_problems, b_problems;
    const NetworkData a = read_fixture(a_problems);
    const NetworkData b = read_fixture(b_problems);
    CHECK(a.node_osm_ids == b.node_osm_ids);
    REQUIRE(a.edges.size() == b.edges.size());
    for (std::size_t i = 0; i < a.edges.size(); ++i) {
        CHECK(a.edges[i].from == b.edges[i].from);
        CHECK(a.edges[i].to == b.edges[i].to);
        CHECK(a.edges[i].length_m == b.edges[i].length_m);
    }
}

TEST_CASE("read_walking_network: bad input", "[io][network]") {
    ProblemReport problems;
    const auto message = [&](const std::string& path) -> std::string {
        try {
            read_walking_network(path, wgs84_to_bng(), problems);
        } catch (const assetmap::input_error& e) {
            return e.what();
        }
        return "(no exception)";
    };

    CHECK_THAT(message(fixture("does_not_exist.osm.pbf")),
               Catch::Contains("file not found"));
    CHECK_THAT(message(fixture("no_highways.osm")),
               Catch::Contains("no walkable ways") &&
                   Catch::Contains("is this an OSM extract with highways?"));
    CHECK_THAT(message(fixture("all_nodes_missing.osm")),
               Catch::Contains("no walkable ways with node locations"));

    // Truncated XML: the first half of the fixture.
    const fs::path dir = assetmap::test::temp_dir("osm_network_reader");
    std::ifstream in(fixture("walk_grid.osm"), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const fs::path truncated = dir / "truncated.osm";
    std::ofstream(truncated, std::ios::binary) << text.substr(0, text.size() / 2);
    CHECK_THAT(message(truncated.string()), Catch::Contains("truncated or malformed OSM XML"));

    // Not OSM at all, named .osm.pbf.
    const fs::path garbage = dir / "garbage.osm.pbf";
    std::ofstream(garbage, std::ios::binary) << "this is not a protobuf file\n";
    CHECK_THAT(message(garbage.string()), Catch::Contains(garbage.string()));

    const fs::path empty = dir / "empty.osm";
    std::ofstream(empty, std::ios::binary).flush();
    CHECK_THAT(message(empty.string()), Catch::Contains("empty"));

    CHECK(problems.empty());  // a throwing read reports nothing
    fs::remove_all(dir);
}

TEST_CASE("walking network from the fixture: components and distances", "[io][network]") {
    using namespace assetmap::network;
    ProblemReport problems;
    const NetworkData data = read_fixture(problems);
    const auto n = [&](std::int64_t id) { return node_of(data, id); };
    const WalkGraph g(data);

    // Main part 11 nodes; the island 4 (flagged as component 1); the clipped piece 2.
    CHECK(g.component_sizes() == std::vector<std::size_t>{11, 4, 2});
    CHECK(g.component(n(1)) == 0);
    CHECK(g.component(n(-20)) == 1);
    CHECK(g.component(n(31)) == 2);

    const Snapper snapper(g);
    auto at_node = [&](std::int64_t id) {
        const auto s = snapper.snap(g.node(n(id)), 1.0);
        REQUIRE(s);
        CHECK(s->snap_distance_m == Approx(0.0).margin(1e-6));
        return *s;
    };

    // The missing link n5–n6 (n6 is shape of w203, so snap its cs2cs point): round by
    // n8–n9 (see the header), 304.1462 m.
    const auto n6 = snapper.snap(PointM{331013.5146, 187364.4646}, 1.0);
    REQUIRE(n6);
    CHECK(n6->snap_distance_m < 1e-3);
    CHECK(nearest_source_distances(g, {at_node(5)}, {*n6})[0] == Approx(304.1462).margin(cm));
    // The one-way street both ways: n3 → n1 and n1 → n3 along w101, 207.8918 m.
    CHECK(nearest_source_distances(g, {at_node(3)}, {at_node(1)})[0] ==
          Approx(207.8918).margin(cm));
    CHECK(nearest_source_distances(g, {at_node(1)}, {at_node(3)})[0] ==
          Approx(207.8918).margin(cm));
    // Up the steps and through the private (foot=yes) service road to the trunk road's end:
    // n7 → n8 → n9 → n12 → n13 = 103.9418 + 103.9418 + 103.9418 + 103.9417.
    CHECK(nearest_source_distances(g, {at_node(7)}, {at_node(13)})[0] ==
          Approx(415.7671).margin(cm));
    // The island cannot be reached from the main part.
    CHECK(nearest_source_distances(g, {at_node(1)}, {at_node(-22)})[0] == unreachable);

    // The foot=no footway's far end n10 (331116.0857 187262.9553) is not on the network: a
    // point there snaps to the nearest kept way instead, n3–n6 (w203), ~103.9 m west.
    const auto off = snapper.snap(PointM{331116.0857, 187262.9553}, 500.0);
    REQUIRE(off);
    CHECK(off->snap_distance_m > 100.0);
    CHECK(g.edge(off->edge).way_id == 203);
}

TEST_CASE("read_walking_network: the Newport extract", "[io][network][data]") {
    const fs::path path = fs::path(assetmap::test::shared_data()) / "newport_2023-06-13.osm.pbf";
    if (!fs::exists(path)) {
        WARN("skipped: " << path << " not found");
        return;
    }
    ProblemReport problems;
    const auto start = std::chrono::steady_clock::now();
    NetworkData data = read_walking_network(path.string(), wgs84_to_bng(), problems);
    const double read_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const assetmap::network::WalkGraph g(std::move(data));
    const double total_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::ostringstream summary;
    summary << "Newport walking network: " << g.node_count() << " nodes, " << g.edge_count()
            << " edges, " << g.component_count() << " components (largest "
            << g.component_sizes().front() << " nodes), " << g.data().ways_used << " of "
            << g.data().ways_read << " highway ways used, " << problems.size()
            << " problems; read " << read_s << " s, read + graph " << total_s << " s";
    WARN(summary.str());

    CHECK(g.node_count() > 10000);
    CHECK(g.edge_count() > 10000);
    CHECK(g.data().ways_used > 5000);
    CHECK(g.component_sizes().front() > g.node_count() * 9 / 10);
    for (const auto& e : g.data().edges) {
        REQUIRE(e.length_m >= 0.0);
        REQUIRE(e.length_m < 20000.0);
    }
}
