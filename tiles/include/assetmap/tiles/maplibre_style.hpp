#pragma once
/// @file A MapLibre GL style (v8) for the vector tiles: layer `areas` coloured by one
/// indicator with the same classes and palette as the raster choropleth, layer `assets` by
/// domain. styles/maplibre_style.json is this function's output for asset_index on Newport.

#include <assetmap/tiles/choropleth.hpp>

#include <string>

namespace assetmap::tiles {

/// Options of the MapLibre style.
struct MaplibreStyleParams {
    Choropleth choropleth;               ///< the indicator, breaks and colours
    std::string name = "assetmap";       ///< style name
    /// The vector source's TileJSON URL (relative URLs resolve against the page).
    std::string tilejson_url = "tiles.json";
    /// The indicator category's `<c>_partial_data` attribute, or empty: where it is 1 the
    /// value means "no data" and the area is painted the no-data grey.
    std::string partial_field;
};

/// The style JSON (2-space indented, fixed key order: deterministic). The fill colour is
/// `case(typeof(get(f)) == "number", step(get(f), c0, s1, c1, …), null grey)`, where each
/// stop s_i is the smallest double above upper[i−1]: MapLibre's step is lower-inclusive,
/// the classes are upper-inclusive, and a break is itself a data value. With a
/// `partial_field`, `case(get(partial) == 1, null grey, …)` comes first. Assets are circles
/// coloured with domain_colour() from z13 (bus stops from z15), as in the raster style. Throws config_error for a
/// bad choropleth.
std::string maplibre_style_json(const MaplibreStyleParams& params);

}  // namespace assetmap::tiles
