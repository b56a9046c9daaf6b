#include <assetmap/network/catchment.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace assetmap;
using namespace assetmap::network;

namespace {
/// A straight street of two 100 m edges: nodes at x = 0, 100, 200 (y = 0), and a separate
/// 100 m street far away (another component).
WalkGraph street() {
    NetworkData d;
    d.nodes = {{0, 0}, {100, 0}, {200, 0}, {1000, 1000}, {1100, 1000}};
    d.node_osm_ids = {1, 2, 3, 4, 5};
    d.edges = {{0, 1, 100.0, 10, "residential", {}},
               {1, 2, 100.0, 10, "residential", {}},
               {3, 4, 100.0, 11, "footway", {}}};
    return WalkGraph(d);
}

double area_within(const SparseGridM& g, double level) {
    std::size_t n = 0;
    for (const auto& t : g.tiles())
        for (float v : t.values) n += v <= level;
    return static_cast<double>(n) * g.cell_m() * g.cell_m();
}
}  // namespace

TEST_CASE("the walking-distance grid covers the reached network buffered", "[network][catchment]") {
    const WalkGraph g = street();
    // A source on edge 0, 20 m from node 0, snapped from 5 m away. At limit 105 m the reach
    // is x ∈ [0, 120] (100 m left at the snap point; the street ends at x = 0). Buffered by
    // 10 m: a 120 × 20 m band, a half disc beyond the street's end (π·10²/2 = 157.08 m²),
    // and a flat cut at x = 120, where walking distances pass the limit: 2557.08 m² in all.
    // On a 0.5 m grid the traced area matches to within 1 %.
    const Snap source{0, 20.0, 5.0, {20, 0}};
    const SparseGridM grid = walking_distance_grid(g, {source}, 1000.0, 10.0, 0.5);
    CHECK(area_within(grid, 105.0) == Approx(2557.08).epsilon(0.01));
    // The cell above the snap point holds the source's snap distance (5 m).
    const auto col = static_cast<std::uint32_t>((20.25 - grid.min_x_m()) / grid.cell_m());
    const auto row = static_cast<std::uint32_t>((grid.max_y_m() - 0.25) / grid.cell_m());
    CHECK(grid.at(col, row) == Approx(5.0).margin(0.5));
    // 1000 m reaches the whole first street (200 m) but never the other component:
    // 200 × 20 + π·10² = 4314.16 m².
    CHECK(area_within(grid, 1000.0) == Approx(4314.16).epsilon(0.01));
    CHECK(walking_distance_grid(g, {}, 100.0, 10.0, 1.0).empty());
    // Memory follows the reached street, not the box around both streets: the reach of
    // 1000 m spans 220 × 20 m, 440 × 40 cells of 0.5 m, in at most 8 × 2 tiles of 64 × 64.
    CHECK(grid.tiles().size() <= 16);
}
