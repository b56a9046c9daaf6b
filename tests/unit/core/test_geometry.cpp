#include <assetmap/core/geometry.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace assetmap;
using test::kX0;
using test::kY0;
using test::square;
using test::square_cw;


TEST_CASE("distance_m is Euclidean in metres", "[core]") {
    // 3-4-5 triangle.
    CHECK(distance_m(PointM{0, 0}, PointM{300, 400}) == Approx(500.0));
}

TEST_CASE("bounds - vertex_count and all_finite cover every ring", "[core]") {
    MultiPolygonM mp{PolygonM{{{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}},
                              {{{10, 10}, {20, 10}, {20, 20}, {10, 10}}}},
                     PolygonM{{{200, -50}, {250, -50}, {250, 0}, {200, -50}}, {}}};
    const BoxM b = bounds(mp);
    CHECK(b.min_x_m == 0);
    CHECK(b.min_y_m == -50);
    CHECK(b.max_x_m == 250);
    CHECK(b.max_y_m == 100);
    CHECK(vertex_count(mp) == 5 + 4 + 4);
    CHECK(all_finite(mp));
    mp[1].outer[1].x_m = std::numeric_limits<double>::quiet_NaN();
    CHECK_FALSE(all_finite(mp));
    CHECK(BoxM{}.empty());
}

TEST_CASE("area_m2 of a 100 m square", "[core]") {
    // 100 m x 100 m = 10000 m2, whatever the ring orientation.
    const MultiPolygonM ccw{PolygonM{square(kX0, kY0, 100.0), {}}};
    const MultiPolygonM cw{PolygonM{square_cw(kX0, kY0, 100.0), {}}};
    CHECK(area_m2(ccw) == Approx(10000.0).epsilon(1e-12));
    CHECK(area_m2(cw) == Approx(10000.0).epsilon(1e-12));
}

TEST_CASE("area_m2 subtracts holes", "[core]") {
    // 100 x 100 minus a 20 x 20 hole: 10000 - 400 = 9600 m2. Both hole orientations give
    // the same result because each ring contributes its absolute area.
    const MultiPolygonM cw_hole{
        PolygonM{square(kX0, kY0, 100.0), {square_cw(kX0 + 40.0, kY0 + 40.0, 20.0)}}};
    const MultiPolygonM ccw_hole{
        PolygonM{square(kX0, kY0, 100.0), {square(kX0 + 40.0, kY0 + 40.0, 20.0)}}};
    CHECK(area_m2(cw_hole) == Approx(9600.0).epsilon(1e-12));
    CHECK(area_m2(ccw_hole) == Approx(9600.0).epsilon(1e-12));
}

TEST_CASE("area_m2 of a multipolygon of two squares", "[core]") {
    // 100 x 100 + 50 x 50 = 10000 + 2500 = 12500 m2.
    const MultiPolygonM mp{PolygonM{square(kX0, kY0, 100.0), {}},
                           PolygonM{square(kX0 + 500.0, kY0, 50.0), {}}};
    CHECK(area_m2(mp) == Approx(12500.0).epsilon(1e-12));
    CHECK(area_m2(MultiPolygonM{}) == 0.0);
}

TEST_CASE("area_m2 accepts unclosed rings", "[core]") {
    // The closing segment is implicit: still 10000 m2.
    const RingM open{
        {kX0, kY0}, {kX0 + 100.0, kY0}, {kX0 + 100.0, kY0 + 100.0}, {kX0, kY0 + 100.0}};
    CHECK(area_m2(MultiPolygonM{PolygonM{open, {}}}) == Approx(10000.0).epsilon(1e-12));
}

TEST_CASE("centroid of an L-shape", "[core]") {
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

TEST_CASE("centroid with a hole and of several polygons", "[core]") {
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

TEST_CASE("centroid of a zero-area input is the vertex mean", "[core]") {
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

