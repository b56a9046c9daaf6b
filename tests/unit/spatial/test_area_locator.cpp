#include <assetmap/spatial/area_locator.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <thread>
#include <vector>

using assetmap::MultiPolygonM;
using assetmap::PointM;
using assetmap::PolygonM;
using assetmap::RingM;
using assetmap::spatial::AreaLocator;
using assetmap::test::kX0;
using assetmap::test::kY0;
using assetmap::test::square;

namespace {

MultiPolygonM square_area(double x, double y, double side) {
    return MultiPolygonM{PolygonM{square(x, y, side), {}}};
}

/// 3 x 3 grid of 100 m squares; area index = row * 3 + col, row 0 at the bottom.
std::vector<MultiPolygonM> grid3x3() {
    std::vector<MultiPolygonM> areas;
    for (int row = 0; row < 3; ++row)
        for (int col = 0; col < 3; ++col)
            areas.push_back(square_area(kX0 + 100.0 * col, kY0 + 100.0 * row, 100.0));
    return areas;
}

PointM at(double dx, double dy) { return PointM{kX0 + dx, kY0 + dy}; }

// --- brute-force reference, written independently of the library ---------------------------

bool on_segment(const PointM& p, const PointM& a, const PointM& b) {
    const double cross = (b.x_m - a.x_m) * (p.y_m - a.y_m) - (b.y_m - a.y_m) * (p.x_m - a.x_m);
    return cross == 0.0 && p.x_m >= std::min(a.x_m, b.x_m) && p.x_m <= std::max(a.x_m, b.x_m) &&
           p.y_m >= std::min(a.y_m, b.y_m) && p.y_m <= std::max(a.y_m, b.y_m);
}

/// Classic PNPOLY (W. R. Franklin) on a ring given closed or not.
bool pnpoly(const RingM& ring, const PointM& p) {
    bool c = false;
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const PointM& a = ring[i];
        const PointM& b = ring[j];
        if ((a.y_m > p.y_m) != (b.y_m > p.y_m) &&
            p.x_m < (b.x_m - a.x_m) * (p.y_m - a.y_m) / (b.y_m - a.y_m) + a.x_m) {
            c = !c;
        }
    }
    return c;
}

bool on_ring(const RingM& ring, const PointM& p) {
    const std::size_t n = ring.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (on_segment(p, ring[i], ring[(i + 1) % n])) return true;
    }
    return false;
}

bool polygon_contains(const PolygonM& poly, const PointM& p) {
    if (poly.outer.empty()) return false;
    if (on_ring(poly.outer, p)) return true;
    for (const RingM& hole : poly.holes)
        if (on_ring(hole, p)) return true;
    if (!pnpoly(poly.outer, p)) return false;
    for (const RingM& hole : poly.holes)
        if (pnpoly(hole, p)) return false;
    return true;
}

std::optional<std::size_t> brute_force(const std::vector<MultiPolygonM>& areas, const PointM& p) {
    for (std::size_t i = 0; i < areas.size(); ++i)
        for (const PolygonM& poly : areas[i])
            if (polygon_contains(poly, p)) return i;
    return std::nullopt;
}

}  // namespace

TEST_CASE("AreaLocator: interiors of a 3x3 grid", "[spatial][area_locator]") {
    const AreaLocator loc(grid3x3());
    CHECK(loc.size() == 9);
    // The centre of square (row, col) is (100 col + 50, 100 row + 50) -> index 3 row + col.
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col) {
            const auto got = loc.locate(at(100.0 * col + 50.0, 100.0 * row + 50.0));
            REQUIRE(got.has_value());
            CHECK(*got == static_cast<std::size_t>(3 * row + col));
        }
    }
    // Just inside a corner of area 8 ([200,300] x [200,300]).
    CHECK(loc.locate(at(299.999, 299.999)) == std::optional<std::size_t>(8));
}

TEST_CASE("AreaLocator: edge rule on shared boundaries", "[spatial][area_locator]") {
    const AreaLocator loc(grid3x3());
    // x = 100, y = 50 is on the edge shared by area 0 ([0,100]^2) and area 1 -> 0.
    CHECK(loc.locate(at(100.0, 50.0)) == std::optional<std::size_t>(0));
    // x = 150, y = 200 is on the edge shared by area 4 (row 1) and area 7 (row 2) -> 4.
    CHECK(loc.locate(at(150.0, 200.0)) == std::optional<std::size_t>(4));
    // (100, 100) is the corner of areas 0, 1, 3, 4 -> 0; (200, 200) of 4, 5, 7, 8 -> 4.
    CHECK(loc.locate(at(100.0, 100.0)) == std::optional<std::size_t>(0));
    CHECK(loc.locate(at(200.0, 200.0)) == std::optional<std::size_t>(4));
    // On the outer boundary of a single area: it belongs to it.
    CHECK(loc.locate(at(0.0, 50.0)) == std::optional<std::size_t>(0));
    CHECK(loc.locate(at(300.0, 250.0)) == std::optional<std::size_t>(8));
    CHECK(loc.locate(at(300.0, 300.0)) == std::optional<std::size_t>(8));  // outer corner

    // Reverse the order: the former areas 0 and 1 are now 8 and 7, so their shared edge
    // goes to 7; the 4-way corner (former 0, 1, 3, 4 = now 8, 7, 5, 4) goes to 4.
    std::vector<MultiPolygonM> reversed = grid3x3();
    std::reverse(reversed.begin(), reversed.end());
    const AreaLocator rev(reversed);
    CHECK(rev.locate(at(100.0, 50.0)) == std::optional<std::size_t>(7));
    CHECK(rev.locate(at(100.0, 100.0)) == std::optional<std::size_t>(4));
}

TEST_CASE("AreaLocator: points outside", "[spatial][area_locator]") {
    const AreaLocator loc(grid3x3());
    CHECK_FALSE(loc.locate(at(-0.001, 50.0)).has_value());
    CHECK_FALSE(loc.locate(at(150.0, 300.5)).has_value());
    CHECK_FALSE(loc.locate(at(-1000.0, -1000.0)).has_value());
    CHECK_FALSE(loc.locate(PointM{0.0, 0.0}).has_value());
    CHECK_FALSE(loc.locate(PointM{std::nan(""), kY0 + 50.0}).has_value());
}

TEST_CASE("AreaLocator: holes", "[spatial][area_locator]") {
    // Area 0: [0,100]^2 with hole [40,60]^2. Area 1: an island filling the hole exactly.
    const MultiPolygonM holed{
        PolygonM{square(kX0, kY0, 100.0), {square(kX0 + 40.0, kY0 + 40.0, 20.0)}}};
    const AreaLocator only_holed(std::vector<MultiPolygonM>{holed});
    CHECK_FALSE(only_holed.locate(at(50.0, 50.0)).has_value());  // in the hole
    CHECK_FALSE(only_holed.locate(at(45.0, 59.0)).has_value());
    CHECK(only_holed.locate(at(40.0, 50.0)) == std::optional<std::size_t>(0));  // hole edge
    CHECK(only_holed.locate(at(60.0, 60.0)) == std::optional<std::size_t>(0));  // hole corner
    CHECK(only_holed.locate(at(20.0, 50.0)) == std::optional<std::size_t>(0));  // solid part

    const AreaLocator with_island(
        std::vector<MultiPolygonM>{holed, square_area(kX0 + 40.0, kY0 + 40.0, 20.0)});
    CHECK(with_island.locate(at(50.0, 50.0)) == std::optional<std::size_t>(1));
    // The hole's boundary is shared by both: lowest index, 0.
    CHECK(with_island.locate(at(40.0, 50.0)) == std::optional<std::size_t>(0));
}

TEST_CASE("AreaLocator: a multipolygon area with two parts", "[spatial][area_locator]") {
    // Area 0 = two 10 m squares 1 km apart; area 1 = a square between them.
    const MultiPolygonM two{PolygonM{square(kX0, kY0, 10.0), {}},
                            PolygonM{square(kX0 + 1000.0, kY0, 10.0), {}}};
    const AreaLocator loc(std::vector<MultiPolygonM>{two, square_area(kX0 + 500.0, kY0, 10.0)});
    CHECK(loc.locate(at(5.0, 5.0)) == std::optional<std::size_t>(0));
    CHECK(loc.locate(at(1005.0, 5.0)) == std::optional<std::size_t>(0));
    CHECK(loc.locate(at(505.0, 5.0)) == std::optional<std::size_t>(1));
    CHECK_FALSE(loc.locate(at(250.0, 5.0)).has_value());
}

TEST_CASE("AreaLocator: empty inputs", "[spatial][area_locator]") {
    const AreaLocator none(std::vector<MultiPolygonM>{});
    CHECK(none.size() == 0);
    CHECK_FALSE(none.locate(at(0.0, 0.0)).has_value());

    // Empty multipolygons count in size() but never match.
    AreaLocator some(std::vector<MultiPolygonM>{MultiPolygonM{}, square_area(kX0, kY0, 100.0), {}});
    CHECK(some.size() == 3);
    CHECK(some.locate(at(50.0, 50.0)) == std::optional<std::size_t>(1));

    // Moving keeps the index.
    AreaLocator moved = std::move(some);
    CHECK(moved.size() == 3);
    CHECK(moved.locate(at(50.0, 50.0)) == std::optional<std::size_t>(1));
}

TEST_CASE("AreaLocator: unclosed rings and a shared diagonal", "[spatial][area_locator]") {
    // Unclosed ring: the closing segment is implicit.
    const RingM open{at(0, 0), at(100, 0), at(100, 100), at(0, 100)};
    const AreaLocator loc(std::vector<MultiPolygonM>{MultiPolygonM{PolygonM{open, {}}}});
    CHECK(loc.locate(at(50.0, 50.0)) == std::optional<std::size_t>(0));
    CHECK(loc.locate(at(0.0, 50.0)) == std::optional<std::size_t>(0));  // closing segment

    // A quadrilateral with awkward coordinates cut along its diagonal into two triangles
    // listed with opposite orientations: no point of the quadrilateral may fall in a gap.
    const PointM p0{kX0 + 0.1, kY0 + 0.3}, p1{kX0 + 97.3, kY0 + 1.7};
    const PointM p2{kX0 + 101.9, kY0 + 89.3}, p3{kX0 + 3.7, kY0 + 99.1};
    const std::vector<MultiPolygonM> halves{
        MultiPolygonM{PolygonM{{p0, p1, p2, p0}, {}}},   // counter-clockwise
        MultiPolygonM{PolygonM{{p2, p0, p3, p2}, {}}}};  // clockwise
    const AreaLocator cut(halves);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> t(0.0, 1.0);
    for (int i = 0; i < 2000; ++i) {
        // Points on (or within rounding of) the diagonal p0-p2.
        const double s = t(rng);
        const PointM q{p0.x_m + s * (p2.x_m - p0.x_m), p0.y_m + s * (p2.y_m - p0.y_m)};
        INFO("s = " << s);
        CHECK(cut.locate(q).has_value());
    }
}

TEST_CASE("AreaLocator: randomised against brute force", "[spatial][area_locator]") {
    // Integer coordinates (offset by kX0/kY0) so the reference's arithmetic is exact on
    // the boundary points that the lattice half of the sample hits.
    std::vector<MultiPolygonM> areas = grid3x3();
    // 9: a triangle overlapping several squares.
    areas.push_back(MultiPolygonM{PolygonM{{at(50, 50), at(250, 80), at(120, 260)}, {}}});
    // 10: a square with a hole, partly outside the grid.
    areas.push_back(MultiPolygonM{
        PolygonM{square(kX0 + 250, kY0 - 50, 100), {square(kX0 + 280, kY0 - 20, 40)}}});
    // 11: empty.
    areas.push_back(MultiPolygonM{});
    // 12: a concave (U-shaped) polygon outside the grid plus a part inside area 10's hole.
    areas.push_back(
        MultiPolygonM{PolygonM{{at(-100, -100), at(-20, -100), at(-20, 0), at(-40, 0), at(-40, -80),
                                at(-80, -80), at(-80, 0), at(-100, 0), at(-100, -100)},
                               {}},
                      PolygonM{square(kX0 + 290, kY0 - 10, 20), {}}});
    // 13: a diamond spanning the top edge of the grid.
    areas.push_back(MultiPolygonM{
        PolygonM{{at(150, 250), at(200, 300), at(150, 350), at(100, 300), at(150, 250)}, {}}});
    // 14: a 64-gon (vertices rounded to whole metres) of radius ~60 around (300, 300), so
    // rings with many edges (split into bands inside the locator) are covered too.
    RingM circle;
    for (int k = 0; k < 64; ++k) {
        const double a = 2.0 * 3.14159265358979 * k / 64.0;
        circle.push_back(
            at(300.0 + std::round(60.0 * std::cos(a)), 300.0 + std::round(60.0 * std::sin(a))));
    }
    areas.push_back(MultiPolygonM{PolygonM{circle, {}}});
    // 15: square [-100, 0] x [200, 300] and hole [-80, -20] x [220, 280], every side cut
    // into 10 m (outer) or 6 m (hole) segments.
    auto subdivided = [](double x, double y, double side, int parts) {
        RingM r;
        const double step = side / parts;
        for (int k = 0; k < parts; ++k) r.push_back(at(x + k * step, y));
        for (int k = 0; k < parts; ++k) r.push_back(at(x + side, y + k * step));
        for (int k = 0; k < parts; ++k) r.push_back(at(x + side - k * step, y + side));
        for (int k = 0; k < parts; ++k) r.push_back(at(x, y + side - k * step));
        r.push_back(r.front());
        return r;
    };
    areas.push_back(
        MultiPolygonM{PolygonM{subdivided(-100, 200, 100, 10), {subdivided(-80, 220, 60, 10)}}});

    const AreaLocator loc(areas);
    REQUIRE(loc.size() == areas.size());

    std::mt19937_64 rng(20240611);
    std::uniform_real_distribution<double> ux(-120.0, 370.0);
    std::uniform_real_distribution<double> uy(-120.0, 370.0);
    std::uniform_int_distribution<int> lattice(-12, 37);  // multiples of 10 m
    std::vector<PointM> points;
    for (int i = 0; i < 10000; ++i) {
        if (i % 2 == 0) {
            points.push_back(at(ux(rng), uy(rng)));
        } else {
            points.push_back(at(10.0 * lattice(rng), 10.0 * lattice(rng)));
        }
    }
    std::size_t hits = 0;
    std::size_t mismatches = 0;
    std::vector<std::optional<std::size_t>> expected;
    expected.reserve(points.size());
    for (const PointM& p : points) {
        const auto want = brute_force(areas, p);
        const auto got = loc.locate(p);
        expected.push_back(want);
        if (want.has_value()) ++hits;
        if (got != want) {
            ++mismatches;
            INFO("point (" << p.x_m - kX0 << ", " << p.y_m - kY0 << ")");
            CHECK(got == want);
        }
    }
    CHECK(mismatches == 0);
    // The 3x3 grid alone covers 300^2 = 90000 of the 490^2 = 240100 m2 sampled (37%), so
    // well over 3000 of the 10000 points must land in some area.
    CHECK(hits > 3000);

    // Concurrent const queries give the same answers.
    std::vector<std::size_t> thread_mismatches(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < thread_mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (std::size_t i = 0; i < points.size(); ++i)
                if (loc.locate(points[i]) != expected[i]) ++thread_mismatches[t];
        });
    }
    for (std::thread& th : threads) th.join();
    for (const std::size_t m : thread_mismatches) CHECK(m == 0);
}

namespace {

/// A star-shaped ring around (cx, cy): `n` vertices at increasing angles with radii in
/// [r_min, r_max], rounded to whole metres (offset by kX0/kY0), closed.
RingM star(std::mt19937_64& rng, double cx, double cy, int n, double r_min, double r_max) {
    std::uniform_real_distribution<double> radius(r_min, r_max);
    std::uniform_real_distribution<double> jitter(-0.3, 0.3);
    RingM r;
    for (int k = 0; k < n; ++k) {
        const double a = 2.0 * 3.14159265358979 * (k + 0.5 + jitter(rng)) / n;
        const double d = radius(rng);
        r.push_back(at(std::round(cx + d * std::cos(a)), std::round(cy + d * std::sin(a))));
    }
    r.push_back(r.front());
    return r;
}

/// A pie of `n` sectors around (cx, cy) whose neighbours share their radial edges exactly
/// (same vertices) and whose outer sides are jagged; odd sectors are clockwise.
std::vector<MultiPolygonM> pie(std::mt19937_64& rng, double cx, double cy, int n, double r) {
    std::uniform_real_distribution<double> radius(0.6 * r, r);
    const double two_pi = 2.0 * 3.14159265358979;
    auto vertex = [&](double a, double d) {
        return at(std::round(cx + d * std::cos(a)), std::round(cy + d * std::sin(a)));
    };
    std::vector<PointM> spokes;
    for (int k = 0; k < n; ++k) spokes.push_back(vertex(two_pi * k / n, radius(rng)));
    std::vector<MultiPolygonM> sectors;
    for (int k = 0; k < n; ++k) {
        RingM ring{at(cx, cy), spokes[k]};
        for (int j = 1; j < 4; ++j) ring.push_back(vertex(two_pi * (k + j / 4.0) / n, radius(rng)));
        ring.push_back(spokes[(k + 1) % n]);
        ring.push_back(at(cx, cy));
        if (k % 2 == 1) std::reverse(ring.begin(), ring.end());
        sectors.push_back(MultiPolygonM{PolygonM{ring, {}}});
    }
    return sectors;
}

}  // namespace

TEST_CASE("AreaLocator: star-shaped areas against brute force, on vertices and edges",
          "[spatial][area_locator]") {
    std::mt19937_64 rng(4102011);
    // 0..11: a pie (shared radial edges, lowest index wins on them).
    std::vector<MultiPolygonM> areas = pie(rng, 1000, 1000, 12, 700);
    // 12..19: stars overlapping the pie and each other.
    std::uniform_real_distribution<double> centre(100.0, 1900.0);
    for (int k = 0; k < 8; ++k) {
        areas.push_back(
            MultiPolygonM{PolygonM{star(rng, centre(rng), centre(rng), 24 + 8 * k, 80, 400), {}}});
    }
    // 20: a star with a star-shaped hole; 21: an island filling the hole exactly.
    const RingM hole = star(rng, 2600, 600, 20, 60, 120);
    RingM hole_cw = hole;
    std::reverse(hole_cw.begin(), hole_cw.end());
    areas.push_back(MultiPolygonM{PolygonM{star(rng, 2600, 600, 40, 250, 350), {hole_cw}}});
    areas.push_back(MultiPolygonM{PolygonM{hole, {}}});
    // 22: two stars in one area, one far out; 23: empty.
    areas.push_back(MultiPolygonM{PolygonM{star(rng, 2600, 1500, 16, 100, 200), {}},
                                  PolygonM{star(rng, 4000, 3000, 16, 50, 100), {}}});
    areas.push_back(MultiPolygonM{});

    const AreaLocator loc(areas);
    REQUIRE(loc.size() == areas.size());

    // Points: uniform ones, every vertex, points exactly on every edge (eighths of the way
    // along, exact in binary), points near edges on a 1/1024 m lattice (exact, some on the
    // edge), vertices nudged by a millimetre, and whole-metre lattice points.
    std::vector<PointM> points;
    std::uniform_real_distribution<double> ux(-100.0, 4200.0), uy(-100.0, 3200.0);
    std::uniform_real_distribution<double> t01(0.0, 1.0), nudge(-1e-3, 1e-3);
    std::uniform_int_distribution<int> eighth(0, 8), lattice(-100, 4200);
    for (int i = 0; i < 20000; ++i) points.push_back(at(ux(rng), uy(rng)));
    for (int i = 0; i < 5000; ++i) points.push_back(at(lattice(rng), lattice(rng) * 0.75));
    for (const MultiPolygonM& mp : areas) {
        for (const PolygonM& poly : mp) {
            std::vector<const RingM*> rings{&poly.outer};
            for (const RingM& h : poly.holes) rings.push_back(&h);
            for (const RingM* ring : rings) {
                for (std::size_t k = 0; k + 1 < ring->size(); ++k) {
                    const PointM& a = (*ring)[k];
                    const PointM& b = (*ring)[k + 1];
                    points.push_back(a);
                    points.push_back(PointM{a.x_m + nudge(rng), a.y_m + nudge(rng)});
                    const double e = eighth(rng) / 8.0;
                    points.push_back(
                        PointM{a.x_m + e * (b.x_m - a.x_m), a.y_m + e * (b.y_m - a.y_m)});
                    for (int j = 0; j < 4; ++j) {
                        const double t = eighth(rng) / 8.0;
                        const double x = a.x_m + t * (b.x_m - a.x_m);
                        const double y = a.y_m + t * (b.y_m - a.y_m);
                        points.push_back(PointM{std::round(x * 1024.0) / 1024.0,
                                                std::round(y * 1024.0) / 1024.0});
                    }
                }
            }
        }
    }

    std::size_t mismatches = 0, on_boundary = 0, hits = 0;
    for (const PointM& p : points) {
        const auto want = brute_force(areas, p);
        const auto got = loc.locate(p);
        if (want) ++hits;
        bool boundary = false;
        for (const MultiPolygonM& mp : areas)
            for (const PolygonM& poly : mp)
                boundary = boundary || on_ring(poly.outer, p) ||
                           std::any_of(poly.holes.begin(), poly.holes.end(),
                                       [&](const RingM& h) { return on_ring(h, p); });
        if (boundary) ++on_boundary;
        if (got != want) {
            ++mismatches;
            INFO("point (" << p.x_m - kX0 << ", " << p.y_m - kY0 << ")");
            CHECK(got == want);
        }
    }
    CHECK(mismatches == 0);
    // The sample must really exercise boundaries and interiors: each of the ~600 segments
    // gives at least two boundary points (its first vertex, an eighth point), and the areas
    // cover about a fifth of the uniform points' box.
    CHECK(on_boundary > 1200);
    CHECK(hits > 5000);
}

TEST_CASE("AreaLocator: the same answers built on any number of threads",
          "[spatial][area_locator]") {
    // Enough boundary cells for many chunks of the parallel build (256 boundary cells a
    // chunk): a pie and 40 stars of 48-120 points, overlapping.
    std::mt19937_64 rng(20261207);
    std::vector<MultiPolygonM> areas = pie(rng, 3000, 3000, 16, 2500);
    std::uniform_real_distribution<double> centre(200.0, 5800.0);
    for (int k = 0; k < 40; ++k)
        areas.push_back(MultiPolygonM{
            PolygonM{star(rng, centre(rng), centre(rng), 48 + 2 * k, 60, 500), {}}});
    const auto area = [&](std::size_t i) -> const MultiPolygonM& { return areas[i]; };
    const AreaLocator serial(areas.size(), area, 1);

    // Points: uniform, every vertex, points on every edge (eighths of the way along, as in
    // the test above, so that the brute force agrees on them) and 1 cm off it.
    std::vector<PointM> points;
    std::uniform_real_distribution<double> u(-100.0, 6100.0);
    std::uniform_int_distribution<int> eighth(0, 8);
    for (int i = 0; i < 40000; ++i) points.push_back(at(u(rng), u(rng)));
    std::size_t segments = 0;
    for (const MultiPolygonM& mp : areas)
        for (const PolygonM& poly : mp)
            for (std::size_t k = 0; k + 1 < poly.outer.size(); ++k, ++segments) {
                const PointM& a = poly.outer[k];
                const PointM& b = poly.outer[k + 1];
                const double t = eighth(rng) / 8.0;
                points.push_back(a);
                points.push_back(PointM{a.x_m + t * (b.x_m - a.x_m), a.y_m + t * (b.y_m - a.y_m)});
                points.push_back(PointM{a.x_m + t * (b.x_m - a.x_m) + 0.01, a.y_m + 0.01});
            }
    REQUIRE(segments > 3000);  // about a boundary cell each: a dozen chunks

    for (const unsigned threads : {2U, 3U, 8U}) {
        INFO("threads " << threads);
        const AreaLocator parallel(areas.size(), area, threads);
        std::size_t differ = 0, differ_within = 0, wrong = 0;
        for (const PointM& p : points) {
            const auto got = parallel.locate(p);
            differ += got != serial.locate(p);
            differ_within += parallel.locate_within(p, 0.5) != serial.locate_within(p, 0.5);
            if (threads == 3) wrong += got != brute_force(areas, p);
        }
        CHECK(differ == 0);
        CHECK(differ_within == 0);
        CHECK(wrong == 0);
    }
}

TEST_CASE("AreaLocator: degenerate areas (zero width or height)", "[spatial][area_locator]") {
    // Rings whose points are collinear enclose nothing: only points on them are located.
    const RingM flat{at(0, 0), at(100, 0), at(40, 0), at(0, 0)};
    const RingM upright{at(0, 0), at(0, 100), at(0, 0)};
    const AreaLocator h(std::vector<MultiPolygonM>{MultiPolygonM{PolygonM{flat, {}}}});
    CHECK(h.locate(at(0.0, 0.0)) == std::optional<std::size_t>(0));
    CHECK(h.locate(at(37.5, 0.0)) == std::optional<std::size_t>(0));
    CHECK(h.locate(at(100.0, 0.0)) == std::optional<std::size_t>(0));
    CHECK_FALSE(h.locate(at(50.0, 0.001)).has_value());
    CHECK_FALSE(h.locate(at(100.001, 0.0)).has_value());
    const AreaLocator v(std::vector<MultiPolygonM>{MultiPolygonM{PolygonM{upright, {}}}});
    CHECK(v.locate(at(0.0, 62.25)) == std::optional<std::size_t>(0));
    CHECK_FALSE(v.locate(at(0.001, 50.0)).has_value());
}

TEST_CASE("AreaLocator: a ring broken by a non-finite vertex keeps its finite segments",
          "[spatial][area_locator]") {
    // The segments next to the NaN vertex are dropped; points on the others still match,
    // and the square beside it is unaffected.
    const double nan = std::nan("");
    const RingM broken{at(0, 0), at(100, 0), PointM{nan, nan}, at(100, 100), at(0, 100), at(0, 0)};
    const AreaLocator loc(std::vector<MultiPolygonM>{MultiPolygonM{PolygonM{broken, {}}},
                                                     square_area(kX0 + 100.0, kY0, 100.0)});
    CHECK(loc.locate(at(50.0, 0.0)) == std::optional<std::size_t>(0));
    CHECK(loc.locate(at(0.0, 30.0)) == std::optional<std::size_t>(0));
    CHECK(loc.locate(at(150.0, 50.0)) == std::optional<std::size_t>(1));
    CHECK(loc.locate(at(100.0, 50.0)) == std::optional<std::size_t>(1));  // only area 1's edge
}

TEST_CASE("AreaLocator: locate_within vouches only for answers every nearby point shares",
          "[spatial][area_locator]") {
    // For random centres and margins, a decided answer must equal locate() (and the brute
    // force) at every point of a dense sample of the square around the centre, corners and
    // edges included; and most centres away from boundaries must be decided.
    std::mt19937_64 rng(20110327);
    std::vector<MultiPolygonM> areas = pie(rng, 1000, 1000, 12, 700);
    std::uniform_real_distribution<double> centre(100.0, 1900.0);
    for (int k = 0; k < 6; ++k)
        areas.push_back(
            MultiPolygonM{PolygonM{star(rng, centre(rng), centre(rng), 24 + 8 * k, 80, 400), {}}});
    const AreaLocator loc(areas);
    std::uniform_real_distribution<double> ux(-300.0, 2300.0);
    std::uniform_real_distribution<double> margin(0.0, 3.0);
    std::size_t decided = 0, checked = 0, wrong = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const PointM c = at(ux(rng), ux(rng));
        const double m = i % 10 == 0 ? 0.0 : margin(rng);
        const auto answer = loc.locate_within(c, m);
        if (!answer) continue;
        ++decided;
        for (int gx = 0; gx <= 4; ++gx)
            for (int gy = 0; gy <= 4; ++gy) {
                const PointM p{c.x_m - m + gx * (m / 2), c.y_m - m + gy * (m / 2)};
                ++checked;
                if (loc.locate(p) != *answer || brute_force(areas, p) != *answer) ++wrong;
            }
    }
    CHECK(wrong == 0);
    CHECK(checked > 0);
    CHECK(decided > n * 8 / 10);
    // Far outside every area: no area, decided. NaN: undecided.
    CHECK(loc.locate_within(at(-1e6, -1e6), 1.0) == std::optional<std::optional<std::size_t>>(
                                                         std::optional<std::size_t>()));
    CHECK_FALSE(loc.locate_within(PointM{NAN, 0.0}, 1.0));
    // A point on a shared radial edge of the pie is never decided (its cell needs tests).
    CHECK_FALSE(loc.locate_within(at(1000, 1000), 0.5));
}

namespace {

/// Hand geometry: true when segment a-b meets the closed square c ± h (Liang-Barsky clip).
bool segment_meets_square(const PointM& a, const PointM& b, const PointM& c, double h) {
    double t0 = 0.0, t1 = 1.0;
    const double dx = b.x_m - a.x_m, dy = b.y_m - a.y_m;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x_m - (c.x_m - h), (c.x_m + h) - a.x_m, a.y_m - (c.y_m - h),
                         (c.y_m + h) - a.y_m};
    for (int k = 0; k < 4; ++k) {
        if (p[k] == 0.0) {
            if (q[k] < 0.0) return false;
            continue;
        }
        const double r = q[k] / p[k];
        if (p[k] < 0.0) t0 = std::max(t0, r);
        else t1 = std::min(t1, r);
        if (t0 > t1) return false;
    }
    return true;
}

/// Calls `fn(a, b)` for every ring segment of every area (the rings are closed).
void for_each_segment(const std::vector<MultiPolygonM>& areas,
                      const std::function<void(const PointM&, const PointM&)>& fn) {
    auto ring_segments = [&](const RingM& r) {
        for (std::size_t k = 0; k + 1 < r.size(); ++k) fn(r[k], r[k + 1]);
    };
    for (const auto& mp : areas)
        for (const auto& poly : mp) {
            ring_segments(poly.outer);
            for (const auto& h : poly.holes) ring_segments(h);
        }
}

/// The distance from `c` to the nearest ring segment of any area (brute force).
double nearest_segment_m(const std::vector<MultiPolygonM>& areas, const PointM& c) {
    double best = std::numeric_limits<double>::infinity();
    for_each_segment(areas, [&](const PointM& a, const PointM& b) {
        const double dx = b.x_m - a.x_m, dy = b.y_m - a.y_m, len2 = dx * dx + dy * dy;
        const double t =
            len2 > 0 ? std::clamp(((c.x_m - a.x_m) * dx + (c.y_m - a.y_m) * dy) / len2, 0.0, 1.0)
                     : 0.0;
        best = std::min(best, std::hypot(c.x_m - a.x_m - t * dx, c.y_m - a.y_m - t * dy));
    });
    return best;
}

}  // namespace

TEST_CASE("AreaLocator: locate_within decides in boundary cells when no segment reaches the square",
          "[spatial][area_locator]") {
    // Centres drawn within 5 m of the boundaries of a pie, a star and a square (most lie in
    // boundary cells, where only an exact test can answer), margins 1 mm to 20 cm (those of
    // an interpolated transform are a few mm). Expected, by hand geometry: a decided answer
    // is given only when no segment meets the square (Liang-Barsky clip of every segment)
    // among the areas that decide it by the lowest-index rule (those up to the answer; all
    // for "no area"), so every point of the square has the answer of its centre, which
    // locate() and the brute force must both give. And a centre whose nearest segment is
    // farther than 1.5 x the margin (plus 1 mm) is decided unless its square crosses a cell
    // edge: at least 95 % of them (97 %; before the exact square test 9 %, those in the
    // cells with no segment).
    std::mt19937_64 rng(20240101);
    std::vector<MultiPolygonM> areas = pie(rng, 1000, 1000, 12, 700);
    areas.push_back(MultiPolygonM{PolygonM{star(rng, 600.0, 1300.0, 40, 80, 300), {}}});
    areas.push_back(square_area(kX0 + 1500.0, kY0 + 400.0, 200.0));  // overlaps the pie
    const AreaLocator loc(areas);
    std::uniform_real_distribution<double> ux(0.0, 2000.0);
    std::uniform_real_distribution<double> margin(0.001, 0.2);
    std::size_t near_boundary = 0, clear = 0, clear_decided = 0, decided = 0, wrong = 0;
    while (near_boundary < 4000) {
        const PointM c = at(ux(rng), ux(rng));
        const double m = margin(rng);
        const double d = nearest_segment_m(areas, c);
        if (d > 5.0) continue;
        ++near_boundary;
        const auto answer = loc.locate_within(c, m);
        if (d > 1.5 * m + 0.001) {
            ++clear;
            clear_decided += answer.has_value();
        }
        if (!answer) continue;
        ++decided;
        // The lowest-index rule: only the areas up to the answer (all of them for "no
        // area") decide it, so none of their segments may meet the square.
        const std::size_t upto = *answer ? **answer + 1 : areas.size();
        bool meets = false;
        for (std::size_t a = 0; a < upto; ++a)
            for_each_segment({areas[a]}, [&](const PointM& p0, const PointM& p1) {
                meets = meets || segment_meets_square(p0, p1, c, m);
            });
        if (meets || loc.locate(c) != *answer || brute_force(areas, c) != *answer) ++wrong;
    }
    INFO("decided " << decided << " of " << near_boundary << "; clear " << clear_decided << " of " << clear);
    CHECK(wrong == 0);
    CHECK(clear > 3000);
    CHECK(clear_decided * 20 >= clear * 19);
}
