// Tests of network::WalkGraph: CSR adjacency, components and point_along, on graphs built by
// hand in EPSG:27700 metres (offsets kX0, kY0 keep the coordinates realistic).

#include <assetmap/network/walk_graph.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

using assetmap::NetworkData;
using assetmap::NetworkEdge;
using assetmap::PointM;
using assetmap::network::WalkGraph;
using assetmap::test::kX0;
using assetmap::test::kY0;

namespace {

PointM at(double x, double y) { return PointM{kX0 + x, kY0 + y}; }

NetworkEdge edge(std::uint32_t from, std::uint32_t to, double length_m,
                 std::vector<PointM> shape = {}) {
    NetworkEdge e;
    e.from = from;
    e.to = to;
    e.length_m = length_m;
    e.highway = "footway";
    e.shape = std::move(shape);
    return e;
}

}  // namespace

TEST_CASE("WalkGraph: two half-edges per edge, in edge order per node", "[network][graph]") {
    // 0 —100— 1 —50— 2, and 0 —200— 2 (a triangle); node 3 has no edge.
    NetworkData d;
    d.nodes = {at(0, 0), at(100, 0), at(150, 0), at(500, 500)};
    d.edges = {edge(0, 1, 100), edge(1, 2, 50), edge(0, 2, 200)};
    const WalkGraph g(d);

    REQUIRE(g.node_count() == 4);
    REQUIRE(g.edge_count() == 3);
    REQUIRE(g.targets().size() == 6);
    // Node 0: edges 0 (to 1) and 2 (to 2).
    CHECK(g.first_out(0) == 0);
    CHECK(g.first_out(1) == 2);
    CHECK(g.targets()[0] == 1);
    CHECK(g.edge_ids()[0] == 0);
    CHECK(g.lengths()[0] == 100.0);
    CHECK(g.targets()[1] == 2);
    CHECK(g.edge_ids()[1] == 2);
    CHECK(g.lengths()[1] == 200.0);
    // Node 1: edge 0 (back to 0), edge 1 (to 2).
    CHECK(g.targets()[2] == 0);
    CHECK(g.targets()[3] == 2);
    CHECK(g.lengths()[3] == 50.0);
    // Node 2: edges 1 and 2; node 3: none.
    CHECK(g.first_out(2) == 4);
    CHECK(g.first_out(3) == 6);
    CHECK(g.first_out(4) == 6);
}

TEST_CASE("WalkGraph: a self-loop gives its node two half-edges", "[network][graph]") {
    NetworkData d;
    d.nodes = {at(0, 0), at(10, 0)};
    d.edges = {edge(0, 0, 40, {at(0, 10), at(10, 10), at(10, 0)}), edge(0, 1, 10)};
    const WalkGraph g(d);
    CHECK(g.first_out(1) - g.first_out(0) == 3);
    CHECK(g.targets()[0] == 0);
    CHECK(g.targets()[1] == 0);
    CHECK(g.component_count() == 1);
}

TEST_CASE("WalkGraph: components numbered by size, ties by lowest node", "[network][graph]") {
    // Components: {0, 5} (2 nodes), {1, 2, 3} (3 nodes), {4} (alone), {6, 7} (2 nodes).
    NetworkData d;
    for (int i = 0; i < 8; ++i) d.nodes.push_back(at(i * 100.0, 0));
    d.edges = {edge(0, 5, 1), edge(1, 2, 1), edge(3, 2, 1), edge(7, 6, 1)};
    const WalkGraph g(d);

    REQUIRE(g.component_count() == 4);
    CHECK(g.component_sizes() == std::vector<std::size_t>{3, 2, 2, 1});
    CHECK(g.component(1) == 0);
    CHECK(g.component(2) == 0);
    CHECK(g.component(3) == 0);
    CHECK(g.component(0) == 1);  // {0, 5} before {6, 7}: lower lowest node
    CHECK(g.component(5) == 1);
    CHECK(g.component(6) == 2);
    CHECK(g.component(7) == 2);
    CHECK(g.component(4) == 3);
}

TEST_CASE("WalkGraph: point_along follows the shape", "[network][graph]") {
    // from (0,0) → shape (0,30) → to (40,30): 30 m up then 40 m right, length 70 m.
    NetworkData d;
    d.nodes = {at(0, 0), at(40, 30)};
    d.edges = {edge(0, 1, 70, {at(0, 30)})};
    const WalkGraph g(d);

    const auto near = [](const PointM& p, double x, double y) {
        return p.x_m == Approx(kX0 + x).margin(1e-9) && p.y_m == Approx(kY0 + y).margin(1e-9);
    };
    CHECK(near(g.point_along(0, 0.0), 0, 0));
    CHECK(near(g.point_along(0, 1.0), 40, 30));
    CHECK(near(g.point_along(0, 15.0 / 70.0), 0, 15));  // 15 m: on the first segment
    CHECK(near(g.point_along(0, 0.5), 5, 30));           // 35 m: 5 m into the second
    CHECK(near(g.point_along(0, -1.0), 0, 0));           // clamped
    CHECK(near(g.point_along(0, 2.0), 40, 30));
}

TEST_CASE("WalkGraph: bad edges are refused, an empty graph is fine", "[network][graph]") {
    NetworkData d;
    d.nodes = {at(0, 0), at(1, 0)};
    d.edges = {edge(0, 2, 1)};
    CHECK_THROWS_AS(WalkGraph(d), std::invalid_argument);
    d.edges = {edge(0, 1, -1)};
    CHECK_THROWS_AS(WalkGraph(d), std::invalid_argument);

    const WalkGraph empty{NetworkData{}};
    CHECK(empty.node_count() == 0);
    CHECK(empty.component_count() == 0);
    const WalkGraph defaulted;
    CHECK(defaulted.edge_count() == 0);
}
