// Tracing sparse grid cells into polygons (assetmap/spatial/grid_tracer.hpp). Expected
// outlines are drawn by hand on tiny grids of 10 m cells; the comparison with GDALPolygonize
// on random grids is in tests/integration/test_catchment_reference.cpp.
#include <assetmap/spatial/grid_tracer.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace assetmap;

namespace {

/// A grid of 10 m cells, north-west corner (1000, 2000), from rows of text: a digit is the
/// cell's value, '.' leaves it unwritten. `col0`, `row0` shift the picture (tiles of 64).
SparseGridM grid_of(const std::vector<std::string>& rows, std::uint32_t col0 = 0,
                    std::uint32_t row0 = 0) {
    SparseGridM g(1000, 2000, 10);
    for (std::uint32_t r = 0; r < rows.size(); ++r)
        for (std::uint32_t c = 0; c < rows[r].size(); ++c)
            if (rows[r][c] != '.') g.cell(col0 + c, row0 + r) = float(rows[r][c] - '0');
    return g;
}

}  // namespace

TEST_CASE("grid tracer: a hole, a level that fills it, a level with nothing", "[spatial][grid]") {
    // 3 × 3 cells: the 9 in the middle is above level 5 (a hole); the corner is unwritten, so
    // the hole touches the outside at one corner: a shell and a hole meeting at that point.
    const auto g = grid_of({"111", "191", "11."});
    const auto polys = spatial::trace_levels(g, {5.0, 10.0, 0.5});
    REQUIRE(polys.size() == 3);
    // Level 5: 7 cells of 100 m² = 700 m², one polygon with one hole.
    REQUIRE(polys[0].size() == 1);
    REQUIRE(polys[0][0].holes.size() == 1);
    CHECK(area_m2(polys[0]) == Approx(700.0));
    // The outer ring is the square less the corner cell (6 turns + the closing vertex); the
    // hole is the 10 m square of the middle cell.
    CHECK(polys[0][0].outer.size() == 7);
    CHECK(polys[0][0].holes[0].size() == 5);
    CHECK(polys[0][0].outer.front() == polys[0][0].outer.back());
    // Level 10: 8 cells, no hole.
    CHECK(area_m2(polys[1]) == Approx(800.0));
    CHECK(polys[1][0].holes.empty());
    CHECK(polys[2].empty());
    // In metres: the western edge is x = 1000, the northern y = 2000, the south y = 1970.
    CHECK(bounds(polys[1]).min_x_m == Approx(1000.0));
    CHECK(bounds(polys[1]).max_y_m == Approx(2000.0));
    CHECK(bounds(polys[1]).min_y_m == Approx(1970.0));
}

TEST_CASE("grid tracer: cells meeting at a corner stay apart (4-connected)", "[spatial][grid]") {
    // Two saddles: 1 . / . 1 and . 1 / 1 .
    const auto polys = spatial::trace_levels(grid_of({"1.1", ".1.", "..."}), {1.0});
    REQUIRE(polys[0].size() == 3);
    for (const auto& p : polys[0]) {
        CHECK(p.outer.size() == 5);  // each a single 10 m square
        CHECK(p.holes.empty());
    }
    CHECK(area_m2(polys[0]) == Approx(300.0));
}

TEST_CASE("grid tracer: an island in a hole, and shapes across tile edges", "[spatial][grid]") {
    // A 5 × 5 ring of cells with a 3 × 3 hole holding one cell: two polygons, the outer one
    // with one hole of 8 cells (the hole's ring goes around the island cell).
    const std::vector<std::string> pic = {"11111", "1...1", "1.1.1", "1...1", "11111"};
    // Placed across the corner of four 64-cell tiles.
    const auto polys = spatial::trace_levels(grid_of(pic, 62, 62), {1.0});
    REQUIRE(polys[0].size() == 2);
    std::size_t holes = 0;
    for (const auto& p : polys[0]) holes += p.holes.size();
    CHECK(holes == 1);
    CHECK(area_m2(polys[0]) == Approx(1700.0));  // 16 ring cells + the island
    // The outer polygon's outline is one square of 50 m: 4 turning points.
    const auto& big = polys[0][0].holes.empty() ? polys[0][1] : polys[0][0];
    CHECK(big.outer.size() == 5);
    CHECK(area_m2(MultiPolygonM{PolygonM{big.outer, {}}}) == Approx(2500.0));
}

TEST_CASE("grid tracer: the same grid gives the same polygons", "[spatial][grid]") {
    const std::vector<std::string> pic = {"1.11", "1111", "..1.", "1.11"};
    const auto a = spatial::trace_levels(grid_of(pic, 60, 3), {1.0});
    const auto b = spatial::trace_levels(grid_of(pic, 60, 3), {1.0});
    REQUIRE(a[0].size() == b[0].size());
    for (std::size_t i = 0; i < a[0].size(); ++i) CHECK(a[0][i].outer == b[0][i].outer);
    CHECK(spatial::trace_levels(SparseGridM(0, 0, 10), {1.0})[0].empty());
}
