/// @file AreaLocator's build: classifies every cell of the two-level grid over the areas'
/// bounds (the design is described at the top of area_locator.cpp). Only the exact test
/// (AreaGeometry::area_contains) decides an answer; the grid stores what it gives.

#include "area_locator_detail.hpp"

#include <assetmap/core/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace assetmap::spatial::detail {

namespace {

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

/// Top-level grid size: about this many cells per ring segment, within the caps below. One
/// (with 8 x 8 sub-cells) builds the 410 Welsh MSOAs in less memory than two (which took half
/// the time of eight), and `count` of 1M points is as fast. Coarser sub-cells (4 x 4) saved
/// 3 MiB more but left more points near a boundary to the exact test: count 20 % slower.
constexpr double kCellsPerEdge = 1.0;
constexpr double kMinCells = 64.0;
constexpr std::size_t kMaxCells = std::size_t{1} << 24;
constexpr std::size_t kMaxCellsPerAxis = 16384;
/// The most sub-cells in all (4 bytes each).
constexpr std::size_t kMaxSubCells = std::size_t{1} << 25;

constexpr std::size_t kMaxBoxIndexCellsPerAxis = 4096;

/// Build-time index: a coarse grid whose cells list (ascending) the areas whose box
/// overlaps them, for the exact whole-locator queries the build makes.
struct BoxIndex {
    Axis ax, ay;
    std::vector<std::size_t> cell_start;  // ax.n * ay.n + 1 offsets into items
    std::vector<std::uint32_t> items;
};

BoxIndex build_box_index(const std::vector<Area>& areas, const CellGrid& grid, std::size_t n_used) {
    BoxIndex g;
    const double w = grid.max_x - grid.min_x;
    const double h = grid.max_y - grid.min_y;
    // About 4 cells per area, square cells.
    const double target = 4.0 * static_cast<double>(n_used);
    const double cell = w > 0.0 && h > 0.0 ? std::sqrt(w * h / target) : std::max(w, h) / target;
    g.ax = make_axis(grid.min_x, grid.max_x, cell, kMaxBoxIndexCellsPerAxis);
    g.ay = make_axis(grid.min_y, grid.max_y, cell, kMaxBoxIndexCellsPerAxis);
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
std::uint32_t first_containing(const AreaGeometry& geom, const BoxIndex& g, double px, double py,
                               const std::vector<std::uint32_t>& skip) {
    const std::size_t c = cell_of(g.ay.u(py), g.ay.n) * g.ax.n + cell_of(g.ax.u(px), g.ax.n);
    auto s = skip.begin();
    for (std::size_t k = g.cell_start[c]; k < g.cell_start[c + 1]; ++k) {
        const std::uint32_t i = g.items[k];
        while (s != skip.end() && *s < i) ++s;
        if (s != skip.end() && *s == i) continue;
        if (geom.area_contains(i, px, py)) return i;
    }
    return kNone;
}

/// The first of the ascending `candidates` below `limit` that holds (px, py) and is not
/// in the ascending `skip`, else `limit`.
std::uint32_t first_of(const AreaGeometry& geom, const std::vector<std::uint32_t>& candidates,
                       std::uint32_t limit, const std::vector<std::uint32_t>& skip, double px,
                       double py) {
    auto s = skip.begin();
    for (const std::uint32_t a : candidates) {
        if (a >= limit) break;
        while (s != skip.end() && *s < a) ++s;
        if (s != skip.end() && *s == a) continue;
        if (geom.area_contains(a, px, py)) return a;
    }
    return limit;
}

/// Appends a boundary cell's list: the `near` areas below `fallback`, then the fallback.
std::uint32_t add_list(std::vector<std::uint32_t>& lists, const std::vector<std::uint32_t>& near,
                       std::uint32_t fallback) {
    if (lists.size() > kOffsetMask) throw std::length_error("AreaLocator: grid too large");
    const auto offset = static_cast<std::uint32_t>(lists.size());
    for (const std::uint32_t a : near) {
        if (a >= fallback) break;
        lists.push_back(a);
    }
    lists.push_back(kListFlag | fallback);
    return kListFlag | offset;
}

/// Step 3 of CellGrid::build for one chunk of consecutive boundary cells: `values` one per
/// boundary cell (kSubFlag and the index of its sub-grid, or the offset of its list in the
/// chunk's `lists`); the sub-grids go straight to their place in CellGrid::subcells (boundary
/// cell b, if split, has sub-grid b), with list offsets in the chunk's `lists` until
/// join_boundary moves them past the lists of the chunks before.
struct BoundaryChunk {
    std::size_t first = 0;  ///< the chunk's first boundary cell (then one value each)
    std::vector<std::uint32_t> values, lists;
};

/// Boundary cells a chunk: few of their neighbours fall in another chunk (the 410 Welsh MSOAs
/// have 10,763 boundary cells: 43 chunks).
constexpr std::size_t kBoundaryChunk = 256;

/// The answer stored for every point of sub-grid cell (gx, gy) (sub-cell units over the whole
/// grid) as far as `chunk` knows it: a cell no segment comes near (step 2), or a sub-cell of
/// one of the chunk's boundary cells done already; kPending otherwise. A caller that gets
/// kPending asks the exact test, which gives the same answer: a sub-cell no segment comes
/// near has the answer of a neighbour that no segment comes near either. So the grid is the
/// same whatever the chunks.
std::uint32_t known_value(const CellGrid& grid, const BoundaryChunk& chunk,
                          const HugeVector<std::uint64_t>& pairs,
                          const std::vector<std::size_t>& starts, std::size_t gx, std::size_t gy) {
    const std::size_t c = (gy / kSub) * grid.ax.n + gx / kSub;
    const std::uint32_t v = grid.cells[c];
    if (v < kListFlag) return v;
    // A boundary cell: mostly the one being classified (the last of the chunk's values) or
    // the one before it; else searched (the chunk's cells are in ascending order).
    const auto cell = [&](std::size_t b) { return pairs[starts[b]] >> 32; };
    const std::size_t end = chunk.first + chunk.values.size();
    std::size_t at = end;
    if (end > chunk.first && cell(end - 1) == c) {
        at = end - 1;
    } else if (end > chunk.first + 1 && cell(end - 2) == c) {
        at = end - 2;
    } else {
        std::size_t lo = chunk.first, hi = end;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (cell(mid) < c)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < end && cell(lo) == c) at = lo;
    }
    if (at == end || !(chunk.values[at - chunk.first] & kSubFlag)) return kPending;
    const std::uint32_t sv = grid.subcells[at * kSubCells + (gy % kSub) * kSub + gx % kSub];
    return sv < kListFlag ? sv : kPending;
}

/// Classifies boundary cells [b0, b1) (their pairs: [starts[b], starts[b + 1])) into `out`:
/// each cell's `near` areas and `fallback`, the first other area that holds its centre (it
/// holds every point of the cell, as none of its segments comes near). The first
/// kMaxSubCells / kSubCells boundary cells are split into sub-cells (each classified as in
/// step 2, from the cell's items only), the others get a list.
void classify_boundary(CellGrid& grid, const AreaGeometry& geom, const BuildItems& s,
                       const BoxIndex& box_index, const HugeVector<std::uint64_t>& pairs,
                       const std::vector<std::size_t>& starts, std::size_t b0, std::size_t b1,
                       double eps, BoundaryChunk& out) {
    const Axis& ax = grid.ax;
    const Axis& ay = grid.ay;
    const double sub = static_cast<double>(kSub);
    const std::size_t sub_nx = ax.n * kSub, sub_ny = ay.n * kSub;
    constexpr std::size_t max_split = kMaxSubCells / kSubCells;
    const auto to_sub_cells = [&](const Edge& e) {
        return Edge{ax.u(e.ax) * sub, ay.u(e.ay) * sub, ax.u(e.bx) * sub, ay.u(e.by) * sub};
    };
    out.first = b0;
    out.values.reserve(b1 - b0);
    const std::vector<std::uint32_t> no_skip;
    std::vector<std::uint32_t> near;
    std::vector<std::vector<std::uint32_t>> sub_near(kSubCells);
    for (std::size_t b = b0; b < b1; ++b) {
        const std::size_t c = pairs[starts[b]] >> 32;
        near.clear();
        for (std::size_t k = starts[b]; k < starts[b + 1]; ++k) {
            const std::uint32_t a = s.item_area[pairs[k] & 0xffffffffu];
            if (near.empty() || near.back() != a) near.push_back(a);
        }
        const std::size_t cx = c % ax.n, cy = c / ax.n;
        const std::uint32_t fallback =
            first_containing(geom, box_index, ax.at(cx + 0.5), ay.at(cy + 0.5), near);
        if (b >= max_split) {
            out.values.push_back(add_list(out.lists, near, fallback));
            continue;
        }

        for (auto& l : sub_near) l.clear();
        for (std::size_t j = starts[b]; j < starts[b + 1]; ++j) {
            const std::size_t item = pairs[j] & 0xffffffffu;
            const std::uint32_t a = s.item_area[item];
            rasterize(to_sub_cells(s.items[item]), s.item_is_box[item] != 0, eps * ax.inv * sub,
                      eps * ay.inv * sub, sub_nx, sub_ny, cx * kSub, cx * kSub + kSub - 1,
                      cy * kSub, cy * kSub + kSub - 1, [&](std::size_t gx, std::size_t gy) {
                          auto& l = sub_near[(gy - cy * kSub) * kSub + (gx - cx * kSub)];
                          if (l.empty() || l.back() != a) l.push_back(a);
                      });
        }
        const std::size_t base = b * kSubCells;
        std::fill_n(grid.subcells.begin() + static_cast<std::ptrdiff_t>(base), kSubCells, kPending);
        out.values.push_back(kListFlag | kSubFlag | static_cast<std::uint32_t>(b));
        for (std::size_t sy = 0; sy < kSub; ++sy) {
            for (std::size_t sx = 0; sx < kSub; ++sx) {
                const std::size_t gx = cx * kSub + sx, gy = cy * kSub + sy;
                const double px = ax.at((static_cast<double>(gx) + 0.5) / sub);
                const double py = ay.at((static_cast<double>(gy) + 0.5) / sub);
                const auto& l = sub_near[sy * kSub + sx];
                if (!l.empty()) {
                    const std::uint32_t v =
                        add_list(out.lists, l, first_of(geom, near, fallback, l, px, py));
                    grid.subcells[base + sy * kSub + sx] = v;
                    continue;
                }
                // Like a neighbour to the left or below, else an exact query (only the
                // cell's near areas can differ from one of its sub-cells to the next).
                std::uint32_t v = gx > 0 ? known_value(grid, out, pairs, starts, gx - 1, gy)
                                         : kPending;
                if (v == kPending && gy > 0) v = known_value(grid, out, pairs, starts, gx, gy - 1);
                if (v == kPending) v = first_of(geom, near, fallback, no_skip, px, py);
                grid.subcells[base + sy * kSub + sx] = v;
            }
        }
    }
}

/// Puts the chunks' boundary cells into the grid in chunk order, their list offsets moved
/// past the lists of the chunks before (in `cells` and in their sub-grids, on `threads`
/// threads): the layout a single chunk gives.
void join_boundary(CellGrid& grid, std::vector<BoundaryChunk>& chunks,
                   const HugeVector<std::uint64_t>& pairs, const std::vector<std::size_t>& starts,
                   unsigned threads) {
    std::vector<std::uint32_t> list_base(chunks.size());
    std::size_t n_lists = 0;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        if (n_lists + chunks[i].lists.size() > kOffsetMask)
            throw std::length_error("AreaLocator: grid too large");
        list_base[i] = static_cast<std::uint32_t>(n_lists);
        n_lists += chunks[i].lists.size();
    }
    grid.lists.reserve(n_lists);
    for (const auto& ch : chunks)
        grid.lists.insert(grid.lists.end(), ch.lists.begin(), ch.lists.end());
    constexpr std::size_t max_split = kMaxSubCells / kSubCells;
    parallel_chunks(chunks.size(), threads, 1, [&](std::size_t i0, std::size_t i1, unsigned) {
        for (std::size_t i = i0; i < i1; ++i) {
            BoundaryChunk& ch = chunks[i];
            const std::uint32_t base = list_base[i];
            const auto moved = [base](std::uint32_t v) -> std::uint32_t {
                return (v & (kListFlag | kSubFlag)) == kListFlag ? v + base : v;  // a list
            };
            const std::size_t end = ch.first + ch.values.size();
            for (std::size_t b = ch.first; b < end; ++b)
                grid.cells[pairs[starts[b]] >> 32] = moved(ch.values[b - ch.first]);
            if (base != 0 && ch.first < max_split)
                for (std::size_t k = ch.first * kSubCells,
                                 e = std::min(end, max_split) * kSubCells;
                     k < e; ++k)
                    grid.subcells[k] = moved(grid.subcells[k]);
            ch = BoundaryChunk{};
        }
    });
}

}  // namespace

void CellGrid::build(const AreaGeometry& geom, const BuildItems& s, unsigned threads) {
    std::size_t n_used = 0;
    BoxM all;
    for (const Area& a : geom.areas) {
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
    const BoxIndex box_index = build_box_index(geom.areas, *this, n_used);

    // Square cells, about kCellsPerEdge per segment.
    const double w = max_x - min_x;
    const double h = max_y - min_y;
    const double target = std::clamp(kCellsPerEdge * static_cast<double>(s.items.size()), kMinCells,
                                     static_cast<double>(kMaxCells));
    const double cell = w > 0.0 && h > 0.0 ? std::sqrt(w * h / target) : std::max(w, h) / target;
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
    // by item, which is by area. A counting sort: the pairs are counted per cell (in
    // `cells`, free until step 2), then each is put in its cell's place, the items in
    // ascending order, so each cell's run is in item order without a sort. The largest
    // build-time array is allocated once, at its final size.
    cells.assign(n_cells, 0);
    const auto rasterize_all = [&](auto&& mark) {
        for (std::size_t k = 0; k < s.items.size(); ++k)
            rasterize(to_cells(s.items[k], 1.0), s.item_is_box[k] != 0, eps * ax.inv,
                      eps * ay.inv, ax.n, ay.n, 0, ax.n - 1, 0, ay.n - 1,
                      [&](std::size_t gx, std::size_t gy) { mark(gy * ax.n + gx, k); });
    };
    std::size_t n_pairs = 0;
    rasterize_all([&](std::size_t c, std::size_t) {
        if (++n_pairs > std::numeric_limits<std::uint32_t>::max())
            throw std::length_error("AreaLocator: too many cell pairs");
        ++cells[c];
    });
    std::uint32_t offset = 0;
    for (std::uint32_t& c : cells) {  // each cell's count becomes the start of its run
        const std::uint32_t count = c;
        c = offset;
        offset += count;
    }
    HugeVector<std::uint64_t> pairs(n_pairs);
    rasterize_all([&](std::size_t c, std::size_t k) {
        pairs[cells[c]++] = (static_cast<std::uint64_t>(c) << 32) | k;
    });

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
                value = first_containing(geom, box_index, ax.at(x0 + 0.5), ay.at(y + 0.5), no_skip);
            }
            std::fill(row + x0, row + x1, value);
            x0 = x1;
        }
    }

    // 3. Each boundary cell: its `near` areas, and `fallback`, the first other area that
    // holds its centre (it holds every point of the cell, as none of its segments comes
    // near). Split into sub-cells while the budget lasts (each classified as above, from
    // the cell's items only), else given a list. Chunks of boundary cells in row-major order
    // run on `threads` threads and are joined in that order: the same grid for any threads.
    std::vector<std::size_t> starts;  // the first pair of each boundary cell, then the end
    for (std::size_t k = 0; k < pairs.size(); ++k)
        if (k == 0 || (pairs[k] >> 32) != (pairs[k - 1] >> 32)) starts.push_back(k);
    const std::size_t n_boundary = starts.size();
    starts.push_back(pairs.size());
    subcells.resize(std::min(n_boundary, kMaxSubCells / kSubCells) * kSubCells);
    std::vector<BoundaryChunk> chunks((n_boundary + kBoundaryChunk - 1) / kBoundaryChunk);
    parallel_chunks(n_boundary, threads, kBoundaryChunk,
                    [&](std::size_t b0, std::size_t b1, unsigned) {
                        BoundaryChunk& out = chunks[b0 / kBoundaryChunk];
                        classify_boundary(*this, geom, s, box_index, pairs, starts, b0, b1,
                                          eps, out);
                    });
    join_boundary(*this, chunks, pairs, starts, threads);
}

}  // namespace assetmap::spatial::detail
