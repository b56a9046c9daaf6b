#pragma once
// Private to assetmap_tiles_raster: palette PNGs for map tiles, which have few colours.

#include <cstddef>
#include <cstdint>
#include <string>

namespace assetmap::tiles::detail {

/// Pixels of one tile: `rows` rows of `width` RGBA pixels (uint32, R in the low byte, straight
/// alpha), `stride` pixels apart.
struct PixelRows {
    const std::uint32_t* first = nullptr;
    std::size_t width = 0, rows = 0, stride = 0;
    const std::uint32_t* row(std::size_t y) const { return first + y * stride; }
};

/// How encode_png8 went.
enum class Png8Result {
    exact,      ///< ≤ 256 colours: every pixel kept (fully transparent ones become 0,0,0,0)
    quantised,  ///< 257 … `max_colours` colours: colours covering ≥ 1 % of the pixels kept
                ///< exactly, the others median-cut (premultiplied RGBA, pixel-weighted) into
                ///< the remaining entries, each taking its box's mean
    too_many,   ///< more than `max_colours` distinct colours: nothing written
};

/// An indexed-colour PNG (bit depth 1, 2, 4 or 8 by the palette size; PLTE and tRNS; filter 0
/// on every row; zlib level 6). Palette order: translucent entries first (short tRNS), each
/// part by first appearance (exact), or exact colours by frequency then median-cut boxes
/// (quantised).
/// Deterministic: a pure function of the pixels.
Png8Result encode_png8(const PixelRows& pixels, std::string& out,
                       std::size_t max_colours = 4096);

}  // namespace assetmap::tiles::detail
