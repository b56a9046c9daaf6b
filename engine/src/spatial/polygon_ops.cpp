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

}  // namespace assetmap::spatial
