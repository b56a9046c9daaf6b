#pragma once
/// @file The data extent of a source that declares none: a hull of its records that a few
/// outliers cannot stretch (a Newport bus feed with one stop in London must not claim the
/// country between). GEOS inside; pure computation.
///
/// Rule (README, "Data extent"):
/// 1. Outliers: for each record, s = the distance to its k-th nearest other record
///    (k = min(2, n − 2), at least 1, for n records); a record is an outlier when
///    s > max(outlier_min_m, outlier_factor × median(s)). With fewer than 3 records nothing
///    is an outlier.
/// 2. The concave hull (GEOS ConcaveHull, edge-length ratio `concave_ratio`; 1 = the convex
///    hull) of the records kept.
/// 3. Buffered by the typical spacing of the records kept, median(s), so the extent reaches
///    about one spacing beyond the outermost records; holes are filled.

#include <assetmap/core/geometry.hpp>

#include <cstddef>
#include <vector>

namespace assetmap::spatial {

/// Parameters of records_hull (defaults as documented in the README).
struct HullOptions {
    std::size_t neighbour_k = 2;    ///< outliers are judged by the k-th nearest other record
    double outlier_factor = 10.0;   ///< × the median k-th-neighbour distance
    double outlier_min_m = 2000.0;  ///< an outlier is at least this far from its neighbours
    double concave_ratio = 0.3;     ///< GEOS ConcaveHull ratio: 0 most concave … 1 convex
};

/// The hull of a source's records.
struct RecordsHull {
    RingM ring;                 ///< closed outer ring, metric CRS; empty when no extent
    std::size_t records = 0;    ///< records with a finite location
    std::size_t outliers = 0;   ///< records left out as outliers
    double spacing_m = 0.0;     ///< median k-th-neighbour distance (the buffer), metres
};

/// The hull of `points` (metric CRS; non-finite points are ignored). A single record, or
/// records all at one place, have spacing 0 and no extent (empty ring). Throws
/// assetmap::error if GEOS fails.
RecordsHull records_hull(const std::vector<PointM>& points, const HullOptions& options = {});

}  // namespace assetmap::spatial
