// The edit store (tools/serve/edit_store.hpp) in SQLite and, with ASSETMAP_TEST_PG, in
// PostgreSQL/PostGIS: the same tables, edits and audit rows read back exactly as written
// (doubles to the bit), one transaction per append (a batch that fails half way leaves
// nothing), ids that must continue the store's, the store's identity checked. The SQLite
// file's journal mode and the PostGIS geometry are read back with the databases' own
// clients (sqlite3 C API, libpq), not through the store.
#include <assetmap/core/error.hpp>
#include <assetmap/serve/edit_store.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

using namespace assetmap;
using namespace assetmap::serve;

namespace {

const StoreIdentity tiny_id{"tiny", "EPSG:27700"};

StoredEdit make(std::int64_t id, edit::EditAction action, const std::string& asset,
                std::optional<edit::AssetState> after, std::int64_t undoes = 0) {
    StoredEdit s;
    s.edit.id = id;
    s.edit.action = action;
    s.edit.asset_id = asset;
    s.edit.after = after;
    s.edit.editor = "alice";
    s.edit.time_utc = "2026-12-06T23:0" + std::to_string(id % 10) + ":00Z";
    s.edit.undoes = undoes;
    s.audit.id = id;
    s.audit.time_utc = s.edit.time_utc;
    s.audit.token_name = "alice";
    s.audit.action = edit::to_string(action);
    s.audit.asset_id = asset;
    s.audit.after_json = audit_json(asset, after);
    s.audit.client = "127.0.0.1";
    s.audit.undoes = undoes;
    return s;
}

edit::AssetState chapel() {
    edit::AssetState st;
    st.category = "library";
    st.name = "Chapel library — Llyfrgell";  // UTF-8 survives
    // Values with long binary expansions: they must come back to the bit.
    st.lonlat = {-3.0123456789012345, 51.567890123456789};
    st.location = {331150.123456789, 188050.987654321};
    st.capacity = 2.5;
    st.note = "Tuesdays, 'upstairs'";
    return st;
}

/// Three edits: add, correct (no capacity), retire.
std::vector<StoredEdit> three() {
    auto moved = chapel();
    moved.location.x_m += 10.0;
    moved.capacity.reset();
    moved.note.clear();
    std::vector<StoredEdit> v;
    v.push_back(make(1, edit::EditAction::add, "library:community:1", chapel()));
    v.push_back(make(2, edit::EditAction::correct, "library:community:1", moved));
    v.push_back(make(3, edit::EditAction::retire, "library:community:1", std::nullopt));
    v[1].audit.before_json = v[0].audit.after_json;
    v[2].audit.before_json = v[1].audit.after_json;
    return v;
}

void check_round_trip(const std::function<std::unique_ptr<EditStore>(bool)>& open) {
    const auto batch = three();
    {
        auto store = open(true);
        CHECK(store->load().edits.empty());
        store->append({batch[0]});
        store->append({batch[1], batch[2]});
    }
    auto store = open(false);  // a new connection: what is on disk
    const auto c = store->load();
    REQUIRE(c.edits.size() == 3);
    REQUIRE(c.audit.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& want = batch[i].edit;
        const auto& got = c.edits[i];
        CHECK(got.id == want.id);
        CHECK(got.action == want.action);
        CHECK(got.asset_id == want.asset_id);
        CHECK(got.editor == want.editor);
        CHECK(got.time_utc == want.time_utc);
        REQUIRE(got.after.has_value() == want.after.has_value());
        if (want.after) CHECK(*got.after == *want.after);  // exact doubles, text, capacity
        const auto& a = c.audit[i];
        CHECK(a.id == batch[i].audit.id);
        CHECK(a.token_name == "alice");
        CHECK(a.action == batch[i].audit.action);
        CHECK(a.before_json == batch[i].audit.before_json);
        CHECK(a.after_json == batch[i].audit.after_json);
        CHECK(a.client == "127.0.0.1");
    }
    CHECK(c.audit[0].before_json.empty());
    CHECK(c.audit[2].after_json.empty());
    CHECK_FALSE(c.edits[1].after->capacity.has_value());

    // Ids must continue the store's: 3 is taken, 5 skips 4. Nothing is written.
    CHECK_THROWS_AS(store->append({make(3, edit::EditAction::add, "x:community:3", chapel())}),
                    io_error);
    CHECK_THROWS_AS(store->append({make(5, edit::EditAction::add, "x:community:5", chapel())}),
                    io_error);
    // One transaction: the second row's undo names an edit that does not exist (a foreign
    // key), so the first row of the batch must not stay either.
    CHECK_THROWS(store->append({make(4, edit::EditAction::add, "library:community:4", chapel()),
                                make(5, edit::EditAction::undo, "library:community:1", chapel(),
                                     99)}));
    CHECK(store->load().edits.size() == 3);
    CHECK(store->load().audit.size() == 3);
    // And the store still takes the next id.
    store->append({make(4, edit::EditAction::undo, "library:community:1",
                        batch[1].edit.after, 3)});
    const auto after = open(false)->load();
    REQUIRE(after.edits.size() == 4);
    CHECK(after.edits[3].undoes == 3);
    CHECK(after.audit[3].undoes == 3);
}

std::string sqlite_scalar(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/// The libpq connection string of ASSETMAP_TEST_PG ("PG:dbname=…"), or "".
std::string test_pg() {
    const char* conn = std::getenv("ASSETMAP_TEST_PG");
    if (!conn || std::string(conn).rfind("PG:", 0) != 0) return "";
    return std::string(conn).substr(3);
}

std::string pg_scalar(const std::string& conninfo, const std::string& sql) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    REQUIRE(PQstatus(c) == CONNECTION_OK);
    PGresult* r = PQexec(c, sql.c_str());
    const auto st = PQresultStatus(r);
    std::string out;
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
    PQclear(r);
    PQfinish(c);
    CHECK((st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK));
    return out;
}

void pg_drop_store(const std::string& conninfo) {
    pg_scalar(conninfo, "SET client_min_messages = warning; "
                        "DROP TABLE IF EXISTS audit, asset_edits, store_info");
}

}  // namespace

TEST_CASE("SQLite store: WAL, exact round trip, one transaction per append", "[edit_store]") {
    const auto dir = test::temp_dir("edit_store_sqlite");
    const std::string path = (dir / "edits.sqlite").string();
    check_round_trip([&](bool create) { return open_edit_store(path, tiny_id, create); });
    // Read with SQLite itself: the journal mode is WAL (persistent in the file), the tables
    // are the README's.
    CHECK(sqlite_scalar(path, "PRAGMA journal_mode") == "wal");
    CHECK(sqlite_scalar(path, "SELECT COUNT(*) FROM asset_edits") == "4");
    CHECK(sqlite_scalar(path, "SELECT COUNT(*) FROM audit") == "4");
    CHECK(sqlite_scalar(path, "SELECT name FROM asset_edits WHERE edit_id = 1") ==
          "Chapel library — Llyfrgell");
    CHECK(sqlite_scalar(path, "SELECT value FROM store_info WHERE key = 'study'") == "tiny");
    CHECK(open_edit_store(path, tiny_id, false)->describe() == "SQLite " + path);
}

TEST_CASE("SQLite store: missing, foreign or another study's store is refused by name",
          "[edit_store]") {
    const auto dir = test::temp_dir("edit_store_refuse");
    const std::string path = (dir / "edits.sqlite").string();
    // Missing without create: input_error naming the path; nothing created.
    CHECK_THROWS_WITH(open_edit_store(path, tiny_id, false), Catch::Contains(path));
    CHECK_FALSE(std::filesystem::exists(path));
    open_edit_store(path, tiny_id, true);
    CHECK_THROWS_WITH(open_edit_store(path, {"newport", "EPSG:27700"}, false),
                      Catch::Contains("study 'tiny', not 'newport'"));
    CHECK_THROWS_WITH(open_edit_store(path, {"tiny", "EPSG:3857"}, false),
                      Catch::Contains("EPSG:27700"));
    // A SQLite database of something else is not taken over.
    const std::string other = (dir / "other.sqlite").string();
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(other.c_str(), &db) == SQLITE_OK);
        sqlite3_exec(db, "CREATE TABLE things (x)", nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    CHECK_THROWS_AS(open_edit_store(other, tiny_id, true), input_error);
    CHECK(sqlite_scalar(other, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit'") == "0");
    // A folder that does not exist: io_error, not a crash.
    CHECK_THROWS_AS(open_edit_store((dir / "no" / "such" / "e.sqlite").string(), tiny_id, true),
                    io_error);
}

TEST_CASE("PostgreSQL store: the same round trip, a PostGIS point - needs ASSETMAP_TEST_PG",
          "[edit_store][postgis]") {
    const std::string conninfo = test_pg();
    if (conninfo.empty()) {
        WARN("ASSETMAP_TEST_PG is not set (e.g. PG:dbname=assetmap_edits); "
             "bash tools/start_postgis.sh assetmap_edits sets up a local database");
        return;
    }
    pg_drop_store(conninfo);
    check_round_trip(
        [&](bool create) { return open_edit_store("PG:" + conninfo, tiny_id, create); });
    // Read with PostgreSQL itself: the geometry column PostGIS generates from lon/lat.
    CHECK(pg_scalar(conninfo, "SELECT COUNT(*) FROM asset_edits") == "4");
    CHECK(pg_scalar(conninfo, "SELECT ST_SRID(geom) FROM asset_edits WHERE edit_id = 1") ==
          "4326");
    CHECK(pg_scalar(conninfo, "SELECT ST_X(geom) = lon AND ST_Y(geom) = lat FROM asset_edits "
                              "WHERE edit_id = 1") == "t");
    CHECK(pg_scalar(conninfo, "SELECT geom IS NULL FROM asset_edits WHERE edit_id = 3") == "t");
    CHECK_THROWS_WITH(open_edit_store("PG:" + conninfo, {"newport", "EPSG:27700"}, false),
                      Catch::Contains("study 'tiny', not 'newport'"));
    pg_drop_store(conninfo);
    CHECK_THROWS_AS(open_edit_store("PG:" + conninfo, tiny_id, false), input_error);
    CHECK_THROWS_AS(open_edit_store("PG:dbname=assetmap_no_such_db_x", tiny_id, true), io_error);
}
