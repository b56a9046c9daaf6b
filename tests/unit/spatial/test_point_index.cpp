#include <assetmap/spatial/point_index.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <vector>

using assetmap::PointM;
using assetmap::spatial::PointIndex;
using assetmap::test::kX0;
using assetmap::test::kY0;

namespace {

// The index's distance: sqrt(dx² + dy²) in double (see point_index.hpp).
double dist(const PointM& a, const PointM& b) {
    const double dx = a.x_m - b.x_m;
    const double dy = a.y_m - b.y_m;
    return std::sqrt(dx * dx + dy * dy);
}

/// Brute force: nearest with ties (equal squared distance) to the lower index.
std::size_t brute_nearest(const std::vector<PointM>& pts, const PointM& q) {
    std::size_t best = 0;
    double best_d2 = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const double dx = pts[i].x_m - q.x_m;
        const double dy = pts[i].y_m - q.y_m;
        const double d2 = dx * dx + dy * dy;
        if (d2 < best_d2) {
            best_d2 = d2;
            best = i;
        }
    }
    return best;
}

std::vector<std::size_t> brute_within(const std::vector<PointM>& pts, const PointM& q, double r) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (dist(pts[i], q) <= r) out.push_back(i);
    }
    return out;
}

}  // namespace

TEST_CASE("PointIndex matches brute force on 5,000 random points", "[spatial][point_index]") {
    // Fixed seed; points in a 5 km square at EPSG:27700 magnitudes, plus a few exact
    // duplicates (ties) and points snapped to a 10 m lattice (many equal distances).
    std::mt19937_64 rng(20240917);
    std::uniform_real_distribution<double> u(0.0, 5000.0);
    std::vector<PointM> pts;
    for (int i = 0; i < 4900; ++i) pts.push_back({kX0 + u(rng), kY0 + u(rng)});
    for (int i = 0; i < 50; ++i) pts.push_back(pts[static_cast<std::size_t>(i) * 7]);
    for (int i = 0; i < 50; ++i) {
        pts.push_back({kX0 + 10.0 * std::floor(u(rng) / 10.0),
                       kY0 + 10.0 * std::floor(u(rng) / 10.0)});
    }
    REQUIRE(pts.size() == 5000);
    const PointIndex index(pts);
    CHECK(index.size() == 5000);

    std::vector<PointIndex::Hit> hits;
    for (int k = 0; k < 400; ++k) {
        // Half the queries on lattice points or on indexed points (distance 0, ties).
        PointM q{kX0 + u(rng) - 100.0, kY0 + u(rng) + 50.0};
        if (k % 4 == 1) q = pts[static_cast<std::size_t>(k) * 11 % pts.size()];
        if (k % 4 == 2) q = {kX0 + 10.0 * (k % 500), kY0 + 10.0 * ((k * 7) % 500)};
        const auto hit = index.nearest(q);
        REQUIRE(hit);
        CHECK(hit->index == brute_nearest(pts, q));
        CHECK(hit->distance_m == dist(pts[hit->index], q));

        for (const double r : {0.0, 35.0, 250.0, 1200.0}) {
            const auto expected = brute_within(pts, q, r);
            index.within(q, r, hits);
            REQUIRE(hits.size() == expected.size());
            for (std::size_t i = 0; i < hits.size(); ++i) {
                CHECK(hits[i].index == expected[i]);  // sorted by index
                CHECK(hits[i].distance_m == dist(pts[expected[i]], q));
            }
            CHECK(index.count_within(q, r) == expected.size());
            // Unsorted: the same hits in tree order, the same order every time.
            std::vector<PointIndex::Hit> unsorted, again;
            index.within_unsorted(q, r, unsorted);
            index.within_unsorted(q, r, again);
            REQUIRE(unsorted.size() == expected.size());
            for (std::size_t i = 0; i < unsorted.size(); ++i) {
                CHECK(unsorted[i].index == again[i].index);
            }
            std::sort(unsorted.begin(), unsorted.end(),
                      [](const auto& a, const auto& b) { return a.index < b.index; });
            for (std::size_t i = 0; i < unsorted.size(); ++i) {
                CHECK(unsorted[i].index == hits[i].index);
                CHECK(unsorted[i].distance_m == hits[i].distance_m);
            }
        }
    }
}

TEST_CASE("PointIndex ties go to the lower index", "[spatial][point_index]") {
    // Four points at exactly 100 m from the query (N, E, S, W), inserted E, W, N, S; then a
    // duplicate of W. All tie (d² = 10000 exactly): index 0 wins.
    const PointM q{kX0, kY0};
    const std::vector<PointM> pts{{kX0 + 100, kY0}, {kX0 - 100, kY0}, {kX0, kY0 + 100},
                                  {kX0, kY0 - 100}, {kX0 - 100, kY0}};
    const PointIndex index(pts);
    const auto hit = index.nearest(q);
    REQUIRE(hit);
    CHECK(hit->index == 0);
    CHECK(hit->distance_m == 100.0);
    // A query on the duplicated point: indexes 1 and 4 are both at 0 m; 1 wins.
    CHECK(index.nearest(pts[4])->index == 1);
    CHECK(index.nearest(pts[4])->distance_m == 0.0);
}

TEST_CASE("PointIndex radius is inclusive at exactly T", "[spatial][point_index]") {
    // (300, 400) from the query: d² = 90000 + 160000 = 250000 exactly, d = 500 m.
    // (0, 400.0000001) is just outside 400 m; (400, 0) is exactly 400 m.
    const PointM q{kX0, kY0};
    const std::vector<PointM> pts{{kX0 + 300, kY0 + 400}, {kX0, kY0 + 400.0000001},
                                  {kX0 + 400, kY0}};
    const PointIndex index(pts);
    CHECK(index.count_within(q, 500.0) == 3);
    CHECK(index.count_within(q, 400.0) == 1);
    CHECK(index.count_within(q, std::nextafter(500.0, 0.0)) == 2);
    std::vector<PointIndex::Hit> hits;
    index.within(q, 400.0, hits);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].index == 2);
    CHECK(hits[0].distance_m == 400.0);
    index.within(q, 500.0, hits);
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].index == 0);
    CHECK(hits[0].distance_m == 500.0);
}

TEST_CASE("PointIndex empty, non-finite and bad radius", "[spatial][point_index]") {
    const PointIndex empty;
    CHECK(empty.size() == 0);
    CHECK_FALSE(empty.nearest({kX0, kY0}));
    CHECK(empty.count_within({kX0, kY0}, 1000.0) == 0);
    std::vector<PointIndex::Hit> hits{{3, 1.0}};
    empty.within({kX0, kY0}, 1000.0, hits);
    CHECK(hits.empty());  // cleared

    const PointIndex built(std::vector<PointM>{});
    CHECK_FALSE(built.nearest({0, 0}));

    // A NaN point is kept in size() but never returned.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const PointIndex index(std::vector<PointM>{{nan, nan}, {kX0 + 5, kY0}});
    CHECK(index.size() == 2);
    CHECK(index.nearest({kX0, kY0})->index == 1);
    CHECK(index.count_within({kX0, kY0}, 1e9) == 1);
    CHECK(index.count_within({kX0, kY0}, std::numeric_limits<double>::infinity()) == 1);
    CHECK(index.count_within({kX0, kY0}, -1.0) == 0);
    CHECK_FALSE(index.nearest({nan, kY0}));
}
