#pragma once
// The tables of the edit store, the same in SQLite and PostgreSQL (README, "Asset editing").
// Column types are the SQL standard's; SQLite maps them to its affinities.

namespace assetmap::serve::detail {

inline constexpr int store_schema_version = 1;

inline constexpr const char* store_schema_sql[] = {
    "CREATE TABLE IF NOT EXISTS store_info ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS asset_edits ("
    " edit_id BIGINT PRIMARY KEY,"
    " action TEXT NOT NULL CHECK (action IN ('add', 'correct', 'retire', 'undo')),"
    " asset_id TEXT NOT NULL,"
    " retired INTEGER NOT NULL CHECK (retired IN (0, 1)),"
    " category TEXT,"
    " name TEXT,"
    " lon DOUBLE PRECISION,"
    " lat DOUBLE PRECISION,"
    " x_m DOUBLE PRECISION,"
    " y_m DOUBLE PRECISION,"
    " capacity DOUBLE PRECISION,"
    " note TEXT,"
    " editor TEXT NOT NULL,"
    " time_utc TEXT NOT NULL,"
    " undoes BIGINT REFERENCES asset_edits (edit_id))",
    "CREATE INDEX IF NOT EXISTS asset_edits_asset_id ON asset_edits (asset_id)",
    "CREATE TABLE IF NOT EXISTS audit ("
    " audit_id BIGINT PRIMARY KEY REFERENCES asset_edits (edit_id),"
    " time_utc TEXT NOT NULL,"
    " token_name TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " asset_id TEXT NOT NULL,"
    " before_json TEXT,"
    " after_json TEXT,"
    " client TEXT NOT NULL,"
    " undoes BIGINT)",
};

inline constexpr const char* edit_columns =
    "edit_id, action, asset_id, retired, category, name, lon, lat, x_m, y_m, capacity, note, "
    "editor, time_utc, undoes";
inline constexpr const char* audit_columns =
    "audit_id, time_utc, token_name, action, asset_id, before_json, after_json, client, undoes";

}  // namespace assetmap::serve::detail
