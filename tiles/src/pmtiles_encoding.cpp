// PMTiles v3 (github.com/protomaps/PMTiles, spec/v3/spec.md), written by the project: GDAL 3.6
// has no PMTiles driver. Hilbert tile ids and the directory layout follow the reference
// implementations (python/pmtiles/tile.py and go-pmtiles pmtiles/directory.go).
//
// This file holds the encoding pieces (pmtiles.hpp): Hilbert tile ids, varints, directories
// and the header. The store is in pmtiles_writer.cpp and pmtiles_reader.cpp.
#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/pmtiles.hpp>

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
