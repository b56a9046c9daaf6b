#pragma once
/// @file A GeoPackage's tables read with SQLite alone, without GDAL: a layer's attribute
/// columns as GDAL lists them, and the rows of a key/value table. For readers of assetmap's
/// own GeoPackages (an atlas), which open no GDAL dataset at all when read_vector reads the
/// layers with SQLite too (VectorData::reader "SQLite").

#include <map>
#include <string>
#include <vector>

namespace assetmap::io {

/// An attribute column of a GeoPackage table.
struct GeoPackageColumn {
    std::string name;
    /// Declared INTEGER, INT, MEDIUMINT, SMALLINT, TINYINT or BOOLEAN: an integer field for
    /// GDAL (OFTInteger or OFTInteger64).
    bool integer = false;
};

/// The columns of `table` in `path` that GDAL lists as its fields, in table order: every
/// column but the integer primary key (the feature id) and the geometry column. Empty when
/// the file or the table cannot be read.
std::vector<GeoPackageColumn> geopackage_columns(const std::string& path, const std::string& table);

/// The rows of `table` as `key_column` → `value_column` texts (NULL as ""; a key that repeats
/// keeps its last row's value, as a read in row order would). Empty when the file or the
/// table cannot be read.
std::map<std::string, std::string> geopackage_key_values(const std::string& path,
                                                         const std::string& table,
                                                         const std::string& key_column,
                                                         const std::string& value_column);

}  // namespace assetmap::io
