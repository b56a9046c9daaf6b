#pragma once
// Private to assetmap_tiles_raster: which metatiles a render draws, in what order, and the
// checks of RasterOptions.

#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace assetmap::tiles::detail {

constexpr unsigned tile_px = 256;       ///< tile side at scale 1
constexpr unsigned max_image_px = 8192;  ///< per side; a metatile is at most this wide

/// A block of tiles rendered as one image: tiles x0..x1 × y0..y1 at zoom z (inclusive).
struct Metatile {
    std::uint8_t z = 0;
    std::uint32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::uint64_t tiles() const { return std::uint64_t(x1 - x0 + 1) * (y1 - y0 + 1); }
    /// Its Web Mercator box.
    BoxMercator bounds() const;
    /// Its box widened by `reach_px` pixels of a 256 px tile at its zoom.
    BoxMercator widened(double reach_px) const;
};

/// Metatiles of the ranges in (z, column, row) order, and where each column of metatiles
/// (same z and tile columns) begins: a column's tiles, sorted by (x, y), are a contiguous run
/// of the global (z, x, y) order.
struct Plan {
    std::vector<Metatile> metatiles;
    std::vector<std::size_t> column_begin;  ///< plus a final end marker
    std::uint64_t tiles = 0;
};

/// The plan of `ranges` (one per zoom, ascending; config_error otherwise) in metatiles of
/// `m` × `m` tiles, keeping only `shard`'s metatiles.
Plan make_plan(const std::vector<TileRange>& ranges, unsigned m, const TileShard& shard);

/// The Web Mercator box of a range's tiles widened by `reach_px` pixels of a 256 px tile.
BoxMercator range_bounds(const TileRange& r, double reach_px);

/// Throws config_error for options out of range (scale, metatile, buffer, threads).
void check_options(const RasterOptions& o);

}  // namespace assetmap::tiles::detail
