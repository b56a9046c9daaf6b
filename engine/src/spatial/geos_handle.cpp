#include "geos_handle.hpp"

#include <cmath>
#include <utility>
#include <vector>

namespace assetmap::spatial::detail {

// --- GeosContext ----------------------------------------------------------------------------

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
    if (handle_ != nullptr) {
        GEOSContext_setNoticeMessageHandler_r(handle_, &GeosContext::on_notice, &messages_);
        GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_error, &messages_);
    }
}

GeosContext::~GeosContext() {
    if (handle_ != nullptr) GEOS_finish_r(handle_);
}

void GeosContext::clear_messages() noexcept {
    messages_.error.clear();
    messages_.notice.clear();
}

// The handlers are called from inside GEOS (C linkage boundary): never let an exception out.
void GeosContext::on_error(const char* message, void* userdata) {
    try {
        static_cast<Messages*>(userdata)->error = message != nullptr ? message : "";
    } catch (...) {
    }
}

void GeosContext::on_notice(const char* message, void* userdata) {
    try {
        static_cast<Messages*>(userdata)->notice = message != nullptr ? message : "";
    } catch (...) {
    }
}

// --- rings ----------------------------------------------------------------------------------

RingM closed_ring(const RingM& ring) {
    RingM out = ring;
    if (!out.empty() && !(out.front() == out.back())) out.push_back(out.front());
    return out;
}

std::string ring_problem(const RingM& ring) {
    for (const PointM& p : ring) {
        if (!std::isfinite(p.x_m) || !std::isfinite(p.y_m)) return "non-finite coordinate";
    }
    if (ring.empty()) return "";
    std::size_t n = ring.size();
    if (!(ring.front() == ring.back())) ++n;  // closing point to be added
    if (n < 4) return "too few points in ring (" + std::to_string(n) + " after closing, need 4)";
    return "";
}

namespace {

GeomPtr null_geom(const GeosContext& ctx) { return own(ctx, nullptr); }

std::string geos_error(const GeosContext& ctx, const char* what) {
    std::string msg = what;
    if (!ctx.last_error().empty()) msg += ": " + ctx.last_error();
    return msg;
}

/// A LinearRing from `ring` (closed here); null with `*problem` set on failure.
GeomPtr make_ring(const GeosContext& ctx, const RingM& ring, std::string* problem) {
    std::string why = ring_problem(ring);
    if (!why.empty()) {
        *problem = std::move(why);
        return null_geom(ctx);
    }
    const RingM closed = closed_ring(ring);
    GEOSContextHandle_t h = ctx.get();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned int>(closed.size()), 2);
    if (seq == nullptr) {
        *problem = geos_error(ctx, "GEOSCoordSeq_create_r failed");
        return null_geom(ctx);
    }
    for (std::size_t i = 0; i < closed.size(); ++i) {
        if (GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned int>(i), closed[i].x_m,
                                 closed[i].y_m) == 0) {
            GEOSCoordSeq_destroy_r(h, seq);
            *problem = geos_error(ctx, "GEOSCoordSeq_setXY_r failed");
            return null_geom(ctx);
        }
    }
    // Takes ownership of `seq` whether or not it succeeds.
    GeomPtr out = own(ctx, GEOSGeom_createLinearRing_r(h, seq));
    if (!out) *problem = geos_error(ctx, "GEOSGeom_createLinearRing_r failed");
    return out;
}

/// A GEOS Polygon from `poly`; null with `*problem` set on failure.
GeomPtr make_polygon(const GeosContext& ctx, const PolygonM& poly, std::string* problem) {
    GeomPtr shell = make_ring(ctx, poly.outer, problem);
    if (!shell) {
        *problem = "outer ring: " + *problem;
        return null_geom(ctx);
    }
    std::vector<GeomPtr> holes;
    holes.reserve(poly.holes.size());
    for (std::size_t i = 0; i < poly.holes.size(); ++i) {
        GeomPtr hole = make_ring(ctx, poly.holes[i], problem);
        if (!hole) {
            *problem = "hole " + std::to_string(i) + ": " + *problem;
            return null_geom(ctx);
        }
        holes.push_back(std::move(hole));
    }
    std::vector<GEOSGeometry*> raw_holes;
    raw_holes.reserve(holes.size());
    for (GeomPtr& hole : holes) raw_holes.push_back(hole.release());
    // GEOS takes ownership of the shell and the holes (not of the array), success or not.
    GeomPtr out = own(ctx, GEOSGeom_createPolygon_r(ctx.get(), shell.release(),
                                                    raw_holes.empty() ? nullptr : raw_holes.data(),
                                                    static_cast<unsigned int>(raw_holes.size())));
    if (!out) *problem = geos_error(ctx, "GEOSGeom_createPolygon_r failed");
    return out;
}

/// Copies the coordinates of a LinearRing; false with `*problem` set on failure.
bool read_ring(const GeosContext& ctx, const GEOSGeometry* ring, RingM* out, std::string* problem) {
    GEOSContextHandle_t h = ctx.get();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(h, seq, &n) == 0) {
        *problem = geos_error(ctx, "reading ring coordinates failed");
        return false;
    }
    out->clear();
    out->reserve(n);
    for (unsigned int i = 0; i < n; ++i) {
        PointM p;
        if (GEOSCoordSeq_getXY_r(h, seq, i, &p.x_m, &p.y_m) == 0) {
            *problem = geos_error(ctx, "GEOSCoordSeq_getXY_r failed");
            return false;
        }
        out->push_back(p);
    }
    return true;
}

bool read_polygon(const GeosContext& ctx, const GEOSGeometry* g, MultiPolygonM* out,
                  std::string* problem) {
    GEOSContextHandle_t h = ctx.get();
    if (GEOSisEmpty_r(h, g) == 1) return true;
    PolygonM poly;
    const GEOSGeometry* shell = GEOSGetExteriorRing_r(h, g);
    if (shell == nullptr || !read_ring(ctx, shell, &poly.outer, problem)) {
        if (problem->empty()) *problem = geos_error(ctx, "GEOSGetExteriorRing_r failed");
        return false;
    }
    const int n_holes = GEOSGetNumInteriorRings_r(h, g);
    if (n_holes < 0) {
        *problem = geos_error(ctx, "GEOSGetNumInteriorRings_r failed");
        return false;
    }
    poly.holes.resize(static_cast<std::size_t>(n_holes));
    for (int i = 0; i < n_holes; ++i) {
        const GEOSGeometry* hole = GEOSGetInteriorRingN_r(h, g, i);
        if (hole == nullptr ||
            !read_ring(ctx, hole, &poly.holes[static_cast<std::size_t>(i)], problem)) {
            if (problem->empty()) *problem = geos_error(ctx, "GEOSGetInteriorRingN_r failed");
            return false;
        }
    }
    out->push_back(std::move(poly));
    return true;
}

bool read_polygonal(const GeosContext& ctx, const GEOSGeometry* g, MultiPolygonM* out,
                    std::vector<const GEOSGeometry*>* dropped, std::string* problem) {
    GEOSContextHandle_t h = ctx.get();
    const int type = GEOSGeomTypeId_r(h, g);
    switch (type) {
        case GEOS_POLYGON:
            return read_polygon(ctx, g, out, problem);
        case GEOS_MULTIPOLYGON:
        case GEOS_GEOMETRYCOLLECTION: {
            const int n = GEOSGetNumGeometries_r(h, g);
            if (n < 0) {
                *problem = geos_error(ctx, "GEOSGetNumGeometries_r failed");
                return false;
            }
            for (int i = 0; i < n; ++i) {
                const GEOSGeometry* part = GEOSGetGeometryN_r(h, g, i);
                if (part == nullptr) {
                    *problem = geos_error(ctx, "GEOSGetGeometryN_r failed");
                    return false;
                }
                if (!read_polygonal(ctx, part, out, dropped, problem)) return false;
            }
            return true;
        }
        case -1:
            *problem = geos_error(ctx, "GEOSGeomTypeId_r failed");
            return false;
        default:  // points, lines, rings and their multi-forms
            if (GEOSisEmpty_r(h, g) != 1) dropped->push_back(g);
            return true;
    }
}

}  // namespace

// --- conversions ----------------------------------------------------------------------------

GeomPtr to_geos(const GeosContext& ctx, const MultiPolygonM& mp, std::string* problem) {
    std::string local_problem;
    std::string& why = problem != nullptr ? *problem : local_problem;
    if (!ctx) {
        why = "no GEOS context";
        return null_geom(ctx);
    }
    std::vector<GeomPtr> polys;
    polys.reserve(mp.size());
    for (std::size_t i = 0; i < mp.size(); ++i) {
        GeomPtr poly = make_polygon(ctx, mp[i], &why);
        if (!poly) {
            why = "polygon " + std::to_string(i) + " " + why;
            return null_geom(ctx);
        }
        polys.push_back(std::move(poly));
    }
    std::vector<GEOSGeometry*> raw;
    raw.reserve(polys.size());
    for (GeomPtr& poly : polys) raw.push_back(poly.release());
    // GEOS takes ownership of the parts (not of the array), success or not.
    GeomPtr out = own(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON,
                                                       raw.empty() ? nullptr : raw.data(),
                                                       static_cast<unsigned int>(raw.size())));
    if (!out) why = geos_error(ctx, "GEOSGeom_createCollection_r failed");
    return out;
}

MultiPolygonM from_geos(const GeosContext& ctx, const GEOSGeometry* g,
                        std::vector<const GEOSGeometry*>* dropped_parts, std::string* problem) {
    std::vector<const GEOSGeometry*> local_dropped;
    std::string local_problem;
    std::vector<const GEOSGeometry*>& dropped =
        dropped_parts != nullptr ? *dropped_parts : local_dropped;
    std::string& why = problem != nullptr ? *problem : local_problem;
    why.clear();
    MultiPolygonM out;
    if (!ctx || g == nullptr) {
        why = "no GEOS context or geometry";
        return out;
    }
    if (!read_polygonal(ctx, g, &out, &dropped, &why)) out.clear();
    return out;
}

}  // namespace assetmap::spatial::detail
