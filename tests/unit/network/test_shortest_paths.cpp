// Tests of the network shortest paths on graphs built by hand (NetworkData in C++), with the
// expected distances derived in comments, and against an all-pairs (Floyd–Warshall) reference
// on random graphs.

#include <assetmap/network/shortest_paths.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

using assetmap::NetworkData;
using assetmap::NetworkEdge;
using assetmap::PointM;
using assetmap::network::distances_from;
using assetmap::network::nearest_source_distances;
using assetmap::network::node_distances;
using assetmap::network::Snap;
using assetmap::network::sources_within;
using assetmap::network::unreachable;
using assetmap::network::WalkGraph;
using assetmap::test::kX0;
using assetmap::test::kY0;

namespace {

PointM at(double x, double y) { return PointM{kX0 + x, kY0 + y}; }

NetworkEdge edge(std::uint32_t from, std::uint32_t to, double length_m) {
    NetworkEdge e;
    e.from = from;
    e.to = to;
    e.length_m = length_m;
    return e;
}

Snap snap(std::uint32_t e, double along_m, double snap_distance_m = 0.0) {
    Snap s;
    s.edge = e;
    s.along_m = along_m;
    s.snap_distance_m = snap_distance_m;
    return s;
}

/// A 3 × 3 grid, 100 m spacing, node = 3·row + column, with the link 4–5 missing, and an
/// island 9–10 far to the east:
///
///     6 —e3— 7 —e4— 8
///     |e6     |e8    |e10
///     3 —e2— 4       5        9 —e11— 10   (island)
///     |e5     |e7    |e9
///     0 —e0— 1 —e1— 2
WalkGraph grid() {
    NetworkData d;
    for (int row = 0; row < 3; ++row)
        for (int col = 0; col < 3; ++col) d.nodes.push_back(at(col * 100.0, row * 100.0));
    d.nodes.push_back(at(1000, 0));
    d.nodes.push_back(at(1100, 0));
    d.edges = {edge(0, 1, 100), edge(1, 2, 100), edge(3, 4, 100), edge(6, 7, 100),
               edge(7, 8, 100), edge(0, 3, 100), edge(3, 6, 100), edge(1, 4, 100),
               edge(4, 7, 100), edge(2, 5, 100), edge(5, 8, 100), edge(9, 10, 100)};
    return WalkGraph(d);
}

// Points at the grid's nodes, each as a snap onto one of its edges.
Snap node0() { return snap(0, 0); }    // e0 = 0–1, at 0
Snap node1() { return snap(0, 100); }  // e0, at 1
Snap node4() { return snap(2, 100); }  // e2 = 3–4, at 4
Snap node5() { return snap(9, 100); }  // e9 = 2–5, at 5
Snap node7() { return snap(3, 100); }  // e3 = 6–7, at 7
Snap node8() { return snap(4, 100); }  // e4 = 7–8, at 8
Snap island() { return snap(11, 50); }

}  // namespace

TEST_CASE("shortest paths: a grid with a missing link walks round it", "[network][paths]") {
    const WalkGraph g = grid();
    // 4 → 5 has no link: 4–1–2–5 or 4–7–8–5, 3 × 100 m = 300 m.
    // To the middle of e9 (50 m from 2): 4–1–2 + 50 = 250 m (via 5 would be 350 m).
    const auto d = nearest_source_distances(g, {node4()}, {node5(), snap(9, 50)});
    CHECK(d[0] == Approx(300.0));
    CHECK(d[1] == Approx(250.0));
}

TEST_CASE("shortest paths: the nearer of several sources", "[network][paths]") {
    const WalkGraph g = grid();
    // Sources at 0 and 8. Node 7: from 8 100 m (from 0 300 m). Node 1: from 0 100 m (from 8
    // 8–7–4–1 300 m). Node 5: from 8 100 m (from 0 0–1–2–5 300 m). Node 4: 200 m from both.
    const auto d = nearest_source_distances(g, {node0(), node8()},
                                            {node7(), node1(), node5(), node4(), island()});
    CHECK(d[0] == Approx(100.0));
    CHECK(d[1] == Approx(100.0));
    CHECK(d[2] == Approx(100.0));
    CHECK(d[3] == Approx(200.0));
    CHECK(d[4] == unreachable);  // another component
}

TEST_CASE("shortest paths: snap distances are part of the walk", "[network][paths]") {
    const WalkGraph g = grid();
    // Source 20 m off the network at node 0, target 30 m off at node 1: 20 + 100 + 30.
    const auto d = nearest_source_distances(g, {snap(0, 0, 20)}, {snap(0, 100, 30)});
    CHECK(d[0] == Approx(150.0));
    // Source and target on one edge (e1, 1–2) at 30 m and 80 m, 5 m and 7 m off: 5 + 50 + 7.
    const auto same = nearest_source_distances(g, {snap(1, 30, 5)}, {snap(1, 80, 7)});
    CHECK(same[0] == Approx(62.0));
}

TEST_CASE("shortest paths: same-edge shortcut on a long edge", "[network][paths]") {
    // A —1000 m— B, and a 10 m spur B–C. Source at 400 m, targets at 450 m and 100 m:
    // straight along the edge 50 m and 300 m (via A: 400 + 450 = 850, 400 + 100 = 500).
    // Target on the spur at 4 m from B: 600 + 4 = 604 m (via B).
    NetworkData d;
    d.nodes = {at(0, 0), at(1000, 0), at(1010, 0)};
    d.edges = {edge(0, 1, 1000), edge(1, 2, 10)};
    const WalkGraph g(d);
    const auto dist =
        nearest_source_distances(g, {snap(0, 400)}, {snap(0, 450), snap(0, 100), snap(1, 4)});
    CHECK(dist[0] == Approx(50.0));
    CHECK(dist[1] == Approx(300.0));
    CHECK(dist[2] == Approx(604.0));
    // Two sources on the edge: the target at 450 takes the nearer one (at 480: 30 m).
    const auto two = nearest_source_distances(g, {snap(0, 400), snap(0, 480)}, {snap(0, 450)});
    CHECK(two[0] == Approx(30.0));
    // And within 60 m of the target at 450: both sources (50 m and 30 m).
    const auto counts = sources_within(g, {snap(0, 400), snap(0, 480)}, {snap(0, 450)}, 60.0);
    CHECK(counts[0] == 2);
}

TEST_CASE("shortest paths: the limit makes farther targets unreachable", "[network][paths]") {
    const WalkGraph g = grid();
    // 4 → 5 is 300 m (see the missing-link case); the limit is inclusive.
    CHECK(nearest_source_distances(g, {node4()}, {node5()}, 300.0)[0] == Approx(300.0));
    CHECK(nearest_source_distances(g, {node4()}, {node5()}, 299.9)[0] == unreachable);
    // A snap distance counts against the limit: 10 m off at node 4 → 310 m.
    CHECK(nearest_source_distances(g, {snap(2, 100, 10)}, {node5()}, 305.0)[0] == unreachable);
    // No sources: everything unreachable.
    CHECK(nearest_source_distances(g, {}, {node5()})[0] == unreachable);
}

TEST_CASE("sources_within: counts per target", "[network][paths]") {
    const WalkGraph g = grid();
    // Sources at 0, 8 and 4. Distances (from 0 / 8 / 4):
    //   node 1: 100 / 300 / 100      node 7: 300 / 100 / 100
    //   node 5: 300 / 100 / 300      island: none
    const std::vector<Snap> sources{node0(), node8(), node4()};
    const std::vector<Snap> targets{node1(), node7(), node5(), island()};
    CHECK(sources_within(g, sources, targets, 100.0) == std::vector<std::uint32_t>{2, 2, 1, 0});
    CHECK(sources_within(g, sources, targets, 300.0) == std::vector<std::uint32_t>{3, 3, 3, 0});
    CHECK(sources_within(g, sources, targets, 99.9) == std::vector<std::uint32_t>{0, 0, 0, 0});
    CHECK(sources_within(g, {}, targets, 300.0) == std::vector<std::uint32_t>{0, 0, 0, 0});
    // A source counted once even when its two ends both reach the target.
    CHECK(sources_within(g, {snap(7, 50)}, {node1()}, 1000.0) == std::vector<std::uint32_t>{1});
}

TEST_CASE("distances_from: one origin to many sources", "[network][paths]") {
    const WalkGraph g = grid();
    // Origin at node 4 (as the end of e7 = 1–4). Node 0: 4–1–0 or 4–3–0, 200 m; node 5: 300 m.
    const Snap origin = snap(7, 100);
    const auto d = distances_from(g, origin, {node0(), node5(), island()}, 1000.0);
    CHECK(d[0] == Approx(200.0));
    CHECK(d[1] == Approx(300.0));
    CHECK(d[2] == unreachable);
    const auto bounded = distances_from(g, origin, {node0(), node5()}, 250.0);
    CHECK(bounded[0] == Approx(200.0));
    CHECK(bounded[1] == unreachable);
}

TEST_CASE("node_distances: the reached network", "[network][paths]") {
    const WalkGraph g = grid();
    // One source 10 m off at node 0, limit 250 m: 0 → 10, 1 and 3 → 110, 2, 4 and 6 → 210;
    // 5, 7, 8 (310 m) and the island: unreachable.
    const auto d = node_distances(g, {snap(0, 0, 10)}, 250.0);
    REQUIRE(d.size() == g.node_count());
    CHECK(d[0] == Approx(10.0));
    CHECK(d[1] == Approx(110.0));
    CHECK(d[3] == Approx(110.0));
    CHECK(d[2] == Approx(210.0));
    CHECK(d[4] == Approx(210.0));
    CHECK(d[6] == Approx(210.0));
    CHECK(d[5] == unreachable);
    CHECK(d[7] == unreachable);
    CHECK(d[8] == unreachable);
    CHECK(d[9] == unreachable);
    CHECK(d[10] == unreachable);
}

TEST_CASE("shortest paths: bad snaps are refused", "[network][paths]") {
    const WalkGraph g = grid();
    CHECK_THROWS_AS(nearest_source_distances(g, {snap(99, 0)}, {node1()}),
                    std::invalid_argument);
    CHECK_THROWS_AS(sources_within(g, {node0()}, {snap(12, 0)}, 100.0), std::invalid_argument);
    CHECK_THROWS_AS(node_distances(g, {snap(0, std::nan(""))}, 100.0), std::invalid_argument);
    CHECK_THROWS_AS(nearest_source_distances(g, {node0()}, {node1()}, std::nan("")),
                    std::invalid_argument);
}

namespace {

/// Reference distance between two snapped points from all-pairs node distances D.
double reference(const WalkGraph& g, const std::vector<std::vector<double>>& D, const Snap& s,
                 const Snap& t) {
    const NetworkEdge& es = g.edge(s.edge);
    const NetworkEdge& et = g.edge(t.edge);
    const double s_ends[2] = {s.along_m, es.length_m - s.along_m};
    const std::uint32_t s_nodes[2] = {es.from, es.to};
    const double t_ends[2] = {t.along_m, et.length_m - t.along_m};
    const std::uint32_t t_nodes[2] = {et.from, et.to};
    double best = unreachable;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j)
            best = std::min(best, s_ends[i] + D[s_nodes[i]][t_nodes[j]] + t_ends[j]);
    if (s.edge == t.edge) best = std::min(best, std::abs(s.along_m - t.along_m));
    return best + s.snap_distance_m + t.snap_distance_m;
}

}  // namespace

TEST_CASE("shortest paths: agree with Floyd–Warshall on random graphs", "[network][paths]") {
    std::mt19937 rng(2024);
    for (int round = 0; round < 20; ++round) {
        // 40 nodes, 60 edges (some self-loops and parallel edges), two or more components.
        const std::uint32_t n = 40;
        NetworkData d;
        for (std::uint32_t i = 0; i < n; ++i) d.nodes.push_back(at(i, 0));
        std::uniform_int_distribution<std::uint32_t> node(0, n - 1);
        std::uniform_real_distribution<double> len(0.0, 300.0);
        for (int i = 0; i < 60; ++i) {
            const std::uint32_t a = node(rng);
            const std::uint32_t b = i % 17 == 0 ? a : node(rng);
            d.edges.push_back(edge(a, b, i % 23 == 0 ? 0.0 : len(rng)));
        }
        const WalkGraph g(d);

        std::vector<std::vector<double>> D(n, std::vector<double>(n, unreachable));
        for (std::uint32_t i = 0; i < n; ++i) D[i][i] = 0.0;
        for (const auto& e : d.edges) {
            D[e.from][e.to] = std::min(D[e.from][e.to], e.length_m);
            D[e.to][e.from] = std::min(D[e.to][e.from], e.length_m);
        }
        for (std::uint32_t k = 0; k < n; ++k)
            for (std::uint32_t i = 0; i < n; ++i)
                for (std::uint32_t j = 0; j < n; ++j)
                    D[i][j] = std::min(D[i][j], D[i][k] + D[k][j]);

        std::uniform_int_distribution<std::uint32_t> pick_edge(0, 59);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        auto random_snap = [&] {
            const std::uint32_t e = pick_edge(rng);
            return snap(e, unit(rng) * g.edge(e).length_m, unit(rng) * 20.0);
        };
        std::vector<Snap> sources, targets;
        for (int i = 0; i < 5; ++i) sources.push_back(random_snap());
        for (int i = 0; i < 40; ++i) targets.push_back(random_snap());
        targets.push_back(sources[0]);  // a target on a source: its snap distance twice

        const double limit = 400.0;
        const auto nearest = nearest_source_distances(g, sources, targets);
        const auto bounded = nearest_source_distances(g, sources, targets, limit);
        const auto counts = sources_within(g, sources, targets, limit);
        for (std::size_t t = 0; t < targets.size(); ++t) {
            double best = unreachable;
            std::uint32_t within = 0;
            for (const Snap& s : sources) {
                const double r = reference(g, D, s, targets[t]);
                best = std::min(best, r);
                if (r <= limit + 1e-9) ++within;
            }
            INFO("round " << round << " target " << t);
            if (best == unreachable) {
                CHECK(nearest[t] == unreachable);
            } else {
                CHECK(nearest[t] == Approx(best).margin(1e-9));
            }
            CHECK(counts[t] == within);
            // Exactly consistent: a nearest distance within the limit has a source counted.
            CHECK((bounded[t] <= limit) == (counts[t] > 0));
            CHECK((bounded[t] == unreachable) == !(nearest[t] <= limit));
        }
        // distances_from: the origin is the target's view of each source.
        const auto from = distances_from(g, targets[0], sources, unreachable);
        for (std::size_t s = 0; s < sources.size(); ++s) {
            const double r = reference(g, D, sources[s], targets[0]);
            if (r == unreachable) {
                CHECK(from[s] == unreachable);
            } else {
                CHECK(from[s] == Approx(r).margin(1e-9));
            }
        }
        // node_distances: the nearest source's distance to each node.
        const auto nodes = node_distances(g, sources, unreachable);
        for (std::uint32_t v = 0; v < n; ++v) {
            double r = unreachable;
            for (const Snap& s : sources) {
                const NetworkEdge& e = g.edge(s.edge);
                r = std::min(r, s.snap_distance_m +
                                    std::min(s.along_m + D[e.from][v],
                                             e.length_m - s.along_m + D[e.to][v]));
            }
            if (r == unreachable) {
                CHECK(nodes[v] == unreachable);
            } else {
                CHECK(nodes[v] == Approx(r).margin(1e-9));
            }
        }
    }
}
