#pragma once
/// @file Small RAII layer over the GEOS reentrant C API (internal to the spatial module).
///
/// One `GeosContext` per call site or thread: a GEOS context must never be used by two
/// threads at once. Messages GEOS reports are stored on the context, never printed.

#include <assetmap/core/geometry.hpp>

// Hide the non-reentrant (global context) half of the C API so it cannot be used here.
#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace assetmap::spatial::detail {

/// Owns a GEOS context handle. The notice and error handlers store the last message on
/// the object. Neither copyable nor movable (the handlers hold its address).
class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;
    GeosContext(GeosContext&&) = delete;
    GeosContext& operator=(GeosContext&&) = delete;

    /// The raw handle for `*_r` calls; null if GEOS could not create a context.
    GEOSContextHandle_t get() const noexcept { return handle_; }
    explicit operator bool() const noexcept { return handle_ != nullptr; }

    /// Last error message GEOS reported on this context ("" if none since the last clear).
    const std::string& last_error() const noexcept { return messages_.error; }
    /// Last notice message GEOS reported on this context ("" if none since the last clear).
    const std::string& last_notice() const noexcept { return messages_.notice; }
    void clear_messages() noexcept;

private:
    struct Messages {
        std::string error;
        std::string notice;
    };
    static void on_error(const char* message, void* userdata);
    static void on_notice(const char* message, void* userdata);

    GEOSContextHandle_t handle_ = nullptr;
    Messages messages_;
};

/// Destroys a geometry with the context that created it.
struct GeomDeleter {
    GEOSContextHandle_t context = nullptr;
    void operator()(GEOSGeometry* g) const noexcept {
        if (g != nullptr && context != nullptr) GEOSGeom_destroy_r(context, g);
    }
};

/// Unique owner of a GEOSGeometry*.
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

/// Wraps `g` (may be null) so that it is destroyed with `ctx`.
inline GeomPtr own(const GeosContext& ctx, GEOSGeometry* g) noexcept {
    return GeomPtr(g, GeomDeleter{ctx.get()});
}

/// Owner of a string returned by GEOS (freed with GEOSFree_r).
struct GeosStringDeleter {
    GEOSContextHandle_t context = nullptr;
    void operator()(char* s) const noexcept {
        if (s != nullptr && context != nullptr) GEOSFree_r(context, s);
    }
};
using GeosString = std::unique_ptr<char, GeosStringDeleter>;

/// `ring` with its first point appended when it is not closed (empty stays empty).
RingM closed_ring(const RingM& ring);

/// Why `ring` (closed as by `closed_ring`) cannot be a GEOS LinearRing, or "" if it can:
/// non-finite coordinates, or fewer than 4 points after closing. Empty rings are usable.
std::string ring_problem(const RingM& ring);

/// Builds a GEOS MultiPolygon from `mp`, closing rings that are not closed. Returns null
/// and sets `*problem` (when given) if a ring is unusable (see `ring_problem`) or GEOS
/// fails. Polygons with an empty outer ring and no holes become empty polygons.
GeomPtr to_geos(const GeosContext& ctx, const MultiPolygonM& mp, std::string* problem);

/// Extracts the polygonal parts of a Polygon, MultiPolygon or GeometryCollection (nested
/// collections included); empty polygons are skipped. Non-empty points and lines left out
/// are appended to `*dropped_parts` (when given; borrowed from `g`). On a GEOS failure
/// while reading, returns an empty result and sets `*problem` (when given; "" otherwise).
/// Output rings are closed as GEOS stores them.
MultiPolygonM from_geos(const GeosContext& ctx, const GEOSGeometry* g,
                        std::vector<const GEOSGeometry*>* dropped_parts, std::string* problem);

}  // namespace assetmap::spatial::detail
