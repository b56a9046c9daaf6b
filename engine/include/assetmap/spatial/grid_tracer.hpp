#pragma once
/// @file Tracing the cells of a sparse grid at or below a level into polygons: the outlines
/// of the cells, as GDALPolygonize draws them, without a raster over the bounding box.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/sparse_grid.hpp>

#include <vector>

namespace assetmap::spatial {

/// For each level, the union of the cells whose value is ≤ that level, as polygons with
/// holes in the grid's metric CRS. Cells join across shared sides only (4-connected, as
/// GDALPolygonize's default): cells meeting at a corner are separate polygons. Outlines
/// follow the cell edges, with a vertex only where the outline turns; outer rings are
/// counter-clockwise, holes clockwise, rings closed. Polygons come in a fixed order (by the
/// first cell of each, tile row by tile row): the same grid gives the same output. Memory follows
/// the cells at or below the level, not the grid's bounding box.
std::vector<MultiPolygonM> trace_levels(const SparseGridM& grid, const std::vector<double>& levels);

}  // namespace assetmap::spatial
