// gpkg_data_columns and layer_styles in a GeoPackage being written (see gpkg_extras.hpp).
#include "gpkg_extras.hpp"

#include "ogr_output.hpp"

#include <assetmap/core/error.hpp>

#include <cpl_error.h>
#include <ogrsf_frmts.h>

#include <map>
#include <set>

namespace assetmap::io::detail {

namespace {

/// A SQL string literal ('it''s').
std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

/// Runs a statement without a result set (DDL, INSERT); throws io_error when GDAL fails.
void exec(GDALDataset& ds, const std::string& sql, const std::string& where) {
    CPLErrorReset();
    if (OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr))
        ds.ReleaseResultSet(result);
    if (CPLGetLastErrorType() == CE_Failure)
        fail(where, "cannot write the GeoPackage's column descriptions",
             "check the free disk space");
}

}  // namespace

void write_data_columns(GDALDataset& ds, const std::vector<ColumnDescription>& columns,
                        const std::string& where) {
    if (columns.empty()) return;
    // GeoPackage 1.3, Annex F.9 (Schema extension): the two tables and their registration.
    exec(ds,
         "CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
         "name TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, "
         "CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), "
         "CONSTRAINT gdc_tn UNIQUE (table_name, name))",
         where);
    exec(ds,
         "CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, "
         "constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, "
         "max NUMERIC, max_is_inclusive BOOLEAN, description TEXT, "
         "CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))",
         where);
    for (const char* table : {"gpkg_data_columns", "gpkg_data_column_constraints"})
        exec(ds,
             std::string("INSERT INTO gpkg_extensions (table_name, column_name, "
                         "extension_name, definition, scope) VALUES ('") +
                 table +
                 "', NULL, 'gpkg_schema', "
                 "'http://www.geopackage.org/spec/#extension_schema', 'read-write')",
             where);
    std::map<std::string, std::set<std::string>> names;  // per table: titles used as names
    for (const auto& c : columns) {
        const bool unique = names[c.layer].insert(c.title).second;
        exec(ds,
             "INSERT INTO gpkg_data_columns (table_name, column_name, name, title, description) "
             "VALUES (" +
                 quote(c.layer) + ", " + quote(c.column) + ", " +
                 (unique ? quote(c.title) : std::string("NULL")) + ", " + quote(c.title) + ", " +
                 quote(c.description) + ")",
             where);
    }
}

void write_layer_styles(GDALDataset& ds, const std::vector<LayerStyle>& styles,
                        const std::string& timestamp_utc, const std::string& where) {
    if (styles.empty()) return;
    CPLStringList options;
    options.SetNameValue("FID", "id");
    CPLErrorReset();
    OGRLayer* l = ds.CreateLayer("layer_styles", nullptr, wkbNone,
                                 const_cast<char**>(options.List()));
    if (!l) fail(where + ":layer_styles", "cannot create the table", "check the free disk space");
    struct Field {
        const char* name;
        OGRFieldType type;
        int width;
    };
    // QGIS's schema (QgsOgrProviderMetadata::saveStyle): the same names, types and widths.
    const Field fields[] = {
        {"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256},
        {"f_table_name", OFTString, 256},    {"f_geometry_column", OFTString, 256},
        {"styleName", OFTString, 30},        {"styleQML", OFTString, 0},
        {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},
        {"description", OFTString, 0},       {"owner", OFTString, 30},
        {"ui", OFTString, 30},               {"update_time", OFTDateTime, 0},
    };
    for (const auto& f : fields) {
        OGRFieldDefn fd(f.name, f.type);
        if (f.width) fd.SetWidth(f.width);
        if (f.type == OFTInteger) fd.SetSubType(OFSTBoolean);
        if (l->CreateField(&fd) != OGRERR_NONE)
            fail(where + ":layer_styles", std::string("cannot create field ") + f.name,
                 "check the free disk space");
    }
    for (const auto& s : styles) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField("f_table_catalog", "");
        f.SetField("f_table_schema", "");
        f.SetField("f_table_name", s.layer.c_str());
        f.SetField("f_geometry_column", "geom");
        f.SetField("styleName", s.name.c_str());
        f.SetField("styleQML", s.qml.c_str());
        f.SetField("styleSLD", "");
        f.SetField("useAsDefault", 1);
        f.SetField("description", s.description.c_str());
        f.SetField("owner", "");
        if (!timestamp_utc.empty()) f.SetField("update_time", timestamp_utc.c_str());
        CPLErrorReset();
        if (l->CreateFeature(&f) != OGRERR_NONE)
            fail(where + ":layer_styles", "cannot write the style of " + s.layer,
                 "check the free disk space");
    }
}

}  // namespace assetmap::io::detail
