#pragma once
/// @file Internal to AreaLocator: the areas' rings with the exact point-in-area test
/// (area_locator.cpp) and the classified two-level grid (built in area_locator_grid.cpp).
/// The design and the edge rule are described at the top of area_locator.cpp.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/huge_pages.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace assetmap::spatial::detail {

/// A ring segment stored with a canonical direction: lower endpoint first (by y, then x).
/// The same segment shared by two areas therefore gives bit-identical cross products in
/// both, so a point is never in neither nor (off the boundary) in both.
struct Edge {
    double ax, ay, bx, by;  // ay < by, or ay == by and ax <= bx
};

/// A ring's edges split into horizontal bands of equal height: each band holds (copies
/// of) the edges whose y-range overlaps it, so a query scans only the band of its y.
struct Ring {
    BoxM box;
    std::size_t band_begin = 0;  ///< first of n_bands + 1 offsets into band_start
    std::size_t n_bands = 1;
    double inv_band_h = 0.0;  ///< bands per metre (0 for a single band)

    // Monotone in y, so an edge filed under [band(ay), band(by)] is found from any y in
    // its range.
    std::size_t band(double y) const {
        const double t = (y - box.min_y_m) * inv_band_h;
        if (!(t > 0.0)) return 0;
        return std::min(static_cast<std::size_t>(std::min(t, 1e18)), n_bands - 1);
    }
};

struct Poly {
    BoxM box;
    std::size_t ring_begin = 0;  ///< the outer ring; holes follow up to ring_end
    std::size_t ring_end = 0;
};

struct Area {
    BoxM box;  ///< empty when the area has no usable segment
    std::size_t poly_begin = 0;
    std::size_t poly_end = 0;
    bool broken = false;  ///< a ring lost a segment to a non-finite vertex
};

/// The exact test's answer for every point of a square, or `near` when a segment of the
/// area comes within the square (the answer may change there).
enum class SquareHit { outside, inside, near };

/// A ring's test of one point: on a segment is `boundary`; `near` is for a square whose
/// centre a segment comes near (AreaGeometry::ring_square).
enum class RingHit { outside, inside, boundary, near };

/// Build-time only: the items to rasterize, area by area in ascending order: an area's
/// distinct segments, or one box item (its bounding box) for an area whose ring is
/// broken by a non-finite vertex (its crossing number is then not constant away from
/// its segments, so it is tested exactly wherever its box reaches).
struct BuildItems {
    HugeVector<Edge> items;
    std::vector<std::uint32_t> item_area;
    std::vector<char> item_is_box;
    std::vector<Edge> pending;  // the segments of the area being added
};

/// Every area's rings, banded for the exact test (area_locator.cpp).
struct AreaGeometry {
    std::vector<std::size_t> band_start;  // per ring: n_bands + 1 offsets into band_edges
    HugeVector<Edge> band_edges;
    std::vector<Ring> rings;
    std::vector<Poly> polys;
    std::vector<Area> areas;

    /// Appends the next area (index areas.size()) and its rasterize items to `s`.
    void add_area(const MultiPolygonM& mp, BuildItems& s);

    /// The exact test of one area (boundary included).
    bool area_contains(std::size_t i, double px, double py) const;

    /// area_contains for every point of the square (px, py) ± half_m, when no segment of
    /// the area comes near it; `near` otherwise, and always for a broken area.
    SquareHit area_contains_square(std::size_t i, double px, double py, double half_m) const;

private:
    void add_ring(const RingM& ring, BoxM* poly_box, BuildItems& s, bool* broken);
    bool poly_contains(const Poly& pl, double px, double py) const;
    RingHit ring_square(const Ring& ring, double px, double py, double half_m) const;
};

/// Cell of `u` (in cell units: cell i covers [i, i + 1)) on an axis of `n` cells, clamped
/// to [0, n - 1]. Monotone in `u`, so the cells of a range's ends bound the cells of every
/// value in the range.
inline std::size_t cell_of(double u, std::size_t n) {
    if (!(u > 0.0)) return 0;
    return std::min(static_cast<std::size_t>(std::min(u, 1e18)), n - 1);
}

/// One axis of the top-level grid: `n` cells from `min`, `inv` cells per metre (0 when
/// n == 1 over a zero extent). u = (v - min) * inv.
struct Axis {
    double min = 0.0;
    double inv = 0.0;
    std::size_t n = 1;

    double u(double v) const { return (v - min) * inv; }
    /// The coordinate (metres) at `u` cell units.
    double at(double u_cells) const { return inv > 0.0 ? min + u_cells / inv : min; }
};

/// Cell values. Below kListFlag: the answer for every point of the cell (an area index, or
/// kNone). From kListFlag up: a top-level cell with kSubFlag set holds the index of its
/// sub-grid; otherwise the low bits are the offset of the cell's list in `lists`. In a
/// list, entries below kListFlag are candidate areas to test; the last entry is
/// kListFlag + the answer when no candidate contains the point (an area index or kNone).
inline constexpr std::uint32_t kListFlag = 0x80000000u;
inline constexpr std::uint32_t kSubFlag = 0x40000000u;
inline constexpr std::uint32_t kOffsetMask = 0x3fffffffu;
inline constexpr std::uint32_t kNone = 0x7fffffffu;
inline constexpr std::uint32_t kAnswerMask = 0x7fffffffu;
inline constexpr std::uint32_t kPending = 0xffffffffu;  // build time: a boundary cell not done yet

/// Sub-cells per top-level cell along each axis (a power of two: exact cell arithmetic).
inline constexpr std::size_t kSub = 8;
inline constexpr std::size_t kSubCells = kSub * kSub;

/// The classified grid; empty bounds (min > max) when no area has a usable segment.
struct CellGrid {
    double min_x = 0.0, min_y = 0.0, max_x = -1.0, max_y = -1.0;
    Axis ax, ay;
    // The large arrays in huge pages (core/huge_pages.hpp): filled once, then read at random.
    HugeVector<std::uint32_t> cells;     // ay.n * ax.n, row-major from (min_x, min_y)
    HugeVector<std::uint32_t> subcells;  // kSubCells per split cell, row-major
    std::vector<std::uint32_t> lists;

    /// Classifies every cell over the areas of `geom`, from the items `s` gathered while
    /// they were added (area_locator_grid.cpp); the boundary cells on `threads` threads (the
    /// same grid for any number).
    void build(const AreaGeometry& geom, const BuildItems& s, unsigned threads);
};

}  // namespace assetmap::spatial::detail
