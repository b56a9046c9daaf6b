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
///
/// This file holds the rings and the exact test (AreaGeometry) and the query path; the
/// grid's classification is built in area_locator_grid.cpp.

#include <assetmap/spatial/area_locator.hpp>

#include "area_locator_detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

namespace assetmap::spatial {

namespace detail {

namespace {

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

constexpr std::size_t kEdgesPerBand = 8;  // aim for about this many edges per band
constexpr std::size_t kMaxBands = 256;

}  // namespace

void AreaGeometry::add_ring(const RingM& ring, BoxM* poly_box, BuildItems& s, bool* broken) {
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
    r.n_bands = h > 0.0 ? std::clamp<std::size_t>(edges.size() / kEdgesPerBand, 1, kMaxBands) : 1;
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

void AreaGeometry::add_area(const MultiPolygonM& mp, BuildItems& s) {
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
    area.broken = broken;
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
bool AreaGeometry::poly_contains(const Poly& pl, double px, double py) const {
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

bool AreaGeometry::area_contains(std::size_t i, double px, double py) const {
    const Area& a = areas[i];
    if (!a.box.contains(PointM{px, py})) return false;
    for (std::size_t k = a.poly_begin; k < a.poly_end; ++k) {
        if (polys[k].box.contains(PointM{px, py}) && poly_contains(polys[k], px, py)) {
            return true;
        }
    }
    return false;
}

/// The crossing-number test of the centre of the square (px, py) ± half_m against one ring,
/// or `near` when a segment of the ring may reach the square: one within 1.5 × half_m of
/// the centre (the corners are 1.414 × half_m away; the rest is room for rounding). The
/// crossings need only the band of py; the near test scans every band the square's rows
/// cross.
RingHit AreaGeometry::ring_square(const Ring& ring, double px, double py, double half_m) const {
    const double reach = 1.5 * half_m;
    const double reach2 = reach * reach;
    const std::size_t centre_band = ring.band(py);
    const Edge* edge = band_edges.data();
    bool inside = false;
    for (std::size_t b = ring.band(py - half_m), last = ring.band(py + half_m); b <= last; ++b) {
        const std::size_t at = ring.band_begin + b;
        const bool crossings = b == centre_band;
        for (const Edge* e = edge + band_start[at]; e != edge + band_start[at + 1]; ++e) {
            if (e->by < py - reach || e->ay > py + reach) continue;
            const bool left = e->ax < px - reach && e->bx < px - reach;
            const bool right = e->ax > px + reach && e->bx > px + reach;
            if (!left && !right) {
                const double dx = e->bx - e->ax, dy = e->by - e->ay;
                const double wx = px - e->ax, wy = py - e->ay;
                const double len2 = dx * dx + dy * dy;
                const double t =
                    len2 > 0.0 ? std::clamp((wx * dx + wy * dy) / len2, 0.0, 1.0) : 0.0;
                const double ex = wx - t * dx, ey = wy - t * dy;
                if (!(ex * ex + ey * ey > reach2)) return RingHit::near;  // also NaN
            }
            // As test_ring: half-open in y, the ray towards +x.
            if (!crossings || left || py < e->ay || py >= e->by) continue;
            const double cross = (e->bx - e->ax) * (py - e->ay) - (e->by - e->ay) * (px - e->ax);
            if (cross == 0.0) return RingHit::near;  // on the segment's line, within its rows
            if (cross > 0.0) inside = !inside;
        }
    }
    return inside ? RingHit::inside : RingHit::outside;
}

SquareHit AreaGeometry::area_contains_square(std::size_t i, double px, double py,
                                             double half_m) const {
    const Area& a = areas[i];
    if (a.broken) return SquareHit::near;
    const BoxM square{px - half_m, py - half_m, px + half_m, py + half_m};
    if (!a.box.intersects(square)) return SquareHit::outside;
    bool near = false;
    for (std::size_t k = a.poly_begin; k < a.poly_end; ++k) {
        const Poly& pl = polys[k];
        if (!pl.box.intersects(square)) continue;  // every point outside this polygon
        bool in_outer = false, in_hole = false, poly_near = false;
        for (std::size_t r = pl.ring_begin; r < pl.ring_end; ++r) {
            // A ring whose box misses the square has the whole square outside it.
            if (!rings[r].box.intersects(square)) continue;
            const RingHit hit = ring_square(rings[r], px, py, half_m);
            if (hit == RingHit::near) {
                poly_near = true;
                break;
            }
            if (r == pl.ring_begin) {
                in_outer = hit == RingHit::inside;
            } else if (hit == RingHit::inside) {
                in_hole = true;
            }
        }
        if (poly_near) {
            near = true;
        } else if (in_outer && !in_hole) {
            return SquareHit::inside;  // no ring reaches the square: all of it inside
        }
    }
    return near ? SquareHit::near : SquareHit::outside;
}

}  // namespace detail

struct AreaLocator::Impl {
    std::size_t n_areas = 0;
    detail::AreaGeometry geometry;
    detail::CellGrid grid;
};

AreaLocator::AreaLocator(const std::vector<MultiPolygonM>& areas)
    : AreaLocator(areas.size(), [&](std::size_t i) -> const MultiPolygonM& { return areas[i]; }) {}

AreaLocator::AreaLocator(std::size_t n,
                         const std::function<const MultiPolygonM&(std::size_t)>& area,
                         unsigned threads)
    : impl_(std::make_unique<Impl>()) {
    if (n >= detail::kNone) throw std::length_error("AreaLocator: too many areas");
    impl_->n_areas = n;
    impl_->geometry.areas.reserve(n);
    // Room for every segment, allocated once (a segment per vertex at most; a ring's bands
    // may hold a few more copies): growing by doubling would hold two copies at a time.
    std::size_t vertices = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (const PolygonM& p : area(i)) {
            vertices += p.outer.size();
            for (const RingM& h : p.holes) vertices += h.size();
        }
    detail::BuildItems scratch;
    scratch.items.reserve(vertices);
    scratch.item_area.reserve(vertices);
    scratch.item_is_box.reserve(vertices);
    impl_->geometry.band_edges.reserve(vertices + vertices / 2);
    for (std::size_t i = 0; i < n; ++i) impl_->geometry.add_area(area(i), scratch);
    impl_->grid.build(impl_->geometry, scratch, threads);
}

AreaLocator::~AreaLocator() = default;
AreaLocator::AreaLocator(AreaLocator&&) noexcept = default;
AreaLocator& AreaLocator::operator=(AreaLocator&&) noexcept = default;

std::optional<std::size_t> AreaLocator::locate(const PointM& p) const {
    using namespace detail;
    if (!impl_) return std::nullopt;  // moved-from
    const CellGrid& im = impl_->grid;
    const AreaGeometry& geom = impl_->geometry;
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
                if (geom.area_contains(*e, px, py)) return *e;
            }
        }
    }
    if (v == kNone) return std::nullopt;
    return v;
}

namespace {

using Decided = std::optional<std::optional<std::size_t>>;

/// locate_within in steps, so that a batch can prefetch between them: `first` settles
/// what needs no memory and finds the top-level cell; `second` reads it (and finds a
/// sub-cell), `third` reads the sub-cell; a boundary cell's list is then settled by
/// `last`, the exact test over the whole square.
struct WithinQuery {
    double px = 0, py = 0, half = 0;
    double ux0 = 0, ux1 = 0, uy0 = 0, uy1 = 0;
    std::size_t cx = 0, cy = 0, cell = 0;
    bool pending = false;  ///< needs the cell look-up
    std::size_t list = SIZE_MAX;  ///< offset of the list to test (a boundary cell)
    Decided answer;

    void first(const detail::CellGrid& im, const PointM& p, double margin_m) {
        using namespace detail;
        pending = false;
        list = SIZE_MAX;
        answer.reset();
        px = p.x_m, py = p.y_m, half = margin_m;
        const double x0 = p.x_m - margin_m, x1 = p.x_m + margin_m;
        const double y0 = p.y_m - margin_m, y1 = p.y_m + margin_m;
        if (!(x0 <= x1) || !(y0 <= y1) || !(margin_m >= 0.0)) return;  // NaN
        // Wholly outside the grid's bounds: no area, for every point of the square.
        if (x1 < im.min_x || x0 > im.max_x || y1 < im.min_y || y0 > im.max_y) {
            answer = std::optional<std::size_t>();
            return;
        }
        if (!(x0 >= im.min_x && x1 <= im.max_x && y0 >= im.min_y && y1 <= im.max_y)) return;
        // The cell of every point between two corners lies between theirs (cell_of and the
        // axis maps are monotone): one cell for both corners is one cell for the square.
        ux0 = im.ax.u(x0), ux1 = im.ax.u(x1), uy0 = im.ay.u(y0), uy1 = im.ay.u(y1);
        cx = cell_of(ux0, im.ax.n), cy = cell_of(uy0, im.ay.n);
        if (cell_of(ux1, im.ax.n) != cx || cell_of(uy1, im.ay.n) != cy) return;
        cell = cy * im.ax.n + cx;
        pending = true;
    }

    /// The sub-cell offset to read, or SIZE_MAX when the cell settles it (or leaves a list).
    std::size_t second(const detail::CellGrid& im) {
        using namespace detail;
        pending = false;
        const std::uint32_t v = im.cells[cell];
        if (v < kListFlag) {
            answer = v == kNone ? std::optional<std::size_t>() : std::optional<std::size_t>(v);
            return SIZE_MAX;
        }
        if (!(v & kSubFlag)) {
            list = v & kOffsetMask;
            return SIZE_MAX;
        }
        const double fx = static_cast<double>(cx), fy = static_cast<double>(cy);
        const std::size_t sx = cell_of((ux0 - fx) * kSub, kSub);
        const std::size_t sy = cell_of((uy0 - fy) * kSub, kSub);
        if (cell_of((ux1 - fx) * kSub, kSub) != sx || cell_of((uy1 - fy) * kSub, kSub) != sy)
            return SIZE_MAX;
        return (v & kOffsetMask) * kSubCells + sy * kSub + sx;
    }

    void third(const detail::CellGrid& im, std::size_t sub) {
        using namespace detail;
        const std::uint32_t v = im.subcells[sub];
        if (v < kListFlag)
            answer = v == kNone ? std::optional<std::size_t>() : std::optional<std::size_t>(v);
        else
            list = v & kOffsetMask;
    }

    /// The square lies in one cell whose list names the areas with a segment near it: the
    /// first of them whose exact test says inside for the whole square, or the list's
    /// answer when each says outside for the whole square; undecided when a segment of
    /// one tested comes within the square.
    void last(const detail::CellGrid& im, const detail::AreaGeometry& geom) {
        using namespace detail;
        for (const std::uint32_t* e = im.lists.data() + list;; ++e) {
            if (*e >= kListFlag) {
                const std::uint32_t v = *e & kAnswerMask;
                answer = v == kNone ? std::optional<std::size_t>() : std::optional<std::size_t>(v);
                return;
            }
            switch (geom.area_contains_square(*e, px, py, half)) {
            case SquareHit::inside:
                answer = std::optional<std::size_t>(*e);
                return;
            case SquareHit::near:
                return;
            case SquareHit::outside:
                break;
            }
        }
    }
};

}  // namespace

std::optional<std::optional<std::size_t>> AreaLocator::locate_within(const PointM& p,
                                                                      double margin_m) const {
    if (!impl_) return std::optional<std::size_t>();
    const detail::CellGrid& im = impl_->grid;
    WithinQuery q;
    q.first(im, p, margin_m);
    if (q.pending) {
        const std::size_t sub = q.second(im);
        if (sub != SIZE_MAX) q.third(im, sub);
    }
    if (q.list != SIZE_MAX) q.last(im, impl_->geometry);
    return q.answer;
}

void AreaLocator::locate_within(const PointM* points, const double* margins_m, std::size_t n,
                                std::optional<std::optional<std::size_t>>* out) const {
    if (!impl_) {
        for (std::size_t i = 0; i < n; ++i) out[i] = std::optional<std::size_t>();
        return;
    }
    const detail::CellGrid& im = impl_->grid;
    constexpr std::size_t kBatch = 32;
    WithinQuery q[kBatch];
    std::size_t sub[kBatch];
    for (std::size_t base = 0; base < n; base += kBatch) {
        const std::size_t m = std::min(kBatch, n - base);
        for (std::size_t k = 0; k < m; ++k) {
            q[k].first(im, points[base + k], margins_m[base + k]);
            if (q[k].pending) __builtin_prefetch(&im.cells[q[k].cell]);
        }
        for (std::size_t k = 0; k < m; ++k) {
            sub[k] = q[k].pending ? q[k].second(im) : SIZE_MAX;
            if (sub[k] != SIZE_MAX) __builtin_prefetch(&im.subcells[sub[k]]);
        }
        for (std::size_t k = 0; k < m; ++k) {
            if (sub[k] != SIZE_MAX) q[k].third(im, sub[k]);
            if (q[k].list != SIZE_MAX) q[k].last(im, impl_->geometry);
            out[base + k] = q[k].answer;
        }
    }
}

std::size_t AreaLocator::size() const noexcept { return impl_ ? impl_->n_areas : 0; }

}  // namespace assetmap::spatial
