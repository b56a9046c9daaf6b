// Tests of network::Snapper on graphs built by hand in EPSG:27700 metres, and against a brute
// force over every segment on a random network.

#include <assetmap/network/snapper.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <thread>
#include <vector>

using assetmap::NetworkData;
using assetmap::NetworkEdge;
using assetmap::PointM;
using assetmap::network::Snap;
using assetmap::network::Snapper;
using assetmap::network::WalkGraph;
using assetmap::test::kX0;
using assetmap::test::kY0;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

PointM at(double x, double y) { return PointM{kX0 + x, kY0 + y}; }

NetworkEdge edge(std::uint32_t from, std::uint32_t to, double length_m,
                 std::vector<PointM> shape = {}) {
    NetworkEdge e;
    e.from = from;
    e.to = to;
    e.length_m = length_m;
    e.shape = std::move(shape);
    return e;
}

/// A cross: node 0 at the centre, arms of 100 m to the east (edge 0), north (edge 1), west
/// (edge 2); and an L-shaped edge 3 from (200, 0) via (200, 100) to (300, 100).
WalkGraph cross() {
    NetworkData d;
    d.nodes = {at(0, 0), at(100, 0), at(0, 100), at(-100, 0), at(200, 0), at(300, 100)};
    d.edges = {edge(0, 1, 100), edge(0, 2, 100), edge(0, 3, 100),
               edge(4, 5, 200, {at(200, 100)})};
    return WalkGraph(d);
}

/// Brute force over every segment: the smallest distance.
double brute_distance(const WalkGraph& g, const PointM& p) {
    double best = inf;
    for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
        const NetworkEdge& ed = g.edge(e);
        std::vector<PointM> line{g.node(ed.from)};
        line.insert(line.end(), ed.shape.begin(), ed.shape.end());
        line.push_back(g.node(ed.to));
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const PointM& a = line[i];
            const PointM& b = line[i + 1];
            const double dx = b.x_m - a.x_m, dy = b.y_m - a.y_m;
            const double len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? ((p.x_m - a.x_m) * dx + (p.y_m - a.y_m) * dy) / len2 : 0.0;
            t = std::fmin(1.0, std::fmax(0.0, t));
            best = std::fmin(best, std::hypot(a.x_m + t * dx - p.x_m, a.y_m + t * dy - p.y_m));
        }
    }
    return best;
}

}  // namespace

TEST_CASE("Snapper: nearest point on an edge, not a node", "[network][snap]") {
    const WalkGraph g = cross();
    const Snapper snapper(g);

    // (60, 8): 8 m north of the east arm, 60 m from the centre along it.
    const auto s = snapper.snap(at(60, 8), 500);
    REQUIRE(s);
    CHECK(s->edge == 0);
    CHECK(s->along_m == Approx(60.0).margin(1e-9));
    CHECK(s->snap_distance_m == Approx(8.0).margin(1e-9));
    CHECK(s->on_network.x_m == Approx(kX0 + 60).margin(1e-9));
    CHECK(s->on_network.y_m == Approx(kY0).margin(1e-9));

    // (260, 110): 10 m north of the L's second segment; along = 100 (first leg) + 60.
    const auto l = snapper.snap(at(260, 110), 500);
    REQUIRE(l);
    CHECK(l->edge == 3);
    CHECK(l->along_m == Approx(160.0).margin(1e-9));
    CHECK(l->snap_distance_m == Approx(10.0).margin(1e-9));

    // (190, 50): 10 m west of the L's first segment (a shape vertex segment): along 50.
    const auto v = snapper.snap(at(190, 50), 500);
    REQUIRE(v);
    CHECK(v->edge == 3);
    CHECK(v->along_m == Approx(50.0).margin(1e-9));
}

TEST_CASE("Snapper: ties go to the lower edge id", "[network][snap]") {
    const WalkGraph g = cross();
    const Snapper snapper(g);

    // (30, 30) is 30 m from the east arm (edge 0) and from the north arm (edge 1).
    const auto s = snapper.snap(at(30, 30), 500);
    REQUIRE(s);
    CHECK(s->edge == 0);
    CHECK(s->snap_distance_m == Approx(30.0).margin(1e-9));
    // (-30, 30): equidistant from edges 1 and 2 → edge 1.
    const auto w = snapper.snap(at(-30, 30), 500);
    REQUIRE(w);
    CHECK(w->edge == 1);
    // On the centre node: distance 0 to edges 0, 1, 2 → edge 0 at along 0.
    const auto c = snapper.snap(at(0, 0), 500);
    REQUIRE(c);
    CHECK(c->edge == 0);
    CHECK(c->along_m == 0.0);
    CHECK(c->snap_distance_m == 0.0);
}

TEST_CASE("Snapper: the distance limit, bad points and empty graphs", "[network][snap]") {
    const WalkGraph g = cross();
    const Snapper snapper(g);

    CHECK(snapper.snap(at(50, 40), 40.0));          // exactly at the limit: found
    CHECK_FALSE(snapper.snap(at(50, 40), 39.999));  // just beyond: none
    CHECK_FALSE(snapper.snap(at(50, 40), -1.0));
    CHECK_FALSE(snapper.snap(PointM{std::nan(""), kY0}, 500));
    CHECK_FALSE(snapper.snap(PointM{inf, kY0}, 500));

    // Far away with no limit: still the nearest, the L's end (300, 100) (a scan beyond the
    // grid): √(49700² + 100²) m.
    const auto far = snapper.snap(at(50000, 0), inf);
    REQUIRE(far);
    CHECK(far->edge == 3);
    CHECK(far->along_m == Approx(200.0));
    CHECK(far->snap_distance_m == Approx(std::hypot(49700.0, 100.0)).epsilon(1e-12));
    CHECK_FALSE(snapper.snap(at(50000, 0), 500));

    const WalkGraph empty{NetworkData{}};
    const Snapper none(empty);
    CHECK_FALSE(none.snap(at(0, 0), inf));
}

TEST_CASE("Snapper: along is scaled to length_m when the geometry differs", "[network][snap]") {
    // A straight 100 m geometry whose walking length is given as 150 m (e.g. a slope).
    NetworkData d;
    d.nodes = {at(0, 0), at(100, 0)};
    d.edges = {edge(0, 1, 150)};
    const WalkGraph g(d);
    const Snapper snapper(g);
    const auto s = snapper.snap(at(40, -5), 500);
    REQUIRE(s);
    CHECK(s->along_m == Approx(60.0));  // 40 % of 150 m
    CHECK(s->snap_distance_m == Approx(5.0));
}

TEST_CASE("Snapper: matches a brute force on a random network", "[network][snap]") {
    // 400 nodes scattered over 2 km × 2 km, 600 random edges with 0–3 shape vertices.
    std::mt19937 rng(12345);
    std::uniform_real_distribution<double> coord(0.0, 2000.0);
    std::uniform_real_distribution<double> jitter(-40.0, 40.0);
    NetworkData d;
    for (int i = 0; i < 400; ++i) d.nodes.push_back(at(coord(rng), coord(rng)));
    std::uniform_int_distribution<std::uint32_t> node(0, 399);
    std::uniform_int_distribution<int> shapes(0, 3);
    for (int i = 0; i < 600; ++i) {
        const std::uint32_t a = node(rng), b = node(rng);
        std::vector<PointM> shape;
        const int k = shapes(rng);
        for (int j = 1; j <= k; ++j) {
            const double t = static_cast<double>(j) / (k + 1);
            const PointM& pa = d.nodes[a];
            const PointM& pb = d.nodes[b];
            shape.push_back(PointM{pa.x_m + t * (pb.x_m - pa.x_m) + jitter(rng),
                                   pa.y_m + t * (pb.y_m - pa.y_m) + jitter(rng)});
        }
        d.edges.push_back(edge(a, b, 1.0, std::move(shape)));
    }
    // Lengths as the reader makes them: along the geometry.
    for (auto& e : d.edges) {
        double len = 0;
        PointM prev = d.nodes[e.from];
        for (const auto& p : e.shape) {
            len += assetmap::distance_m(prev, p);
            prev = p;
        }
        e.length_m = len + assetmap::distance_m(prev, d.nodes[e.to]);
    }
    const WalkGraph g(d);
    const Snapper snapper(g);

    std::uniform_real_distribution<double> query(-300.0, 2300.0);
    for (int i = 0; i < 2000; ++i) {
        const PointM p = at(query(rng), query(rng));
        const double expected = brute_distance(g, p);
        const auto s = snapper.snap(p, inf);
        REQUIRE(s);
        REQUIRE(s->snap_distance_m == Approx(expected).margin(1e-9));
        REQUIRE(assetmap::distance_m(p, s->on_network) == Approx(expected).margin(1e-6));
        REQUIRE(s->along_m >= 0.0);
        REQUIRE(s->along_m <= g.edge(s->edge).length_m);
        // The snapped point is where along_m says it is.
        const double len = g.edge(s->edge).length_m;
        const PointM there = g.point_along(s->edge, len > 0 ? s->along_m / len : 0.0);
        REQUIRE(assetmap::distance_m(there, s->on_network) < 1e-6);
        // With a limit: found exactly when within it.
        REQUIRE(static_cast<bool>(snapper.snap(p, 50.0)) == (s->snap_distance_m <= 50.0));
    }
}

TEST_CASE("Snapper: concurrent queries agree with serial ones", "[network][snap]") {
    const WalkGraph g = cross();
    const Snapper snapper(g);
    std::vector<PointM> points;
    for (int i = 0; i < 200; ++i) points.push_back(at(-150.0 + i * 2.3, -50.0 + i * 1.1));
    std::vector<double> serial, a(points.size()), b(points.size());
    for (const auto& p : points) serial.push_back(snapper.snap(p, inf)->snap_distance_m);
    std::thread t1([&] {
        for (std::size_t i = 0; i < points.size(); ++i)
            a[i] = snapper.snap(points[i], inf)->snap_distance_m;
    });
    std::thread t2([&] {
        for (std::size_t i = 0; i < points.size(); ++i)
            b[i] = snapper.snap(points[i], inf)->snap_distance_m;
    });
    t1.join();
    t2.join();
    CHECK(a == serial);
    CHECK(b == serial);
}
