// The PMTiles v3 reader (encoding in pmtiles_encoding.cpp): the header and root directory
// are read on opening, leaf directories on first use (then cached), tiles on request.
#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/pmtiles.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "pmtiles_file.hpp"
#include "store_support.hpp"

namespace assetmap::tiles::detail {

namespace fs = std::filesystem;
using namespace pmtiles;

namespace {

/// The entry holding `id` in a sorted directory (a tile run or a leaf pointer), or null.
/// As find_tile in the reference implementations.
const Entry* find_entry(const std::vector<Entry>& entries, std::uint64_t id) {
    std::int64_t lo = 0, hi = std::int64_t(entries.size()) - 1;
    while (lo <= hi) {
        const std::int64_t mid = (lo + hi) / 2;
        const std::uint64_t t = entries[std::size_t(mid)].tile_id;
        if (id > t)
            lo = mid + 1;
        else if (id < t)
            hi = mid - 1;
        else
            return &entries[std::size_t(mid)];
    }
    // hi is the last entry with tile_id < id
    if (hi >= 0) {
        const Entry& e = entries[std::size_t(hi)];
        if (e.run_length == 0) return &e;
        if (id - e.tile_id < e.run_length) return &e;
    }
    return nullptr;
}

class PmtilesReader final : public TileReader {
  public:
    explicit PmtilesReader(fs::path path) : path_(std::move(path)) {
        std::error_code ec;
        if (!fs::is_regular_file(path_, ec))
            throw io_error(path_.string() + ": " +
                           (fs::exists(path_, ec) ? "not a file" : "no such PMTiles file"));
        file_ = File(path_, O_RDONLY, "");
        size_ = file_.size();
        try {
            std::string buf;
            if (size_ < header_size)
                throw io_error("file shorter than the 127-byte PMTiles header");
            file_.read_at(0, header_size, buf);
            h_ = deserialize_header(buf);
            check_section(h_.root_offset, h_.root_length, "root directory");
            check_section(h_.metadata_offset, h_.metadata_length, "metadata");
            check_section(h_.leaf_offset, h_.leaf_length, "leaf directories");
            check_section(h_.data_offset, h_.data_length, "tile data");
            if (h_.internal_compression != Compression::gzip &&
                h_.internal_compression != Compression::none)
                throw io_error("internal compression " +
                               std::to_string(int(h_.internal_compression)) +
                               " is not supported (gzip or none)");
            root_ = std::make_shared<std::vector<Entry>>(
                read_directory(h_.root_offset, h_.root_length));
            metadata_ = read_metadata();
        } catch (const io_error& e) {
            std::string what = e.what();
            if (what.rfind("PMTiles: ", 0) == 0) what = what.substr(9);
            throw io_error(path_.string() + ": not a valid PMTiles v3 file (" + what +
                           "); re-create it");
        }
    }

    std::optional<std::string> get(const TileId& tile) const override {
        if (tile.z > 31 || tile.x >= (std::uint64_t(1) << tile.z) ||
            tile.y >= (std::uint64_t(1) << tile.z))
            return std::nullopt;
        const std::uint64_t id = zxy_to_tileid(tile);
        std::shared_ptr<const std::vector<Entry>> dir = root_;
        for (int depth = 0; depth < 4; ++depth) {
            const Entry* e = find_entry(*dir, id);
            if (!e) return std::nullopt;
            if (e->run_length > 0) {
                if (e->offset + e->length > h_.data_length)
                    throw io_error(path_.string() + ": tile entry beyond the tile data section");
                std::string out;
                file_.read_at(h_.data_offset + e->offset, e->length, out);
                return out;
            }
            dir = leaf(e->offset, e->length);
        }
        throw io_error(path_.string() + ": leaf directories nested deeper than 3 levels");
    }

    TilesetMetadata metadata() const override { return metadata_; }

    std::vector<TileId> tile_ids() const override {
        std::vector<TileId> out;
        collect(*root_, 0, out);
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    void check_section(std::uint64_t offset, std::uint64_t length, const char* what) const {
        if (offset > size_ || length > size_ - offset)
            throw io_error(std::string(what) + " lies beyond the end of the file");
    }

    std::vector<Entry> read_directory(std::uint64_t offset, std::uint64_t length) const {
        std::string buf;
        file_.read_at(offset, std::size_t(length), buf);
        if (h_.internal_compression == Compression::gzip)
            buf = gzip_decompress(buf, path_.string() + ": directory", std::size_t(1) << 28);
        return deserialize_directory(buf);
    }

    std::shared_ptr<const std::vector<Entry>> leaf(std::uint64_t offset,
                                                   std::uint32_t length) const {
        if (offset + length > h_.leaf_length)
            throw io_error(path_.string() + ": leaf directory beyond its section");
        std::lock_guard<std::mutex> lock(mutex_);
        auto& slot = leaves_[offset];
        if (!slot)
            slot = std::make_shared<std::vector<Entry>>(
                read_directory(h_.leaf_offset + offset, length));
        return slot;
    }

    void collect(const std::vector<Entry>& dir, int depth, std::vector<TileId>& out) const {
        if (depth > 3) throw io_error(path_.string() + ": leaf directories nested too deep");
        for (const Entry& e : dir) {
            if (e.run_length == 0) {
                collect(*leaf(e.offset, e.length), depth + 1, out);
                continue;
            }
            // A damaged run length must not make us list billions of tiles.
            const std::uint64_t limit = h_.addressed_tiles ? h_.addressed_tiles : 1ull << 30;
            if (out.size() + e.run_length > limit)
                throw io_error(path_.string() + ": directories address more tiles than the " +
                               "header's " + std::to_string(limit));
            for (std::uint64_t k = 0; k < e.run_length; ++k)
                out.push_back(tileid_to_zxy(e.tile_id + k));
        }
    }

    TilesetMetadata read_metadata() const {
        TilesetMetadata m;
        if (h_.tile_type == TileType::mvt)
            m.format = TileFormat::pbf;
        else if (h_.tile_type == TileType::png)
            m.format = TileFormat::png;
        else
            throw io_error("tile type " + std::to_string(int(h_.tile_type)) +
                           " is not supported (png or mvt)");
        if (h_.tile_compression == Compression::gzip)
            m.tile_compression = TileCompression::gzip;
        else if (h_.tile_compression == Compression::none ||
                 h_.tile_compression == Compression::unknown)
            m.tile_compression = TileCompression::none;
        else
            throw io_error("tile compression " + std::to_string(int(h_.tile_compression)) +
                           " is not supported (gzip or none)");
        m.min_zoom = h_.min_zoom;
        m.max_zoom = h_.max_zoom;
        m.bounds = BoxLonLat{h_.min_lon_e7 / 1e7, h_.min_lat_e7 / 1e7, h_.max_lon_e7 / 1e7,
                             h_.max_lat_e7 / 1e7};
        m.center = TileCenter{h_.center_lon_e7 / 1e7, h_.center_lat_e7 / 1e7, h_.center_zoom};
        if (h_.metadata_length > 0) {
            std::string buf;
            file_.read_at(h_.metadata_offset, std::size_t(h_.metadata_length), buf);
            if (h_.internal_compression == Compression::gzip)
                buf = gzip_decompress(buf, "metadata", std::size_t(1) << 28);
            const std::string what = path_.string() + ": PMTiles metadata";
            for (const auto& [key, raw] : parse_json_object(buf, what)) {
                const auto text = [&]() {
                    return raw.size() >= 2 && raw.front() == '"' ? json_string_value(raw, what)
                                                                 : raw;
                };
                if (key == "name")
                    m.name = text();
                else if (key == "description")
                    m.description = text();
                else if (key == "attribution")
                    m.attribution = text();
                else if (key == "type")
                    m.type = text();
                else if (key == "version")
                    m.version = text();
                else if (key == "vector_layers")
                    m.vector_layers_json = raw;
            }
        }
        return m;
    }

    fs::path path_;
    File file_;
    std::uint64_t size_ = 0;
    Header h_;
    std::shared_ptr<const std::vector<Entry>> root_;
    TilesetMetadata metadata_;
    mutable std::mutex mutex_;
    mutable std::map<std::uint64_t, std::shared_ptr<const std::vector<Entry>>> leaves_;
};

}  // namespace

std::unique_ptr<TileReader> open_pmtiles_reader(const fs::path& path) {
    return std::make_unique<PmtilesReader>(path);
}

}  // namespace assetmap::tiles::detail
