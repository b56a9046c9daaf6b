#pragma once
/// @file The default QGIS styles of an atlas GeoPackage (its `layer_styles` table): areas as
/// the raster tiles' asset-index choropleth, assets as their domain symbols, every field
/// with its human title as alias.

#include <assetmap/atlas/column_info.hpp>
#include <assetmap/io/layer_writer.hpp>

#include <vector>

namespace assetmap::tools {

/// The styles of the `areas` and `assets` layers among `layers` (an atlas::StyleMaker):
/// the areas coloured by `asset_index` with the classes `assetmap tiles raster` computes
/// (quantiles, 5 classes, YlGnBu), the hatched grey for no data; aliases from
/// atlas::describe_column.
std::vector<io::LayerStyle> atlas_qgis_styles(const std::vector<io::OutputLayer>& layers,
                                              const atlas::ColumnContext& columns);

}  // namespace assetmap::tools
