/// @file AreaLocator: a two-level uniform grid over the areas' bounds, every cell classified
/// when the locator is built.
///
/// - A cell that no ring segment comes near (within a small margin `eps`) lies wholly inside
///   or wholly outside each area, so it stores the answer for all its points: the area that
///   the exact test finds for one point of the cell, or "none".
/// - A top-level cell that some segment comes near is split into kSub x kSub sub-cells,
///   classified the same way. (Past a memory budget, top-level cells are no longer split.)
/// - A cell that some segment comes near (a "boundary cell") stores a short list: the areas
///   with a segment near it, in ascending index order, each to be tested exactly, ending
///   with the answer for a point none of them contains (the lowest-index area without a
///   segment near the cell that covers it, or none).
///
/// The exact test is a crossing number in which a point on any ring segment counts as
/// inside. Taking the first area, in ascending index order, whose test says inside is the
/// documented lowest-index edge rule; a cell's stored answer is what that rule gives for
/// every point of the cell, so both paths agree.

#include <assetmap/spatial/area_locator.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace assetmap::spatial {

namespace {

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
};

enum class RingHit { outside, inside, boundary };

bool finite(const PointM& p) { return std::isfinite(p.x_m) && std::isfinite(p.y_m); }

/// Crossing-number test of `p` against one ring, with exact "on a segment" detection:
/// the cross product is 0 and `p` lies within the segment's bounds.
RingHit test_ring(const Edge* begin, const Edge* end, double px, double py) {
    bool inside = false;
    for (const Edge* e = begin; e != end; ++e) {
        if (py < e->ay || py > e->by) continue;
        const double cross = (e->bx - e->ax) * (py - e->ay) - (e->by - e->ay) * (px - e->ax);
        if (cross == 0.0) {
            if (px >= std::min(e->ax, e->bx) && px <= std::max(e->ax, e->bx)) {
                return RingHit::boundary;
            }
            continue;
        }
        // Half-open in y (ay <= py < by) so a vertex on the ray counts once; the ray goes
        // towards +x and crosses the upward edge when p lies to its left.
        if (py < e->by && cross > 0.0) inside = !inside;
    }
    return inside ? RingHit::inside : RingHit::outside;
}

/// Cell of `u` (in cell units: cell i covers [i, i + 1)) on an axis of `n` cells, clamped
/// to [0, n - 1]. Monotone in `u`, so the cells of a range's ends bound the cells of every
/// value in the range.
std::size_t cell_of(double u, std::size_t n) {
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

/// Sizes an axis over [lo, hi] with cells of about `cell_m` metres, at most `max_cells`.
Axis make_axis(double lo, double hi, double cell_m, std::size_t max_cells) {
    Axis a;
    a.min = lo;
    const double extent = hi - lo;
    if (!(extent > 0.0) || !(cell_m > 0.0)) return a;
    const double n = std::ceil(extent / cell_m);
    a.n = static_cast<std::size_t>(std::clamp(n, 1.0, static_cast<double>(max_cells)));
    a.inv = static_cast<double>(a.n) / extent;
    return a;
}

/// Calls mark(gx, gy) for every cell of an nx x ny grid of unit cells that comes within
/// `ex` / `ey` of `e` (coordinates in cell units), for columns in [c0, c1] and rows in
/// [r0, r1]. A box item marks every cell its box comes near. The outer rows and columns
/// reach to infinity, as lookups are clamped into them.
template <typename Mark>
void rasterize(const Edge& e, bool is_box, double ex, double ey, std::size_t nx, std::size_t ny,
               std::size_t c0, std::size_t c1, std::size_t r0, std::size_t r1, Mark&& mark) {
    const double inf = std::numeric_limits<double>::infinity();
    const std::size_t y0 = std::max(cell_of(e.ay - ey, ny), r0);
    const std::size_t y1 = std::min(cell_of(e.by + ey, ny), r1);
    for (std::size_t gy = y0; gy <= y1; ++gy) {
        double xlo = std::min(e.ax, e.bx), xhi = std::max(e.ax, e.bx);
        if (!is_box && e.by > e.ay) {
            // The part of the segment within the row widened by ey.
            const double lo = gy == 0 ? -inf : static_cast<double>(gy) - ey;
            const double hi = gy + 1 == ny ? inf : static_cast<double>(gy + 1) + ey;
            const double dy = e.by - e.ay;
            const double t0 = (std::max(lo, e.ay) - e.ay) / dy;
            const double t1 = (std::min(hi, e.by) - e.ay) / dy;
            const double x0 = e.ax + t0 * (e.bx - e.ax);
            const double x1 = e.ax + t1 * (e.bx - e.ax);
            xlo = std::max(xlo, std::min(x0, x1));
            xhi = std::min(xhi, std::max(x0, x1));
        }
        const std::size_t gx0 = std::max(cell_of(xlo - ex, nx), c0);
        const std::size_t gx1 = std::min(cell_of(xhi + ex, nx), c1);
        for (std::size_t gx = gx0; gx <= gx1; ++gx) mark(gx, gy);
    }
}

/// Cell values. Below kListFlag: the answer for every point of the cell (an area index, or
/// kNone). From kListFlag up: a top-level cell with kSubFlag set holds the index of its
/// sub-grid; otherwise the low bits are the offset of the cell's list in `lists`. In a
/// list, entries below kListFlag are candidate areas to test; the last entry is
/// kListFlag + the answer when no candidate contains the point (an area index or kNone).
constexpr std::uint32_t kListFlag = 0x80000000u;
constexpr std::uint32_t kSubFlag = 0x40000000u;
constexpr std::uint32_t kOffsetMask = 0x3fffffffu;
constexpr std::uint32_t kNone = 0x7fffffffu;
constexpr std::uint32_t kAnswerMask = 0x7fffffffu;
constexpr std::uint32_t kPending = 0xffffffffu;  // build time: a boundary cell not done yet

/// Top-level grid size: about this many cells per ring segment, within the caps below.
constexpr double kCellsPerEdge = 8.0;
constexpr double kMinCells = 64.0;
constexpr std::size_t kMaxCells = std::size_t{1} << 24;
constexpr std::size_t kMaxCellsPerAxis = 16384;
/// Sub-cells per top-level cell along each axis (a power of two: exact cell arithmetic),
/// and the most sub-cells in all (4 bytes each).
constexpr std::size_t kSub = 8;
constexpr std::size_t kSubCells = kSub * kSub;
constexpr std::size_t kMaxSubCells = std::size_t{1} << 25;

constexpr std::size_t kMaxBoxIndexCellsPerAxis = 4096;
constexpr std::size_t kEdgesPerBand = 8;  // aim for about this many edges per band
constexpr std::size_t kMaxBands = 256;

}  // namespace

struct AreaLocator::Impl {
    std::size_t n_areas = 0;
    std::vector<std::size_t> band_start;  // per ring: n_bands + 1 offsets into band_edges
    std::vector<Edge> band_edges;
    std::vector<Ring> rings;
    std::vector<Poly> polys;
    std::vector<Area> areas;

    // The classified grid; empty bounds (min > max) when no area has a usable segment.
    double min_x = 0.0, min_y = 0.0, max_x = -1.0, max_y = -1.0;
    Axis ax, ay;
    std::vector<std::uint32_t> cells;     // ay.n * ax.n, row-major from (min_x, min_y)
    std::vector<std::uint32_t> subcells;  // kSubCells per split cell, row-major
    std::vector<std::uint32_t> lists;

    /// Build-time only: the items to rasterize, area by area in ascending order: an area's
    /// distinct segments, or one box item (its bounding box) for an area whose ring is
    /// broken by a non-finite vertex (its crossing number is then not constant away from
    /// its segments, so it is tested exactly wherever its box reaches).
    struct Scratch {
        std::vector<Edge> items;
        std::vector<std::uint32_t> item_area;
        std::vector<char> item_is_box;
        std::vector<Edge> pending;  // the segments of the area being added
    };

    void add_ring(const RingM& ring, BoxM* poly_box, Scratch& s, bool* broken) {
        Ring r;
        std::vector<Edge> edges;
        bool skipped_non_finite = false;
        const std::size_t n = ring.size();
        for (std::size_t k = 0; k < n; ++k) {
            const PointM& p = ring[k];
            const PointM& q = ring[(k + 1) % n];  // implicit closing segment if unclosed
            if (!finite(p) || !finite(q)) {
                skipped_non_finite = true;
                continue;
            }
            if (p == q) continue;
            const bool p_first = p.y_m < q.y_m || (p.y_m == q.y_m && p.x_m <= q.x_m);
            const PointM& a = p_first ? p : q;
            const PointM& b = p_first ? q : p;
            edges.push_back(Edge{a.x_m, a.y_m, b.x_m, b.y_m});
            r.box.expand(a);
            r.box.expand(b);
        }
        if (edges.empty()) return;  // nothing usable
        if (skipped_non_finite) *broken = true;
        s.pending.insert(s.pending.end(), edges.begin(), edges.end());

        const double h = r.box.max_y_m - r.box.min_y_m;
        r.n_bands =
            h > 0.0 ? std::clamp<std::size_t>(edges.size() / kEdgesPerBand, 1, kMaxBands) : 1;
        r.inv_band_h = r.n_bands > 1 ? static_cast<double>(r.n_bands) / h : 0.0;
        // Count, then fill (edges keep their ring order within a band).
        std::vector<std::size_t> start(r.n_bands + 1, 0);
        for (const Edge& e : edges) {
            for (std::size_t b = r.band(e.ay), last = r.band(e.by); b <= last; ++b) ++start[b + 1];
        }
        for (std::size_t b = 0; b < r.n_bands; ++b) start[b + 1] += start[b];
        const std::size_t base = band_edges.size();
        band_edges.resize(base + start[r.n_bands]);
        std::vector<std::size_t> fill(start.begin(), start.end() - 1);
        for (const Edge& e : edges) {
            for (std::size_t b = r.band(e.ay), last = r.band(e.by); b <= last; ++b) {
                band_edges[base + fill[b]++] = e;
            }
        }
        r.band_begin = band_start.size();
        for (const std::size_t offset : start) band_start.push_back(base + offset);

        poly_box->expand(PointM{r.box.min_x_m, r.box.min_y_m});
        poly_box->expand(PointM{r.box.max_x_m, r.box.max_y_m});
        rings.push_back(r);
    }

    void add_area(const MultiPolygonM& mp, Scratch& s) {
        Area area;
        bool broken = false;
        s.pending.clear();
        area.poly_begin = polys.size();
        for (const PolygonM& poly : mp) {
            Poly pl;
            pl.ring_begin = rings.size();
            add_ring(poly.outer, &pl.box, s, &broken);
            if (rings.size() == pl.ring_begin) continue;  // no usable outer ring: no polygon
            for (const RingM& hole : poly.holes) add_ring(hole, &pl.box, s, &broken);
            pl.ring_end = rings.size();
            area.box.expand(PointM{pl.box.min_x_m, pl.box.min_y_m});
            area.box.expand(PointM{pl.box.max_x_m, pl.box.max_y_m});
            polys.push_back(pl);
        }
        area.poly_end = polys.size();
        const auto index = static_cast<std::uint32_t>(areas.size());
        if (broken) {
            s.items.push_back(
                Edge{area.box.min_x_m, area.box.min_y_m, area.box.max_x_m, area.box.max_y_m});
            s.item_area.push_back(index);
            s.item_is_box.push_back(1);
        } else {
            for (const Edge& e : s.pending) {
                s.items.push_back(e);
                s.item_area.push_back(index);
                s.item_is_box.push_back(0);
            }
        }
        areas.push_back(area);
    }

    /// Inside the outer ring and not inside any hole, or on any ring (boundary included).
    bool poly_contains(const Poly& pl, double px, double py) const {
        bool in_outer = false;
        bool in_hole = false;
        for (std::size_t r = pl.ring_begin; r < pl.ring_end; ++r) {
            const Ring& ring = rings[r];
            if (!ring.box.contains(PointM{px, py})) continue;
            const std::size_t b = ring.band_begin + ring.band(py);
            const Edge* edge = band_edges.data();
            const RingHit hit = test_ring(edge + band_start[b], edge + band_start[b + 1], px, py);
            if (hit == RingHit::boundary) return true;
            if (r == pl.ring_begin) {
                in_outer = hit == RingHit::inside;
            } else if (hit == RingHit::inside) {
                in_hole = true;
            }
        }
        return in_outer && !in_hole;
    }

    /// The exact test of one area (boundary included).
    bool area_contains(std::size_t i, double px, double py) const {
        const Area& a = areas[i];
        if (!a.box.contains(PointM{px, py})) return false;
        for (std::size_t k = a.poly_begin; k < a.poly_end; ++k) {
            if (polys[k].box.contains(PointM{px, py}) && poly_contains(polys[k], px, py)) {
                return true;
            }
        }
        return false;
    }

    /// Build-time index: a coarse grid whose cells list (ascending) the areas whose box
    /// overlaps them, for the exact whole-locator queries the build makes.
    struct BoxIndex {
        Axis ax, ay;
        std::vector<std::size_t> cell_start;  // ax.n * ay.n + 1 offsets into items
        std::vector<std::uint32_t> items;
    };

    BoxIndex build_box_index(std::size_t n_used) const {
        BoxIndex g;
        const double w = max_x - min_x;
        const double h = max_y - min_y;
        // About 4 cells per area, square cells.
        const double target = 4.0 * static_cast<double>(n_used);
        const double cell =
            w > 0.0 && h > 0.0 ? std::sqrt(w * h / target) : std::max(w, h) / target;
        g.ax = make_axis(min_x, max_x, cell, kMaxBoxIndexCellsPerAxis);
        g.ay = make_axis(min_y, max_y, cell, kMaxBoxIndexCellsPerAxis);
        const std::size_t n_cells = g.ax.n * g.ay.n;
        std::vector<std::size_t> counts(n_cells + 1, 0);
        auto for_cells = [&](const BoxM& b, auto&& fn) {
            const std::size_t x0 = cell_of(g.ax.u(b.min_x_m), g.ax.n);
            const std::size_t x1 = cell_of(g.ax.u(b.max_x_m), g.ax.n);
            const std::size_t y0 = cell_of(g.ay.u(b.min_y_m), g.ay.n);
            const std::size_t y1 = cell_of(g.ay.u(b.max_y_m), g.ay.n);
            for (std::size_t y = y0; y <= y1; ++y)
                for (std::size_t x = x0; x <= x1; ++x) fn(y * g.ax.n + x);
        };
        for (const Area& a : areas) {
            if (!a.box.empty()) for_cells(a.box, [&](std::size_t c) { ++counts[c + 1]; });
        }
        for (std::size_t c = 0; c < n_cells; ++c) counts[c + 1] += counts[c];
        g.cell_start = counts;
        g.items.resize(counts[n_cells]);
        for (std::size_t i = 0; i < areas.size(); ++i) {
            if (areas[i].box.empty()) continue;
            for_cells(areas[i].box,
                      [&](std::size_t c) { g.items[counts[c]++] = static_cast<std::uint32_t>(i); });
        }
        return g;
    }

    /// The lowest-index area whose exact test contains (px, py), skipping the areas in
    /// the ascending list `skip`; kNone when there is none.
    std::uint32_t first_containing(const BoxIndex& g, double px, double py,
                                   const std::vector<std::uint32_t>& skip) const {
        const std::size_t c = cell_of(g.ay.u(py), g.ay.n) * g.ax.n + cell_of(g.ax.u(px), g.ax.n);
        auto s = skip.begin();
        for (std::size_t k = g.cell_start[c]; k < g.cell_start[c + 1]; ++k) {
            const std::uint32_t i = g.items[k];
            while (s != skip.end() && *s < i) ++s;
            if (s != skip.end() && *s == i) continue;
            if (area_contains(i, px, py)) return i;
        }
        return kNone;
    }

    /// The first of the ascending `candidates` below `limit` that holds (px, py) and is not
    /// in the ascending `skip`, else `limit`.
    std::uint32_t first_of(const std::vector<std::uint32_t>& candidates, std::uint32_t limit,
                           const std::vector<std::uint32_t>& skip, double px, double py) const {
        auto s = skip.begin();
        for (const std::uint32_t a : candidates) {
            if (a >= limit) break;
            while (s != skip.end() && *s < a) ++s;
            if (s != skip.end() && *s == a) continue;
            if (area_contains(a, px, py)) return a;
        }
        return limit;
    }

    /// Appends a boundary cell's list: the `near` areas below `fallback`, then the fallback.
    std::uint32_t add_list(const std::vector<std::uint32_t>& near, std::uint32_t fallback) {
        if (lists.size() > kOffsetMask) throw std::length_error("AreaLocator: grid too large");
        const auto offset = static_cast<std::uint32_t>(lists.size());
        for (const std::uint32_t a : near) {
            if (a >= fallback) break;
            lists.push_back(a);
        }
        lists.push_back(kListFlag | fallback);
        return kListFlag | offset;
    }

    /// The answer stored for every point of sub-grid cell (gx, gy) (sub-cell units over the
    /// whole grid), or kPending when that cell is a boundary cell or not classified yet.
    std::uint32_t known_value(std::size_t gx, std::size_t gy) const {
        const std::uint32_t v = cells[(gy / kSub) * ax.n + gx / kSub];
        if (v < kListFlag) return v;
        if (v == kPending || !(v & kSubFlag)) return kPending;
        const std::uint32_t sv =
            subcells[(v & kOffsetMask) * kSubCells + (gy % kSub) * kSub + gx % kSub];
        return sv < kListFlag ? sv : kPending;
    }

    void build_grid(Scratch& s) {
        std::size_t n_used = 0;
        BoxM all;
        for (const Area& a : areas) {
            if (a.box.empty()) continue;
            ++n_used;
            all.expand(PointM{a.box.min_x_m, a.box.min_y_m});
            all.expand(PointM{a.box.max_x_m, a.box.max_y_m});
        }
        if (n_used == 0) {
            cells.assign(1, kNone);
            return;
        }
        if (s.items.size() >= (std::size_t{1} << 32)) {
            throw std::length_error("AreaLocator: too many segments");
        }
        min_x = all.min_x_m;
        min_y = all.min_y_m;
        max_x = all.max_x_m;
        max_y = all.max_y_m;
        const BoxIndex box_index = build_box_index(n_used);

        // Square cells, about kCellsPerEdge per segment.
        const double w = max_x - min_x;
        const double h = max_y - min_y;
        const double target = std::clamp(kCellsPerEdge * static_cast<double>(s.items.size()),
                                         kMinCells, static_cast<double>(kMaxCells));
        const double cell =
            w > 0.0 && h > 0.0 ? std::sqrt(w * h / target) : std::max(w, h) / target;
        ax = make_axis(min_x, max_x, cell, kMaxCellsPerAxis);
        ay = make_axis(min_y, max_y, cell, kMaxCellsPerAxis);
        const std::size_t n_cells = ax.n * ay.n;

        // The margin: far above the rounding of cell lookups, clipping and cross products
        // (all about 1e-15 of the coordinates' magnitude), far below a sub-cell.
        const double scale =
            std::max({std::abs(min_x), std::abs(max_x), std::abs(min_y), std::abs(max_y), w, h});
        const double eps = 1e-9 * scale + 1e-7 * std::max(w / ax.n, h / ay.n);
        // An item in cell units of a grid `k` times finer than the top level.
        auto to_cells = [&](const Edge& e, double k) {
            return Edge{ax.u(e.ax) * k, ay.u(e.ay) * k, ax.u(e.bx) * k, ay.u(e.by) * k};
        };

        // 1. (cell, item) pairs for every item near a top-level cell, sorted: by cell, then
        // by item, which is by area.
        std::vector<std::uint64_t> pairs;
        for (std::size_t k = 0; k < s.items.size(); ++k) {
            rasterize(to_cells(s.items[k], 1.0), s.item_is_box[k] != 0, eps * ax.inv, eps * ay.inv,
                      ax.n, ay.n, 0, ax.n - 1, 0, ay.n - 1, [&](std::size_t gx, std::size_t gy) {
                          pairs.push_back((static_cast<std::uint64_t>(gy * ax.n + gx) << 32) | k);
                      });
        }
        std::sort(pairs.begin(), pairs.end());

        // 2. Boundary cells wait; the others take their answers run by run along each row: a
        // run of cells that no segment comes near has one answer, that of a like cell below
        // it if any (the closed cells touch), else that of the exact query at its first
        // cell's centre.
        std::vector<std::uint32_t> no_skip;
        cells.assign(n_cells, 0);
        for (const std::uint64_t p : pairs) cells[p >> 32] = kPending;
        for (std::size_t y = 0; y < ay.n; ++y) {
            std::uint32_t* row = cells.data() + y * ax.n;
            const std::uint32_t* below = y > 0 ? row - ax.n : nullptr;
            for (std::size_t x0 = 0; x0 < ax.n;) {
                if (row[x0] == kPending) {
                    ++x0;
                    continue;
                }
                std::size_t x1 = x0;
                while (x1 < ax.n && row[x1] != kPending) ++x1;
                std::uint32_t value = kPending;
                for (std::size_t x = x0; below && x < x1 && value == kPending; ++x) {
                    if (below[x] < kListFlag) value = below[x];
                }
                if (value == kPending) {
                    value = first_containing(box_index, ax.at(x0 + 0.5), ay.at(y + 0.5), no_skip);
                }
                std::fill(row + x0, row + x1, value);
                x0 = x1;
            }
        }

        // 3. Each boundary cell, in row-major order: its `near` areas, and `fallback`, the
        // first other area that holds its centre (it holds every point of the cell, as none
        // of its segments comes near). Split into sub-cells while the budget lasts (each
        // classified as above, from the cell's items only), else given a list.
        const double sub = static_cast<double>(kSub);
        const std::size_t sub_nx = ax.n * kSub, sub_ny = ay.n * kSub;
        std::vector<std::uint32_t> near;
        std::vector<std::vector<std::uint32_t>> sub_near(kSubCells);
        for (std::size_t k = 0; k < pairs.size();) {
            const std::size_t c = pairs[k] >> 32;
            const std::size_t first = k;
            near.clear();
            for (; k < pairs.size() && (pairs[k] >> 32) == c; ++k) {
                const std::uint32_t a = s.item_area[pairs[k] & 0xffffffffu];
                if (near.empty() || near.back() != a) near.push_back(a);
            }
            const std::size_t cx = c % ax.n, cy = c / ax.n;
            const std::uint32_t fallback =
                first_containing(box_index, ax.at(cx + 0.5), ay.at(cy + 0.5), near);
            if (subcells.size() + kSubCells > kMaxSubCells) {
                cells[c] = add_list(near, fallback);
                continue;
            }

            for (auto& l : sub_near) l.clear();
            for (std::size_t j = first; j < k; ++j) {
                const std::size_t item = pairs[j] & 0xffffffffu;
                const std::uint32_t a = s.item_area[item];
                rasterize(to_cells(s.items[item], sub), s.item_is_box[item] != 0,
                          eps * ax.inv * sub, eps * ay.inv * sub, sub_nx, sub_ny, cx * kSub,
                          cx * kSub + kSub - 1, cy * kSub, cy * kSub + kSub - 1,
                          [&](std::size_t gx, std::size_t gy) {
                              auto& l = sub_near[(gy - cy * kSub) * kSub + (gx - cx * kSub)];
                              if (l.empty() || l.back() != a) l.push_back(a);
                          });
            }
            const std::size_t base = subcells.size();
            subcells.resize(base + kSubCells, kPending);
            cells[c] = kListFlag | kSubFlag | static_cast<std::uint32_t>(base / kSubCells);
            for (std::size_t sy = 0; sy < kSub; ++sy) {
                for (std::size_t sx = 0; sx < kSub; ++sx) {
                    const std::size_t gx = cx * kSub + sx, gy = cy * kSub + sy;
                    const double px = ax.at((static_cast<double>(gx) + 0.5) / sub);
                    const double py = ay.at((static_cast<double>(gy) + 0.5) / sub);
                    const auto& l = sub_near[sy * kSub + sx];
                    std::uint32_t& out = subcells[base + sy * kSub + sx];
                    if (!l.empty()) {
                        out = add_list(l, first_of(near, fallback, l, px, py));
                        continue;
                    }
                    // Like a neighbour to the left or below, else an exact query (only the
                    // cell's near areas can differ from one of its sub-cells to the next).
                    out = gx > 0 ? known_value(gx - 1, gy) : kPending;
                    if (out == kPending && gy > 0) out = known_value(gx, gy - 1);
                    if (out == kPending) out = first_of(near, fallback, no_skip, px, py);
                }
            }
        }
        subcells.shrink_to_fit();
        lists.shrink_to_fit();
    }
};

AreaLocator::AreaLocator(const std::vector<MultiPolygonM>& areas)
    : impl_(std::make_unique<Impl>()) {
    if (areas.size() >= kNone) throw std::length_error("AreaLocator: too many areas");
    impl_->n_areas = areas.size();
    impl_->areas.reserve(areas.size());
    Impl::Scratch scratch;
    for (const MultiPolygonM& mp : areas) impl_->add_area(mp, scratch);
    impl_->build_grid(scratch);
}

AreaLocator::~AreaLocator() = default;
AreaLocator::AreaLocator(AreaLocator&&) noexcept = default;
AreaLocator& AreaLocator::operator=(AreaLocator&&) noexcept = default;

std::optional<std::size_t> AreaLocator::locate(const PointM& p) const {
    if (!impl_) return std::nullopt;  // moved-from
    const Impl& im = *impl_;
    const double px = p.x_m, py = p.y_m;
    if (!(px >= im.min_x && px <= im.max_x && py >= im.min_y && py <= im.max_y)) {
        return std::nullopt;  // also NaN
    }
    const double ux = im.ax.u(px), uy = im.ay.u(py);
    const std::size_t cx = cell_of(ux, im.ax.n), cy = cell_of(uy, im.ay.n);
    std::uint32_t v = im.cells[cy * im.ax.n + cx];
    if (v >= kListFlag) {
        if (v & kSubFlag) {
            // ux - cx is exact (Sterbenz), and so is the product by a power of two: the
            // sub-cell is the one the build's finer cell units give.
            const std::size_t sx = cell_of((ux - static_cast<double>(cx)) * kSub, kSub);
            const std::size_t sy = cell_of((uy - static_cast<double>(cy)) * kSub, kSub);
            v = im.subcells[(v & kOffsetMask) * kSubCells + sy * kSub + sx];
        }
        if (v >= kListFlag) {
            for (const std::uint32_t* e = im.lists.data() + (v & kOffsetMask);; ++e) {
                if (*e >= kListFlag) {
                    v = *e & kAnswerMask;
                    break;
                }
                if (im.area_contains(*e, px, py)) return *e;
            }
        }
    }
    if (v == kNone) return std::nullopt;
    return v;
}

std::size_t AreaLocator::size() const noexcept { return impl_ ? impl_->n_areas : 0; }

}  // namespace assetmap::spatial
