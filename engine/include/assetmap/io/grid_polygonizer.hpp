#pragma once
/// @file Tracing the cells of a grid at or below a level into polygons (GDALPolygonize).

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/grid.hpp>

#include <vector>

namespace assetmap::io {

/// For each level, the union of the cells whose value is ≤ that level, as polygons (with
/// holes) in the grid's metric CRS; cell edges form the outline. Throws io_error on a GDAL
/// failure.
std::vector<MultiPolygonM> polygonize_levels(const GridM& grid, const std::vector<double>& levels);

}  // namespace assetmap::io
