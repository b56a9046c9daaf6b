#pragma once
/// @file Population points from a CSV, streamed: parsed, transformed and matched to areas by
/// several threads over byte ranges of the file, handed over in file order without keeping
/// the rows. The checks, their order and their messages are ingest's.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/problem.hpp>
#include <assetmap/core/study.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/ingest/study_areas.hpp>

#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <string_view>

namespace assetmap::ingest {

/// A point that passed every check, handed over in file order.
struct AcceptedPoint {
    std::size_t line = 0;  ///< 1-based line of its row
    std::string_view id;   ///< the id column's text; empty without an id column
    std::size_t area = 0;  ///< index into StudyAreas::areas
    double weight = 1.0;   ///< the weight column, or 1 without one
    PointM location;       ///< metric CRS
};

using AcceptedPointFn = std::function<void(const AcceptedPoint& point)>;

/// How to stream.
struct PointStreamOptions {
    unsigned threads = 1;                 ///< parse/transform/locate threads
    std::size_t block_bytes = 64 << 10;  ///< bytes per block of the file (PointCsvRequest)
    /// false: the caller needs each point's area, not its exact location (e.g. counting).
    /// Lon/lat points matched by location are then located on an interpolated transform
    /// (io::LatticeTransform) wherever the locator can vouch that every location within the
    /// interpolation's error bound lies in the same area (AreaLocator::locate_within), and
    /// transformed exactly by PROJ only where it cannot: the same areas, far fewer PROJ
    /// calls. AcceptedPoint::location is then within a few centimetres of PROJ's, not equal.
    bool exact_locations = true;
};

/// The areas, possibly still loading: the stream waits for them only to match points, so
/// areas load while the first blocks are parsed and transformed.
using StudyAreasFuture = std::shared_future<std::shared_ptr<const StudyAreas>>;

/// Streams the population points of a CSV `source` (columns x, y, and optionally weight, id,
/// area_code), in `metric_crs`, and hands each accepted point to `use` in file order.
/// Per row, in this order: wrong field count, a coordinate that does not parse, outside the
/// CRS's range, not transformable (bad_value / bad_coordinate); a weight that is not a
/// number >= 0 (bad_value); with an area-code column a missing code (missing_field), a code
/// of no area of the source (unmatched_code) or of an area outside the study (counted in
/// `outside_study`); without one, a point in no area (counted in `outside_study`); then,
/// only with an id column, an id seen before (duplicate_id; ids compared by a hash, a match
/// confirmed on the text). Problems are appended to `problems`: the first four kinds of every
/// row first, then the others, each in file order (as ingest always reported them).
/// Returns the source summary (records read and used, outside the study, the transform).
SourceSummary stream_csv_points(const PointSource& source, const std::string& metric_crs,
                                const StudyAreasFuture& areas, ProblemReport& problems,
                                const AcceptedPointFn& use, const PointStreamOptions& options);

}  // namespace assetmap::ingest
