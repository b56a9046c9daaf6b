#pragma once
/// @file Count points in polygons for any inputs (QGIS's "count points in polygon"), through
/// the same readers, checks and edge rule as ingest.

#include <assetmap/core/problem.hpp>
#include <assetmap/core/study.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace assetmap::atlas {

/// The result: one row per area (sorted by code), with every area present (zero counts too).
struct PointCount {
    std::vector<std::string> codes;
    std::vector<std::string> names;
    std::vector<std::uint64_t> counts;   ///< points inside (boundary rule as in ingest)
    std::vector<double> weights;         ///< Σ weight (1 per point without a weight column)
    std::size_t points_read = 0;         ///< rows or features looked at
    std::size_t points_outside = 0;      ///< valid points inside no area
    ProblemReport problems;              ///< bad rows, bad geometry, duplicate ids …
};

/// Counts the points of `points` (a CSV or OGR point source; `columns.area_code` must be
/// empty so the join is spatial) in the polygons of `areas`, in `metric_crs`. A CSV is
/// streamed (ingest::stream_csv_points) on `threads` threads while the areas load: memory
/// does not grow with the number of points; the counts, sums and problems are those of a
/// row-by-row read, for any thread count.
PointCount count_points(const AreaSource& areas, const PointSource& points,
                        const std::string& metric_crs = "EPSG:27700", unsigned threads = 1);

/// count_points for a CSV of points (`points.format` csv), alone: it reads the areas and
/// the points without the rest of ingest, so a program calling only this (the `count`
/// front, tools/front) links no GDAL when its areas are a simple GeoJSON.
PointCount count_csv_points(const AreaSource& areas, const PointSource& points,
                            const std::string& metric_crs = "EPSG:27700", unsigned threads = 1);

}  // namespace assetmap::atlas
