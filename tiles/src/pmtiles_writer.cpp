// The PMTiles v3 writer (encoding in pmtiles_encoding.cpp).
//
// Writing: `put` appends the bytes to a staging file beside the output and remembers
// (tile id → staging offset). `finish` sorts by tile id, copies each distinct content once
// into a second temporary file in tile-id order (identical bytes → the earlier offset; runs
// of identical consecutive tiles → one entry with a run length), then writes header, root
// directory, JSON metadata, leaf directories and the tile data into a third temporary file
// and renames it over the output. Data are in tile-id order, so `clustered` is true.
#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/core/temp_path.hpp>
#include <assetmap/tiles/pmtiles.hpp>
#include <cmath>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "pmtiles_file.hpp"
#include "store_support.hpp"

namespace assetmap::tiles::detail {

namespace fs = std::filesystem;
using namespace pmtiles;

namespace {

std::int32_t e7(double deg) { return static_cast<std::int32_t>(std::lround(deg * 1e7)); }

std::string metadata_json(const TilesetMetadata& m, const fs::path& p) {
    std::string j = "{";
    j += "\"name\":" + json_quote(m.name);
    j += ",\"description\":" + json_quote(m.description);
    j += ",\"attribution\":" + json_quote(m.attribution);
    j += ",\"type\":" + json_quote(m.type);
    j += ",\"version\":" + json_quote(m.version);
    j += ",\"format\":" + json_quote(to_string(m.format));
    if (m.format == TileFormat::pbf) j += ",\"vector_layers\":" + vector_layers_or_empty(m, p);
    j += "}";
    return j;
}

class PmtilesWriter final : public TileWriter {
  public:
    PmtilesWriter(fs::path path, TileFormat format, const TileStoreOptions& options)
        : path_(std::move(path)), format_(format), options_(options) {
        prepare_file_output(path_);
        staging_path_ = temp_path_beside(path_, ".staging");
        guards_[0].reset(staging_path_);  // removed if the process is interrupted
        staging_ =
            File(staging_path_, O_RDWR | O_CREAT | O_TRUNC, "choose a writable output folder");
    }

    ~PmtilesWriter() override { cleanup(); }

    void put(const TileId& tile, std::string bytes) override {
        check_tile(tile, path_);
        if (bytes.empty()) return;
        if (bytes.size() > 0xFFFFFFFFull)
            throw io_error(path_.string() + ": a tile of 4 GiB or more cannot be stored");
        const std::uint64_t id = zxy_to_tileid(tile);
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_) throw io_error(path_.string() + ": put after finish");
        staging_.write(bytes);
        staged_[id] = {staging_size_, std::uint32_t(bytes.size())};
        staging_size_ += bytes.size();
        extent_.add(tile);
    }

    std::uint64_t tile_count() const override {
        std::lock_guard<std::mutex> lock(mutex_);
        return staged_.size();
    }

    const fs::path& path() const override { return path_; }

    void finish(const TilesetMetadata& metadata) override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_) throw io_error(path_.string() + ": finish called twice");
        const TilesetMetadata m = complete_metadata(metadata, extent_, format_, path_);

        std::vector<std::pair<std::uint64_t, Staged>> order(staged_.begin(), staged_.end());
        std::sort(order.begin(), order.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });

        // Pass 1: tile data in tile-id order into a second file, with de-duplication.
        data_path_ = temp_path_beside(path_, ".data");
        guards_[1].reset(data_path_);
        File data(data_path_, O_RDWR | O_CREAT | O_TRUNC, "choose a writable output folder");
        struct Content {
            std::uint64_t out_offset;
            std::uint64_t staging_offset;
            std::uint32_t length;
        };
        std::unordered_map<std::size_t, std::vector<Content>> by_hash;
        std::vector<Entry> entries;
        entries.reserve(order.size());
        std::uint64_t data_length = 0, contents = 0;
        std::string buf, other;
        for (const auto& [id, st] : order) {
            staging_.read_at(st.offset, st.length, buf);
            std::optional<std::uint64_t> offset;
            std::vector<Content>* candidates = nullptr;
            if (options_.deduplicate) {
                candidates = &by_hash[std::hash<std::string_view>{}(buf)];
                for (const Content& c : *candidates) {
                    if (c.length != st.length) continue;
                    staging_.read_at(c.staging_offset, c.length, other);
                    if (other == buf) {
                        offset = c.out_offset;
                        break;
                    }
                }
            }
            if (!offset) {
                offset = data_length;
                data.write(buf);
                data_length += st.length;
                ++contents;
                if (candidates) candidates->push_back({*offset, st.offset, st.length});
            }
            if (!entries.empty()) {
                Entry& last = entries.back();
                if (last.offset == *offset && last.length == st.length &&
                    last.tile_id + last.run_length == id && last.run_length < 0xFFFFFFFFu) {
                    ++last.run_length;
                    continue;
                }
            }
            entries.push_back({id, *offset, st.length, 1});
        }

        // Pass 2: header, root, metadata, leaves, data.
        const Directories dirs = build_directories(entries);
        const std::string meta = gzip_compress(metadata_json(m, path_));
        Header h;
        h.root_offset = header_size;
        h.root_length = dirs.root.size();
        h.metadata_offset = h.root_offset + h.root_length;
        h.metadata_length = meta.size();
        h.leaf_offset = h.metadata_offset + h.metadata_length;
        h.leaf_length = dirs.leaves.size();
        h.data_offset = h.leaf_offset + h.leaf_length;
        h.data_length = data_length;
        h.addressed_tiles = order.size();
        h.tile_entries = entries.size();
        h.tile_contents = contents;
        h.clustered = true;
        h.internal_compression = Compression::gzip;
        h.tile_compression =
            m.format == TileFormat::pbf && m.tile_compression == TileCompression::gzip
                ? Compression::gzip
                : Compression::none;
        h.tile_type = m.format == TileFormat::pbf ? TileType::mvt : TileType::png;
        h.min_zoom = m.min_zoom;
        h.max_zoom = m.max_zoom;
        h.min_lon_e7 = e7(m.bounds->min_lon_deg);
        h.min_lat_e7 = e7(m.bounds->min_lat_deg);
        h.max_lon_e7 = e7(m.bounds->max_lon_deg);
        h.max_lat_e7 = e7(m.bounds->max_lat_deg);
        h.center_zoom = m.center->zoom;
        h.center_lon_e7 = e7(m.center->lon_deg);
        h.center_lat_e7 = e7(m.center->lat_deg);

        out_path_ = temp_path_beside(path_, "");
        guards_[2].reset(out_path_);
        File out(out_path_, O_WRONLY | O_CREAT | O_TRUNC, "choose a writable output folder");
        out.write(serialize_header(h));
        out.write(dirs.root);
        out.write(meta);
        out.write(dirs.leaves);
        constexpr std::size_t chunk = std::size_t(1) << 20;
        for (std::uint64_t at = 0; at < data_length; at += chunk) {
            data.read_at(at, std::size_t(std::min<std::uint64_t>(chunk, data_length - at)), buf);
            out.write(buf);
        }
        out.close();
        data = File();
        staging_ = File();
        rename_over(out_path_, path_);
        out_path_.clear();
        cleanup();
        finished_ = true;
    }

  private:
    struct Staged {
        std::uint64_t offset;
        std::uint32_t length;
    };

    void cleanup() noexcept {
        staging_ = File();
        for (fs::path* p : {&staging_path_, &data_path_, &out_path_}) {
            if (!p->empty()) std::remove(p->c_str());
            p->clear();
        }
    }

    fs::path path_;
    TileFormat format_;
    TileStoreOptions options_;
    fs::path staging_path_, data_path_, out_path_;
    TempPath guards_[3];
    File staging_;
    std::uint64_t staging_size_ = 0;
    std::unordered_map<std::uint64_t, Staged> staged_;
    TileExtent extent_;
    mutable std::mutex mutex_;
    bool finished_ = false;
};

}  // namespace

std::unique_ptr<TileWriter> open_pmtiles_writer(const fs::path& path, TileFormat format,
                                                const TileStoreOptions& o) {
    return std::make_unique<PmtilesWriter>(path, format, o);
}

}  // namespace assetmap::tiles::detail
