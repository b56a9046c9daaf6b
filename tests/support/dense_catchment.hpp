#pragma once
// The catchment code before sparse grids, kept as the reference the new code is compared
// with: a dense 10 m float grid over the reached network's bounding box, traced by
// GDALPolygonize (tests/integration/test_catchment_reference.cpp).
#include <assetmap/core/geometry.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>

#include <cstdint>
#include <limits>
#include <vector>

namespace assetmap::test {

/// A dense north-up grid (the former GridM).
struct DenseGrid {
    double min_x_m = 0.0, max_y_m = 0.0, cell_m = 1.0;
    std::uint32_t width = 0, height = 0;
    std::vector<float> values;
    static constexpr float none = std::numeric_limits<float>::infinity();
    float& at(std::uint32_t col, std::uint32_t row) { return values[std::size_t(row) * width + col]; }
};

/// The former network::walking_distance_grid.
DenseGrid dense_walking_distance_grid(const network::WalkGraph& graph,
                                      const std::vector<network::Snap>& sources, double limit_m,
                                      double buffer_m, double cell_m);

/// The former io::polygonize_levels (GDALPolygonize, 4-connected).
std::vector<MultiPolygonM> dense_polygonize_levels(const DenseGrid& grid,
                                                   const std::vector<double>& levels);

}  // namespace assetmap::test
