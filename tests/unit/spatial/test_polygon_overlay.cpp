#include <assetmap/spatial/polygon_overlay.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <vector>

using assetmap::MultiPolygonM;
using assetmap::PolygonM;
using assetmap::area_m2;
using assetmap::spatial::intersection_areas_m2;
using assetmap::spatial::union_all;
using assetmap::test::kX0;
using assetmap::test::kY0;
using assetmap::test::square;
using assetmap::test::square_cw;

namespace {

MultiPolygonM sq(double x, double y, double side) {
    return MultiPolygonM{PolygonM{square(x, y, side), {}}};
}

}  // namespace

// Square A = [0,100]×[0,100] and square B = [50,150]×[50,150] (metres from kX0, kY0).
// They overlap in [50,100]×[50,100] = 50 × 50 = 2,500 m², so
// area(A ∪ B) = 10,000 + 10,000 − 2,500 = 17,500 m².
TEST_CASE("union_all counts the overlap of two 100 m squares once", "[spatial][overlay]") {
    const MultiPolygonM a = sq(kX0, kY0, 100.0);
    const MultiPolygonM b = sq(kX0 + 50.0, kY0 + 50.0, 100.0);
    const MultiPolygonM u = union_all({a, b});
    REQUIRE(u.size() == 1);  // one polygon, no holes
    CHECK(u[0].holes.empty());
    CHECK(area_m2(u) == Approx(17500.0).epsilon(1e-12));

    // The same two squares as overlapping parts of one (invalid) multipolygon.
    const MultiPolygonM both{a[0], b[0]};
    CHECK(area_m2(union_all({both})) == Approx(17500.0).epsilon(1e-12));

    // A hole survives: A with a 20 m hole, unioned with a square far away (disjoint):
    // 10,000 − 400 + 10,000 = 19,600 m².
    const MultiPolygonM holed{PolygonM{square(kX0, kY0, 100.0),
                                       {square_cw(kX0 + 40.0, kY0 + 40.0, 20.0)}}};
    const MultiPolygonM far = sq(kX0 + 1000.0, kY0, 100.0);
    CHECK(area_m2(union_all({holed, far})) == Approx(19600.0).epsilon(1e-12));

    CHECK(union_all({}).empty());
    CHECK(union_all({MultiPolygonM{}}).empty());
}

TEST_CASE("union_all repairs an invalid input first", "[spatial][overlay]") {
    // Bow-tie (0,0) (10,10) (10,0) (0,10): repaired into two triangles of 25 m² each
    // (see test_polygon_ops), 50 m² in all; unioned with the disjoint 100 m square A:
    // 50 + 10,000 = 10,050 m².
    const MultiPolygonM bowtie{PolygonM{{{kX0 - 20, kY0}, {kX0 - 10, kY0 + 10},
                                         {kX0 - 10, kY0}, {kX0 - 20, kY0 + 10},
                                         {kX0 - 20, kY0}},
                                        {}}};
    const MultiPolygonM u = union_all({bowtie, sq(kX0, kY0, 100.0)});
    CHECK(area_m2(u) == Approx(10050.0).epsilon(1e-12));
}

// Cover = A ∪ B as above. Areas:
//   cell 0 = [0,100]×[0,100]: contains all of A, and B ∩ cell 0 = [50,100]² ⊂ A, so
//            10,000 m²;
//   cell 1 = [100,200]×[0,100]: only B reaches it, in [100,150]×[50,100] = 50 × 50 =
//            2,500 m²;
//   cell 2 = [500,600]×[500,600]: far away, 0 m²;
//   cell 3 = empty multipolygon: 0 m²;
//   cell 4 = [0,200]×[0,200] (overlapping the others, which is allowed): the whole
//            cover, 17,500 m²;
//   cell 5 = [60,80]×[60,80], wholly inside the cover: 400 m².
TEST_CASE("intersection_areas_m2 per area", "[spatial][overlay]") {
    const MultiPolygonM cover = union_all({sq(kX0, kY0, 100.0), sq(kX0 + 50.0, kY0 + 50.0, 100.0)});
    const std::vector<MultiPolygonM> areas{
        sq(kX0, kY0, 100.0),          sq(kX0 + 100.0, kY0, 100.0),
        sq(kX0 + 500.0, kY0 + 500.0, 100.0), MultiPolygonM{},
        sq(kX0, kY0, 200.0),          sq(kX0 + 60.0, kY0 + 60.0, 20.0)};
    const std::vector<double> got = intersection_areas_m2(areas, cover);
    REQUIRE(got.size() == 6);
    CHECK(got[0] == Approx(10000.0).epsilon(1e-12));
    CHECK(got[1] == Approx(2500.0).epsilon(1e-12));
    CHECK(got[2] == 0.0);
    CHECK(got[3] == 0.0);
    CHECK(got[4] == Approx(17500.0).epsilon(1e-12));
    CHECK(got[5] == Approx(400.0).epsilon(1e-12));

    // A cover whose parts overlap is unioned first: the same answers.
    const MultiPolygonM overlapping{sq(kX0, kY0, 100.0)[0], sq(kX0 + 50.0, kY0 + 50.0, 100.0)[0]};
    const std::vector<double> again = intersection_areas_m2(areas, overlapping);
    REQUIRE(again.size() == 6);
    CHECK(again[0] == Approx(10000.0).epsilon(1e-12));
    CHECK(again[1] == Approx(2500.0).epsilon(1e-12));
    CHECK(again[4] == Approx(17500.0).epsilon(1e-12));

    CHECK(intersection_areas_m2(areas, MultiPolygonM{}) == std::vector<double>(6, 0.0));
    CHECK(intersection_areas_m2({}, cover).empty());
}
