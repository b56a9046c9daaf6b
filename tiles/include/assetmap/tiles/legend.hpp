#pragma once
/// @file The legend of a rendered indicator as a standalone SVG document.

#include <assetmap/tiles/choropleth.hpp>

#include <string>

namespace assetmap::tiles {

/// An SVG legend: the title (the choropleth's human title), one colour box per class with
/// its range (class_labels), a grey hatched "No data" box, and with `asset_key` the asset
/// symbols of the raster style with their first zoom (community, individual, structural,
/// rail stations and GP surgeries, bus stops). Deterministic text; UTF-8. Throws
/// config_error for a bad choropleth.
std::string legend_svg(const Choropleth& choropleth, bool asset_key = true);

}  // namespace assetmap::tiles
