#pragma once
/// @file Writing plain tables with geometry as GIS layers through GDAL: GeoPackage,
/// FlatGeobuf, GeoJSON (RFC 7946), Shapefile, CSV and PostGIS.

#include <assetmap/core/geometry.hpp>
#include <assetmap/io/output_paths.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace assetmap::io {

/// A cell: null, text, real or integer.
using FieldValue = std::variant<std::monostate, std::string, double, std::int64_t>;

enum class FieldType { string, real, integer };

struct FieldDef {
    std::string name;
    FieldType type = FieldType::string;
};

enum class LayerGeometry { none, point, multipolygon };

struct OutputLayer;

/// Receives the rows of a streamed layer (OutputLayer::stream), a chunk at a time: the
/// chunk's `rows`, and its `points` or `polygons` as the layer's geometry needs; its name,
/// geometry kind and fields are the layer's (the chunk's own are ignored). The writer may
/// move from the chunk.
using RowSink = std::function<void(OutputLayer&& chunk)>;

/// Makes a layer's rows while the layer is written: calls the sink with each chunk, in row
/// order, then returns. Called once per export (write_layers call) and must give the same
/// rows each time; exceptions it throws end the export (nothing is moved into place).
using RowStream = std::function<void(const RowSink& sink)>;

/// One layer: field definitions, rows, and one geometry per row (metric CRS) unless none.
/// A point with a non-finite coordinate or an empty multipolygon is written as a null
/// geometry (e.g. a problem without a location); a NaN or infinite real as a null value.
///
/// A layer too large to hold at once (the walking catchments of a nation) has a `stream`
/// instead: its rows, points and polygons stay empty, `stream_rows` says how many rows the
/// stream makes (checked when it ends), and each chunk is written and freed before the next
/// is made. The bytes written are those of the same rows held in the layer.
struct OutputLayer {
    std::string name;
    LayerGeometry geometry = LayerGeometry::none;
    std::vector<FieldDef> fields;
    std::vector<std::vector<FieldValue>> rows;   ///< rows[i].size() == fields.size()
    std::vector<PointM> points;                  ///< per row, when geometry == point
    std::vector<MultiPolygonM> polygons;         ///< per row, when geometry == multipolygon
    RowStream stream;             ///< optional: the rows made while the layer is written
    std::size_t stream_rows = 0;  ///< with `stream`: the number of rows it makes
};

/// The number of rows of a layer: `stream_rows` for a streamed layer, else rows.size().
std::size_t row_count(const OutputLayer& layer);

/// The layer with its stream run into rows, points and polygons (a layer without a stream
/// is returned as it is): for a consumer that needs every row at once. Throws what the
/// stream throws, and input_error when it makes another number of rows than `stream_rows`.
OutputLayer collect_rows(OutputLayer layer);

enum class OutputFormat { gpkg, flatgeobuf, geojson, shapefile, csv, postgis };

/// "gpkg", "fgb", "geojson", "shp", "csv", "postgis".
const char* to_string(OutputFormat f);
/// Parses a --format value (the names above; also "flatgeobuf", "shapefile", "pg").
std::optional<OutputFormat> parse_format(const std::string& name);
/// The format a destination implies: "PG:…" → postgis; by extension .gpkg, .fgb, .geojson /
/// .json, .shp, .csv; a path without extension → nullopt.
std::optional<OutputFormat> format_from_destination(const std::string& destination);

/// What a column means, for the GeoPackage `gpkg_data_columns` extension (GeoPackage 1.3,
/// §2.3.2 / Annex F.9: `name` and `title` = `title`, `description` = `description`).
struct ColumnDescription {
    std::string layer;
    std::string column;
    std::string title;        ///< human title, unique within the layer
    std::string description;  ///< definition and unit
};

/// A default style of a layer for QGIS, stored in the GeoPackage's `layer_styles` table
/// (QGIS's own schema; `useAsDefault` = 1 makes QGIS apply it when the layer is opened).
struct LayerStyle {
    std::string layer;        ///< the styled layer (its geometry column is `geom`)
    std::string name;         ///< style name, e.g. "assetmap"
    std::string qml;          ///< QGIS style document (QML)
    std::string description;  ///< what the style shows
};

struct ExportOptions {
    std::string destination;             ///< file, folder, or "PG:…" connection string
    std::optional<OutputFormat> format;  ///< else from the destination
    std::string source_crs;              ///< CRS of the layer geometries (the metric CRS)
    std::string output_crs;              ///< empty = source_crs; GeoJSON is always EPSG:4326
    std::string timestamp_utc;           ///< fixes GeoPackage timestamps (same bytes per run)
    std::vector<InputFile> inputs;       ///< files the command reads: never written over
    /// GeoPackage only (other formats have no place for them): column titles and
    /// descriptions (`gpkg_data_columns`), and default QGIS styles (`layer_styles`).
    std::vector<ColumnDescription> data_columns;
    std::vector<LayerStyle> layer_styles;
};

/// What was written, for the CLI summary and the README.
struct ExportReport {
    OutputFormat format = OutputFormat::gpkg;
    std::vector<std::string> outputs;  ///< files written, or "PG:… table" names
    /// Shapefile only: per layer, (full field name, 10-character name) for renamed fields.
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>
        shapefile_names;
};

/// Writes `layers`. Multi-layer formats (GeoPackage, PostGIS) hold every layer; for
/// single-layer formats the destination is a base path and each layer goes to
/// `<base>_<layer>.<ext>` (e.g. out_areas.geojson), or into the folder when the
/// destination is an existing folder. Files are written beside and renamed into place.
/// A GeoPackage also gets `options.data_columns` (gpkg_data_columns) and
/// `options.layer_styles` (QGIS's layer_styles) in the same transaction; timestamps in the
/// GeoPackage's YYYY-MM-DDTHH:MM:SS.SSSZ form.
/// Per format: GeoPackage and PostGIS write every layer in one transaction (PostGIS:
/// OVERWRITE=YES, columns fid/geom, GiST index); FlatGeobuf keeps row order (no index) and,
/// as GDAL 3.6 cannot store rows without geometry, writes tables as CSV and refuses null
/// geometries; GeoJSON is RFC 7946 (EPSG:4326 lon/lat, 7 decimals); Shapefile field names
/// are shortened to 10 characters (rule in shapefile_names.cpp), with the mapping written
/// to `<file>.fields.csv` (full_name,short_name) and returned; CSV has a `WKT` column for
/// geometric layers and a .csvt with the column types.
/// A streamed layer (OutputLayer::stream) is written chunk by chunk as its stream makes
/// them, in every format but Shapefile (whose text widths need every row first: its rows
/// are collected); in FlatGeobuf a streamed row without geometry is refused (input_error)
/// rather than sending the layer to CSV.
/// Throws io_error (GDAL message and fix), crs_error, config_error (unknown format),
/// input_error (a row or value that does not fit its layer), and what a stream throws.
ExportReport write_layers(const std::vector<OutputLayer>& layers, const ExportOptions& options);

/// Checks, before any work, that write_layers could write to `options.destination`: the
/// format is known, the folder exists and a file can be created in it (a probe file is
/// made and removed), the destination is not a folder where a file is needed, the output
/// CRS is known, and for PostGIS that the server accepts the connection and has PostGIS.
/// Writes nothing that stays. Throws what write_layers would: config_error, io_error,
/// crs_error.
void check_destination(const ExportOptions& options);

}  // namespace assetmap::io
