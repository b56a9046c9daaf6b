// Cutting a rendered metatile into PNG tiles (see raster_cut.hpp).

#include "raster_cut.hpp"

#include "pixel_runs.hpp"

#include <assetmap/core/error.hpp>

#include <mapnik/image_util.hpp>
#include <mapnik/image_view.hpp>

#pragma GCC diagnostic push
#include <mapnik/warning_ignore_agg.hpp>
#include <mapnik/agg/agg_pixfmt_rgba.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cstring>
#include <exception>

namespace assetmap::tiles::detail {

namespace {

const char* mapnik_format(RasterEncoding e) {
    return e == RasterEncoding::png32 ? "png32" : "png8:m=h";
}

/// Whether every pixel is fully transparent and whether all pixels are one value, and a
/// fingerprint of the tile: a hash of a sparse grid of its pixels (every 8th row and column)
/// — cheap, and only a first filter for EncodeCache, which compares whole tiles before
/// reusing bytes. The scan stops at the first row that shows both a visible pixel and two
/// values (most tiles: the encoder reads them next anyway); only empty and one-colour tiles
/// are read whole.
std::uint64_t scan_pixels(const TilePixels& t, bool* transparent, bool* solid) {
    std::uint32_t alpha_or = 0, differ = 0;
    const std::uint32_t first = t.row(0)[0];
    for (std::size_t y = 0; y < t.rows; ++y) {
        const std::uint32_t* row = t.row(y);
        std::uint32_t acc = 0, diff = 0;
        for (std::size_t x = 0; x < t.width; ++x) {
            acc |= row[x];
            diff |= row[x] ^ first;
        }
        alpha_or |= acc;
        differ |= diff;
        if ((alpha_or & 0xff000000u) != 0 && differ != 0) break;  // neither empty nor one colour
    }
    *transparent = (alpha_or & 0xff000000u) == 0;
    *solid = differ == 0;
    constexpr std::uint64_t k = 0xff51afd7ed558ccdull;
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (std::uint64_t(t.width) << 32 | t.rows);
    for (std::size_t y = 3; y < t.rows; y += 8) {
        const std::uint32_t* row = t.row(y);
        for (std::size_t x = 5; x < t.width; x += 8) {
            h = (h ^ row[x]) * k;
            h ^= h >> 29;
        }
    }
    return h;
}

/// Takes the tile out of premultiplied alpha in place, pixel by pixel with AGG's own
/// demultiply (what mapnik::demultiply_alpha runs on a whole image). Opaque pixels and zero
/// pixels are left as they are (it would not change them), eight at a time.
void demultiply(const TilePixels& t) {
    using multiplier = agg::multiplier_rgba<agg::rgba8, agg::order_rgba>;
    for (std::size_t y = 0; y < t.rows; ++y) {
        std::uint32_t* row = const_cast<std::uint32_t*>(t.row(y));
        std::size_t x = 0;
        while (x < t.width) {
            if (x + 8 <= t.width && eight_opaque_or_zero(row + x)) {
                x += 8;
                continue;
            }
            if (!opaque_or_zero(row[x])) multiplier::demultiply(reinterpret_cast<agg::int8u*>(row + x));
            ++x;
        }
    }
}

}  // namespace

const std::string* EncodeCache::find(std::uint64_t hash, const TilePixels& t) const {
    for (const Entry& e : entries_) {
        if (e.hash != hash || e.width != t.width || e.rows != t.rows) continue;
        bool same = true;
        for (std::size_t y = 0; same && y < t.rows; ++y) {
            same = std::memcmp(t.row(y), &e.pixels[y * e.width],
                               e.width * sizeof(std::uint32_t)) == 0;
        }
        if (same) return &e.png;
    }
    return nullptr;
}

void EncodeCache::insert(std::uint64_t hash, const TilePixels& t, const std::string& png) {
    Entry e;
    e.hash = hash;
    e.width = t.width;
    e.rows = t.rows;
    e.pixels.resize(t.width * t.rows);
    for (std::size_t y = 0; y < t.rows; ++y) {
        std::memcpy(&e.pixels[y * e.width], t.row(y), e.width * sizeof(std::uint32_t));
    }
    e.png = png;
    if (entries_.size() == capacity) entries_.pop_front();
    entries_.push_back(std::move(e));
}

std::string TileEncoder::encode(const TilePixels& px, const mapnik::image_rgba8& image,
                                unsigned x, unsigned y, RasterEncoding encoding) {
    std::string png;
    if (encoding == RasterEncoding::png8 && encode_png8(px, png) != Png8Result::too_many)
        return png;
    const mapnik::image_view_rgba8 view(x, y, static_cast<unsigned>(px.width),
                                        static_cast<unsigned>(px.rows), image);
    try {
        return mapnik::save_to_string(view, mapnik_format(encoding));
    } catch (const std::exception& e) {
        throw render_error(std::string("encoding a tile as PNG: ") + e.what());
    }
}

void TileEncoder::use_encoding(RasterEncoding encoding) {
    if (encoding_ == encoding) return;
    cache_ = EncodeCache();
    solid_.clear();
    encoding_ = encoding;
}

const std::string& TileEncoder::solid_png(std::uint32_t colour, unsigned ts,
                                          RasterEncoding encoding) {
    use_encoding(encoding);
    auto [it, added] = solid_.try_emplace({colour, ts});
    if (!added) return it->second;
    if (solid_image_.width() != ts || solid_image_.height() != ts)
        solid_image_ = mapnik::image_rgba8(ts, ts);
    solid_image_.set_premultiplied(false);
    std::uint32_t* data = solid_image_.data();
    std::fill(data, data + std::size_t(ts) * ts, colour);
    TilePixels px;
    px.first = data;
    px.width = px.rows = px.stride = ts;
    it->second = encode(px, solid_image_, 0, 0, encoding);
    return it->second;
}

std::vector<CutTile> TileEncoder::cut(mapnik::image_rgba8& image, const Metatile& mt,
                                      unsigned ts, RasterEncoding encoding, bool keep_empty) {
    use_encoding(encoding);
    const std::size_t w = image.width();
    const std::uint32_t* data = image.data();
    const bool premultiplied = image.get_premultiplied();
    image.set_premultiplied(false);  // each tile is straight before it is read
    std::vector<CutTile> out;
    out.reserve(mt.tiles());
    for (std::uint32_t x = mt.x0; x <= mt.x1; ++x) {
        for (std::uint32_t y = mt.y0; y <= mt.y1; ++y) {
            CutTile t;
            t.id = TileId{mt.z, x, y};
            TilePixels px;
            px.first = data + std::size_t(y - mt.y0) * ts * w + (x - mt.x0) * ts;
            px.width = ts;
            px.rows = ts;
            px.stride = w;
            if (premultiplied) demultiply(px);
            bool transparent = false;
            const std::uint64_t hash = scan_pixels(px, &transparent, &t.solid);
            if (t.solid) t.colour = px.first[0];
            // Read: back to zero now, while the tile is in cache.
            auto clear = [&] {
                if (t.solid && t.colour == 0) return;
                std::uint32_t* first = const_cast<std::uint32_t*>(px.first);
                for (std::size_t r = 0; r < ts; ++r)
                    std::memset(first + r * w, 0, ts * sizeof(std::uint32_t));
            };
            if (transparent) {
                t.empty = true;
                if (!keep_empty) {
                    clear();
                    out.push_back(std::move(t));
                    continue;
                }
            }
            if (t.solid) {
                t.png = solid_png(t.colour, ts, encoding);
            } else if (const std::string* hit = cache_.find(hash, px)) {
                t.png = *hit;
            } else {
                t.png = encode(px, image, (x - mt.x0) * ts, (y - mt.y0) * ts, encoding);
                // Tiles that repeat without being one colour are simple (the hatched
                // no-data pattern): a palette of at most 16 colours (PNG bit depth, byte
                // 24, at most 4). Busier tiles are not copied into the cache.
                if (encoding != RasterEncoding::png8 ||
                    (t.png.size() > 24 && static_cast<unsigned char>(t.png[24]) <= 4))
                    cache_.insert(hash, px, t.png);
            }
            clear();
            out.push_back(std::move(t));
        }
    }
    return out;
}

}  // namespace assetmap::tiles::detail
