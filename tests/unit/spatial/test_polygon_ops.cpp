#include <assetmap/spatial/polygon_ops.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using assetmap::MultiPolygonM;
using assetmap::PointM;
using assetmap::PolygonM;
using assetmap::RingM;
using assetmap::area_m2;
using assetmap::spatial::make_valid;
using assetmap::test::kX0;
using assetmap::test::kY0;
using assetmap::test::square;
using assetmap::test::square_cw;

namespace {

bool closed(const RingM& r) { return r.size() >= 4 && r.front() == r.back(); }

}  // namespace

TEST_CASE("make_valid leaves a valid polygon unchanged", "[spatial][polygon_ops]") {
    const MultiPolygonM mp{
        PolygonM{square(kX0, kY0, 100.0), {square_cw(kX0 + 40.0, kY0 + 40.0, 20.0)}}};
    const auto r = make_valid(mp);
    CHECK(r.was_valid);
    CHECK(r.reason.empty());
    REQUIRE(r.geometry.size() == 1);
    CHECK(r.geometry[0].outer == mp[0].outer);
    REQUIRE(r.geometry[0].holes.size() == 1);
    CHECK(r.geometry[0].holes[0] == mp[0].holes[0]);
    CHECK(area_m2(r.geometry) == Approx(9600.0).epsilon(1e-12));  // 10000 - 400
}

TEST_CASE("make_valid closes an unclosed ring", "[spatial][polygon_ops]") {
    // Four corners of the 100 m square, no closing point: valid, and the output ring gets
    // the first point appended (5 points). Area 10000 m2.
    const RingM open{
        {kX0, kY0}, {kX0 + 100.0, kY0}, {kX0 + 100.0, kY0 + 100.0}, {kX0, kY0 + 100.0}};
    const auto r = make_valid(MultiPolygonM{PolygonM{open, {}}});
    CHECK(r.was_valid);
    REQUIRE(r.geometry.size() == 1);
    REQUIRE(r.geometry[0].outer.size() == 5);
    CHECK(closed(r.geometry[0].outer));
    CHECK(r.geometry[0].outer.back() == open.front());
    CHECK(area_m2(r.geometry) == Approx(10000.0).epsilon(1e-12));
}

TEST_CASE("make_valid repairs a bow-tie into two triangles", "[spatial][polygon_ops]") {
    // (0,0) -> (10,10) -> (10,0) -> (0,10) -> (0,0): the two diagonals cross at (5,5).
    // Repaired: triangle (0,0) (5,5) (0,10), area 10 * 5 / 2 = 25, and triangle
    // (10,0) (10,10) (5,5), area 25. Total 50 m2.
    const MultiPolygonM bowtie{PolygonM{{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}, {}}};
    const auto r = make_valid(bowtie);
    CHECK_FALSE(r.was_valid);
    CHECK_THAT(r.reason, Catch::Contains("Self-intersection"));
    CHECK_THAT(r.reason, !Catch::Contains("non-polygonal"));
    REQUIRE(r.geometry.size() == 2);
    for (const PolygonM& tri : r.geometry) {
        CHECK(tri.outer.size() == 4);  // 3 corners + closing point
        CHECK(closed(tri.outer));
        CHECK(tri.holes.empty());
        CHECK(area_m2(MultiPolygonM{tri}) == Approx(25.0));
    }
    CHECK(area_m2(r.geometry) == Approx(50.0));
    // The repaired geometry is valid.
    CHECK(make_valid(r.geometry).was_valid);
}

TEST_CASE("make_valid of a degenerate (collinear) ring is empty", "[spatial][polygon_ops]") {
    // (0,0) (10,0) (20,0) (0,0) encloses nothing: GEOS reports it invalid and MakeValid
    // turns it into lines only, which are dropped. Result: EMPTY geometry (area 0).
    const MultiPolygonM flat{PolygonM{{{0, 0}, {10, 0}, {20, 0}, {0, 0}}, {}}};
    const auto r = make_valid(flat);
    CHECK_FALSE(r.was_valid);
    CHECK_FALSE(r.reason.empty());
    CHECK_THAT(r.reason, Catch::Contains("(non-polygonal parts dropped)"));
    CHECK(r.geometry.empty());
    CHECK(area_m2(r.geometry) == 0.0);
}

TEST_CASE("make_valid drops rings with too few points", "[spatial][polygon_ops]") {
    // Outer ring of 2 points: 3 after closing, fewer than 4 -> the polygon is dropped.
    const auto r1 = make_valid(MultiPolygonM{PolygonM{{{0, 0}, {10, 0}}, {}}});
    CHECK_FALSE(r1.was_valid);
    CHECK_THAT(r1.reason, Catch::Contains("too few points"));
    CHECK(r1.geometry.empty());

    // A 2-point hole is dropped, the 100 m square remains (10000 m2).
    const MultiPolygonM holed{PolygonM{square(0, 0, 100), {{{40, 40}, {60, 60}}}}};
    const auto r2 = make_valid(holed);
    CHECK_FALSE(r2.was_valid);
    CHECK_THAT(r2.reason, Catch::Contains("hole 0"));
    REQUIRE(r2.geometry.size() == 1);
    CHECK(r2.geometry[0].holes.empty());
    CHECK(area_m2(r2.geometry) == Approx(10000.0));
}

TEST_CASE("make_valid merges overlapping parts of a multipolygon", "[spatial][polygon_ops]") {
    // [0,10]x[0,10] and [5,15]x[0,10] overlap on [5,10]x[0,10]: union = [0,15]x[0,10],
    // area 150 m2 (not 200). The linework repair also yields the internal edges x=5 and
    // x=10 as lines; they lie inside the result, so no "dropped" note.
    const MultiPolygonM mp{PolygonM{square(0, 0, 10), {}},
                           PolygonM{{{5, 0}, {15, 0}, {15, 10}, {5, 10}, {5, 0}}, {}}};
    const auto r = make_valid(mp);
    CHECK_FALSE(r.was_valid);
    CHECK_THAT(r.reason, !Catch::Contains("non-polygonal"));
    REQUIRE(r.geometry.size() == 1);
    CHECK(area_m2(r.geometry) == Approx(150.0));
}

TEST_CASE("make_valid drops a spike and says so", "[spatial][polygon_ops]") {
    // A 10 m square with a zero-width spike (10,10) -> (10,20) -> (10,10): the polygon is
    // kept (area 100) and the spike, a line outside it, is dropped.
    const MultiPolygonM spike{
        PolygonM{{{0, 0}, {10, 0}, {10, 10}, {10, 20}, {10, 10}, {0, 10}, {0, 0}}, {}}};
    const auto r = make_valid(spike);
    CHECK_FALSE(r.was_valid);
    CHECK_THAT(r.reason, Catch::EndsWith(" (non-polygonal parts dropped)"));
    CHECK(area_m2(r.geometry) == Approx(100.0));
}

TEST_CASE("make_valid of an empty input", "[spatial][polygon_ops]") {
    const auto r = make_valid(MultiPolygonM{});
    CHECK(r.was_valid);
    CHECK(r.geometry.empty());
}
