// Label anchors on hand-drawn shapes (metres; any planar CRS).
#include <assetmap/tiles/label_point.hpp>

#include <catch2/catch.hpp>

using namespace assetmap;
using namespace assetmap::tiles;

namespace {
RingM rect(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}
}  // namespace

TEST_CASE("label point: square - square with a hole - U shape - largest part", "[tiles][label]") {
    // A 100 m square: the middle of the line at 50 % height.
    PointM p = label_point({PolygonM{rect(0, 0, 100, 100), {}}});
    CHECK(p.x_m == Approx(50));
    CHECK(p.y_m == Approx(50));

    // 1600 m square with a 400 m hole at 600–1000: the 50 % line is cut into two 600 m
    // pieces; the 35 % line (y = 560) misses the hole and is 1600 m wide → (800, 560).
    p = label_point({PolygonM{rect(0, 0, 1600, 1600), {rect(600, 600, 1000, 1000)}}});
    CHECK(p.x_m == Approx(800));
    CHECK(p.y_m == Approx(560));

    // A U (open at the top): 0–300 wide, arms 100 wide, base 0–100 high. Its centroid
    // (150, 83.3) is inside the base but the 20 % line (y = 60) crosses the whole base:
    // lines at 50, 35, 65 % (y 150, 105, 195) give 100 m pieces; 20 % gives 300 m → (150, 60).
    const RingM u = {{0, 0}, {300, 0}, {300, 300}, {200, 300}, {200, 100},
                     {100, 100}, {100, 300}, {0, 300}, {0, 0}};
    p = label_point({PolygonM{u, {}}});
    CHECK(p.x_m == Approx(150));
    CHECK(p.y_m == Approx(60));

    // Two parts: the label goes into the larger one.
    p = label_point({PolygonM{rect(0, 0, 10, 10), {}}, PolygonM{rect(100, 100, 200, 200), {}}});
    CHECK(p.x_m == Approx(150));
    CHECK(p.y_m == Approx(150));
}
