/// @file AreaLocator: a uniform grid over the areas' boxes picks candidate areas (each
/// cell lists them in ascending index order); each candidate gets an exact crossing-number
/// test in which a point on any ring segment counts as inside. The first candidate that
/// contains the point is the answer, which is the documented lowest-index edge rule.

#include <assetmap/spatial/area_locator.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
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

/// Uniform grid over the areas' bounds; each cell lists (ascending) the areas whose box
/// overlaps it, in compressed rows.
struct Grid {
    double min_x = 0.0, min_y = 0.0, max_x = -1.0, max_y = -1.0;  // empty by default
    double inv_x = 0.0, inv_y = 0.0;                              // cells per metre
    std::size_t nx = 1, ny = 1;
    std::vector<std::size_t> cell_start;  // nx * ny + 1 offsets into items
    std::vector<std::uint32_t> items;     // area indices

    // Monotone in x, so a box's cell range covers every point inside the box.
    std::size_t cell_x(double x) const {
        const double t = (x - min_x) * inv_x;
        if (!(t > 0.0)) return 0;
        return std::min(static_cast<std::size_t>(std::min(t, 1e18)), nx - 1);
    }
    std::size_t cell_y(double y) const {
        const double t = (y - min_y) * inv_y;
        if (!(t > 0.0)) return 0;
        return std::min(static_cast<std::size_t>(std::min(t, 1e18)), ny - 1);
    }
};

constexpr std::size_t kMaxCellsPerAxis = 4096;
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
    Grid grid;

    void add_ring(const RingM& ring, BoxM* poly_box) {
        Ring r;
        std::vector<Edge> edges;
        const std::size_t n = ring.size();
        for (std::size_t k = 0; k < n; ++k) {
            const PointM& p = ring[k];
            const PointM& q = ring[(k + 1) % n];  // implicit closing segment if unclosed
            if (p == q || !finite(p) || !finite(q)) continue;
            const bool p_first = p.y_m < q.y_m || (p.y_m == q.y_m && p.x_m <= q.x_m);
            const PointM& a = p_first ? p : q;
            const PointM& b = p_first ? q : p;
            edges.push_back(Edge{a.x_m, a.y_m, b.x_m, b.y_m});
            r.box.expand(a);
            r.box.expand(b);
        }
        if (edges.empty()) return;  // nothing usable

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

    void add_area(const MultiPolygonM& mp) {
        Area area;
        area.poly_begin = polys.size();
        for (const PolygonM& poly : mp) {
            Poly pl;
            pl.ring_begin = rings.size();
            add_ring(poly.outer, &pl.box);
            if (rings.size() == pl.ring_begin) continue;  // no usable outer ring: no polygon
            for (const RingM& hole : poly.holes) add_ring(hole, &pl.box);
            pl.ring_end = rings.size();
            area.box.expand(PointM{pl.box.min_x_m, pl.box.min_y_m});
            area.box.expand(PointM{pl.box.max_x_m, pl.box.max_y_m});
            polys.push_back(pl);
        }
        area.poly_end = polys.size();
        areas.push_back(area);
    }

    void build_grid() {
        BoxM all;
        std::size_t n_used = 0;
        for (const Area& a : areas) {
            if (a.box.empty()) continue;
            ++n_used;
            all.expand(PointM{a.box.min_x_m, a.box.min_y_m});
            all.expand(PointM{a.box.max_x_m, a.box.max_y_m});
        }
        Grid& g = grid;
        if (n_used == 0) {
            g.cell_start.assign(2, 0);
            return;
        }
        g.min_x = all.min_x_m;
        g.min_y = all.min_y_m;
        g.max_x = all.max_x_m;
        g.max_y = all.max_y_m;
        const double w = g.max_x - g.min_x;
        const double h = g.max_y - g.min_y;
        // About 4 cells per area, square cells.
        const double target = 4.0 * static_cast<double>(n_used);
        double cell = 0.0;
        if (w > 0.0 && h > 0.0) {
            cell = std::sqrt(w * h / target);
        } else {
            cell = std::max(w, h) / target;
        }
        auto cells_along = [&](double extent) -> std::size_t {
            if (!(extent > 0.0) || !(cell > 0.0)) return 1;
            const double n = std::ceil(extent / cell);
            return static_cast<std::size_t>(
                std::clamp(n, 1.0, static_cast<double>(kMaxCellsPerAxis)));
        };
        g.nx = cells_along(w);
        g.ny = cells_along(h);
        g.inv_x = w > 0.0 ? static_cast<double>(g.nx) / w : 0.0;
        g.inv_y = h > 0.0 ? static_cast<double>(g.ny) / h : 0.0;

        // Two passes: count, then fill; areas in ascending order keep each cell sorted.
        const std::size_t n_cells = g.nx * g.ny;
        std::vector<std::size_t> counts(n_cells + 1, 0);
        auto for_cells = [&](const BoxM& b, auto&& fn) {
            const std::size_t x0 = g.cell_x(b.min_x_m), x1 = g.cell_x(b.max_x_m);
            const std::size_t y0 = g.cell_y(b.min_y_m), y1 = g.cell_y(b.max_y_m);
            for (std::size_t y = y0; y <= y1; ++y)
                for (std::size_t x = x0; x <= x1; ++x) fn(y * g.nx + x);
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

    bool area_contains(const Area& a, double px, double py) const {
        for (std::size_t i = a.poly_begin; i < a.poly_end; ++i) {
            if (polys[i].box.contains(PointM{px, py}) && poly_contains(polys[i], px, py)) {
                return true;
            }
        }
        return false;
    }
};

AreaLocator::AreaLocator(const std::vector<MultiPolygonM>& areas)
    : impl_(std::make_unique<Impl>()) {
    impl_->n_areas = areas.size();
    impl_->areas.reserve(areas.size());
    for (const MultiPolygonM& mp : areas) impl_->add_area(mp);
    impl_->build_grid();
}

AreaLocator::~AreaLocator() = default;
AreaLocator::AreaLocator(AreaLocator&&) noexcept = default;
AreaLocator& AreaLocator::operator=(AreaLocator&&) noexcept = default;

std::optional<std::size_t> AreaLocator::locate(const PointM& p) const {
    if (!impl_) return std::nullopt;  // moved-from
    const Impl& im = *impl_;
    const Grid& g = im.grid;
    const double px = p.x_m, py = p.y_m;
    if (!(px >= g.min_x && px <= g.max_x && py >= g.min_y && py <= g.max_y)) {
        return std::nullopt;  // also NaN
    }
    const std::size_t c = g.cell_y(py) * g.nx + g.cell_x(px);
    for (std::size_t k = g.cell_start[c]; k < g.cell_start[c + 1]; ++k) {
        const std::size_t i = g.items[k];
        const Area& a = im.areas[i];
        if (a.box.contains(p) && im.area_contains(a, px, py)) return i;
    }
    return std::nullopt;
}

std::size_t AreaLocator::size() const noexcept { return impl_ ? impl_->n_areas : 0; }

}  // namespace assetmap::spatial
