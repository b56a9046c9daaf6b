#pragma once
/// @file Decoding and encoding PNG through Mapnik's image reader and writer, without
/// exposing Mapnik types: for visual tests and tools that compare tiles.

#include <cstdint>
#include <string>
#include <vector>

namespace assetmap::tiles {

/// An RGBA image, 8 bits per channel, not premultiplied, rows top to bottom.
struct RgbaImage {
    unsigned width = 0;
    unsigned height = 0;
    std::vector<std::uint8_t> rgba;  ///< width · height · 4 bytes

    std::uint8_t* pixel(unsigned x, unsigned y) { return &rgba[(std::size_t(y) * width + x) * 4]; }
    const std::uint8_t* pixel(unsigned x, unsigned y) const {
        return &rgba[(std::size_t(y) * width + x) * 4];
    }
};

/// Decodes PNG bytes (any PNG colour type, palette included) with mapnik::image_reader.
/// Throws render_error for bytes that are not a readable PNG.
RgbaImage decode_png(const std::string& bytes);

/// Encodes as 32-bit RGBA PNG ("png32"). Throws render_error on a size mismatch.
std::string encode_png32(const RgbaImage& image);

}  // namespace assetmap::tiles
