#pragma once
/// @file The legend of a rendered indicator as a standalone SVG document.

#include <assetmap/tiles/choropleth.hpp>

#include <string>

namespace assetmap::tiles {

/// An SVG legend: the title, one colour box per class with its range (class_labels), and a
/// grey hatched "No data" box, as drawn by the raster style. Deterministic text; UTF-8.
/// Throws config_error for a bad choropleth.
std::string legend_svg(const Choropleth& choropleth);

}  // namespace assetmap::tiles
