#pragma once
/// @file What a GeoPackage holds beside its layers: the `gpkg_data_columns` extension
/// (column titles and descriptions) and QGIS's `layer_styles` table (default styles).
/// Private to engine/src/io (includes GDAL headers).

#include <assetmap/io/layer_writer.hpp>

#include <gdal_priv.h>

#include <string>
#include <vector>

namespace assetmap::io::detail {

/// Creates `gpkg_data_columns` (and the empty `gpkg_data_column_constraints` it refers to),
/// registers the `gpkg_schema` extension for both in `gpkg_extensions`, and inserts one row
/// per column: name and title = the title (name left null when a title repeats within a
/// table: the spec makes (table_name, name) unique), description. In the caller's
/// transaction. Throws io_error naming `where`.
void write_data_columns(GDALDataset& ds, const std::vector<ColumnDescription>& columns,
                        const std::string& where);

/// Creates `layer_styles` as QGIS does (an attributes table: f_table_catalog,
/// f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD,
/// useAsDefault, description, owner, ui, update_time) and inserts each style as the
/// layer's default, with `update_time` = `timestamp_utc` (null when empty). Throws io_error.
void write_layer_styles(GDALDataset& ds, const std::vector<LayerStyle>& styles,
                        const std::string& timestamp_utc, const std::string& where);

}  // namespace assetmap::io::detail
