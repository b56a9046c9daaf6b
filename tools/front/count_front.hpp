#pragma once
/// @file The front's own command: `count` of a CSV of points against simple GeoJSON areas,
/// run without loading GDAL or Mapnik.

#include <optional>

namespace assetmap::tools::front {

/// Runs `assetmap count …` here when it can: the command line parses as `count` (the same
/// options as the full tool), the points are a CSV and every file is one the plain readers
/// read (assetmap/io/plain_files.hpp). Returns the exit code when it ran to the end, or
/// nullopt to hand the command to the full tool: anything else, help, a usage error, a
/// --threads over the cap, and any error or needs_gdal met on the way (the full tool runs
/// it again from the start and words the error; count writes nothing before its end).
std::optional<int> run_count(int argc, char** argv);

}  // namespace assetmap::tools::front
