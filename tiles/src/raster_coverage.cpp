// Where a raster style can draw anything (see raster_coverage.hpp).

#include "raster_coverage.hpp"

#include <algorithm>

namespace assetmap::tiles::detail {

namespace {

bool boxes_meet(const BoxM& a, const BoxMercator& b) {
    return !a.empty() && a.min_x_m <= b.max_x && a.max_x_m >= b.min_x && a.min_y_m <= b.max_y &&
           a.max_y_m >= b.min_y;
}

bool inside(const BoxMercator& b, const PointM& p) {
    return p.x_m >= b.min_x && p.x_m <= b.max_x && p.y_m >= b.min_y && p.y_m <= b.max_y;
}

/// Liang–Barsky: does segment pq meet the closed box?
bool segment_meets(const PointM& p, const PointM& q, const BoxMercator& b) {
    double t0 = 0.0, t1 = 1.0;
    const double dx = q.x_m - p.x_m, dy = q.y_m - p.y_m;
    const double pp[4] = {-dx, dx, -dy, dy};
    const double qq[4] = {p.x_m - b.min_x, b.max_x - p.x_m, p.y_m - b.min_y, b.max_y - p.y_m};
    for (int i = 0; i < 4; ++i) {
        if (pp[i] == 0.0) {
            if (qq[i] < 0.0) return false;
            continue;
        }
        const double t = qq[i] / pp[i];
        if (pp[i] < 0.0) {
            if (t > t1) return false;
            t0 = std::max(t0, t);
        } else {
            if (t < t0) return false;
            t1 = std::min(t1, t);
        }
    }
    return t0 <= t1;
}

/// Even-odd crossing count of `p` over `ring`.
bool crosses_odd(const RingM& ring, const PointM& p) {
    bool odd = false;
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const PointM& a = ring[i];
        const PointM& c = ring[j];
        if ((a.y_m > p.y_m) != (c.y_m > p.y_m) &&
            p.x_m < (c.x_m - a.x_m) * (p.y_m - a.y_m) / (c.y_m - a.y_m) + a.x_m)
            odd = !odd;
    }
    return odd;
}

}  // namespace

RasterCoverage::RasterCoverage(const std::vector<const MultiPolygonM*>& areas,
                               const std::vector<PointM>& points,
                               const std::vector<PointM>& label_points)
    : points_(points), label_points_(label_points) {
    auto polygons = std::make_shared<std::vector<Polygon>>();
    for (std::size_t a = 0; a < areas.size(); ++a)
        for (const PolygonM& poly : *areas[a]) {
            Polygon p;
            p.area = a;
            p.rings.push_back(poly.outer);
            for (const RingM& h : poly.holes) p.rings.push_back(h);
            for (const PointM& v : poly.outer) p.box.expand(v);
            if (!p.box.empty()) polygons->push_back(std::move(p));
        }
    polygons_ = std::move(polygons);
    const auto by_x = [](const PointM& a, const PointM& b) { return a.x_m < b.x_m; };
    std::sort(points_.begin(), points_.end(), by_x);
    std::sort(label_points_.begin(), label_points_.end(), by_x);
}

RasterCoverage::RasterCoverage(const RasterCoverage& polygons_from, std::vector<PointM> points,
                               std::vector<PointM> label_points)
    : polygons_(polygons_from.polygons_),
      points_(std::move(points)),
      label_points_(std::move(label_points)) {
    const auto by_x = [](const PointM& a, const PointM& b) { return a.x_m < b.x_m; };
    std::sort(points_.begin(), points_.end(), by_x);
    std::sort(label_points_.begin(), label_points_.end(), by_x);
}

bool RasterCoverage::any_point_in(const std::vector<PointM>& sorted, const BoxMercator& b) {
    const auto first = std::lower_bound(sorted.begin(), sorted.end(), b.min_x,
                                        [](const PointM& p, double x) { return p.x_m < x; });
    for (auto it = first; it != sorted.end() && it->x_m <= b.max_x; ++it)
        if (inside(b, *it)) return true;
    return false;
}

namespace {

/// `box` widened by a hair: the tests must never miss what rounding puts on its edge.
BoxMercator widened(const BoxMercator& box) {
    const double eps = 1e-6 * std::max(1.0, std::max(box.max_x - box.min_x, box.max_y - box.min_y));
    return {box.min_x - eps, box.min_y - eps, box.max_x + eps, box.max_y + eps};
}

}  // namespace

RasterCoverage::Relation RasterCoverage::relate(const Polygon& p, const BoxMercator& b) {
    if (!boxes_meet(p.box, b)) return Relation::outside;
    const PointM centre{(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2};
    bool in = false;
    for (const RingM& ring : p.rings) {
        const std::size_t n = ring.size();
        for (std::size_t i = 0; i < n; ++i)
            if (segment_meets(ring[i], ring[(i + 1) % n], b)) return Relation::crosses;
        if (crosses_odd(ring, centre)) in = !in;
    }
    return in ? Relation::inside : Relation::outside;
}

std::optional<std::size_t> RasterCoverage::sole_area(const BoxMercator& box) const {
    const BoxMercator b = widened(box);
    if (any_point_in(points_, b) || any_point_in(label_points_, b)) return std::nullopt;
    std::optional<std::size_t> found;
    for (const Polygon& p : *polygons_) {
        const Relation r = relate(p, b);
        if (r == Relation::crosses) return std::nullopt;
        if (r == Relation::outside) continue;
        if (found) return std::nullopt;  // two polygons (overlapping areas, or parts) cover it
        found = p.area;
    }
    return found;
}

bool RasterCoverage::may_draw(const BoxMercator& box) const {
    const BoxMercator b = widened(box);
    if (any_point_in(points_, b)) return true;
    for (const Polygon& p : *polygons_)
        if (relate(p, b) != Relation::outside) return true;  // an edge, or the box inside
    return false;
}

}  // namespace assetmap::tiles::detail
