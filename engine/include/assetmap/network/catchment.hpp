#pragma once
/// @file Catchments: the area within a walking distance of the nearest of some sources, as
/// a sparse grid of walking distances that spatial::trace_levels traces into polygons.

#include <assetmap/core/sparse_grid.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>

#include <vector>

namespace assetmap::network {

/// A grid of `cell_m` cells over the reached network: each cell whose centre lies within
/// `buffer_m` of a network stretch reached within `limit_m` walking metres holds the walking
/// distance (from the nearest source, snap included) at the closest point of that stretch;
/// other cells hold SparseGridM::none. Thresholding it at L ≤ limit_m gives the catchment of
/// L: the reached network buffered by `buffer_m`, on the grid. Only tiles along the reached
/// network exist (memory follows the reached network, not its bounding box); no tile when
/// nothing is reached.
SparseGridM walking_distance_grid(const WalkGraph& graph, const std::vector<Snap>& sources,
                                  double limit_m, double buffer_m, double cell_m);

}  // namespace assetmap::network
