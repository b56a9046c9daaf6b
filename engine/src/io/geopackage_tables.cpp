/// @file geopackage_columns and geopackage_key_values (see geopackage_tables.hpp).

#include <assetmap/io/geopackage_tables.hpp>

#include "sqlite_db.hpp"

#include <assetmap/core/ascii.hpp>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace assetmap::io {

namespace {

bool integer_type(std::string_view type) {
    for (const char* t : {"INTEGER", "INT", "MEDIUMINT", "SMALLINT", "TINYINT", "BOOLEAN"})
        if (ascii_iequals(type, t)) return true;
    return false;
}

}  // namespace

std::vector<GeoPackageColumn> geopackage_columns(const std::string& path,
                                                 const std::string& table) {
    std::vector<GeoPackageColumn> out;
    const detail::SqliteDb db = detail::open_read_only(path);
    if (!db) return out;
    std::string geometry;
    if (const auto st = detail::prepare_statement(
            db.get(), "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?")) {
        sqlite3_bind_text(st.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) == SQLITE_ROW) geometry = detail::column_text(st.get(), 0);
    }
    const auto st = detail::prepare_statement(
        db.get(), "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid");
    if (!st) return out;
    sqlite3_bind_text(st.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
        const std::string name(detail::column_text(st.get(), 0));
        const std::string_view type = detail::column_text(st.get(), 1);
        const bool id = sqlite3_column_int(st.get(), 2) == 1 && ascii_iequals(type, "INTEGER");
        if (id || name == geometry) continue;
        out.push_back(GeoPackageColumn{name, integer_type(type)});
    }
    return out;
}

std::map<std::string, std::string> geopackage_key_values(const std::string& path,
                                                         const std::string& table,
                                                         const std::string& key_column,
                                                         const std::string& value_column) {
    std::map<std::string, std::string> out;
    const detail::SqliteDb db = detail::open_read_only(path);
    if (!db) return out;
    const auto st = detail::prepare_statement(
        db.get(), "SELECT " + detail::quoted_identifier(key_column) + ", " +
                      detail::quoted_identifier(value_column) + " FROM " +
                      detail::quoted_identifier(table));
    if (!st) return out;
    while (sqlite3_step(st.get()) == SQLITE_ROW)
        out[std::string(detail::column_text(st.get(), 0))] =
            std::string(detail::column_text(st.get(), 1));
    return out;
}

}  // namespace assetmap::io
