#pragma once
/// @file Reading a GTFS timetable feed (a .zip read in place through GDAL's /vsizip/, or a
/// folder of .txt files) into plain values.

#include <assetmap/core/gtfs_feed.hpp>
#include <assetmap/core/problem.hpp>

#include <string>

namespace assetmap::io {

/// Reads stops.txt, routes.txt, trips.txt, stop_times.txt (all required), calendar.txt and
/// calendar_dates.txt (at least one), frequencies.txt and feed_info.txt (optional).
///
/// Missing files or required columns throw input_error naming the file and the columns it
/// has. Bad rows are reported in `problems` with the file and line (`<path>/<table>.txt`,
/// feature "line N") and not used: a stop without usable coordinates (bad_coordinate), an id
/// that refers to nothing (unmatched_code: a trip's route or service, a stop time's trip or
/// stop, a frequency's trip), a duplicate id (duplicate_id), a time, date, sequence or flag
/// that does not parse, or stop_times whose times go backwards along the trip (bad_value).
/// A trip with any bad stop time is dropped whole, so no half trip is ever routed.
/// Missing intermediate times (non-timepoints) are interpolated by straight-line distance
/// between the stops. `GtfsStop::location` is left NaN (the caller projects the stops).
GtfsFeed read_gtfs(const std::string& path, const std::string& name, ProblemReport& problems);

}  // namespace assetmap::io
