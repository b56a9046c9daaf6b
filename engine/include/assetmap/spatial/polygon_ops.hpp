#pragma once
/// @file Polygon validity and repair (GEOS reentrant C API inside). Area and centroid are
/// plain arithmetic in core/geometry.hpp.

#include <assetmap/core/geometry.hpp>

#include <string>

namespace assetmap::spatial {

/// Outcome of checking and, where needed, repairing a polygon.
struct RepairResult {
    MultiPolygonM geometry;  ///< the valid polygonal geometry (empty if nothing polygonal remains)
    bool was_valid = true;   ///< the input was already valid
    std::string reason;      ///< GEOS's reason when it was invalid, e.g. "Self-intersection[x y]"
};

/// Checks `mp` with GEOS and repairs it with MakeValid when invalid, keeping only the
/// polygonal part of the result (lines and points that MakeValid may produce are dropped,
/// and the reason says so). Rings need not be closed on input; output rings are closed.
RepairResult make_valid(const MultiPolygonM& mp);

}  // namespace assetmap::spatial
