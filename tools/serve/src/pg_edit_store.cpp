/// @file The edit store in PostgreSQL (edit_store.hpp), through libpq: the same tables as
/// SQLite, plus a PostGIS point `geom` (EPSG:4326) generated from lon/lat when the postgis
/// extension is installed, so the edits open in QGIS as a layer. Each append is one
/// transaction (synchronous_commit on: durable when COMMIT returns) that takes an exclusive
/// lock on asset_edits, so a second writer cannot interleave ids.

#include <assetmap/serve/edit_store.hpp>

#include "edit_store_schema.hpp"

#include <libpq-fe.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace assetmap::serve::detail {

namespace {

struct ConnCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClearer {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;
using Result = std::unique_ptr<PGresult, ResultClearer>;

/// A double as text that reads back to the same bits.
std::string exact(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

class PostgresStore final : public EditStore {
public:
    PostgresStore(const std::string& conninfo, const StoreIdentity& identity, bool create) {
        conn_.reset(PQconnectdb(conninfo.c_str()));
        if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK)
            throw io_error("PG:" + safe(conninfo) + ": cannot connect to PostgreSQL (" +
                           message() + "); check the connection string and that the server runs");
        name_ = PQdb(conn_.get()) ? PQdb(conn_.get()) : "?";
        exec("SET client_min_messages = warning");
        exec("SET synchronous_commit = on");
        check_or_create(identity, create);
    }

    StoreContents load() override {
        StoreContents out;
        Result r = query(std::string("SELECT ") + edit_columns +
                         " FROM asset_edits ORDER BY edit_id");
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            edit::AssetEdit e;
            e.id = std::strtoll(PQgetvalue(r.get(), i, 0), nullptr, 10);
            const auto action = edit::parse_action(PQgetvalue(r.get(), i, 1));
            if (!action)
                throw input_error("PG:" + name_ + ":asset_edits",
                                  "edit " + std::to_string(e.id) + " has an unknown action");
            e.action = *action;
            e.asset_id = PQgetvalue(r.get(), i, 2);
            if (std::atoi(PQgetvalue(r.get(), i, 3)) == 0) {
                edit::AssetState st;
                st.category = PQgetvalue(r.get(), i, 4);
                st.name = PQgetvalue(r.get(), i, 5);
                st.lonlat = {number(r.get(), i, 6), number(r.get(), i, 7)};
                st.location = {number(r.get(), i, 8), number(r.get(), i, 9)};
                if (!PQgetisnull(r.get(), i, 10)) st.capacity = number(r.get(), i, 10);
                st.note = PQgetvalue(r.get(), i, 11);
                e.after = std::move(st);
            }
            e.editor = PQgetvalue(r.get(), i, 12);
            e.time_utc = PQgetvalue(r.get(), i, 13);
            if (!PQgetisnull(r.get(), i, 14))
                e.undoes = std::strtoll(PQgetvalue(r.get(), i, 14), nullptr, 10);
            out.edits.push_back(std::move(e));
        }
        Result a = query(std::string("SELECT ") + audit_columns + " FROM audit ORDER BY audit_id");
        for (int i = 0; i < PQntuples(a.get()); ++i) {
            AuditEntry e;
            e.id = std::strtoll(PQgetvalue(a.get(), i, 0), nullptr, 10);
            e.time_utc = PQgetvalue(a.get(), i, 1);
            e.token_name = PQgetvalue(a.get(), i, 2);
            e.action = PQgetvalue(a.get(), i, 3);
            e.asset_id = PQgetvalue(a.get(), i, 4);
            e.before_json = PQgetvalue(a.get(), i, 5);
            e.after_json = PQgetvalue(a.get(), i, 6);
            e.client = PQgetvalue(a.get(), i, 7);
            if (!PQgetisnull(a.get(), i, 8))
                e.undoes = std::strtoll(PQgetvalue(a.get(), i, 8), nullptr, 10);
            out.audit.push_back(std::move(e));
        }
        return out;
    }

    void append(const std::vector<StoredEdit>& batch) override {
        if (batch.empty()) return;
        reconnect_if_lost();
        exec("BEGIN");
        try {
            exec("LOCK TABLE asset_edits IN SHARE ROW EXCLUSIVE MODE");
            Result last = query("SELECT COALESCE(MAX(edit_id), 0) FROM asset_edits");
            const std::int64_t have = std::strtoll(PQgetvalue(last.get(), 0, 0), nullptr, 10);
            if (batch.front().edit.id != have + 1)
                throw io_error("PG:" + name_ + ": the store has edits up to " +
                               std::to_string(have) + ", not " +
                               std::to_string(batch.front().edit.id - 1) +
                               ": another program writes to it; stop it and restart the server");
            const std::string ins = std::string("INSERT INTO asset_edits (") + edit_columns +
                                    ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)";
            const std::string aud = std::string("INSERT INTO audit (") + audit_columns +
                                    ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)";
            for (const auto& item : batch) {
                const auto& e = item.edit;
                std::vector<std::optional<std::string>> p(15);
                p[0] = std::to_string(e.id);
                p[1] = edit::to_string(e.action);
                p[2] = e.asset_id;
                p[3] = e.after ? "0" : "1";
                if (e.after) {
                    p[4] = e.after->category;
                    p[5] = e.after->name;
                    p[6] = exact(e.after->lonlat.lon_deg);
                    p[7] = exact(e.after->lonlat.lat_deg);
                    p[8] = exact(e.after->location.x_m);
                    p[9] = exact(e.after->location.y_m);
                    if (e.after->capacity) p[10] = exact(*e.after->capacity);
                    p[11] = e.after->note;
                }
                p[12] = e.editor;
                p[13] = e.time_utc;
                if (e.undoes) p[14] = std::to_string(e.undoes);
                command(ins, p);
                const auto& a = item.audit;
                std::vector<std::optional<std::string>> q(9);
                q[0] = std::to_string(a.id);
                q[1] = a.time_utc;
                q[2] = a.token_name;
                q[3] = a.action;
                q[4] = a.asset_id;
                if (!a.before_json.empty()) q[5] = a.before_json;
                if (!a.after_json.empty()) q[6] = a.after_json;
                q[7] = a.client;
                if (a.undoes) q[8] = std::to_string(a.undoes);
                command(aud, q);
            }
            exec("COMMIT");
        } catch (...) {
            PQclear(PQexec(conn_.get(), "ROLLBACK"));
            throw;
        }
    }

    std::string describe() const override { return "PostgreSQL database " + name_; }

private:
    Conn conn_;
    std::string name_;

    /// The connection string without a password.
    static std::string safe(const std::string& conninfo) {
        const auto at = conninfo.find("password");
        return at == std::string::npos ? conninfo : conninfo.substr(0, at) + "password=…";
    }

    std::string message() const {
        std::string m = conn_ ? PQerrorMessage(conn_.get()) : "out of memory";
        while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
        const auto nl = m.find('\n');
        return nl == std::string::npos ? m : m.substr(0, nl);
    }

    void reconnect_if_lost() {
        if (PQstatus(conn_.get()) == CONNECTION_OK) return;
        PQreset(conn_.get());
        if (PQstatus(conn_.get()) != CONNECTION_OK)
            throw io_error("PG:" + name_ + ": the connection to PostgreSQL is lost (" +
                           message() + ")");
        exec("SET client_min_messages = warning");
        exec("SET synchronous_commit = on");
    }

    static double number(PGresult* r, int row, int col) {
        return std::strtod(PQgetvalue(r, row, col), nullptr);
    }

    void exec(const std::string& sql) {
        Result r(PQexec(conn_.get(), sql.c_str()));
        const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
            throw io_error("PG:" + name_ + ": the edit store refused '" + sql.substr(0, 40) +
                           "…' (" + message() + ")");
    }

    Result query(const std::string& sql) {
        Result r(PQexec(conn_.get(), sql.c_str()));
        if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK)
            throw io_error("PG:" + name_ + ": cannot read the edit store (" + message() + ")");
        return r;
    }

    Result query(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
        Result r(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0));
        const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
            throw io_error("PG:" + name_ + ": the edit store refused a statement (" + message() +
                           ")");
        return r;
    }

    void command(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
        query(sql, params);
    }

    std::string info(const std::string& key) {
        Result r = query("SELECT value FROM store_info WHERE key = $1", {key});
        return PQntuples(r.get()) ? PQgetvalue(r.get(), 0, 0) : "";
    }

    void check_or_create(const StoreIdentity& identity, bool create) {
        Result t = query("SELECT to_regclass('store_info') IS NOT NULL, "
                         "to_regclass('asset_edits') IS NOT NULL, "
                         "EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')");
        const bool ours = PQgetvalue(t.get(), 0, 0)[0] == 't';
        const bool clash = PQgetvalue(t.get(), 0, 1)[0] == 't';
        const bool postgis = PQgetvalue(t.get(), 0, 2)[0] == 't';
        if (!ours) {
            if (clash)
                throw input_error("PG:" + name_, "has a table asset_edits that is not an "
                                                 "assetmap edit store's; use another database");
            if (!create)
                throw input_error("PG:" + name_, "holds no edit store; start `assetmap serve` "
                                                 "with --tokens to create one");
            exec("BEGIN");
            try {
                for (const char* sql : store_schema_sql) exec(sql);
                if (postgis)
                    exec("ALTER TABLE asset_edits ADD COLUMN geom geometry(Point, 4326) "
                         "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED");
                for (const auto& [k, v] :
                     {std::pair<std::string, std::string>{"schema_version",
                                                          std::to_string(store_schema_version)},
                      {"study", identity.study},
                      {"metric_crs", identity.metric_crs}})
                    command("INSERT INTO store_info (key, value) VALUES ($1, $2)", {k, v});
                exec("COMMIT");
            } catch (...) {
                PQclear(PQexec(conn_.get(), "ROLLBACK"));
                throw;
            }
            return;
        }
        const std::string version = info("schema_version");
        if (version != std::to_string(store_schema_version))
            throw input_error("PG:" + name_, "is an edit store of schema version " + version +
                                                 ", not " + std::to_string(store_schema_version));
        const std::string study = info("study");
        if (!identity.study.empty() && study != identity.study)
            throw input_error("PG:" + name_, "holds the edits of study '" + study + "', not '" +
                                                 identity.study + "'; give the right --db");
        const std::string crs = info("metric_crs");
        if (!identity.metric_crs.empty() && crs != identity.metric_crs)
            throw input_error("PG:" + name_, "stores points in " + crs + ", the atlas is in " +
                                                 identity.metric_crs);
    }
};

}  // namespace

std::unique_ptr<EditStore> open_postgres_store(const std::string& conninfo,
                                               const StoreIdentity& identity, bool create) {
    return std::make_unique<PostgresStore>(conninfo, identity, create);
}

}  // namespace assetmap::serve::detail
