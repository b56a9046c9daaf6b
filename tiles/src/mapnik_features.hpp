#pragma once
/// @file The study's areas and assets as Mapnik features, the same for the tile renderer
/// (raster_features.cpp) and the map image (map_image.cpp): attributes, ids and geometry.

#include <assetmap/core/geometry.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <mapnik/feature.hpp>
#include <mapnik/geometry.hpp>
#include <mapnik/unicode.hpp>

#include <optional>
#include <string>

namespace assetmap::tiles::detail {

/// Rings closed, polygons with an outer ring of fewer than 3 points left out, holes of
/// fewer than 3 points left out.
mapnik::geometry::multi_polygon<double> to_multi_polygon(const MultiPolygonM& shape);

/// The attributes of an area feature: code, name, class and `indicator` (once).
mapnik::context_ptr area_context(const std::string& indicator);
/// The attributes of an asset feature: category, domain, name.
mapnik::context_ptr asset_context();

/// One area's two features, sharing its id: its shape and its label point (label_point).
struct AreaFeatures {
    mapnik::feature_ptr shape;
    mapnik::feature_ptr label;
    PointM anchor;
};

/// The features of area `a` (attributes of area_context(indicator)); nullopt when it has no
/// polygon to draw.
std::optional<AreaFeatures> area_features(const mapnik::context_ptr& ctx,
                                          mapnik::value_integer id, const RasterArea& a,
                                          const std::string& indicator,
                                          const mapnik::transcoder& tr);

/// The point feature of asset `a` (attributes of asset_context()).
mapnik::feature_ptr asset_feature(const mapnik::context_ptr& ctx, mapnik::value_integer id,
                                  const RasterAsset& a, const mapnik::transcoder& tr);

}  // namespace assetmap::tiles::detail
