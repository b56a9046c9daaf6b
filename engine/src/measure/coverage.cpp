/// @file Data coverage of each category (DESIGN.md, "The study": data extent).
///
/// A category's coverage is the union of the extents of the sources that provide it
/// (SourceExtent::categories lists it). An area's coverage_pct for the category is
/// 100 · Σ w_p [p inside any such extent] / Σ w_p over its measured points (a point on a
/// ring's boundary counts as inside; every point of an area of the areas source is inside an
/// `extent = "areas"`, the measured points being points of such areas). When Σ w_p = 0 (a zero-population area) the share is taken
/// by point count instead, so the flag still says whether the area lies in the data; an
/// area with no usable point has 0 coverage. A category no source provides has 0 coverage.
/// The test is a crossing-number test over the ring's edges, which are filed in horizontal
/// bands so a point only meets the edges near its northing.

#include "measure_steps.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace assetmap::measure::detail {

namespace {

constexpr std::size_t kEdgesPerBand = 4;
constexpr std::size_t kMaxBands = 1024;

bool finite(const PointM& p) { return std::isfinite(p.x_m) && std::isfinite(p.y_m); }

/// One extent (its rings: a box's ring, or every ring of a hull's polygons) prepared for
/// point-in-polygon tests by crossing number over all the rings' edges (even-odd); the
/// boundary counts as inside.
class BandedRing {
public:
    explicit BandedRing(const std::vector<const RingM*>& rings) {
        for (const RingM* ring_ptr : rings) {
            const RingM& ring = *ring_ptr;
            const std::size_t n = ring.size();
            for (std::size_t i = 0; i < n; ++i) {
                const PointM& a = ring[i];
                const PointM& b = ring[(i + 1) % n];  // the closing edge of an unclosed ring
                if (a == b || !finite(a) || !finite(b)) continue;
                edges_.push_back(Edge{a.x_m, a.y_m, b.x_m, b.y_m});
                box_.expand(a);
                box_.expand(b);
            }
        }
        if (edges_.empty()) return;
        const double h = box_.max_y_m - box_.min_y_m;
        n_bands_ = h > 0.0 ? std::clamp<std::size_t>(edges_.size() / kEdgesPerBand, 1, kMaxBands)
                           : 1;
        inv_h_ = n_bands_ > 1 ? static_cast<double>(n_bands_) / h : 0.0;
        std::vector<std::size_t> start(n_bands_ + 1, 0);
        for (const Edge& e : edges_) {
            for (std::size_t k = band(lo_y(e)), last = band(hi_y(e)); k <= last; ++k) {
                ++start[k + 1];
            }
        }
        for (std::size_t k = 0; k < n_bands_; ++k) start[k + 1] += start[k];
        banded_.resize(start[n_bands_]);
        std::vector<std::size_t> fill(start.begin(), start.end() - 1);
        for (const Edge& e : edges_) {
            for (std::size_t k = band(lo_y(e)), last = band(hi_y(e)); k <= last; ++k) {
                banded_[fill[k]++] = e;
            }
        }
        band_start_ = std::move(start);
    }

    bool contains(const PointM& p) const {
        if (edges_.empty() || !box_.contains(p)) return false;
        const std::size_t k = band(p.y_m);
        bool inside = false;
        for (std::size_t i = band_start_[k]; i < band_start_[k + 1]; ++i) {
            const Edge& e = banded_[i];
            const double cross = (e.bx - e.ax) * (p.y_m - e.ay) - (e.by - e.ay) * (p.x_m - e.ax);
            if (cross == 0.0 && p.x_m >= std::min(e.ax, e.bx) && p.x_m <= std::max(e.ax, e.bx) &&
                p.y_m >= std::min(e.ay, e.by) && p.y_m <= std::max(e.ay, e.by)) {
                return true;  // on the boundary
            }
            // Half-open in y, so a vertex on the ray counts once. The ray runs towards +x
            // and crosses the edge when p lies left of it taken upwards.
            if ((e.ay > p.y_m) != (e.by > p.y_m)) {
                if (e.by > e.ay ? cross > 0.0 : cross < 0.0) inside = !inside;
            }
        }
        return inside;
    }

private:
    struct Edge {
        double ax, ay, bx, by;
    };
    static double lo_y(const Edge& e) { return std::min(e.ay, e.by); }
    static double hi_y(const Edge& e) { return std::max(e.ay, e.by); }
    // Monotone in y: an edge filed under [band(lo_y), band(hi_y)] is found from any y in it.
    std::size_t band(double y) const {
        const double t = (y - box_.min_y_m) * inv_h_;
        if (!(t > 0.0)) return 0;
        return std::min(static_cast<std::size_t>(std::min(t, 1e18)), n_bands_ - 1);
    }

    BoxM box_;
    std::vector<Edge> edges_;
    std::vector<Edge> banded_;
    std::vector<std::size_t> band_start_{0, 0};
    std::size_t n_bands_ = 1;
    double inv_h_ = 0.0;
};

}  // namespace

std::vector<std::uint8_t> extent_membership(const std::vector<SourceExtent>& extents,
                                            const MeasuredPoints& points, unsigned threads) {
    const std::size_t n_ext = extents.size();
    std::vector<BandedRing> rings;
    rings.reserve(n_ext);
    for (const SourceExtent& e : extents) {
        // A box's ring, or a hull's polygons (`areas` extents need no test).
        std::vector<const RingM*> parts{&e.ring};
        if (e.kind != ExtentKind::areas)
            for (const PolygonM& p : e.polygon) {
                parts.push_back(&p.outer);
                for (const RingM& hole : p.holes) parts.push_back(&hole);
            }
        rings.emplace_back(parts);
    }

    // inside[p * n_ext + e]: point p lies in extent e (computed once, shared by categories).
    std::vector<std::uint8_t> inside(points.size() * n_ext, 0);
    parallel_for(
        points.size(), threads,
        [&](std::size_t begin, std::size_t end) {
            for (std::size_t p = begin; p < end; ++p) {
                if (!points.usable(p)) continue;
                for (std::size_t e = 0; e < n_ext; ++e) {
                    const bool in = extents[e].kind == ExtentKind::areas ||
                                    rings[e].contains(points.location[p]);
                    inside[p * n_ext + e] = in ? 1 : 0;
                }
            }
        },
        {});
    return inside;
}

std::vector<std::size_t> providers_of(const std::vector<SourceExtent>& extents,
                                      const std::string& category) {
    std::vector<std::size_t> providers;
    for (std::size_t e = 0; e < extents.size(); ++e) {
        const auto& cats = extents[e].categories;
        if (std::find(cats.begin(), cats.end(), category) != cats.end()) providers.push_back(e);
    }
    return providers;
}

std::vector<double> coverage_by(const MeasuredPoints& points,
                                const std::vector<std::uint8_t>& inside, std::size_t n_ext,
                                const std::vector<std::size_t>& providers) {
    const std::size_t n_areas = points.area_begin.size() - 1;
    std::vector<double> out(n_areas, 0.0);
    for (std::size_t a = 0; a < n_areas; ++a) {
        double w = 0.0, w_in = 0.0;
        std::size_t n = 0, n_in = 0;
        for (std::size_t p = points.area_begin[a]; p < points.area_begin[a + 1]; ++p) {
            if (!points.usable(p)) continue;
            bool in = false;
            for (const std::size_t e : providers) in = in || inside[p * n_ext + e] != 0;
            w += points.weight[p];
            ++n;
            if (in) {
                w_in += points.weight[p];
                ++n_in;
            }
        }
        // All points inside gives w_in == w bit for bit (same additions): exactly 100.
        if (w > 0.0) {
            out[a] = 100.0 * (w_in / w);
        } else if (n > 0) {
            out[a] = 100.0 * (static_cast<double>(n_in) / static_cast<double>(n));
        }
    }
    return out;
}

std::vector<std::vector<double>> extent_coverage(const StudyData& data,
                                                 const MeasuredPoints& points,
                                                 const std::vector<CategoryPlan>& plans,
                                                 unsigned threads) {
    const std::size_t n_ext = data.extents.size();
    const std::vector<std::uint8_t> inside = extent_membership(data.extents, points, threads);
    const std::size_t n_areas = points.area_begin.size() - 1;
    std::vector<std::vector<double>> out(n_areas, std::vector<double>(plans.size(), 0.0));
    for (std::size_t k = 0; k < plans.size(); ++k) {
        const auto providers = providers_of(data.extents, plans[k].category->id);
        const auto pct = coverage_by(points, inside, n_ext, providers);
        for (std::size_t a = 0; a < n_areas; ++a) out[a][k] = pct[a];
    }
    return out;
}

}  // namespace assetmap::measure::detail
