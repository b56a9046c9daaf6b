#include <assetmap/spatial/duplicate_merger.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using assetmap::PointM;
using assetmap::spatial::merge_duplicates;
using assetmap::spatial::MergeCandidate;
using Result = std::vector<std::size_t>;

namespace {

constexpr double kX0 = 530000.0;
constexpr double kY0 = 180000.0;

MergeCandidate cand(std::size_t rank, const std::string& category, double dx, double dy) {
    return MergeCandidate{rank, category, PointM{kX0 + dx, kY0 + dy}};
}

/// Applies `perm` (new position -> old index) to the input, runs the merge on both, and
/// checks that the permuted result is the original one with indices renamed.
void check_permutation_invariant(const std::vector<MergeCandidate>& input,
                                 const std::vector<std::size_t>& perm, double distance) {
    std::vector<MergeCandidate> permuted;
    std::vector<std::size_t> new_of_old(input.size());
    for (std::size_t n = 0; n < perm.size(); ++n) {
        permuted.push_back(input[perm[n]]);
        new_of_old[perm[n]] = n;
    }
    const Result before = merge_duplicates(input, distance);
    const Result after = merge_duplicates(permuted, distance);
    REQUIRE(after.size() == before.size());
    for (std::size_t n = 0; n < perm.size(); ++n) {
        INFO("new index " << n << ", old index " << perm[n]);
        CHECK(after[n] == new_of_old[before[perm[n]]]);
    }
}

}  // namespace

TEST_CASE("merge: two sources - 10 m apart", "[spatial][duplicate_merger]") {
    // (6, 8) is 10 m from (0, 0) (3-4-5 triangle x 2); 10 <= 25 -> merged into the
    // record of the earlier source (rank 0), whatever the input order.
    CHECK(merge_duplicates({cand(0, "bus_stop", 0, 0), cand(1, "bus_stop", 6, 8)}, 25.0) ==
          Result{0, 0});
    CHECK(merge_duplicates({cand(1, "bus_stop", 6, 8), cand(0, "bus_stop", 0, 0)}, 25.0) ==
          Result{1, 1});
    // Exactly at the distance still merges (10 <= 10).
    CHECK(merge_duplicates({cand(0, "bus_stop", 0, 0), cand(1, "bus_stop", 6, 8)}, 10.0) ==
          Result{0, 0});
}

TEST_CASE("merge: 30 m apart with distance 25", "[spatial][duplicate_merger]") {
    // (18, 24) is 30 m from (0, 0); 30 > 25 -> both kept.
    CHECK(merge_duplicates({cand(0, "bus_stop", 0, 0), cand(1, "bus_stop", 18, 24)}, 25.0) ==
          Result{0, 1});
}

TEST_CASE("merge: same source never merges", "[spatial][duplicate_merger]") {
    // (3, 4) is 5 m from (0, 0), but both come from source 0.
    CHECK(merge_duplicates({cand(0, "bus_stop", 0, 0), cand(0, "bus_stop", 3, 4)}, 25.0) ==
          Result{0, 1});
}

TEST_CASE("merge: different categories never merge", "[spatial][duplicate_merger]") {
    // Same place, different sources, different categories.
    CHECK(merge_duplicates({cand(0, "bus_stop", 0, 0), cand(1, "library", 0, 0)}, 25.0) ==
          Result{0, 1});
}

TEST_CASE("merge: no distance - nothing merges", "[spatial][duplicate_merger]") {
    const std::vector<MergeCandidate> same_spot{cand(0, "bus_stop", 0, 0),
                                                cand(1, "bus_stop", 0, 0)};
    CHECK(merge_duplicates(same_spot, 0.0) == Result{0, 1});
    CHECK(merge_duplicates(same_spot, -5.0) == Result{0, 1});
    CHECK(merge_duplicates(same_spot, std::numeric_limits<double>::quiet_NaN()) == Result{0, 1});
    CHECK(merge_duplicates({}, 25.0).empty());
}

TEST_CASE("merge: one record absorbs at most one record per source",
          "[spatial][duplicate_merger]") {
    // A at 0; B1 3 m away, B2 8 m away (both source 1), distance 25.
    // Taken in input order: B1 merges into A (3 <= 25); A has now absorbed source 1, so
    // B2 is kept.
    CHECK(merge_duplicates(
              {cand(0, "bus_stop", 0, 0), cand(1, "bus_stop", 3, 0), cand(1, "bus_stop", 8, 0)},
              25.0) == Result{0, 0, 2});
    // The rule is greedy in input order, not globally nearest: with the farther B first,
    // the farther one merges and the nearer one is kept.
    CHECK(merge_duplicates(
              {cand(0, "bus_stop", 0, 0), cand(1, "bus_stop", 8, 0), cand(1, "bus_stop", 3, 0)},
              25.0) == Result{0, 0, 2});

    // A second record of source 1 may still merge into another kept record: A1 at 0, A2
    // at 15, B1 at 2 (-> A1, 2 m vs 13 m), B2 at 4 (A1 already has source 1 -> A2, 11 m).
    CHECK(merge_duplicates({cand(0, "bus_stop", 0, 0), cand(0, "bus_stop", 15, 0),
                            cand(1, "bus_stop", 2, 0), cand(1, "bus_stop", 4, 0)},
                           20.0) == Result{0, 1, 0, 1});
}

TEST_CASE("merge: nearest kept record wins - ties to the lower index",
          "[spatial][duplicate_merger]") {
    // A1 at 0, A2 at 20, B at 12: 12 m to A1, 8 m to A2 -> A2 (index 1).
    CHECK(merge_duplicates(
              {cand(0, "bus_stop", 0, 0), cand(0, "bus_stop", 20, 0), cand(1, "bus_stop", 12, 0)},
              25.0) == Result{0, 1, 1});
    // B at 10: 10 m to both -> lower index, A1 (0); A2 stays itself.
    CHECK(merge_duplicates(
              {cand(0, "bus_stop", 0, 0), cand(0, "bus_stop", 20, 0), cand(1, "bus_stop", 10, 0)},
              25.0) == Result{0, 1, 0});
    // Tie between kept records of different sources: index, not rank, decides.
    // Index 0 = source 1 at (0, 0), index 1 = source 2 at (0, 15), index 2 = source 0 at
    // (0, 30); distance 15. Source 0 (index 2) is kept; source 1 (index 0) is 30 m from it
    // -> kept; source 2 (index 1) is 15 m from both -> tie -> lower index, 0.
    CHECK(merge_duplicates(
              {cand(1, "bus_stop", 0, 0), cand(2, "bus_stop", 0, 15), cand(0, "bus_stop", 0, 30)},
              15.0) == Result{0, 0, 2});
}

TEST_CASE("merge: three sources", "[spatial][duplicate_merger]") {
    // All within 10 m of A: B (5 m) and C (5 m) both merge into A (different sources).
    CHECK(merge_duplicates(
              {cand(0, "bus_stop", 0, 0), cand(1, "bus_stop", 5, 0), cand(2, "bus_stop", 0, 5)},
              10.0) == Result{0, 0, 0});
    // A chain A - B - C, 8 m steps, distance 10: B merges into A (8 m). C is 8 m from B but
    // B is not kept, and 16 m from A -> C is kept (merging is not transitive).
    CHECK(merge_duplicates(
              {cand(0, "bus_stop", 0, 0), cand(1, "bus_stop", 8, 0), cand(2, "bus_stop", 16, 0)},
              10.0) == Result{0, 0, 2});
    // Same chain when B is out of A's reach (12 m): B kept, C merges into B (4 m).
    CHECK(merge_duplicates(
              {cand(0, "bus_stop", 0, 0), cand(1, "bus_stop", 12, 0), cand(2, "bus_stop", 16, 0)},
              10.0) == Result{0, 1, 1});
}

TEST_CASE("merge: records in neighbouring grid cells", "[spatial][duplicate_merger]") {
    // Cell size = distance (10 m). A at (9.9, 9.9) and B at (10.1, 10.1) straddle a cell
    // corner; 0.28 m apart -> merged. Also negative coordinates relative to the origin.
    CHECK(merge_duplicates({cand(0, "bus_stop", 9.9, 9.9), cand(1, "bus_stop", 10.1, 10.1)},
                           10.0) == Result{0, 0});
    CHECK(merge_duplicates({cand(0, "x", -kX0 - 0.1, -kY0), cand(1, "x", -kX0 + 0.1, -kY0)},
                           10.0) == Result{0, 0});
}

TEST_CASE("merge: deterministic under reordering", "[spatial][duplicate_merger]") {
    // 20 sites on a 100 m lattice, each with a record from sources 0 and 1 (and every other
    // site one from source 2) within 4 m, plus a library at each site; distance 10. Sites
    // are far apart, so no record competes: any input order gives the same merges.
    std::vector<MergeCandidate> input;
    for (int s = 0; s < 20; ++s) {
        const double x = 100.0 * (s % 5), y = 100.0 * (s / 5);
        input.push_back(cand(0, "bus_stop", x, y));
        input.push_back(cand(1, "bus_stop", x + 3, y));
        if (s % 2 == 0) input.push_back(cand(2, "bus_stop", x, y + 4));
        input.push_back(cand(1, "library", x, y));
    }
    const Result r = merge_duplicates(input, 10.0);
    // Every source-1 and source-2 bus stop merges into the source-0 one of its site.
    for (std::size_t i = 0; i < input.size(); ++i) {
        if (input[i].category == "bus_stop" && input[i].source_rank > 0) {
            CHECK(input[r[i]].source_rank == 0);
            CHECK(assetmap::distance_m(input[r[i]].location, input[i].location) <= 4.0);
        } else {
            CHECK(r[i] == i);
        }
    }
    CHECK(merge_duplicates(input, 10.0) == r);  // same input, same output

    std::mt19937 rng(42);
    for (int round = 0; round < 5; ++round) {
        std::vector<std::size_t> perm(input.size());
        std::iota(perm.begin(), perm.end(), std::size_t{0});
        std::shuffle(perm.begin(), perm.end(), rng);
        check_permutation_invariant(input, perm, 10.0);
    }

    // With competition (two B near one A), only the order *within* a source matters:
    // interleaving sources differently, keeping each source's own order, changes nothing.
    const std::vector<MergeCandidate> competing{
        cand(0, "bus_stop", 0, 0), cand(0, "bus_stop", 20, 0), cand(1, "bus_stop", 8, 0),
        cand(1, "bus_stop", 3, 0), cand(2, "bus_stop", 12, 0)};
    // Sources in the order 2, 1, 0, 1, 0 (each source's records keep their order).
    check_permutation_invariant(competing, {4, 2, 0, 3, 1}, 10.0);
}

// Per-source merge distances: a GP list placed at postcode centroids (source 1, 150 m) merges
// with an OSM surgery (source 0, 25 m) 90 m away, as max(25, 150) = 150 ≥ 90; a bus stop
// source (2, 25 m) 90 m from the OSM one does not merge, as max(25, 25) < 90.
TEST_CASE("merge distance per source: the larger of the pair's", "[spatial][merge]") {
    using assetmap::spatial::MergeCandidate;
    const std::vector<MergeCandidate> c = {
        {0, "gp", {0.0, 0.0}},     // 0: OSM surgery
        {1, "gp", {90.0, 0.0}},    // 1: NHS practice at its postcode centroid → merges into 0
        {0, "bus", {0.0, 0.0}},    // 2: OSM stop
        {2, "bus", {90.0, 0.0}},   // 3: another feed's stop 90 m away → kept
        {1, "gp", {500.0, 0.0}},   // 4: far practice → kept
    };
    const auto into = assetmap::spatial::merge_duplicates(c, std::vector<double>{25.0, 150.0, 25.0});
    CHECK(into == std::vector<std::size_t>{0, 0, 2, 3, 4});
    // The single-distance form is the same rule with one distance for every source.
    CHECK(assetmap::spatial::merge_duplicates(c, 100.0) ==
          std::vector<std::size_t>{0, 0, 2, 2, 4});
    CHECK(assetmap::spatial::merge_duplicates(c, std::vector<double>{}) ==
          std::vector<std::size_t>{0, 1, 2, 3, 4});
}
