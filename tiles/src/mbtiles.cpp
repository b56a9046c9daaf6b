// MBTiles 1.3 (github.com/mapbox/mbtiles-spec, 1.3/spec.md): SQLite with `metadata(name,
// value)` and `tiles(zoom_level, tile_column, tile_row, tile_data)`, rows in TMS order.
//
// Writing: tiles go first to a staging database beside the output (any order, any thread
// through the mutex); `finish` creates the final database in one transaction, inserting the
// tiles sorted by (z, x, y), then renames it over the output. The final file is written from
// scratch in one pass, so the same tiles and metadata give the same bytes whatever the order
// of `put` calls. With de-duplication the tiles live in `map` (z, x, row, tile_id) and
// `images` (tile_data, tile_id) behind a `tiles` view, the layout of mbutil that GDAL,
// tippecanoe and TileServer read; tile ids are "1", "2", … in order of first use.
#include <sqlite3.h>

#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/core/temp_path.hpp>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "store_support.hpp"

namespace assetmap::tiles::detail {

namespace fs = std::filesystem;

namespace {

struct DbClose {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbClose>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

[[noreturn]] void fail(const fs::path& path, sqlite3* db, const std::string& doing,
                       const std::string& fix) {
    throw io_error(path.string() + ": " + doing +
                   " failed (SQLite: " + (db ? sqlite3_errmsg(db) : "out of memory") + ")" +
                   (fix.empty() ? "" : "; " + fix));
}

constexpr const char* write_fix = "check free disk space and that the output folder is writable";

Db open_db(const fs::path& path, int flags, const std::string& fix) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) fail(path, db.get(), "opening the database", fix);
    sqlite3_extended_result_codes(db.get(), 1);
    return db;
}

void exec(sqlite3* db, const fs::path& path, const std::string& sql, const std::string& fix) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : sqlite3_errmsg(db);
        sqlite3_free(err);
        throw io_error(path.string() + ": '" + sql.substr(0, 60) + "' failed (SQLite: " + msg +
                       ")" + (fix.empty() ? "" : "; " + fix));
    }
}

Stmt prepare(sqlite3* db, const fs::path& path, const std::string& sql, const std::string& fix) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        fail(path, db, "preparing '" + sql.substr(0, 60) + "'", fix);
    return Stmt(raw);
}

void step_done(sqlite3_stmt* s, sqlite3* db, const fs::path& path) {
    if (sqlite3_step(s) != SQLITE_DONE) fail(path, db, "writing", write_fix);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

std::string_view column_blob(sqlite3_stmt* s, int col) {
    const void* p = sqlite3_column_blob(s, col);
    const int n = sqlite3_column_bytes(s, col);
    return p ? std::string_view(static_cast<const char*>(p), std::size_t(n)) : std::string_view();
}

class MbtilesWriter final : public TileWriter {
  public:
    MbtilesWriter(fs::path path, TileFormat format, const TileStoreOptions& options)
        : path_(std::move(path)), format_(format), options_(options) {
        prepare_file_output(path_);
        staging_path_ = temp_path_beside(path_, ".staging");
        staging_guard_.reset(staging_path_);  // removed if the process is interrupted
        // Create the staging file by hand first: the OS error names the problem better than
        // SQLite's "unable to open database file".
        if (std::FILE* f = std::fopen(staging_path_.c_str(), "wb")) {
            std::fclose(f);
        } else {
            throw io_error(os_error(staging_path_, errno) + "; choose a writable output folder");
        }
        try {
            staging_ =
                open_db(staging_path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, write_fix);
            exec(staging_.get(), staging_path_,
                 "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
                 "CREATE TABLE t (z INTEGER, x INTEGER, y INTEGER, data BLOB);"
                 "CREATE UNIQUE INDEX t_zxy ON t (z, x, y); BEGIN",
                 write_fix);
            insert_ =
                prepare(staging_.get(), staging_path_,
                        "INSERT OR REPLACE INTO t (z, x, y, data) VALUES (?, ?, ?, ?)", write_fix);
        } catch (...) {
            cleanup();
            throw;
        }
    }

    ~MbtilesWriter() override { cleanup(); }

    void put(const TileId& tile, std::string bytes) override {
        check_tile(tile, path_);
        if (bytes.empty()) return;
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_) throw io_error(path_.string() + ": put after finish");
        sqlite3_stmt* s = insert_.get();
        sqlite3_bind_int(s, 1, tile.z);
        sqlite3_bind_int64(s, 2, tile.x);
        sqlite3_bind_int64(s, 3, tile.y);
        sqlite3_bind_blob64(s, 4, bytes.data(), bytes.size(), SQLITE_STATIC);
        step_done(s, staging_.get(), staging_path_);
        extent_.add(tile);
    }

    std::uint64_t tile_count() const override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_) return final_count_;
        Stmt s = prepare(staging_.get(), staging_path_, "SELECT count(*) FROM t", "");
        return sqlite3_step(s.get()) == SQLITE_ROW ? std::uint64_t(sqlite3_column_int64(s.get(), 0))
                                                   : 0;
    }

    const fs::path& path() const override { return path_; }

    void finish(const TilesetMetadata& metadata) override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_) throw io_error(path_.string() + ": finish called twice");
        const TilesetMetadata m = complete_metadata(metadata, extent_, format_, path_);
        const auto pairs = metadata_pairs(m, path_);
        insert_.reset();
        exec(staging_.get(), staging_path_, "COMMIT", write_fix);

        final_tmp_ = temp_path_beside(path_, "");
        final_guard_.reset(final_tmp_);
        {
            Db db = open_db(final_tmp_,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            "choose a writable output folder");
            write_final(db.get(), pairs);
            if (sqlite3_close(db.release()) != SQLITE_OK)
                throw io_error(final_tmp_.string() + ": closing the database failed");
        }
        staging_.reset();
        std::remove(staging_path_.c_str());
        rename_over(final_tmp_, path_);
        final_tmp_.clear();
        finished_ = true;
    }

  private:
    void write_final(sqlite3* db, const std::vector<std::pair<std::string, std::string>>& pairs) {
        const fs::path& p = final_tmp_;
        // 0x4d504258 = "MPBX", the MBTiles application id (spec 1.3).
        exec(db, p,
             "PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
             "PRAGMA locking_mode=EXCLUSIVE; PRAGMA application_id=1297105496; BEGIN;"
             "CREATE TABLE metadata (name TEXT, value TEXT);",
             write_fix);
        if (options_.deduplicate) {
            exec(db, p,
                 "CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
                 " tile_id TEXT);"
                 "CREATE TABLE images (tile_data BLOB, tile_id TEXT);"
                 "CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level,"
                 " map.tile_column AS tile_column, map.tile_row AS tile_row,"
                 " images.tile_data AS tile_data"
                 " FROM map JOIN images ON images.tile_id = map.tile_id;",
                 write_fix);
        } else {
            exec(db, p,
                 "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,"
                 " tile_row INTEGER, tile_data BLOB);",
                 write_fix);
        }
        {
            Stmt ins =
                prepare(db, p, "INSERT INTO metadata (name, value) VALUES (?, ?)", write_fix);
            for (const auto& [k, v] : pairs) {
                sqlite3_bind_text(ins.get(), 1, k.c_str(), int(k.size()), SQLITE_STATIC);
                sqlite3_bind_text(ins.get(), 2, v.c_str(), int(v.size()), SQLITE_STATIC);
                step_done(ins.get(), db, p);
            }
        }
        Stmt read = prepare(staging_.get(), staging_path_,
                            "SELECT z, x, y, data FROM t ORDER BY z, x, y", "");
        if (options_.deduplicate) {
            Stmt ins_map = prepare(db, p,
                                   "INSERT INTO map (zoom_level, tile_column, tile_row, tile_id)"
                                   " VALUES (?, ?, ?, ?)",
                                   write_fix);
            Stmt ins_img =
                prepare(db, p, "INSERT INTO images (tile_data, tile_id) VALUES (?, ?)", write_fix);
            Stmt get_img = prepare(db, p, "SELECT tile_data FROM images WHERE rowid = ?", "");
            // Content hash → image numbers (= rowids) with that hash; bytes compared on a hit.
            std::unordered_map<std::size_t, std::vector<std::int64_t>> by_hash;
            std::int64_t images = 0;
            int rc;
            while ((rc = sqlite3_step(read.get())) == SQLITE_ROW) {
                const TileId t = row_tile(read.get());
                const std::string_view data = column_blob(read.get(), 3);
                auto& candidates = by_hash[std::hash<std::string_view>{}(data)];
                std::int64_t id = 0;
                for (const std::int64_t c : candidates) {
                    sqlite3_bind_int64(get_img.get(), 1, c);
                    const bool same = sqlite3_step(get_img.get()) == SQLITE_ROW &&
                                      column_blob(get_img.get(), 0) == data;
                    sqlite3_reset(get_img.get());
                    if (same) {
                        id = c;
                        break;
                    }
                }
                if (id == 0) {
                    id = ++images;
                    const std::string id_text = std::to_string(id);
                    sqlite3_bind_blob64(ins_img.get(), 1, data.data(), data.size(), SQLITE_STATIC);
                    sqlite3_bind_text(ins_img.get(), 2, id_text.c_str(), -1, SQLITE_TRANSIENT);
                    step_done(ins_img.get(), db, p);
                    candidates.push_back(id);
                }
                const std::string id_text = std::to_string(id);
                sqlite3_bind_int(ins_map.get(), 1, t.z);
                sqlite3_bind_int64(ins_map.get(), 2, t.x);
                sqlite3_bind_int64(ins_map.get(), 3, tms_row(t));
                sqlite3_bind_text(ins_map.get(), 4, id_text.c_str(), -1, SQLITE_TRANSIENT);
                step_done(ins_map.get(), db, p);
                ++final_count_;
            }
            if (rc != SQLITE_DONE) fail(staging_path_, staging_.get(), "reading staged tiles", "");
            exec(db, p,
                 "CREATE UNIQUE INDEX map_index ON map (zoom_level, tile_column, tile_row);"
                 "CREATE UNIQUE INDEX images_id ON images (tile_id);",
                 write_fix);
        } else {
            Stmt ins = prepare(db, p,
                               "INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data)"
                               " VALUES (?, ?, ?, ?)",
                               write_fix);
            int rc;
            while ((rc = sqlite3_step(read.get())) == SQLITE_ROW) {
                const TileId t = row_tile(read.get());
                const std::string_view data = column_blob(read.get(), 3);
                sqlite3_bind_int(ins.get(), 1, t.z);
                sqlite3_bind_int64(ins.get(), 2, t.x);
                sqlite3_bind_int64(ins.get(), 3, tms_row(t));
                sqlite3_bind_blob64(ins.get(), 4, data.data(), data.size(), SQLITE_STATIC);
                step_done(ins.get(), db, p);
                ++final_count_;
            }
            if (rc != SQLITE_DONE) fail(staging_path_, staging_.get(), "reading staged tiles", "");
            exec(db, p,
                 "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);",
                 write_fix);
        }
        exec(db, p, "CREATE UNIQUE INDEX name ON metadata (name); COMMIT", write_fix);
    }

    static TileId row_tile(sqlite3_stmt* s) {
        return {std::uint8_t(sqlite3_column_int(s, 0)), std::uint32_t(sqlite3_column_int64(s, 1)),
                std::uint32_t(sqlite3_column_int64(s, 2))};
    }

    void cleanup() noexcept {
        insert_.reset();
        staging_.reset();
        if (!staging_path_.empty()) std::remove(staging_path_.c_str());
        if (!final_tmp_.empty()) std::remove(final_tmp_.c_str());
    }

    fs::path path_;
    TileFormat format_;
    TileStoreOptions options_;
    fs::path staging_path_, final_tmp_;
    TempPath staging_guard_, final_guard_;
    Db staging_;
    Stmt insert_;
    TileExtent extent_;
    mutable std::mutex mutex_;
    bool finished_ = false;
    std::uint64_t final_count_ = 0;
};

class MbtilesReader final : public TileReader {
  public:
    explicit MbtilesReader(fs::path path) : path_(std::move(path)) {
        std::error_code ec;
        if (!fs::is_regular_file(path_, ec))
            throw io_error(path_.string() + ": " +
                           (fs::exists(path_, ec) ? "not a file" : "no such MBTiles file"));
        const std::string fix = "is it an MBTiles file? re-create it";
        db_ = open_db(path_, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, fix);
        std::map<std::string, std::string> kv;
        {
            Stmt s = prepare(db_.get(), path_, "SELECT name, value FROM metadata", fix);
            int rc;
            while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
                const auto text = [&](int c) {
                    const auto* t = sqlite3_column_text(s.get(), c);
                    return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
                };
                kv[text(0)] = text(1);
            }
            if (rc != SQLITE_DONE) fail(path_, db_.get(), "reading metadata", fix);
        }
        get_ = prepare(db_.get(), path_,
                       "SELECT tile_data FROM tiles"
                       " WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                       fix);
        metadata_ = metadata_from_pairs(kv, path_);
        if (!metadata_.bounds || !metadata_.center) {
            TileExtent extent;
            for (const TileId& t : tile_ids()) extent.add(t);
            metadata_ = complete_metadata(metadata_, extent, metadata_.format, path_);
        }
    }

    std::optional<std::string> get(const TileId& tile) const override {
        if (tile.z > 30 || tile.x >= (1u << tile.z) || tile.y >= (1u << tile.z))
            return std::nullopt;
        std::lock_guard<std::mutex> lock(mutex_);
        sqlite3_stmt* s = get_.get();
        sqlite3_bind_int(s, 1, tile.z);
        sqlite3_bind_int64(s, 2, tile.x);
        sqlite3_bind_int64(s, 3, tms_row(tile));
        const int rc = sqlite3_step(s);
        std::optional<std::string> out;
        if (rc == SQLITE_ROW) out = std::string(column_blob(s, 0));
        sqlite3_reset(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            fail(path_, db_.get(), "reading a tile", "the file may be damaged; re-create it");
        return out;
    }

    TilesetMetadata metadata() const override { return metadata_; }

    std::vector<TileId> tile_ids() const override {
        std::lock_guard<std::mutex> lock(mutex_);
        Stmt s =
            prepare(db_.get(), path_, "SELECT zoom_level, tile_column, tile_row FROM tiles", "");
        std::vector<TileId> out;
        int rc;
        while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
            const int z = sqlite3_column_int(s.get(), 0);
            const auto x = sqlite3_column_int64(s.get(), 1);
            const auto row = sqlite3_column_int64(s.get(), 2);
            if (z < 0 || z > 30 || x < 0 || row < 0 || x >= (1ll << z) || row >= (1ll << z))
                continue;  // not addressable; get() could never return it
            out.push_back({std::uint8_t(z), std::uint32_t(x), std::uint32_t((1ll << z) - 1 - row)});
        }
        if (rc != SQLITE_DONE) fail(path_, db_.get(), "listing tiles", "");
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    fs::path path_;
    Db db_;
    Stmt get_;
    TilesetMetadata metadata_;
    mutable std::mutex mutex_;
};

}  // namespace

std::unique_ptr<TileWriter> open_mbtiles_writer(const fs::path& path, TileFormat format,
                                                const TileStoreOptions& o) {
    return std::make_unique<MbtilesWriter>(path, format, o);
}

std::unique_ptr<TileReader> open_mbtiles_reader(const fs::path& path) {
    return std::make_unique<MbtilesReader>(path);
}

}  // namespace assetmap::tiles::detail
