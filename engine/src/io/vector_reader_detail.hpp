#pragma once
/// @file Internal to read_vector: a layer's features as read, in the source CRS, before the
/// common checks and the transform (vector_reader.cpp); read by GDAL, or for a simple GeoJSON
/// FeatureCollection by simdjson (simple_geojson.cpp).

#include <assetmap/core/problem.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/vector_reader.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace assetmap::io::detail {

/// A feature's geometry as read (source CRS) until it is checked and transformed; the first
/// problem met, in the order a vertex-by-vertex read meets it, is kept for the report.
struct RawFeature {
    VectorFeature feature;  ///< fields set; geometry in the source CRS until converted
    bool is_point = false;
    double px = 0.0, py = 0.0;  ///< the point, source CRS
    std::optional<std::pair<ProblemKind, std::string>> problem;
    /// The first finite coordinate found outside the source CRS's range, if any (for the
    /// "these look like metres" error when nothing could be used).
    std::optional<PointM> out_of_range;
};

/// A layer read, before its CRS is settled and its geometries transformed.
struct RawLayer {
    std::string layer;       ///< the layer's name, as GDAL names it
    std::string source_crs;  ///< the CRS the source declares ("EPSG:4326" style or WKT)
    std::size_t features_read = 0;
    std::vector<RawFeature> raws;  ///< in feature order
};

/// Reads a GeoJSON FeatureCollection with simdjson, when it is one that GDAL's GeoJSON
/// driver reads to the same values: a plain .geojson/.json file (at most 64 MiB) whose
/// features have only type, properties, geometry and bbox members; Point, Polygon or
/// MultiPolygon geometries of the kinds `request.want` accepts, with 2 or 3 numbers a
/// position and closed rings of at least 4 positions; the requested fields spelled exactly,
/// with string (not date- or time-like) or null values; a "crs" member naming CRS84, EPSG:4326
/// or another EPSG code, or none; no `layer` other than its own and no `all_attributes`.
/// Anything else, or any doubt, gives nullopt and the caller reads the file with GDAL, which
/// also words the errors. Features get GDAL's fids (0, 1, …) and its layer name (the "name"
/// member, else the file's base name); the numbers are parsed exactly, as GDAL's are.
std::optional<RawLayer> read_simple_geojson(const VectorRequest& request);

/// Reads a layer of a GeoPackage with SQLite, when it is one that GDAL's GPKG driver reads to
/// the same values: a .gpkg file (application id "GPKG") and a `layer` named exactly as its
/// gpkg_contents row; a features table with an integer primary key and 2D POINT, MULTIPOINT,
/// POLYGON or MULTIPOLYGON geometries of the kind `request.want` accepts, in standard
/// GeoPackage blobs; an EPSG system whose code is its srs_id (or `crs_override`); the
/// requested fields spelled exactly, declared INTEGER, INT, REAL, DOUBLE, TEXT or TEXT(n),
/// each value stored as its column declares; with `within`, a POINT layer. Anything else, or
/// any doubt, gives nullopt and the caller reads the layer with GDAL. Features in the order of
/// their ids (GDAL's order), fields as OGRFeature::GetFieldAsString gives them (reals as
/// "%.15g"), rings as stored.
std::optional<RawLayer> read_simple_geopackage(const VectorRequest& request);

/// The box of GDAL's spatial filter for `box` (target CRS): its edges transformed to the
/// source CRS (33 points an edge), widened by 1 % of its size; nullopt when a point cannot be
/// transformed (then there is no filter: every feature is read).
std::optional<BoxM> filter_box(const BoxM& box, const CrsTransform& t);

/// The request's transformation from the source CRS, `request.check_range` as RangeCheck
/// (one per process and pair: CrsTransform::shared).
inline CrsTransform request_transform(const VectorRequest& request, const std::string& source_crs) {
    return CrsTransform::shared(source_crs, request.target_crs,
                                request.check_range ? CrsTransform::RangeCheck::yes
                                                    : CrsTransform::RangeCheck::no);
}

/// Checks and transforms the polygons of the features without a problem (polygon_vertices.cpp),
/// on `threads` threads, `transform(worker)` being that worker's transformation: each
/// distinct vertex is range-checked and transformed once. The first vertex out of range, or
/// the first that PROJ cannot transform, ends its feature with a problem, in the order a
/// vertex-by-vertex read meets them (rings in order, a range check before the transform).
void convert_polygons(std::vector<RawFeature>& raws, unsigned threads,
                      const std::function<const CrsTransform&(unsigned worker)>& transform);

/// Reads the layer with GDAL/OGR (vector_reader_gdal.cpp): its fields, and its geometry in the
/// source CRS; the GDAL error words the input_error for a file or layer it cannot read.
RawLayer read_with_gdal(const VectorRequest& request);

}  // namespace assetmap::io::detail
