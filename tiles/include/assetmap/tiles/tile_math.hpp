#pragma once
/// @file Tile maths: z/x/y (XYZ, y down from the north) and TMS rows, bounds in Web Mercator
/// (EPSG:3857, metres — for tiles only, never for distances) and in lon/lat, tile ranges.

#include <assetmap/core/geometry.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace assetmap::tiles {

/// A tile in the XYZ scheme (OSM/Google): y = 0 is the northern row.
struct TileId {
    std::uint8_t z = 0;
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    friend bool operator==(const TileId& a, const TileId& b) {
        return a.z == b.z && a.x == b.x && a.y == b.y;
    }
    friend bool operator<(const TileId& a, const TileId& b) {
        return a.z != b.z ? a.z < b.z : a.x != b.x ? a.x < b.x : a.y < b.y;
    }
};

/// A box in Web Mercator metres (EPSG:3857).
struct BoxMercator {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

/// Half the width of the Web Mercator world, metres: π · 6378137.
constexpr double mercator_half_m = 20037508.342789244;
/// The latitude limit of Web Mercator, degrees.
constexpr double mercator_max_lat_deg = 85.0511287798066;

/// Spherical Web Mercator of a lon/lat (latitude clamped to ±85.0511°).
PointM lonlat_to_mercator(const LonLat& p);
LonLat mercator_to_lonlat(const PointM& p);

/// The TMS row of an XYZ tile (MBTiles stores TMS rows): 2^z − 1 − y.
constexpr std::uint32_t tms_row(const TileId& t) { return (1u << t.z) - 1u - t.y; }

BoxMercator tile_bounds_mercator(const TileId& t);
BoxLonLat tile_bounds_lonlat(const TileId& t);

/// The tile holding a lon/lat at zoom z (edges belong to the east/south tile; clamped).
TileId tile_at(const LonLat& p, std::uint8_t z);

/// An inclusive range of tiles at one zoom.
struct TileRange {
    std::uint8_t z = 0;
    std::uint32_t min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    std::uint64_t count() const {
        return std::uint64_t(max_x - min_x + 1) * std::uint64_t(max_y - min_y + 1);
    }
};

/// The tiles at zoom z that a lon/lat box touches.
TileRange tiles_covering(const BoxLonLat& box, std::uint8_t z);

/// Tiles over a box for zooms min_z..max_z (inclusive), without listing them.
std::uint64_t tile_count(const BoxLonLat& box, std::uint8_t min_z, std::uint8_t max_z);

/// The highest zoom in min_z..max_z at which the whole box fits a view of width_px ×
/// height_px (256 px tiles), min_z when none does: the zoom a map should open at to show
/// it (TileJSON / MBTiles `center`).
std::uint8_t fit_zoom(const BoxLonLat& box, unsigned width_px, unsigned height_px,
                      std::uint8_t min_z, std::uint8_t max_z);

/// Parses "8-16" or "12" into (min, max); nullopt for a bad range or zooms above 24.
std::optional<std::pair<std::uint8_t, std::uint8_t>> parse_zoom_range(const std::string& text);

/// One part of a tile set split for independent jobs (`--shard i/n`): `index` in [0, count).
struct TileShard {
    std::uint32_t index = 0;
    std::uint32_t count = 1;
    bool all() const noexcept { return count <= 1; }
};

/// Parses "i/n" (1 ≤ i ≤ n ≤ 100000, i counted from 1) into a TileShard (index i − 1);
/// nullopt otherwise.
std::optional<TileShard> parse_tile_shard(const std::string& text);

/// The shard a tile belongs to: tiles go by aligned blocks of `block` × `block` (the raster
/// metatiles: a block is never split), blocks spread over the shards by a hash of (z, block
/// column, block row), so every shard gets a share of dense and empty places alike. The
/// same for every run: shards of one tile set never overlap and together make the whole.
std::uint32_t tile_shard(const TileId& tile, std::uint32_t count, std::uint32_t block);

}  // namespace assetmap::tiles
