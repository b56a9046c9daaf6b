#pragma once
/// @file Reading GIS layers back into plain tables: the inverse of io::write_layers for a
/// GeoPackage (or any OGR source whose layers are tables of points, polygons or no geometry).

#include <assetmap/io/layer_writer.hpp>

#include <string>
#include <vector>

namespace assetmap::io {

/// The layers of one dataset and the CRS their geometries are in.
struct ReadLayers {
    std::vector<OutputLayer> layers;  ///< in the dataset's layer order
    std::string crs;                  ///< e.g. "EPSG:27700" (of the first geometric layer)
};

/// Reads the layers named in `names` (all layers when empty) of the dataset at `path`.
/// Field types map back as written: OFTString → string, OFTReal → real, OFTInteger(64) →
/// integer; unset/null fields → null. Point layers fill `points`, polygon layers fill
/// `polygons` (a Polygon becomes a one-part MultiPolygon; a null geometry becomes an empty
/// one), in the layer's own CRS (no reprojection). Rows are in feature (fid) order.
/// Throws input_error when the file cannot be opened or a named layer is missing (the
/// message lists the layers there are).
ReadLayers read_layers(const std::string& path, const std::vector<std::string>& names = {});

}  // namespace assetmap::io
