#pragma once
/// @file The data extent of a source that declares none: a hull of its records that a few
/// outliers cannot stretch (a Newport bus feed with stops in Bristol and London must not
/// claim the country between). GEOS inside; pure computation.
///
/// Rule (README, "Data extent"):
/// 1. Spacing: for each record, s = the distance to its k-th nearest other record
///    (k = min(2, n − 2), at least 1, for n records).
/// 2. Outliers: a record is an outlier when s > max(outlier_min_m, outlier_factor × q), q the
///    90th percentile (nearest rank) of the other records' s — far from its neighbours beyond
///    what nearly every record is, so the villages of a Wales-wide list stay while a feed's
///    lone stop in London goes. With fewer than 3 records nothing is an outlier.
/// 3. Shape: the Delaunay triangles of the records kept whose edges are all at most
///    L = max(outlier_min_m, outlier_factor × q90) (q90 over all records): an edge-limited
///    hull (an "alpha shape") that follows clusters and routes and never bridges a gap wider
///    than L; holes filled. Without such a triangle (two records, or records on a line), the
///    Delaunay edges of at most L.
/// 4. Grown by the typical spacing, median(s) of the records kept, so the extent reaches
///    about one spacing beyond the outermost records; holes filled.

#include <assetmap/core/geometry.hpp>

#include <cstddef>
#include <vector>

namespace assetmap::spatial {

/// Parameters of records_hull (defaults as documented in the README).
struct HullOptions {
    std::size_t neighbour_k = 2;    ///< spacing: the k-th nearest other record
    double outlier_factor = 10.0;   ///< × the 90th-percentile spacing: outlier and edge limit
    double outlier_quantile = 0.9;  ///< that percentile (nearest rank), 0–1
    double outlier_min_m = 2000.0;  ///< the limit is at least this, metres
};

/// The hull of a source's records.
struct RecordsHull {
    MultiPolygonM polygon;      ///< metric CRS, no holes; empty when no extent
    std::size_t records = 0;    ///< records with a finite location
    std::size_t outliers = 0;   ///< records left out as outliers
    double spacing_m = 0.0;     ///< median k-th-neighbour distance (the buffer), metres
    double edge_limit_m = 0.0;  ///< L, the longest edge of the shape, metres
};

/// The hull of `points` (metric CRS; non-finite points are ignored). A single record, or
/// records all at one place, have spacing 0 and no extent (empty polygon). Throws
/// assetmap::error if GEOS fails.
RecordsHull records_hull(const std::vector<PointM>& points, const HullOptions& options = {});

}  // namespace assetmap::spatial
