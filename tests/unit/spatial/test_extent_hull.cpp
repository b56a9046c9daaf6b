// records_hull: the data extent of a source without a declared one. Expected values by hand
// on small grids (metres from kX0, kY0 in EPSG:27700).

#include <assetmap/spatial/extent_hull.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace assetmap;
using assetmap::spatial::records_hull;
using assetmap::test::kX0;
using assetmap::test::kY0;

namespace {

PointM at(double x, double y) { return {kX0 + x, kY0 + y}; }

/// Crossing-number point-in-ring test (the ring is closed).
bool inside(const RingM& ring, const PointM& p) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const PointM& a = ring[i];
        const PointM& b = ring[j];
        if ((a.y_m > p.y_m) != (b.y_m > p.y_m) &&
            p.x_m < (b.x_m - a.x_m) * (p.y_m - a.y_m) / (b.y_m - a.y_m) + a.x_m)
            in = !in;
    }
    return in;
}

/// A 5 × 5 grid of records 100 m apart: [0, 400]².
std::vector<PointM> grid() {
    std::vector<PointM> pts;
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 5; ++j) pts.push_back(at(100.0 * i, 100.0 * j));
    return pts;
}

}  // namespace

// Every grid record's second-nearest other record is 100 m away (corners: two neighbours at
// 100 m; others: three or four), so the spacing is 100 m. The concave hull of a regular
// grid is its square [0,400]²; buffered by 100 m with 8 segments per quarter circle it is
// the square grown by 100 m on each side with corners cut as a regular 32-gon of radius
// 100 m: area = 400² + 4·400·100 + (32/2)·100²·sin(2π/32) = 160,000 + 160,000 + 31,214.45.
TEST_CASE("records_hull of a grid: the grid buffered by its spacing", "[spatial][extent]") {
    const auto h = records_hull(grid());
    CHECK(h.records == 25);
    CHECK(h.outliers == 0);
    CHECK(h.spacing_m == Approx(100.0));
    REQUIRE(h.ring.size() >= 4);
    CHECK(h.ring.front() == h.ring.back());
    const double corners = 16.0 * 100.0 * 100.0 * std::sin(2.0 * M_PI / 32.0);
    CHECK(area_m2(MultiPolygonM{PolygonM{h.ring, {}}}) ==
          Approx(320000.0 + corners).margin(1.0));
    const BoxM b = bounds(MultiPolygonM{PolygonM{h.ring, {}}});
    CHECK(b.min_x_m == Approx(kX0 - 100.0).margin(1e-6));
    CHECK(b.max_y_m == Approx(kY0 + 500.0).margin(1e-6));
}

// One record 50 km east of the grid: its second-nearest record is ~49.6 km away, more than
// max(2 km, 10 × 100 m), so it is an outlier and the extent stays the grid's. A bounding box
// of the records would have been 50.4 km wide and covered a far area at (25 km, 200 m).
TEST_CASE("records_hull: an outlier does not stretch the extent", "[spatial][extent]") {
    auto pts = grid();
    pts.push_back(at(50000.0, 0.0));
    const auto h = records_hull(pts);
    CHECK(h.records == 26);
    CHECK(h.outliers == 1);
    CHECK(h.spacing_m == Approx(100.0));
    CHECK(inside(h.ring, at(200.0, 200.0)));
    CHECK(inside(h.ring, at(-50.0, 200.0)));      // within one spacing of the edge
    CHECK_FALSE(inside(h.ring, at(25000.0, 200.0)));  // the far area
    CHECK_FALSE(inside(h.ring, at(50000.0, 0.0)));    // the outlier itself
    const BoxM b = bounds(MultiPolygonM{PolygonM{h.ring, {}}});
    CHECK(b.max_x_m < kX0 + 501.0);

    // Two outliers side by side are still outliers: each one's second-nearest record is the
    // grid, ~50 km away (k = 2 looks past a lone partner).
    pts.push_back(at(50010.0, 0.0));
    const auto h2 = records_hull(pts);
    CHECK(h2.outliers == 2);
    CHECK_FALSE(inside(h2.ring, at(25000.0, 200.0)));
}

// Sparse records are not outliers: on a 10 km grid every record's second-nearest record is
// 10 km away, the median too, and 10 km < max(2 km, 10 × 10 km).
TEST_CASE("records_hull keeps sparse records (rural libraries)", "[spatial][extent]") {
    std::vector<PointM> pts;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) pts.push_back(at(10000.0 * i, 10000.0 * j));
    const auto h = records_hull(pts);
    CHECK(h.outliers == 0);
    CHECK(h.spacing_m == Approx(10000.0));
    CHECK(inside(h.ring, at(15000.0, 15000.0)));
    CHECK(inside(h.ring, at(35000.0, 15000.0)));  // 5 km beyond the last column
}

TEST_CASE("records_hull of one record, or none, has no extent", "[spatial][extent]") {
    CHECK(records_hull({}).ring.empty());
    const auto one = records_hull({at(0, 0)});
    CHECK(one.records == 1);
    CHECK(one.ring.empty());
    const auto same = records_hull({at(5, 5), at(5, 5), at(5, 5)});
    CHECK(same.ring.empty());  // all at one place: spacing 0
    const double nan = std::nan("");
    CHECK(records_hull({PointM{nan, 0}, at(0, 0)}).records == 1);
}

// Two records 300 m apart: the hull is the segment, buffered by the spacing (300 m, the
// only neighbour distance): a stadium of length 300 m and radius 300 m.
TEST_CASE("records_hull of collinear records is a buffered segment", "[spatial][extent]") {
    const auto h = records_hull({at(0, 0), at(300, 0)});
    CHECK(h.outliers == 0);
    CHECK(h.spacing_m == Approx(300.0));
    CHECK(inside(h.ring, at(150, 250)));
    CHECK_FALSE(inside(h.ring, at(150, 350)));
    CHECK(inside(h.ring, at(-250, 0)));
}

// Three records, two 75 m apart and one 15 km away: k = min(2, 3 − 2) = 1, so s = 75, 75 and
// ~15 km; the median 75 m gives the limit max(2 km, 750 m) = 2 km: the far one is an outlier.
TEST_CASE("records_hull judges a lone outlier among three records", "[spatial][extent]") {
    const auto h = records_hull({at(0, 0), at(75, 0), at(9000, 12000)});
    CHECK(h.outliers == 1);
    CHECK(h.spacing_m == Approx(75.0));
    CHECK_FALSE(inside(h.ring, at(4500, 6000)));
}
