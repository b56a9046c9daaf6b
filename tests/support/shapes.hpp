#pragma once
// Small hand-made shapes for tests, in EPSG:27700 metres.
#include <assetmap/core/geometry.hpp>

namespace assetmap::test {

/// Realistic EPSG:27700 offsets (central London), so tests exercise large coordinates.
constexpr double kX0 = 530000.0;
constexpr double kY0 = 180000.0;

/// Closed, counter-clockwise axis-aligned square with its lower-left corner at (x, y).
inline RingM square(double x, double y, double side) {
    return {{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}};
}

/// The same square, clockwise (as holes usually are).
inline RingM square_cw(double x, double y, double side) {
    return {{x, y}, {x, y + side}, {x + side, y + side}, {x + side, y}, {x, y}};
}

}  // namespace assetmap::test
