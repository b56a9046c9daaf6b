#include <assetmap/spatial/polygon_ops.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using assetmap::MultiPolygonM;
using assetmap::PointM;
using assetmap::PolygonM;
using assetmap::RingM;
using assetmap::spatial::area_m2;
using assetmap::spatial::centroid;
using assetmap::spatial::make_valid;

namespace {

// Realistic EPSG:27700 offsets (central London) so the tests exercise large coordinates.
constexpr double kX0 = 530000.0;
constexpr double kY0 = 180000.0;

/// Closed, counter-clockwise axis-aligned square with its lower-left corner at (x, y).
RingM square(double x, double y, double side) {
    return {{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}};
}

/// Same square, clockwise (as holes usually are).
RingM square_cw(double x, double y, double side) {
    return {{x, y}, {x, y + side}, {x + side, y + side}, {x + side, y}, {x, y}};
}

bool closed(const RingM& r) { return r.size() >= 4 && r.front() == r.back(); }

}  // namespace

TEST_CASE("area_m2 of a 100 m square", "[spatial][polygon_ops]") {
    // 100 m x 100 m = 10000 m2, whatever the ring orientation.
    const MultiPolygonM ccw{PolygonM{square(kX0, kY0, 100.0), {}}};
    const MultiPolygonM cw{PolygonM{square_cw(kX0, kY0, 100.0), {}}};
    CHECK(area_m2(ccw) == Approx(10000.0).epsilon(1e-12));
    CHECK(area_m2(cw) == Approx(10000.0).epsilon(1e-12));
}

TEST_CASE("area_m2 subtracts holes", "[spatial][polygon_ops]") {
    // 100 x 100 minus a 20 x 20 hole: 10000 - 400 = 9600 m2. Both hole orientations give
    // the same result because each ring contributes its absolute area.
    const MultiPolygonM cw_hole{
        PolygonM{square(kX0, kY0, 100.0), {square_cw(kX0 + 40.0, kY0 + 40.0, 20.0)}}};
    const MultiPolygonM ccw_hole{
        PolygonM{square(kX0, kY0, 100.0), {square(kX0 + 40.0, kY0 + 40.0, 20.0)}}};
    CHECK(area_m2(cw_hole) == Approx(9600.0).epsilon(1e-12));
    CHECK(area_m2(ccw_hole) == Approx(9600.0).epsilon(1e-12));
}

TEST_CASE("area_m2 of a multipolygon of two squares", "[spatial][polygon_ops]") {
    // 100 x 100 + 50 x 50 = 10000 + 2500 = 12500 m2.
    const MultiPolygonM mp{PolygonM{square(kX0, kY0, 100.0), {}},
                           PolygonM{square(kX0 + 500.0, kY0, 50.0), {}}};
    CHECK(area_m2(mp) == Approx(12500.0).epsilon(1e-12));
    CHECK(area_m2(MultiPolygonM{}) == 0.0);
}

TEST_CASE("area_m2 accepts unclosed rings", "[spatial][polygon_ops]") {
    // The closing segment is implicit: still 10000 m2.
    const RingM open{
        {kX0, kY0}, {kX0 + 100.0, kY0}, {kX0 + 100.0, kY0 + 100.0}, {kX0, kY0 + 100.0}};
    CHECK(area_m2(MultiPolygonM{PolygonM{open, {}}}) == Approx(10000.0).epsilon(1e-12));
}

TEST_CASE("centroid of an L-shape", "[spatial][polygon_ops]") {
    // L = rectangle A [0,30]x[0,10] (area 300, centroid (15, 5))
    //   + rectangle B [0,10]x[10,20] (area 100, centroid (5, 15)).
    // cx = (300*15 + 100*5) / 400 = 5000 / 400 = 12.5
    // cy = (300*5 + 100*15) / 400 = 3000 / 400 = 7.5
    const RingM l{{0, 0}, {30, 0}, {30, 10}, {10, 10}, {10, 20}, {0, 20}, {0, 0}};
    RingM shifted;
    for (const PointM& p : l) shifted.push_back({p.x_m + kX0, p.y_m + kY0});
    const MultiPolygonM mp{PolygonM{shifted, {}}};
    const PointM c = centroid(mp);
    CHECK(c.x_m == Approx(kX0 + 12.5).margin(1e-6));
    CHECK(c.y_m == Approx(kY0 + 7.5).margin(1e-6));
    CHECK(area_m2(mp) == Approx(400.0).epsilon(1e-12));
}

TEST_CASE("centroid with a hole and of several polygons", "[spatial][polygon_ops]") {
    // Square [0,100]^2 (area 10000, centroid (50,50)) minus hole [60,80]^2 (area 400,
    // centroid (70,70)): cx = cy = (10000*50 - 400*70) / 9600 = 472000 / 9600 = 49.1666...
    const MultiPolygonM holed{PolygonM{square(0, 0, 100), {square_cw(60, 60, 20)}}};
    const PointM c1 = centroid(holed);
    CHECK(c1.x_m == Approx(472000.0 / 9600.0).margin(1e-9));
    CHECK(c1.y_m == Approx(472000.0 / 9600.0).margin(1e-9));

    // Squares [0,10]^2 (area 100, centroid (5,5)) and [20,40]x[0,20] (area 400, centroid
    // (30,10)): cx = (500 + 12000) / 500 = 25, cy = (500 + 4000) / 500 = 9.
    const MultiPolygonM two{PolygonM{square(0, 0, 10), {}}, PolygonM{square(20, 0, 20), {}}};
    const PointM c2 = centroid(two);
    CHECK(c2.x_m == Approx(25.0).margin(1e-9));
    CHECK(c2.y_m == Approx(9.0).margin(1e-9));
}

TEST_CASE("centroid of a zero-area input is the vertex mean", "[spatial][polygon_ops]") {
    // Collinear ring (0,0) (10,0) (20,0) closed by (0,0): area 0. The closing point is not
    // counted twice, so the mean is of (0,0) (10,0) (20,0) = (10, 0).
    const MultiPolygonM flat{PolygonM{{{0, 0}, {10, 0}, {20, 0}, {0, 0}}, {}}};
    CHECK(area_m2(flat) == 0.0);
    const PointM c = centroid(flat);
    CHECK(c.x_m == Approx(10.0));
    CHECK(c.y_m == Approx(0.0));

    // No vertices at all: NaN (there is no mean to take).
    const PointM none = centroid(MultiPolygonM{});
    CHECK(std::isnan(none.x_m));
    CHECK(std::isnan(none.y_m));
}

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
