#pragma once
// Private to assetmap_tiles_raster: cutting a rendered metatile into tiles — the empty and
// one-colour tests, and the PNG bytes of each tile (with per-thread reuse of repeated tiles).

#include "png8_encoder.hpp"
#include "raster_plan.hpp"

#include <assetmap/tiles/tile_renderer.hpp>

#include <mapnik/image.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace assetmap::tiles::detail {

/// One tile cut from a metatile: its bytes, or nothing when empty.
struct CutTile {
    TileId id;
    bool empty = false;
    bool solid = false;       ///< every pixel the same (`colour`)
    std::uint32_t colour = 0;
    std::string png;
};

/// One tile's pixels inside the metatile image (plain pointers: image_view's accessors are
/// out-of-line library calls).
using TilePixels = PixelRows;

/// Recently encoded tiles of one thread, keyed by their pixels: a tile inside one area, or
/// inside the hatched no-data pattern, repeats many times at high zoom; its bytes are reused
/// instead of quantising and compressing it again. The encoder is a pure function of the
/// pixels, so reuse never changes the output.
class EncodeCache {
public:
    const std::string* find(std::uint64_t hash, const TilePixels& t) const;
    void insert(std::uint64_t hash, const TilePixels& t, const std::string& png);

private:
    static constexpr std::size_t capacity = 16;
    struct Entry {
        std::uint64_t hash = 0;
        std::size_t width = 0, rows = 0;
        std::vector<std::uint32_t> pixels;
        std::string png;
    };
    std::deque<Entry> entries_;
};

/// A render thread's encoder: PNG bytes of tiles, with the reuse of repeated and one-colour
/// tiles. Bytes depend only on the pixels and the encoding.
class TileEncoder {
public:
    /// A tile's bytes: the pixels `px`, which are the block at (x, y) of `image`.
    static std::string encode(const TilePixels& px, const mapnik::image_rgba8& image, unsigned x,
                              unsigned y, RasterEncoding encoding);

    /// The bytes of a ts × ts tile of one colour (straight alpha, as cut from a render),
    /// encoded once per thread.
    const std::string& solid_png(std::uint32_t colour, unsigned ts, RasterEncoding encoding);

    /// Cuts the metatile `mt` rendered in `image` (tiles of `ts` px) into tiles in (x, y)
    /// order. Fully transparent tiles get no bytes unless `keep_empty`. An image still in
    /// premultiplied alpha is taken out of it tile by tile, in place, as each tile is cut
    /// (the same bytes as mapnik::demultiply_alpha on the whole image, while the tile is
    /// in cache). Each tile is set back to zero once read, so the image is all zero when
    /// the cut returns (the next render's clear background).
    std::vector<CutTile> cut(mapnik::image_rgba8& image, const Metatile& mt, unsigned ts,
                             RasterEncoding encoding, bool keep_empty);

private:
    void use_encoding(RasterEncoding encoding);
    EncodeCache cache_;
    RasterEncoding encoding_ = RasterEncoding::png8;  // what `cache_` and `solid_` hold
    std::map<std::pair<std::uint32_t, unsigned>, std::string> solid_;  // (colour, px) → bytes
    mapnik::image_rgba8 solid_image_;  // a one-colour tile being encoded
};

}  // namespace assetmap::tiles::detail
