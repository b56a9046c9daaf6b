#pragma once
/// @file The atlas's geometric layers reprojected once from the metric CRS to OGC:CRS84
/// (longitude, latitude in degrees), for GeoJSON (OGC API – Features, /api) and for Web
/// Mercator (on-demand raster tiles).

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/core/geometry.hpp>
#include <assetmap/io/crs_transform.hpp>

#include <string>
#include <vector>

namespace assetmap::serve {

/// A polygon in CRS84 degrees: one outer ring and its holes (rings closed).
struct PolygonLonLat {
    std::vector<LonLat> outer;
    std::vector<std::vector<LonLat>> holes;
};
using MultiPolygonLonLat = std::vector<PolygonLonLat>;

/// One layer of the atlas with its geometry in CRS84. Rows are those of `layer`.
struct LayerLonLat {
    const io::OutputLayer* layer = nullptr;  ///< owned by the Atlas
    std::vector<LonLat> points;               ///< per row, point layers
    std::vector<MultiPolygonLonLat> polygons; ///< per row, polygon layers
    std::vector<BoxLonLat> boxes;             ///< per row: extent of the geometry
    std::vector<bool> has_geometry;           ///< per row: false for a null/empty geometry
    BoxLonLat extent;                         ///< of every row with a geometry
    bool any_geometry = false;
};

/// Grows `box` to hold `p`; the first point (`any` false) sets it, and sets `any`.
void expand_box(BoxLonLat& box, bool& any, const LonLat& p);

/// Reprojects a point or polygon layer of `atlas` from atlas.metric_crs() to CRS84 (PROJ,
/// traditional GIS axis order). Coordinates that cannot be transformed leave the row without
/// geometry. Throws crs_error when the transformation cannot be built.
LayerLonLat reproject_layer(const atlas::Atlas& atlas, const io::OutputLayer& layer);

/// The same with a transformation metric CRS → CRS84 the caller holds (`to_lonlat`, from
/// OGC:CRS84 to the metric CRS: its to_source is used). Rows whose geometry equals a row of
/// `previous` (this layer before an edit) reuse its coordinates instead of transforming
/// them again.
LayerLonLat reproject_layer(const io::OutputLayer& layer, const io::CrsTransform& to_lonlat,
                            const LayerLonLat* previous = nullptr);

}  // namespace assetmap::serve
