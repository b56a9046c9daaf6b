// A folder of z/x/y.png or z/x/y.pbf files (XYZ rows, as web maps request them) and a
// metadata.json holding the MBTiles metadata keys as strings (the layout tippecanoe's
// --output-to-directory writes), so a plain static web server can serve the set.
#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/pmtiles.hpp>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <unordered_set>

#include "store_support.hpp"

namespace assetmap::tiles::detail {

namespace fs = std::filesystem;

namespace {

constexpr const char* metadata_file = "metadata.json";

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() <= 10 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string metadata_json_text(const std::vector<std::pair<std::string, std::string>>& kv) {
    std::string j = "{\n";
    for (std::size_t i = 0; i < kv.size(); ++i) {
        j += "  " + json_quote(kv[i].first) + ": " + json_quote(kv[i].second);
        j += i + 1 < kv.size() ? ",\n" : "\n";
    }
    j += "}\n";
    return j;
}

class FolderWriter final : public TileWriter {
  public:
    FolderWriter(fs::path path, TileFormat format, const TileStoreOptions&)
        : path_(std::move(path)), format_(format) {
        std::error_code ec;
        const auto st = fs::status(path_, ec);
        if (fs::exists(st) && !fs::is_directory(st))
            throw io_error(path_.string() +
                           ": exists and is not a folder; remove it or choose another output "
                           "name (or end it in .mbtiles or .pmtiles for a single file)");
        if (fs::is_directory(st)) clear_previous_tileset();
        fs::create_directories(path_, ec);
        if (ec || !fs::is_directory(path_))
            throw io_error(path_.string() + ": cannot create the output folder (" +
                           (ec ? ec.message() : std::string("not a folder")) +
                           "); choose a writable output path");
        // Probe: create and remove a file, so a read-only folder fails now, not mid-run.
        const fs::path probe = temp_path_beside(path_ / ".assetmap-write-test", "");
        std::FILE* f = std::fopen(probe.c_str(), "wb");
        if (!f) throw io_error(os_error(path_, errno) + "; choose a writable output folder");
        std::fclose(f);
        std::remove(probe.c_str());
    }

    void put(const TileId& tile, std::string bytes) override {
        check_tile(tile, path_);
        if (bytes.empty()) return;
        const fs::path dir = path_ / std::to_string(unsigned(tile.z)) / std::to_string(tile.x);
        const fs::path file = dir / (std::to_string(tile.y) + "." + to_string(format_));
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_) throw io_error(path_.string() + ": put after finish");
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) throw io_error(dir.string() + ": cannot create folder (" + ec.message() + ")");
        write_file_atomic(file, bytes);
        ids_.insert(pmtiles::zxy_to_tileid(tile));
        extent_.add(tile);
    }

    std::uint64_t tile_count() const override {
        std::lock_guard<std::mutex> lock(mutex_);
        return ids_.size();
    }

    const fs::path& path() const override { return path_; }

    void finish(const TilesetMetadata& metadata) override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_) throw io_error(path_.string() + ": finish called twice");
        const TilesetMetadata m = complete_metadata(metadata, extent_, format_, path_);
        write_file_atomic(path_ / metadata_file, metadata_json_text(metadata_pairs(m, path_)));
        finished_ = true;
    }

  private:
    /// An existing folder is reused only if it holds a previous tile set (metadata.json):
    /// its zoom folders and metadata.json are removed so no stale tile survives; anything
    /// else in it is left alone. A non-empty folder without metadata.json is refused.
    void clear_previous_tileset() {
        std::error_code ec;
        const bool empty = fs::is_empty(path_, ec);
        if (ec) throw io_error(path_.string() + ": cannot list the folder (" + ec.message() + ")");
        if (empty) return;
        if (!fs::exists(path_ / metadata_file))
            throw io_error(path_.string() +
                           ": the folder is not empty and holds no tile set (no metadata.json); "
                           "choose a new or empty folder");
        for (const auto& entry : fs::directory_iterator(path_, ec)) {
            const std::string name = entry.path().filename().string();
            if (name == metadata_file || (entry.is_directory() && all_digits(name))) {
                fs::remove_all(entry.path(), ec);
                if (ec)
                    throw io_error(entry.path().string() + ": cannot remove the previous tiles (" +
                                   ec.message() + "); choose another output folder");
            }
        }
    }

    fs::path path_;
    TileFormat format_;
    std::unordered_set<std::uint64_t> ids_;
    TileExtent extent_;
    mutable std::mutex mutex_;
    bool finished_ = false;
};

class FolderReader final : public TileReader {
  public:
    explicit FolderReader(fs::path path) : path_(std::move(path)) {
        std::error_code ec;
        if (!fs::is_directory(path_, ec))
            throw io_error(path_.string() + ": " +
                           (fs::exists(path_, ec)
                                ? "not a folder (name a .mbtiles or .pmtiles file, or a tile "
                                  "folder)"
                                : "no such tile folder"));
        const fs::path meta = path_ / metadata_file;
        if (!fs::is_regular_file(meta, ec))
            throw io_error(path_.string() + ": no metadata.json; not a tile folder");
        std::map<std::string, std::string> kv;
        const std::string what = meta.string();
        for (const auto& [key, raw] : parse_json_object(read_file(meta), what))
            kv[key] = raw.size() >= 2 && raw.front() == '"' ? json_string_value(raw, what) : raw;
        metadata_ = metadata_from_pairs(kv, meta);
        if (!metadata_.bounds || !metadata_.center) {
            TileExtent extent;
            for (const TileId& t : tile_ids()) extent.add(t);
            metadata_ = complete_metadata(metadata_, extent, metadata_.format, path_);
        }
    }

    std::optional<std::string> get(const TileId& tile) const override {
        const fs::path file = path_ / std::to_string(unsigned(tile.z)) / std::to_string(tile.x) /
                              (std::to_string(tile.y) + "." + to_string(metadata_.format));
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) return std::nullopt;
        return read_file(file);
    }

    TilesetMetadata metadata() const override { return metadata_; }

    std::vector<TileId> tile_ids() const override {
        std::vector<TileId> out;
        const std::string ext = std::string(".") + to_string(metadata_.format);
        std::error_code ec;
        for (const auto& zdir : fs::directory_iterator(path_, ec)) {
            const std::string zs = zdir.path().filename().string();
            if (!zdir.is_directory() || !all_digits(zs) || std::stoul(zs) > 30) continue;
            const auto z = std::uint8_t(std::stoul(zs));
            for (const auto& xdir : fs::directory_iterator(zdir.path(), ec)) {
                const std::string xs = xdir.path().filename().string();
                if (!xdir.is_directory() || !all_digits(xs) || std::stoull(xs) >= (1ull << z))
                    continue;
                for (const auto& f : fs::directory_iterator(xdir.path(), ec)) {
                    const std::string ys = f.path().stem().string();
                    if (!f.is_regular_file() || f.path().extension() != ext || !all_digits(ys) ||
                        std::stoull(ys) >= (1ull << z))
                        continue;
                    out.push_back(
                        {z, std::uint32_t(std::stoull(xs)), std::uint32_t(std::stoull(ys))});
                }
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    fs::path path_;
    TilesetMetadata metadata_;
};

}  // namespace

std::unique_ptr<TileWriter> open_folder_writer(const fs::path& path, TileFormat format,
                                               const TileStoreOptions& o) {
    return std::make_unique<FolderWriter>(path, format, o);
}

std::unique_ptr<TileReader> open_folder_reader(const fs::path& path) {
    return std::make_unique<FolderReader>(path);
}

}  // namespace assetmap::tiles::detail
