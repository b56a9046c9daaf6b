#include <assetmap/core/geometry.hpp>

#include <limits>

namespace assetmap {

namespace {
template <typename Fn>
void for_each_point(const MultiPolygonM& mp, Fn&& fn) {
    for (const auto& poly : mp) {
        for (const auto& p : poly.outer) fn(p);
        for (const auto& hole : poly.holes)
            for (const auto& p : hole) fn(p);
    }
}

/// First vertex of `mp`, used as a local origin so that products of large EPSG:27700
/// coordinates do not lose precision; {0, 0} when there is none.
PointM local_origin(const MultiPolygonM& mp) {
    for (const PolygonM& poly : mp) {
        if (!poly.outer.empty()) return poly.outer.front();
        for (const RingM& hole : poly.holes)
            if (!hole.empty()) return hole.front();
    }
    return PointM{};
}

/// Area and first moments of one ring relative to `o`, made positive whatever the ring's
/// orientation: `area` = |A|, (`mx`, `my`) = |A| * (ring centroid - o). Closed or not.
struct RingMoments {
    double area = 0.0;
    double mx = 0.0;
    double my = 0.0;
};

RingMoments ring_moments(const RingM& ring, const PointM& o) {
    RingMoments m;
    const std::size_t n = ring.size();
    if (n < 3) return m;
    double a2 = 0.0;  // twice the signed area
    double sx = 0.0;  // 6 * signed moment in x
    double sy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const PointM& p = ring[i];
        const PointM& q = ring[(i + 1) % n];  // wraps around: unclosed rings are fine
        const double px = p.x_m - o.x_m, py = p.y_m - o.y_m;
        const double qx = q.x_m - o.x_m, qy = q.y_m - o.y_m;
        const double c = px * qy - qx * py;
        a2 += c;
        sx += (px + qx) * c;
        sy += (py + qy) * c;
    }
    const double sign = a2 < 0.0 ? -1.0 : 1.0;
    m.area = sign * a2 / 2.0;
    m.mx = sign * sx / 6.0;
    m.my = sign * sy / 6.0;
    return m;
}

/// Sum over polygons of (outer - holes), relative to `o`.
RingMoments total_moments(const MultiPolygonM& mp, const PointM& o) {
    RingMoments total;
    for (const PolygonM& poly : mp) {
        const RingMoments outer = ring_moments(poly.outer, o);
        total.area += outer.area;
        total.mx += outer.mx;
        total.my += outer.my;
        for (const RingM& hole : poly.holes) {
            const RingMoments h = ring_moments(hole, o);
            total.area -= h.area;
            total.mx -= h.mx;
            total.my -= h.my;
        }
    }
    return total;
}

/// Mean of the vertices; a ring's closing point (equal to its first) is not counted twice.
/// NaN for no vertices at all.
PointM vertex_mean(const MultiPolygonM& mp, const PointM& o) {
    double sx = 0.0, sy = 0.0;
    std::size_t n = 0;
    auto add_ring = [&](const RingM& ring) {
        std::size_t count = ring.size();
        if (count >= 2 && ring.front() == ring.back()) --count;
        for (std::size_t i = 0; i < count; ++i) {
            sx += ring[i].x_m - o.x_m;
            sy += ring[i].y_m - o.y_m;
        }
        n += count;
    };
    for (const PolygonM& poly : mp) {
        add_ring(poly.outer);
        for (const RingM& hole : poly.holes) add_ring(hole);
    }
    if (n == 0) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return PointM{nan, nan};
    }
    const double dn = static_cast<double>(n);
    return PointM{o.x_m + sx / dn, o.y_m + sy / dn};
}

}  // namespace

BoxM bounds(const MultiPolygonM& mp) {
    BoxM box;
    for_each_point(mp, [&](const PointM& p) { box.expand(p); });
    return box;
}

bool all_finite(const MultiPolygonM& mp) {
    bool ok = true;
    for_each_point(mp, [&](const PointM& p) {
        ok = ok && std::isfinite(p.x_m) && std::isfinite(p.y_m);
    });
    return ok;
}

std::size_t vertex_count(const MultiPolygonM& mp) {
    std::size_t n = 0;
    for_each_point(mp, [&](const PointM&) { ++n; });
    return n;
}

double area_m2(const MultiPolygonM& mp) { return total_moments(mp, local_origin(mp)).area; }

PointM centroid(const MultiPolygonM& mp) {
    const PointM o = local_origin(mp);
    const RingMoments m = total_moments(mp, o);
    // "Zero area" relative to the extent: rounding noise of a collinear ring must not be
    // divided by.
    const BoxM box = bounds(mp);
    const double extent =
        box.empty() ? 0.0 : std::max(box.max_x_m - box.min_x_m, box.max_y_m - box.min_y_m);
    if (std::isfinite(m.area) && std::abs(m.area) > 1e-12 * extent * extent) {
        return PointM{o.x_m + m.mx / m.area, o.y_m + m.my / m.area};
    }
    return vertex_mean(mp, o);
}

}  // namespace assetmap
