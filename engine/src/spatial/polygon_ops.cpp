/// @file Validity and repair through GEOS; area and centroid in plain C++ (shoelace
/// sums taken relative to a local origin to keep EPSG:27700 products precise).

#include <assetmap/spatial/polygon_ops.hpp>

#include "geos_handle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace assetmap::spatial {

namespace {

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) out += "; ";
        out += part;
    }
    return out;
}

/// Closes the rings of `mp` and drops those GEOS cannot hold (too few points, non-finite
/// coordinates; an unusable outer ring drops its polygon), saying why in `reasons`.
/// Entirely empty polygons and empty holes are dropped silently.
MultiPolygonM usable_part(const MultiPolygonM& mp, std::vector<std::string>* reasons) {
    MultiPolygonM out;
    out.reserve(mp.size());
    for (std::size_t i = 0; i < mp.size(); ++i) {
        const PolygonM& poly = mp[i];
        const std::string where = "polygon " + std::to_string(i);
        bool holes_present = false;
        for (const RingM& hole : poly.holes) holes_present = holes_present || !hole.empty();
        if (poly.outer.empty()) {
            if (holes_present) {
                reasons->push_back(where + ": empty outer ring with holes (polygon dropped)");
            }
            continue;
        }
        std::string why = detail::ring_problem(poly.outer);
        if (!why.empty()) {
            reasons->push_back(where + " outer ring: " + why + " (polygon dropped)");
            continue;
        }
        PolygonM clean;
        clean.outer = detail::closed_ring(poly.outer);
        for (std::size_t j = 0; j < poly.holes.size(); ++j) {
            if (poly.holes[j].empty()) continue;
            why = detail::ring_problem(poly.holes[j]);
            if (!why.empty()) {
                reasons->push_back(where + " hole " + std::to_string(j) + ": " + why +
                                   " (hole dropped)");
                continue;
            }
            clean.holes.push_back(detail::closed_ring(poly.holes[j]));
        }
        out.push_back(std::move(clean));
    }
    return out;
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

/// True when some of the lines or points MakeValid produced (`dropped`) are not covered
/// by the polygonal part kept. The "linework" method also returns the internal edges of
/// overlapping parts as lines; those lie inside the result and lose nothing.
bool loses_parts(const detail::GeosContext& ctx, const MultiPolygonM& kept,
                 const std::vector<const GEOSGeometry*>& dropped) {
    if (dropped.empty()) return false;
    if (kept.empty()) return true;
    const detail::GeomPtr kept_geom = detail::to_geos(ctx, kept, nullptr);
    if (!kept_geom) return true;  // cannot tell: say so
    for (const GEOSGeometry* part : dropped) {
        if (GEOSCovers_r(ctx.get(), kept_geom.get(), part) != 1) return true;
    }
    return false;
}

}  // namespace

RepairResult make_valid(const MultiPolygonM& mp) {
    RepairResult result;
    std::vector<std::string> reasons;
    MultiPolygonM usable = usable_part(mp, &reasons);
    if (usable.empty()) {
        result.was_valid = reasons.empty();
        result.reason = join(reasons);
        return result;
    }

    detail::GeosContext ctx;
    if (!ctx) {
        // Cannot check: hand back what is usable and say so.
        reasons.push_back("GEOS context unavailable; validity not checked");
        result.geometry = std::move(usable);
        result.was_valid = false;
        result.reason = join(reasons);
        return result;
    }

    std::string problem;
    detail::GeomPtr geom = detail::to_geos(ctx, usable, &problem);
    if (!geom) {
        reasons.push_back("conversion to GEOS failed: " + problem + " (geometry dropped)");
        result.was_valid = false;
        result.reason = join(reasons);
        return result;
    }

    const char valid = GEOSisValid_r(ctx.get(), geom.get());
    if (valid == 1) {
        result.geometry = std::move(usable);
        result.was_valid = reasons.empty();
        result.reason = join(reasons);
        return result;
    }

    std::string why;
    if (valid == 0) {
        detail::GeosString text(GEOSisValidReason_r(ctx.get(), geom.get()),
                                detail::GeosStringDeleter{ctx.get()});
        why = text ? std::string(text.get()) : std::string("invalid geometry");
    } else {
        why = "validity check failed";
        if (!ctx.last_error().empty()) why += ": " + ctx.last_error();
    }

    ctx.clear_messages();
    detail::GeomPtr fixed = detail::own(ctx, GEOSMakeValid_r(ctx.get(), geom.get()));
    if (!fixed) {
        why += " (repair failed";
        if (!ctx.last_error().empty()) why += ": " + ctx.last_error();
        why += "; geometry dropped)";
    } else {
        std::vector<const GEOSGeometry*> dropped;
        result.geometry = detail::from_geos(ctx, fixed.get(), &dropped, &problem);
        if (!problem.empty()) {
            result.geometry.clear();
            why += " (reading repaired geometry failed: " + problem + ")";
        } else if (loses_parts(ctx, result.geometry, dropped)) {
            why += " (non-polygonal parts dropped)";
        }
    }
    reasons.push_back(std::move(why));
    result.was_valid = false;
    result.reason = join(reasons);
    return result;
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

}  // namespace assetmap::spatial
