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
bool inside_ring(const RingM& ring, const PointM& p) {
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

/// In some polygon of a hull (hulls have no holes).
bool inside(const MultiPolygonM& mp, const PointM& p) {
    for (const PolygonM& poly : mp)
        if (inside_ring(poly.outer, p)) return true;
    return false;
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
// 100 m; others: three or four), so the spacing is 100 m and the edge limit max(2 km, 10 ×
// 100 m) = 2 km. Every Delaunay triangle of the grid (edges 100 and 141 m) is kept: their
// union is the square [0,400]²; buffered by 100 m with 8 segments per quarter circle it is
// the square grown by 100 m on each side with corners cut as a regular 32-gon of radius
// 100 m: area = 400² + 4·400·100 + (32/2)·100²·sin(2π/32) = 160,000 + 160,000 + 31,214.45.
TEST_CASE("records_hull of a grid: the grid buffered by its spacing", "[spatial][extent]") {
    const auto h = records_hull(grid());
    CHECK(h.records == 25);
    CHECK(h.outliers == 0);
    CHECK(h.spacing_m == Approx(100.0));
    CHECK(h.edge_limit_m == Approx(2000.0));
    REQUIRE(h.polygon.size() == 1);
    CHECK(h.polygon[0].holes.empty());
    CHECK(h.polygon[0].outer.front() == h.polygon[0].outer.back());
    const double corners = 16.0 * 100.0 * 100.0 * std::sin(2.0 * M_PI / 32.0);
    CHECK(area_m2(h.polygon) == Approx(320000.0 + corners).margin(1.0));
    const BoxM b = bounds(h.polygon);
    CHECK(b.min_x_m == Approx(kX0 - 100.0).margin(1e-6));
    CHECK(b.max_y_m == Approx(kY0 + 500.0).margin(1e-6));
}

// One record 50 km east of the grid: its second-nearest record is ~49.6 km away, more than
// max(2 km, 10 × 100 m) (the other records' 90th percentile is 100 m), so it is an outlier
// and the extent stays the grid's. A bounding box
// of the records would have been 50.4 km wide and covered a far area at (25 km, 200 m).
TEST_CASE("records_hull: an outlier does not stretch the extent", "[spatial][extent]") {
    auto pts = grid();
    pts.push_back(at(50000.0, 0.0));
    const auto h = records_hull(pts);
    CHECK(h.records == 26);
    CHECK(h.outliers == 1);
    CHECK(h.spacing_m == Approx(100.0));
    CHECK(inside(h.polygon, at(200.0, 200.0)));
    CHECK(inside(h.polygon, at(-50.0, 200.0)));      // within one spacing of the edge
    CHECK_FALSE(inside(h.polygon, at(25000.0, 200.0)));  // the far area
    CHECK_FALSE(inside(h.polygon, at(50000.0, 0.0)));    // the outlier itself
    const BoxM b = bounds(h.polygon);
    CHECK(b.max_x_m < kX0 + 501.0);

    // Two outliers side by side are still outliers: each one's second-nearest record is the
    // grid, ~50 km away (k = 2 looks past a lone partner).
    pts.push_back(at(50010.0, 0.0));
    const auto h2 = records_hull(pts);
    CHECK(h2.outliers == 2);
    CHECK_FALSE(inside(h2.polygon, at(25000.0, 200.0)));
}

// Sparse records are not outliers: on a 10 km grid every record's second-nearest record is
// 10 km away, the others' 90th percentile too, and 10 km < max(2 km, 10 × 10 km).
TEST_CASE("records_hull keeps sparse records (rural libraries)", "[spatial][extent]") {
    std::vector<PointM> pts;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) pts.push_back(at(10000.0 * i, 10000.0 * j));
    const auto h = records_hull(pts);
    CHECK(h.outliers == 0);
    CHECK(h.spacing_m == Approx(10000.0));
    CHECK(inside(h.polygon, at(15000.0, 15000.0)));
    CHECK(inside(h.polygon, at(35000.0, 15000.0)));  // 5 km beyond the last column
}

TEST_CASE("records_hull of one record, or none, has no extent", "[spatial][extent]") {
    CHECK(records_hull({}).polygon.empty());
    const auto one = records_hull({at(0, 0)});
    CHECK(one.records == 1);
    CHECK(one.polygon.empty());
    const auto same = records_hull({at(5, 5), at(5, 5), at(5, 5)});
    CHECK(same.polygon.empty());  // all at one place: spacing 0
    const double nan = std::nan("");
    CHECK(records_hull({PointM{nan, 0}, at(0, 0)}).records == 1);
}

// Two records 300 m apart: no Delaunay triangle, so the shape is their edge (300 m, within the
// limit max(2 km, 3 km)), buffered by the spacing (300 m, the only neighbour distance): a
// stadium of length 300 m and radius 300 m.
TEST_CASE("records_hull of collinear records is a buffered segment", "[spatial][extent]") {
    const auto h = records_hull({at(0, 0), at(300, 0)});
    CHECK(h.outliers == 0);
    CHECK(h.spacing_m == Approx(300.0));
    CHECK(inside(h.polygon, at(150, 250)));
    CHECK_FALSE(inside(h.polygon, at(150, 350)));
    CHECK(inside(h.polygon, at(-250, 0)));
}

// Three records, two 75 m apart and one 15 km away: k = min(2, 3 − 2) = 1, so s = 75, 75 and
// ~15 km. For the far one the others' 90th percentile (the 2nd smallest of 75, 75) is 75 m:
// limit max(2 km, 750 m) = 2 km, an outlier. For a near one it is 15 km: kept.
TEST_CASE("records_hull judges a lone outlier among three records", "[spatial][extent]") {
    const auto h = records_hull({at(0, 0), at(75, 0), at(9000, 12000)});
    CHECK(h.outliers == 1);
    CHECK(h.spacing_m == Approx(75.0));
    CHECK_FALSE(inside(h.polygon, at(4500, 6000)));
}

// A clustered source with legitimate sparse records (a chain's stores: many in towns, a few
// in villages): 20 records 100 m apart in a town, 5 villages 5 km apart along a line 20 km
// away. A median rule (10 × 100 m) would drop every village; against the others' 90th
// percentile the village spacing (5 km) is normal: nothing is an outlier. The edge limit is
// 10 × the 23rd smallest of the 25 spacings (5 km) = 50 km: the shape spans town and villages.
TEST_CASE("records_hull keeps the villages of a clustered source", "[spatial][extent]") {
    std::vector<PointM> pts;
    for (int i = 0; i < 20; ++i) pts.push_back(at(100.0 * (i % 5), 100.0 * (i / 5)));
    for (int v = 0; v < 5; ++v) pts.push_back(at(20000.0 + 5000.0 * v, 0.0));
    const auto h = records_hull(pts);
    CHECK(h.outliers == 0);
    CHECK(h.edge_limit_m == Approx(50000.0));
    CHECK(inside(h.polygon, at(30000.0, 0.0)));
    CHECK(inside(h.polygon, at(10000.0, 100.0)));  // between the town and the villages
}

// Two clusters 30 km apart (a feed's town and a far city it also serves): each a 5 × 5 grid
// 100 m apart. Nobody is an outlier (each record's neighbours are 100 m away), but the edge
// limit (2 km) keeps the shape from bridging the 30 km gap: two polygons, and the country
// between is not claimed — a concave or convex hull would have joined them.
TEST_CASE("records_hull does not bridge the gap between two clusters", "[spatial][extent]") {
    auto pts = grid();
    for (const auto& p : grid()) pts.push_back({p.x_m + 30000.0, p.y_m});
    const auto h = records_hull(pts);
    CHECK(h.outliers == 0);
    CHECK(h.polygon.size() == 2);
    CHECK(inside(h.polygon, at(200.0, 200.0)));
    CHECK(inside(h.polygon, at(30200.0, 200.0)));
    CHECK_FALSE(inside(h.polygon, at(15000.0, 200.0)));
}
