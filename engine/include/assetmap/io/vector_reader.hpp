#pragma once
/// @file Reading any OGR vector source into plain values in the metric CRS.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/problem.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

class GDALDataset;

namespace assetmap::io {

/// Which geometries a caller accepts; a layer of another type is refused as a whole.
enum class GeometryWant { points, polygons, points_or_polygons };

/// What to read.
struct VectorRequest {
    std::string path;           ///< any OGR source (GeoJSON, GeoPackage, Shapefile, /vsizip/…)
    std::string layer;          ///< layer name; empty = the first layer
    std::string crs_override;   ///< CRS to assume when the source has none (or to override it)
    std::string target_crs;     ///< the study's metric CRS
    std::vector<std::string> fields;  ///< fields to return, in this order; "" = not wanted
    GeometryWant want = GeometryWant::points_or_polygons;
    bool all_attributes = false;      ///< also return every non-null field as name/value
    unsigned threads = 1;  ///< threads checking and transforming geometries (GDAL reads on one)
    /// Read with GDAL even where a simple GeoJSON FeatureCollection would be read with
    /// simdjson (the same values, ~20× sooner) or a plain GeoPackage layer with SQLite (no
    /// drivers to register, no catalogue to read); tests compare them.
    bool gdal_only = false;
    /// Read only features whose box may meet this box of the target CRS: a spatial filter
    /// (the box's edges transformed to the source CRS, widened by 1 %), so every feature
    /// meeting it is returned and a few beyond it may be, in the order of their ids; an empty
    /// box (the default) reads every feature. Features left out are not checked either. Read
    /// with GDAL (its spatial filter), or for a GeoPackage's point layer with SQLite (its
    /// R-tree, and the same points).
    BoxM within;
    /// `path` already open with GDAL (not owned; each open of a GeoPackage reads its
    /// catalogue again): read from it instead of opening it again, with GDAL. Its layer is
    /// left as found (no spatial filter). Null: open `path`.
    GDALDataset* dataset = nullptr;
    /// Check each coordinate against the source CRS's area of use (CrsTransform::RangeCheck).
    /// False only for assetmap's own output, checked when it was written (an atlas): saves
    /// building a second PROJ transformation; VectorData::transform then names PROJ's set
    /// of candidate operations.
    bool check_range = true;
};

/// One feature read: field values (empty when null) and geometry in the metric CRS.
struct VectorFeature {
    std::int64_t fid = 0;
    std::vector<std::string> values;   ///< one per requested field ("" for a null value)
    std::vector<bool> is_null;         ///< one per requested field
    bool is_polygon = false;           ///< polygon (MultiPolygonM) or point
    PointM point;                      ///< the point; for polygons, unset (callers compute)
    MultiPolygonM polygon;             ///< polygon geometry, metric CRS
    /// Every non-null field as (name, value), when `all_attributes` was asked for.
    std::vector<std::pair<std::string, std::string>> attributes;
};

/// The features of one layer.
struct VectorData {
    std::string layer;       ///< the layer actually read
    std::string source_crs;  ///< the CRS used for the source
    std::string transform;   ///< the PROJ operation into the metric CRS
    std::size_t features_read = 0;  ///< every feature looked at, kept or not
    std::vector<VectorFeature> features;
    /// Which reader read it: "GDAL", "simdjson" for a simple GeoJSON FeatureCollection, or
    /// "SQLite" for a plain GeoPackage layer (the same values as GDAL's; tests compare them).
    std::string reader;
};

/// Reads a layer. Features with null/empty geometry, non-finite or out-of-range coordinates
/// or an unexpected geometry type are reported (with file, layer and fid) and not returned.
/// Throws input_error when the source cannot be opened, has no such layer, has a geometry
/// type the caller cannot use, lacks a requested field (the message lists the fields it has),
/// or has no CRS and no override; crs_error when the CRS is unknown to PROJ.
/// GDAL drivers must be registered by the caller (tools do it once).
VectorData read_vector(const VectorRequest& request, ProblemReport& problems);

}  // namespace assetmap::io
