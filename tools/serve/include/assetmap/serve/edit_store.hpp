#pragma once
/// @file The edit store: community edits and their audit trail in a real database — SQLite
/// (`<atlas folder>/edits.sqlite` by default; WAL, synchronous=FULL) or PostgreSQL/PostGIS
/// (`PG:<libpq connection string>`), with the same tables (README, "Asset editing"):
///
/// - `asset_edits`: one row per edit, with the asset's whole state after it (the overlay
///   applies them in `edit_id` order);
/// - `audit`: one row per edit: when (UTC), the token name, the action, the asset id, the
///   asset before and after as JSON, and the client address;
/// - `store_info`: key/value facts (schema version, the study and its metric CRS).
///
/// Every append is one transaction: when append() returns, the edits and their audit rows
/// are on disk (fsync'd); when it throws, nothing was written.

#include <assetmap/core/error.hpp>
#include <assetmap/edit/asset_edit.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace assetmap::serve {

/// One row of the audit table.
struct AuditEntry {
    std::int64_t id = 0;        ///< equals the edit id it records
    std::string time_utc;       ///< "YYYY-MM-DDTHH:MM:SSZ"
    std::string token_name;     ///< the editor (NAME of the token file)
    std::string action;         ///< add, correct, retire, undo
    std::string asset_id;
    std::string before_json;    ///< the asset before, as JSON; "" = it did not exist
    std::string after_json;     ///< the asset after, as JSON; "" = retired
    std::string client;         ///< the client's address
    std::int64_t undoes = 0;    ///< for undo: the audit id reverted
};

/// One edit to append with its audit row (their ids are the edit's).
struct StoredEdit {
    edit::AssetEdit edit;
    AuditEntry audit;
};

/// What a store holds, read at start.
struct StoreContents {
    std::vector<edit::AssetEdit> edits;  ///< in id order
    std::vector<AuditEntry> audit;       ///< in id order
};

/// The store's identity: checked against the atlas served, written on creation.
struct StoreIdentity {
    std::string study;       ///< study name
    std::string metric_crs;  ///< e.g. EPSG:27700
};

/// The edit store (thread-compatible: the caller serialises calls).
class EditStore {
public:
    virtual ~EditStore() = default;
    /// Every edit and audit row, in id order.
    virtual StoreContents load() = 0;
    /// Appends edits with their audit rows in ONE transaction. Ids must continue the store's
    /// (the last id + 1, …): a conflict means another writer; it throws io_error and writes
    /// nothing. Durable when it returns.
    virtual void append(const std::vector<StoredEdit>& batch) = 0;
    /// "SQLite <path>" or "PostgreSQL <dbname>" (no password), for the console.
    virtual std::string describe() const = 0;
};

/// Opens (creating when `create` and missing) the store at `where`: a file path (SQLite) or
/// `PG:<conninfo>` (PostgreSQL; PostGIS adds a point geometry column `geom` when the
/// extension is there). Creates the tables when absent. Throws io_error when it cannot be
/// opened or created, input_error when it is not an edit store or belongs to another study
/// (names what differs).
std::unique_ptr<EditStore> open_edit_store(const std::string& where,
                                           const StoreIdentity& identity, bool create);

/// True for a `PG:` connection string.
bool is_postgres_location(const std::string& where);

/// The asset state as audit JSON: {"asset_id","category","name","lon","lat","capacity",
/// "note"}; "" for none.
std::string audit_json(const std::string& asset_id, const std::optional<edit::AssetState>& state);

namespace detail {
std::unique_ptr<EditStore> open_sqlite_store(const std::string& path,
                                             const StoreIdentity& identity, bool create);
std::unique_ptr<EditStore> open_postgres_store(const std::string& conninfo,
                                               const StoreIdentity& identity, bool create);
}  // namespace detail

}  // namespace assetmap::serve
