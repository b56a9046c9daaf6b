#pragma once
/// @file A north-up grid of values over the metric CRS (e.g. walking distances for
/// catchments), handed from computation to the polygon tracer in io.

#include <cstdint>
#include <limits>
#include <vector>

namespace assetmap {

/// Cell (col, row) covers x ∈ [min_x_m + col·cell_m, +cell_m), y ∈ (max_y_m − (row+1)·cell_m,
/// max_y_m − row·cell_m]; row 0 is the northern edge. Values are row-major.
struct GridM {
    double min_x_m = 0.0;
    double max_y_m = 0.0;
    double cell_m = 1.0;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<float> values;  ///< width × height; +infinity = no value

    static constexpr float none = std::numeric_limits<float>::infinity();
    float& at(std::uint32_t col, std::uint32_t row) { return values[std::size_t(row) * width + col]; }
    float at(std::uint32_t col, std::uint32_t row) const {
        return values[std::size_t(row) * width + col];
    }
};

}  // namespace assetmap
