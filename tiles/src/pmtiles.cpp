// PMTiles v3 (github.com/protomaps/PMTiles, spec/v3/spec.md), written by the project: GDAL 3.6
// has no PMTiles driver. Hilbert tile ids and the directory layout follow the reference
// implementations (python/pmtiles/tile.py and go-pmtiles pmtiles/directory.go).
//
// Writing: `put` appends the bytes to a staging file beside the output and remembers
// (tile id → staging offset). `finish` sorts by tile id, copies each distinct content once
// into a second temporary file in tile-id order (identical bytes → the earlier offset; runs
// of identical consecutive tiles → one entry with a run length), then writes header, root
// directory, JSON metadata, leaf directories and the tile data into a third temporary file
// and renames it over the output. Data are in tile-id order, so `clustered` is true.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/pmtiles.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "store_support.hpp"

namespace assetmap::tiles::pmtiles {

namespace {

void rotate(std::uint64_t n, std::uint64_t& x, std::uint64_t& y, std::uint64_t rx,
            std::uint64_t ry) {
    if (ry == 0) {
        if (rx == 1) {
            x = n - 1 - x;  // unsigned wrap-around keeps the low bits the next steps read
            y = n - 1 - y;
        }
        std::swap(x, y);
    }
}

void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out += char((v >> (8 * i)) & 0xFF);
}
void put_i32(std::string& out, std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    for (int i = 0; i < 4; ++i) out += char((u >> (8 * i)) & 0xFF);
}
std::uint64_t get_u64(std::string_view d, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(d[at + i]);
    return v;
}
std::int32_t get_i32(std::string_view d, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(d[at + i]);
    return static_cast<std::int32_t>(v);
}

}  // namespace

std::uint64_t zxy_to_tileid(const TileId& tile) {
    if (tile.z > 31 || tile.x >= (std::uint64_t(1) << tile.z) ||
        tile.y >= (std::uint64_t(1) << tile.z))
        throw io_error("PMTiles: tile " + std::to_string(unsigned(tile.z)) + "/" +
                       std::to_string(tile.x) + "/" + std::to_string(tile.y) +
                       " cannot be addressed (z <= 31, x and y < 2^z)");
    const std::uint64_t acc = ((std::uint64_t(1) << (2 * tile.z)) - 1) / 3;  // Σ 4^i, i < z
    std::uint64_t x = tile.x, y = tile.y, d = 0;
    for (std::uint64_t s = (std::uint64_t(1) << tile.z) / 2; s > 0; s /= 2) {
        const std::uint64_t rx = (x & s) > 0 ? 1 : 0;
        const std::uint64_t ry = (y & s) > 0 ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        rotate(s, x, y, rx, ry);
    }
    return acc + d;
}

TileId tileid_to_zxy(std::uint64_t tile_id) {
    std::uint64_t acc = 0;
    for (unsigned z = 0; z <= 31; ++z) {
        const std::uint64_t count = std::uint64_t(1) << (2 * z);
        if (tile_id - acc < count) {
            std::uint64_t t = tile_id - acc, x = 0, y = 0;
            for (std::uint64_t s = 1; s < (std::uint64_t(1) << z); s *= 2) {
                const std::uint64_t rx = 1 & (t / 2);
                const std::uint64_t ry = 1 & (t ^ rx);
                rotate(s, x, y, rx, ry);
                x += s * rx;
                y += s * ry;
                t /= 4;
            }
            return {std::uint8_t(z), std::uint32_t(x), std::uint32_t(y)};
        }
        acc += count;
    }
    throw io_error("PMTiles: tile id " + std::to_string(tile_id) + " is beyond zoom 31");
}

void write_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out += char((value & 0x7F) | 0x80);
        value >>= 7;
    }
    out += char(value);
}

std::uint64_t read_varint(std::string_view data, std::size_t& pos) {
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (pos >= data.size()) throw io_error("PMTiles: directory ends inside a varint");
        const auto b = static_cast<unsigned char>(data[pos++]);
        if (shift == 63 && (b & 0x7E)) break;
        v |= std::uint64_t(b & 0x7F) << shift;
        if (!(b & 0x80)) return v;
    }
    throw io_error("PMTiles: varint longer than 64 bits");
}

std::string serialize_directory(const std::vector<Entry>& entries) {
    std::string out;
    out.reserve(entries.size() * 6 + 4);
    write_varint(out, entries.size());
    std::uint64_t last_id = 0;
    for (const Entry& e : entries) {
        write_varint(out, e.tile_id - last_id);
        last_id = e.tile_id;
    }
    for (const Entry& e : entries) write_varint(out, e.run_length);
    for (const Entry& e : entries) write_varint(out, e.length);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (i > 0 && e.offset == entries[i - 1].offset + entries[i - 1].length)
            write_varint(out, 0);
        else
            write_varint(out, e.offset + 1);
    }
    return out;
}

std::vector<Entry> deserialize_directory(std::string_view data) {
    std::size_t pos = 0;
    const std::uint64_t n = read_varint(data, pos);
    if (n > data.size())  // every entry takes at least 4 bytes
        throw io_error("PMTiles: directory claims " + std::to_string(n) + " entries in " +
                       std::to_string(data.size()) + " bytes");
    std::vector<Entry> entries(n);
    std::uint64_t last_id = 0;
    for (auto& e : entries) {
        last_id += read_varint(data, pos);
        e.tile_id = last_id;
    }
    const auto u32 = [&](const char* what) {
        const std::uint64_t v = read_varint(data, pos);
        if (v > 0xFFFFFFFFull)
            throw io_error(std::string("PMTiles: directory ") + what + " above 2^32");
        return std::uint32_t(v);
    };
    for (auto& e : entries) e.run_length = u32("run length");
    for (auto& e : entries) e.length = u32("length");
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::uint64_t v = read_varint(data, pos);
        if (v == 0 && i == 0) throw io_error("PMTiles: directory's first offset says 'contiguous'");
        entries[i].offset = v == 0 ? entries[i - 1].offset + entries[i - 1].length : v - 1;
    }
    if (pos != data.size()) throw io_error("PMTiles: trailing bytes after a directory");
    return entries;
}

std::string serialize_header(const Header& h) {
    std::string out = "PMTiles";
    out += char(3);
    for (const std::uint64_t v :
         {h.root_offset, h.root_length, h.metadata_offset, h.metadata_length, h.leaf_offset,
          h.leaf_length, h.data_offset, h.data_length, h.addressed_tiles, h.tile_entries,
          h.tile_contents})
        put_u64(out, v);
    out += char(h.clustered ? 1 : 0);
    out += char(h.internal_compression);
    out += char(h.tile_compression);
    out += char(h.tile_type);
    out += char(h.min_zoom);
    out += char(h.max_zoom);
    put_i32(out, h.min_lon_e7);
    put_i32(out, h.min_lat_e7);
    put_i32(out, h.max_lon_e7);
    put_i32(out, h.max_lat_e7);
    out += char(h.center_zoom);
    put_i32(out, h.center_lon_e7);
    put_i32(out, h.center_lat_e7);
    return out;
}

Header deserialize_header(std::string_view d) {
    if (d.size() < header_size) throw io_error("PMTiles: file shorter than the 127-byte header");
    if (d.substr(0, 7) != "PMTiles") throw io_error("PMTiles: no 'PMTiles' magic number");
    if (d[7] != 3)
        throw io_error("PMTiles: spec version " + std::to_string(int(d[7])) +
                       " (only version 3 is read; convert with the pmtiles tool)");
    Header h;
    h.root_offset = get_u64(d, 8);
    h.root_length = get_u64(d, 16);
    h.metadata_offset = get_u64(d, 24);
    h.metadata_length = get_u64(d, 32);
    h.leaf_offset = get_u64(d, 40);
    h.leaf_length = get_u64(d, 48);
    h.data_offset = get_u64(d, 56);
    h.data_length = get_u64(d, 64);
    h.addressed_tiles = get_u64(d, 72);
    h.tile_entries = get_u64(d, 80);
    h.tile_contents = get_u64(d, 88);
    h.clustered = d[96] == 1;
    h.internal_compression = Compression(static_cast<unsigned char>(d[97]));
    h.tile_compression = Compression(static_cast<unsigned char>(d[98]));
    h.tile_type = TileType(static_cast<unsigned char>(d[99]));
    h.min_zoom = static_cast<unsigned char>(d[100]);
    h.max_zoom = static_cast<unsigned char>(d[101]);
    h.min_lon_e7 = get_i32(d, 102);
    h.min_lat_e7 = get_i32(d, 106);
    h.max_lon_e7 = get_i32(d, 110);
    h.max_lat_e7 = get_i32(d, 114);
    h.center_zoom = static_cast<unsigned char>(d[118]);
    h.center_lon_e7 = get_i32(d, 119);
    h.center_lat_e7 = get_i32(d, 123);
    return h;
}

Directories build_directories(const std::vector<Entry>& entries, std::size_t root_limit) {
    using detail::gzip_compress;
    if (entries.size() < 16384) {
        std::string root = gzip_compress(serialize_directory(entries));
        if (root.size() <= root_limit) return {std::move(root), {}, 0};
    }
    double leaf_size = std::max(4096.0, double(entries.size()) / 3500.0);
    for (;;) {
        const auto n = static_cast<std::size_t>(leaf_size);
        Directories d;
        std::vector<Entry> root_entries;
        for (std::size_t i = 0; i < entries.size(); i += n) {
            const std::size_t end = std::min(entries.size(), i + n);
            const std::string leaf = gzip_compress(serialize_directory(std::vector<Entry>(
                entries.begin() + std::ptrdiff_t(i), entries.begin() + std::ptrdiff_t(end))));
            root_entries.push_back(
                {entries[i].tile_id, d.leaves.size(), std::uint32_t(leaf.size()), 0});
            d.leaves += leaf;
            ++d.leaf_count;
        }
        d.root = gzip_compress(serialize_directory(root_entries));
        if (d.root.size() <= root_limit) return d;
        if (n >= entries.size())
            throw io_error("PMTiles: a root directory of one entry exceeds " +
                           std::to_string(root_limit) + " bytes");
        leaf_size *= 1.2;
    }
}

}  // namespace assetmap::tiles::pmtiles

namespace assetmap::tiles::detail {

namespace fs = std::filesystem;
using namespace pmtiles;

namespace {

/// A POSIX file descriptor with whole-buffer reads and writes that throw io_error.
class File {
  public:
    File() = default;
    File(const fs::path& path, int flags, const std::string& fix) : path_(path) {
        fd_ = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
        if (fd_ < 0) throw io_error(os_error(path, errno) + (fix.empty() ? "" : "; " + fix));
    }
    File(File&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
    File& operator=(File&& o) noexcept {
        if (this != &o) {
            close_quietly();
            fd_ = o.fd_;
            path_ = std::move(o.path_);
            o.fd_ = -1;
        }
        return *this;
    }
    ~File() { close_quietly(); }

    void write(std::string_view bytes) {
        const char* p = bytes.data();
        std::size_t left = bytes.size();
        while (left > 0) {
            const ssize_t n = ::write(fd_, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw io_error(os_error(path_, errno) + "; check free disk space");
            p += n;
            left -= std::size_t(n);
        }
    }
    void read_at(std::uint64_t offset, std::size_t length, std::string& out) const {
        out.resize(length);
        std::size_t done = 0;
        while (done < length) {
            const ssize_t n = ::pread(fd_, out.data() + done, length - done, off_t(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw io_error(os_error(path_, errno));
            if (n == 0) throw io_error(path_.string() + ": unexpected end of file");
            done += std::size_t(n);
        }
    }
    std::uint64_t size() const {
        struct stat st {};
        if (::fstat(fd_, &st) != 0) throw io_error(os_error(path_, errno));
        return std::uint64_t(st.st_size);
    }
    void close() {
        if (fd_ >= 0) {
            const int rc = ::close(fd_);
            fd_ = -1;
            if (rc != 0) throw io_error(os_error(path_, errno) + "; check free disk space");
        }
    }

  private:
    void close_quietly() noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    int fd_ = -1;
    fs::path path_;
};

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
    File staging_;
    std::uint64_t staging_size_ = 0;
    std::unordered_map<std::uint64_t, Staged> staged_;
    TileExtent extent_;
    mutable std::mutex mutex_;
    bool finished_ = false;
};

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

std::unique_ptr<TileWriter> open_pmtiles_writer(const fs::path& path, TileFormat format,
                                                const TileStoreOptions& o) {
    return std::make_unique<PmtilesWriter>(path, format, o);
}

std::unique_ptr<TileReader> open_pmtiles_reader(const fs::path& path) {
    return std::make_unique<PmtilesReader>(path);
}

}  // namespace assetmap::tiles::detail
