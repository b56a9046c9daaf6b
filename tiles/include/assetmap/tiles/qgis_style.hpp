#pragma once
/// @file QGIS layer styles (QML documents) for the atlas layers: the areas as the same
/// choropleth the raster tiles draw (classes, colours, the hatched grey "No data"), the
/// assets as the same domain symbols, and human field aliases. A GeoPackage stores them in
/// its `layer_styles` table, which QGIS applies when it opens the layer. Plain strings: no
/// QGIS header here.

#include <assetmap/tiles/choropleth.hpp>

#include <string>
#include <vector>

namespace assetmap::tiles {

/// A field's human name in QGIS (its alias).
struct FieldAlias {
    std::string field;
    std::string alias;
};

/// The QML of a polygon layer drawn as `choropleth`: a rule-based renderer with, in order,
/// a "No data" rule (`"f" IS NULL`: the grey #bdbdbd with a dark grey 45° line hatch, as
/// hatch.png in the raster style) and one rule per class with the raster style's filters
/// (class 0 `"f" <= u0`, class i `"f" > u(i−1) AND "f" <= u(i)`, the last open above; bounds
/// with 17 significant digits), its colour and its class_labels() label; dark grey outlines.
/// `aliases` become the layer's field aliases. Deterministic text. Throws config_error for a
/// bad choropleth.
std::string qgis_choropleth_qml(const Choropleth& choropleth,
                                const std::vector<FieldAlias>& aliases);

/// The QML of a point layer of assets: rules on `domain` and `category` with the raster
/// style's symbols (domain_colour(): community orange circle, individual blue square,
/// structural green triangle, white outlines; railway stations and GP surgeries larger with
/// a dark outline; bus stops small and only from 1:25,000; any other domain a grey
/// circle), and `aliases`.
std::string qgis_assets_qml(const std::vector<FieldAlias>& aliases);

}  // namespace assetmap::tiles
