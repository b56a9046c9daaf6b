#pragma once
/// @file A SQLite database opened read-only and its prepared statements, closed on scope exit.
/// Private to engine/src/io (the GeoPackage readers that need no GDAL).

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>

namespace assetmap::io::detail {

struct SqliteClose {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct SqliteFinalize {
    void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteClose>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, SqliteFinalize>;

/// `path` opened read-only (null when SQLite cannot open it). SQLite opens lazily: a file
/// that is not a database fails at the first statement.
inline SqliteDb open_read_only(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    SqliteDb out(db);  // closed even when the open failed
    if (rc != SQLITE_OK) out.reset();
    return out;
}

/// `sql` prepared on `db` (null when it does not prepare: no such table, not a database).
inline SqliteStmt prepare_statement(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) !=
        SQLITE_OK) {
        sqlite3_finalize(st);
        return nullptr;
    }
    return SqliteStmt(st);
}

/// `name` as an SQL identifier: in double quotes, quotes doubled.
inline std::string quoted_identifier(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

/// Column `col` of the current row as text (empty for NULL).
inline std::string_view column_text(sqlite3_stmt* st, int col) {
    const auto* p = sqlite3_column_text(st, col);
    const int n = sqlite3_column_bytes(st, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string_view();
}

}  // namespace assetmap::io::detail
