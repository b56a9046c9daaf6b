#pragma once
/// @file PMTiles v3 encoding pieces (spec: github.com/protomaps/PMTiles, spec/v3/spec.md):
/// Hilbert tile ids, varints, directories and the 127-byte header. The store itself is
/// reached through open_tile_writer / open_tile_reader (tile_store.hpp); these are public so
/// the encoding can be tested against the spec field by field.

#include <assetmap/tiles/tile_math.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::tiles::pmtiles {

/// The position of a tile on the series of Hilbert curves starting at z 0: the number of
/// tiles at lower zooms, (4^z − 1) / 3, plus the tile's Hilbert index at its zoom. z ≤ 31.
std::uint64_t zxy_to_tileid(const TileId& tile);

/// Inverse of zxy_to_tileid (XYZ row).
TileId tileid_to_zxy(std::uint64_t tile_id);

/// Appends an unsigned LEB128 varint (7 bits a byte, low first, high bit = more).
void write_varint(std::string& out, std::uint64_t value);

/// Reads a varint at `pos` and advances it; io_error past the end or beyond 64 bits.
std::uint64_t read_varint(std::string_view data, std::size_t& pos);

/// One directory entry. run_length 0 marks a pointer to a leaf directory (offset relative to
/// the leaf section); otherwise the tile at tile_id … tile_id + run_length − 1 is the blob at
/// offset (relative to the tile data section), length bytes.
struct Entry {
    std::uint64_t tile_id = 0;
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
    std::uint32_t run_length = 0;
    friend bool operator==(const Entry& a, const Entry& b) {
        return a.tile_id == b.tile_id && a.offset == b.offset && a.length == b.length &&
               a.run_length == b.run_length;
    }
};

/// Serialises entries (ascending tile_id) without compression: count, delta tile ids,
/// run lengths, lengths, offsets (0 = contiguous with the previous entry, else offset + 1).
std::string serialize_directory(const std::vector<Entry>& entries);

/// Inverse of serialize_directory (uncompressed bytes); io_error on malformed input.
std::vector<Entry> deserialize_directory(std::string_view data);

/// Compression enum of the header (InternalCompression and TileCompression).
enum class Compression : std::uint8_t { unknown = 0, none = 1, gzip = 2, brotli = 3, zstd = 4 };

/// Tile type enum of the header.
enum class TileType : std::uint8_t { unknown = 0, mvt = 1, png = 2, jpeg = 3, webp = 4, avif = 5 };

/// Size of the fixed header, bytes.
constexpr std::size_t header_size = 127;

/// The fixed header. Offsets and lengths in bytes from the start of the file; coordinates
/// are WGS84 degrees × 10,000,000 (signed).
struct Header {
    std::uint64_t root_offset = 0, root_length = 0;
    std::uint64_t metadata_offset = 0, metadata_length = 0;
    std::uint64_t leaf_offset = 0, leaf_length = 0;
    std::uint64_t data_offset = 0, data_length = 0;
    std::uint64_t addressed_tiles = 0;  ///< sum of run lengths
    std::uint64_t tile_entries = 0;     ///< entries with run_length > 0
    std::uint64_t tile_contents = 0;    ///< distinct blobs (offsets) in the data section
    bool clustered = false;             ///< blobs in tile-id order
    Compression internal_compression = Compression::gzip;
    Compression tile_compression = Compression::none;
    TileType tile_type = TileType::unknown;
    std::uint8_t min_zoom = 0, max_zoom = 0;
    std::int32_t min_lon_e7 = 0, min_lat_e7 = 0, max_lon_e7 = 0, max_lat_e7 = 0;
    std::uint8_t center_zoom = 0;
    std::int32_t center_lon_e7 = 0, center_lat_e7 = 0;
};

/// The 127 header bytes: "PMTiles", version 3, then the fields little-endian at the spec's
/// offsets.
std::string serialize_header(const Header& h);

/// Parses the first 127 bytes; io_error for a short buffer, a wrong magic or a version ≠ 3.
Header deserialize_header(std::string_view data);

/// The directories as written: gzip-compressed root and concatenated leaf directories.
struct Directories {
    std::string root;
    std::string leaves;
    std::size_t leaf_count = 0;
};

/// The largest compressed root directory: the spec wants header + root under 16,384 bytes.
constexpr std::size_t max_root_bytes = 16384 - header_size - 1;

/// Lays out directories so the compressed root is at most `root_limit` bytes: all entries
/// in the root when they fit, otherwise leaf directories of N entries each (N from 4,096,
/// × 1.2 until the root fits — as go-pmtiles does) and a root of pointers to them.
Directories build_directories(const std::vector<Entry>& entries,
                              std::size_t root_limit = max_root_bytes);

}  // namespace assetmap::tiles::pmtiles
