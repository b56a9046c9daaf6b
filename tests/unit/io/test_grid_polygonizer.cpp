#include <assetmap/io/grid_polygonizer.hpp>

#include <catch2/catch.hpp>

using namespace assetmap;

TEST_CASE("grid cells at or below a level are traced into polygons", "[io][grid]") {
    // 3 × 3 cells of 10 m, north-west corner at (1000, 2000):
    //   row 0:  1 1 1
    //   row 1:  1 9 1      9 > level 5: a hole in the middle
    //   row 2:  1 1 none
    GridM g;
    g.min_x_m = 1000;
    g.max_y_m = 2000;
    g.cell_m = 10;
    g.width = 3;
    g.height = 3;
    g.values = {1, 1, 1, 1, 9, 1, 1, 1, GridM::none};
    const auto polys = io::polygonize_levels(g, {5.0, 10.0, 0.5});
    REQUIRE(polys.size() == 3);
    // Level 5: 7 cells of 100 m² = 700 m², one polygon with one hole (the 9).
    REQUIRE(polys[0].size() == 1);
    CHECK(polys[0][0].holes.size() == 1);
    CHECK(area_m2(polys[0]) == Approx(700.0));
    // Level 10: the 9 joins: 8 cells, no hole.
    CHECK(area_m2(polys[1]) == Approx(800.0));
    CHECK(polys[1][0].holes.empty());
    // Level 0.5: nothing.
    CHECK(polys[2].empty());
    // The outline is in metres: the western edge is x = 1000.
    CHECK(bounds(polys[1]).min_x_m == Approx(1000.0));
    CHECK(bounds(polys[1]).max_y_m == Approx(2000.0));
}
