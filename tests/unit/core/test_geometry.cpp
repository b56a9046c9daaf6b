#include <assetmap/core/geometry.hpp>

#include <catch2/catch.hpp>

#include <limits>

using namespace assetmap;

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
