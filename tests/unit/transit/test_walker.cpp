// Walking between places for public transport (walker.hpp) on a hand-made network: an L of
// two edges, (0,0)–(100,0)–(100,100), and an island edge (1000,0)–(1100,0). Distances are
// hand-computed (snap + along the network + snap, or straight line × detour).

#include <assetmap/transit/walker.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace assetmap;
using namespace assetmap::transit;

namespace {

network::WalkGraph l_graph() {
    NetworkData d;
    d.nodes = {{0, 0}, {100, 0}, {100, 100}, {1000, 0}, {1100, 0}};
    d.node_osm_ids = {1, 2, 3, 4, 5};
    d.edges = {{0, 1, 100.0, 1, "footway", {}}, {1, 2, 100.0, 2, "footway", {}},
               {3, 4, 100.0, 3, "footway", {}}};
    return network::WalkGraph(d);
}

}  // namespace

TEST_CASE("walks on the network where both ends are on it, straight lines elsewhere",
          "[transit][walk]") {
    const auto graph = l_graph();
    const network::Snapper snapper(graph);
    const Walker walker(&graph, &snapper, 50.0, 1.3);
    const WalkPlace p = walker.place({10, 10});     // snaps 10 m to (10, 0)
    const WalkPlace q = walker.place({110, 90});    // snaps 10 m to (100, 90)
    const WalkPlace off = walker.place({0, 300});   // 300 m from the network: off it
    const WalkPlace island = walker.place({1050, 10});
    CHECK(p.on_network);
    CHECK_FALSE(off.on_network);
    CHECK(island.on_network);
    CHECK(island.component != p.component);
    // 10 (snap) + 90 (to the corner) + 90 (up) + 10 (snap) = 200 m along the network.
    CHECK(walker.walk_m(p, q, 1000) == Approx(200.0));
    // Off the network: straight line × 1.3. p–off: hypot(10, 290) · 1.3.
    CHECK(walker.walk_m(p, off, 1000) == Approx(std::hypot(10.0, 290.0) * 1.3));
    // Another component: straight line × 1.3 (the extract is clipped; islands are artefacts).
    CHECK(walker.walk_m(p, island, 5000) == Approx(1040.0 * 1.3));

    const std::vector<WalkPlace> places = {q, off, island};
    const spatial::PointIndex index(std::vector<PointM>{q.location, off.location, island.location});
    std::vector<WalkLink> found;
    walker.within(p, places, index, 400.0, found);  // off at 377.2 m, q at 200 m
    REQUIRE(found.size() == 2);
    CHECK(found[0].to == 0);
    CHECK(found[0].walk_m == Approx(200.0));
    CHECK(found[1].to == 1);
    CHECK(found[1].walk_m == Approx(std::hypot(10.0, 290.0) * 1.3));
    walker.within(p, places, index, 199.0, found);  // the network walk is over the limit
    CHECK(found.empty());

    const Walker straight(nullptr, nullptr, 50.0, 1.25);
    CHECK_FALSE(straight.place({10, 10}).on_network);
    CHECK(straight.walk_m(straight.place({0, 0}), straight.place({30, 40}), 100) == Approx(62.5));
    CHECK(walk_seconds(100.0, 4.8) == 75);    // 100 m at 80 m/min = 75 s exactly
    CHECK(walk_seconds(100.01, 4.8) == 76);   // rounded up to a whole second
}
