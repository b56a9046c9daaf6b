/// @file The edit store in SQLite (edit_store.hpp): WAL journal, synchronous=FULL (a commit
/// is on disk when it returns), one BEGIN IMMEDIATE transaction per append.

#include <assetmap/serve/edit_store.hpp>

#include "edit_store_schema.hpp"

#include <sqlite3.h>

#include <cmath>
#include <filesystem>

namespace assetmap::serve::detail {

namespace {

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class SqliteStore final : public EditStore {
public:
    SqliteStore(std::string path, const StoreIdentity& identity, bool create)
        : path_(std::move(path)) {
        std::error_code ec;
        const bool exists = std::filesystem::exists(path_, ec);
        if (!exists && !create)
            throw input_error(path_, "no edit store here; start `assetmap serve` with --tokens "
                                     "to create one, or give the right path");
        sqlite3* raw = nullptr;
        const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                          SQLITE_OPEN_FULLMUTEX;
        const int rc = sqlite3_open_v2(path_.c_str(), &raw, flags, nullptr);
        db_.reset(raw);
        if (rc != SQLITE_OK)
            throw io_error(path_ + ": cannot open the edit store (" +
                           (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)) +
                           "); check the folder exists and is writable");
        sqlite3_busy_timeout(db_.get(), 5000);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec("PRAGMA foreign_keys=ON");
        check_or_create(identity);
    }

    StoreContents load() override {
        StoreContents out;
        {
            Stmt s = prepare(std::string("SELECT ") + edit_columns +
                             " FROM asset_edits ORDER BY edit_id");
            while (step(s.get())) {
                edit::AssetEdit e;
                e.id = sqlite3_column_int64(s.get(), 0);
                const auto action = edit::parse_action(text(s.get(), 1));
                if (!action)
                    throw input_error(path_ + ":asset_edits",
                                      "edit " + std::to_string(e.id) + " has an unknown action");
                e.action = *action;
                e.asset_id = text(s.get(), 2);
                if (sqlite3_column_int(s.get(), 3) == 0) {
                    edit::AssetState st;
                    st.category = text(s.get(), 4);
                    st.name = text(s.get(), 5);
                    st.lonlat = {sqlite3_column_double(s.get(), 6),
                                 sqlite3_column_double(s.get(), 7)};
                    st.location = {sqlite3_column_double(s.get(), 8),
                                   sqlite3_column_double(s.get(), 9)};
                    if (sqlite3_column_type(s.get(), 10) != SQLITE_NULL)
                        st.capacity = sqlite3_column_double(s.get(), 10);
                    st.note = text(s.get(), 11);
                    e.after = std::move(st);
                }
                e.editor = text(s.get(), 12);
                e.time_utc = text(s.get(), 13);
                e.undoes = sqlite3_column_int64(s.get(), 14);
                out.edits.push_back(std::move(e));
            }
        }
        Stmt s = prepare(std::string("SELECT ") + audit_columns +
                         " FROM audit ORDER BY audit_id");
        while (step(s.get())) {
            AuditEntry a;
            a.id = sqlite3_column_int64(s.get(), 0);
            a.time_utc = text(s.get(), 1);
            a.token_name = text(s.get(), 2);
            a.action = text(s.get(), 3);
            a.asset_id = text(s.get(), 4);
            a.before_json = text(s.get(), 5);
            a.after_json = text(s.get(), 6);
            a.client = text(s.get(), 7);
            a.undoes = sqlite3_column_int64(s.get(), 8);
            out.audit.push_back(std::move(a));
        }
        return out;
    }

    void append(const std::vector<StoredEdit>& batch) override {
        if (batch.empty()) return;
        exec("BEGIN IMMEDIATE");
        try {
            Stmt last = prepare("SELECT COALESCE(MAX(edit_id), 0) FROM asset_edits");
            step(last.get());
            const std::int64_t have = sqlite3_column_int64(last.get(), 0);
            if (batch.front().edit.id != have + 1)
                throw io_error(path_ + ": the store has edits up to " + std::to_string(have) +
                               ", not " + std::to_string(batch.front().edit.id - 1) +
                               ": another program writes to it; stop it and restart the server");
            Stmt ins = prepare(std::string("INSERT INTO asset_edits (") + edit_columns +
                               ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            Stmt aud = prepare(std::string("INSERT INTO audit (") + audit_columns +
                               ") VALUES (?,?,?,?,?,?,?,?,?)");
            for (const auto& item : batch) {
                const auto& e = item.edit;
                sqlite3_reset(ins.get());
                sqlite3_clear_bindings(ins.get());
                sqlite3_bind_int64(ins.get(), 1, e.id);
                bind_text(ins.get(), 2, edit::to_string(e.action));
                bind_text(ins.get(), 3, e.asset_id);
                sqlite3_bind_int(ins.get(), 4, e.after ? 0 : 1);
                if (e.after) {
                    bind_text(ins.get(), 5, e.after->category);
                    bind_text(ins.get(), 6, e.after->name);
                    sqlite3_bind_double(ins.get(), 7, e.after->lonlat.lon_deg);
                    sqlite3_bind_double(ins.get(), 8, e.after->lonlat.lat_deg);
                    sqlite3_bind_double(ins.get(), 9, e.after->location.x_m);
                    sqlite3_bind_double(ins.get(), 10, e.after->location.y_m);
                    if (e.after->capacity) sqlite3_bind_double(ins.get(), 11, *e.after->capacity);
                    bind_text(ins.get(), 12, e.after->note);
                }
                bind_text(ins.get(), 13, e.editor);
                bind_text(ins.get(), 14, e.time_utc);
                if (e.undoes) sqlite3_bind_int64(ins.get(), 15, e.undoes);
                done(ins.get());

                const auto& a = item.audit;
                sqlite3_reset(aud.get());
                sqlite3_clear_bindings(aud.get());
                sqlite3_bind_int64(aud.get(), 1, a.id);
                bind_text(aud.get(), 2, a.time_utc);
                bind_text(aud.get(), 3, a.token_name);
                bind_text(aud.get(), 4, a.action);
                bind_text(aud.get(), 5, a.asset_id);
                if (!a.before_json.empty()) bind_text(aud.get(), 6, a.before_json);
                if (!a.after_json.empty()) bind_text(aud.get(), 7, a.after_json);
                bind_text(aud.get(), 8, a.client);
                if (a.undoes) sqlite3_bind_int64(aud.get(), 9, a.undoes);
                done(aud.get());
            }
            exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

    std::string describe() const override { return "SQLite " + path_; }

private:
    std::string path_;
    Db db_;

    [[noreturn]] void fail(const std::string& what) const {
        throw io_error(path_ + ": " + what + " (" + sqlite3_errmsg(db_.get()) + ")");
    }

    void exec(const std::string& sql) {
        char* msg = nullptr;
        if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
            std::string m = msg ? msg : "unknown error";
            sqlite3_free(msg);
            throw io_error(path_ + ": the edit store refused '" + sql.substr(0, 40) + "…' (" + m +
                           ")");
        }
    }

    Stmt prepare(const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
            fail("cannot prepare a statement of the edit store");
        return Stmt(s);
    }

    /// True while there are rows.
    bool step(sqlite3_stmt* s) {
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail("cannot read the edit store");
    }

    void done(sqlite3_stmt* s) {
        if (sqlite3_step(s) != SQLITE_DONE) fail("cannot write to the edit store");
    }

    static std::string text(sqlite3_stmt* s, int col) {
        const auto* t = sqlite3_column_text(s, col);
        return t ? std::string(reinterpret_cast<const char*>(t),
                               static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
                 : std::string();
    }

    static void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
        sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }

    std::string info(const std::string& key) {
        Stmt s = prepare("SELECT value FROM store_info WHERE key = ?");
        bind_text(s.get(), 1, key);
        return step(s.get()) ? text(s.get(), 0) : std::string();
    }

    void check_or_create(const StoreIdentity& identity) {
        // A file that is not SQLite, or a database without our tables but with others, is
        // not an edit store.
        Stmt tables = prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
        bool ours = false, others = false;
        while (step(tables.get())) {
            const std::string name = text(tables.get(), 0);
            if (name == "store_info") ours = true;
            else if (name != "asset_edits" && name != "audit") others = true;
        }
        tables.reset();
        if (!ours && others)
            throw input_error(path_, "is a SQLite database but not an assetmap edit store; "
                                     "give another path with --db");
        if (!ours) {
            exec("BEGIN IMMEDIATE");
            try {
                for (const char* sql : store_schema_sql) exec(sql);
                Stmt put = prepare("INSERT INTO store_info (key, value) VALUES (?, ?)");
                for (const auto& [k, v] :
                     {std::pair<std::string, std::string>{"schema_version",
                                                          std::to_string(store_schema_version)},
                      {"study", identity.study},
                      {"metric_crs", identity.metric_crs}}) {
                    sqlite3_reset(put.get());
                    bind_text(put.get(), 1, k);
                    bind_text(put.get(), 2, v);
                    done(put.get());
                }
                exec("COMMIT");
            } catch (...) {
                sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
                throw;
            }
            return;
        }
        const std::string version = info("schema_version");
        if (version != std::to_string(store_schema_version))
            throw input_error(path_, "is an edit store of schema version " + version +
                                         ", not " + std::to_string(store_schema_version) +
                                         "; use the assetmap that made it");
        const std::string study = info("study");
        if (!identity.study.empty() && study != identity.study)
            throw input_error(path_, "holds the edits of study '" + study + "', not '" +
                                         identity.study + "'; give the right store with --db");
        const std::string crs = info("metric_crs");
        if (!identity.metric_crs.empty() && crs != identity.metric_crs)
            throw input_error(path_, "stores points in " + crs + ", the atlas is in " +
                                         identity.metric_crs + "; give the right store with --db");
    }
};

}  // namespace

std::unique_ptr<EditStore> open_sqlite_store(const std::string& path,
                                             const StoreIdentity& identity, bool create) {
    return std::make_unique<SqliteStore>(path, identity, create);
}

}  // namespace assetmap::serve::detail
