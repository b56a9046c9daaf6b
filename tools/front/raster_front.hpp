#pragma once
/// @file The raster front's command: `tiles raster` from an atlas GeoPackage, run without
/// loading GDAL (the atlas is read with SQLite, and Mapnik's input plugins, which link GDAL
/// and libpq, are not loaded: the raster style has no datasources of its own).

#include <optional>

namespace assetmap::tools::front {

/// Runs `assetmap tiles raster …` here when it can: the command line parses as `tiles
/// raster` (the same options as the full tool). Returns the exit code when it ran to the
/// end, or nullopt to hand the command to the full tool: anything else, help, a usage error,
/// a --threads over the cap, and any error met on the way (the full tool runs it again from
/// the start and words the error; the tile set and its TileJSON and legend are written only
/// at the end, and an unfinished tile set is removed).
std::optional<int> run_tiles_raster(int argc, char** argv);

}  // namespace assetmap::tools::front
