#include "png8_encoder.hpp"

#include "pixel_runs.hpp"

#include <assetmap/core/error.hpp>

#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <vector>

namespace assetmap::tiles::detail {

namespace {

void put_u32(std::string& s, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
    s.append(b, 4);
}

void put_chunk(std::string& out, const char* type, const char* data, std::size_t size) {
    put_u32(out, static_cast<std::uint32_t>(size));
    const std::size_t start = out.size();
    out.append(type, 4);
    out.append(data, size);
    put_u32(out, libdeflate_crc32(0, out.data() + start, out.size() - start));
}

/// Fully transparent pixels are one colour whatever their RGB.
inline std::uint32_t canonical(std::uint32_t c) { return (c & 0xff000000u) == 0 ? 0u : c; }

/// Colour → slot by open addressing; capacity a power of two, at most half full. Reused from
/// tile to tile (reset clears only the slots used).
class ColourTable {
public:
    explicit ColourTable(std::size_t capacity)
        : mask_(capacity - 1), keys_(capacity), slot_of_(capacity, -1) {}
    /// Forgets every colour (cost proportional to the colours known).
    void reset() {
        for (std::size_t h : used_) slot_of_[h] = -1;
        used_.clear();
        colours_.clear();
    }
    /// The colour's index in insertion order, adding it; -1 when `limit` colours are already
    /// known and this is a new one.
    int find_or_add(std::uint32_t c, std::size_t limit) {
        std::size_t h = (std::size_t(c) * 0x9E3779B97F4A7C15ull) >> 40;
        for (h &= mask_;; h = (h + 1) & mask_) {
            const int s = slot_of_[h];
            if (s < 0) {
                if (colours_.size() >= limit) return -1;
                keys_[h] = c;
                slot_of_[h] = static_cast<int>(colours_.size());
                used_.push_back(h);
                colours_.push_back(c);
                return slot_of_[h];
            }
            if (keys_[h] == c) return s;
        }
    }
    const std::vector<std::uint32_t>& colours() const { return colours_; }

private:
    std::size_t mask_;
    std::vector<std::uint32_t> keys_;
    std::vector<int> slot_of_;
    std::vector<std::size_t> used_;
    std::vector<std::uint32_t> colours_;
};

/// Per-pixel colour indices (into the table's insertion order) and the pixels of each colour
/// (`count`, sized to the table's limit and zero for unseen colours), with runs of one pixel
/// value looked up once. False when more than `limit` distinct colours appear.
bool index_pixels(const PixelRows& px, ColourTable& table, std::size_t limit,
                  std::vector<std::uint16_t>& index, std::vector<std::uint32_t>& count) {
    index.resize(px.width * px.rows);
    const std::size_t w = px.width;
    std::uint32_t last = px.row(0)[0];
    int last_index = table.find_or_add(canonical(last), limit);
    if (last_index < 0) return false;
    for (std::size_t y = 0; y < px.rows; ++y) {
        const std::uint32_t* row = px.row(y);
        std::uint16_t* dst = &index[y * w];
        std::size_t run_start = 0;
        for (std::size_t x = 0; x < w;) {
            // Flat stretches (most of a map tile) eight pixels at a time.
            if (x + 8 <= w) {
                if (eight_equal(row + x, last)) {
                    for (int k = 0; k < 8; ++k) dst[x + k] = static_cast<std::uint16_t>(last_index);
                    x += 8;
                    continue;
                }
            }
            const std::uint32_t c = row[x];
            if (c != last) {
                count[last_index] += static_cast<std::uint32_t>(x - run_start);
                run_start = x;
                last_index = table.find_or_add(canonical(c), limit);
                if (last_index < 0) return false;
                last = c;
            }
            dst[x] = static_cast<std::uint16_t>(last_index);
            ++x;
        }
        count[last_index] += static_cast<std::uint32_t>(w - run_start);
    }
    return true;
}

/// `remap` takes a colour index to a palette entry (empty: the identity). Entries are
/// reordered, translucent ones first (stable), so that tRNS stays short.
std::string png_bytes(const PixelRows& px, const std::vector<std::uint16_t>& index,
                      std::vector<std::uint8_t> remap, std::vector<std::uint32_t> palette) {
    if (remap.empty()) {
        remap.resize(palette.size());
        for (std::size_t i = 0; i < remap.size(); ++i) remap[i] = std::uint8_t(i);
    }
    {
        std::vector<std::uint8_t> order(palette.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = std::uint8_t(i);
        std::stable_partition(order.begin(), order.end(),
                              [&](std::uint8_t i) { return (palette[i] >> 24) != 0xff; });
        std::vector<std::uint8_t> new_pos(palette.size());
        std::vector<std::uint32_t> sorted(palette.size());
        for (std::size_t k = 0; k < order.size(); ++k) {
            new_pos[order[k]] = std::uint8_t(k);
            sorted[k] = palette[order[k]];
        }
        for (auto& r : remap) r = new_pos[r];
        palette.swap(sorted);
    }
    const std::size_t n = palette.size();
    const int depth = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
    const std::size_t row_bytes = (px.width * depth + 7) / 8;
    thread_local std::vector<std::uint8_t> raw;  // filter byte 0 per row, then the row
    raw.assign((row_bytes + 1) * px.rows, 0);
    const int per_byte = 8 / depth;
    const std::uint8_t* map = remap.data();
    for (std::size_t y = 0; y < px.rows; ++y) {
        std::uint8_t* dst = &raw[y * (row_bytes + 1) + 1];
        const std::uint16_t* src = &index[y * px.width];
        if (depth == 8) {
            for (std::size_t x = 0; x < px.width; ++x) dst[x] = map[src[x]];
            continue;
        }
        // Whole bytes of `per_byte` pixels, most significant bits first, then the tail.
        std::size_t x = 0;
        for (std::size_t b = 0; x + per_byte <= px.width; ++b) {
            unsigned v = 0;
            for (int k = 0; k < per_byte; ++k, ++x) v = (v << depth) | map[src[x]];
            dst[b] = static_cast<std::uint8_t>(v);
        }
        for (int shift = 8 - depth; x < px.width; ++x, shift -= depth)
            dst[x / per_byte] |= static_cast<std::uint8_t>(map[src[x]] << shift);
    }
    // libdeflate at level 6: about the size of zlib's level 6, in half the time. One
    // compressor per thread (allocating one costs more than a tile).
    struct Compressor {
        libdeflate_compressor* c = libdeflate_alloc_compressor(6);
        ~Compressor() { libdeflate_free_compressor(c); }
    };
    thread_local Compressor compressor;
    if (!compressor.c) throw render_error("PNG encoding: cannot allocate a deflate compressor");
    thread_local std::string z;
    z.resize(libdeflate_zlib_compress_bound(compressor.c, raw.size()));
    const std::size_t zlen =
        libdeflate_zlib_compress(compressor.c, raw.data(), raw.size(), &z[0], z.size());
    if (zlen == 0) throw render_error("PNG encoding: deflate failed");

    char ihdr[13];
    const std::uint32_t w = static_cast<std::uint32_t>(px.width),
                        h = static_cast<std::uint32_t>(px.rows);
    for (int i = 0; i < 4; ++i) {
        ihdr[i] = static_cast<char>(w >> (24 - 8 * i));
        ihdr[4 + i] = static_cast<char>(h >> (24 - 8 * i));
    }
    ihdr[8] = static_cast<char>(depth);
    ihdr[9] = 3;   // colour type: indexed
    ihdr[10] = 0;  // compression: deflate
    ihdr[11] = 0;  // filter method 0
    ihdr[12] = 0;  // no interlace
    char plte[3 * 256], trns[256];
    std::size_t translucent_end = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t c = palette[i];
        plte[3 * i] = static_cast<char>(c & 0xff);
        plte[3 * i + 1] = static_cast<char>((c >> 8) & 0xff);
        plte[3 * i + 2] = static_cast<char>((c >> 16) & 0xff);
        trns[i] = static_cast<char>(c >> 24);
        if ((c >> 24) != 0xff) translucent_end = i + 1;
    }

    std::string out;
    out.reserve(zlen + 4 * n + 64);
    out.append("\x89PNG\r\n\x1a\n", 8);
    put_chunk(out, "IHDR", ihdr, sizeof ihdr);
    put_chunk(out, "PLTE", plte, 3 * n);
    if (translucent_end) put_chunk(out, "tRNS", trns, translucent_end);
    put_chunk(out, "IDAT", z.data(), zlen);
    put_chunk(out, "IEND", nullptr, 0);
    return out;
}

/// Sorts distinct keys (value 0..255) << 32 | id (id < 4096 when `ids` ≤ 4096): as 20-bit
/// keys value << 12 | id in two stable counting passes of 10 bits when there are enough,
/// else std::sort — the same order either way.
void sort_keys(std::vector<std::uint64_t>& keys, std::size_t ids) {
    if (keys.size() < 256 || ids > 4096) {
        std::sort(keys.begin(), keys.end());
        return;
    }
    thread_local std::vector<std::uint32_t> a, b;
    a.resize(keys.size());
    b.resize(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
        a[i] = static_cast<std::uint32_t>((keys[i] >> 32) << 12 | (keys[i] & 0xfff));
    std::array<std::uint32_t, 1025> count;
    auto pass = [&](const std::vector<std::uint32_t>& from, std::vector<std::uint32_t>& to,
                    int shift) {
        count.fill(0);
        for (std::uint32_t k : from) ++count[((k >> shift) & 1023) + 1];
        for (std::size_t i = 0; i < 1024; ++i) count[i + 1] += count[i];
        for (std::uint32_t k : from) to[count[(k >> shift) & 1023]++] = k;
    };
    pass(a, b, 0);
    pass(b, a, 10);
    for (std::size_t i = 0; i < keys.size(); ++i)
        keys[i] = std::uint64_t(a[i] >> 12) << 32 | (a[i] & 0xfff);
}

}  // namespace

Png8Result encode_png8(const PixelRows& px, std::string& out, std::size_t max_colours) {
    // One pass over the pixels: the table knows up to max_colours colours in order of first
    // appearance, so a tile with at most 256 is indexed exactly as a 256-colour pass would.
    std::size_t capacity = 1024;
    while (capacity < 2 * max_colours) capacity *= 2;
    thread_local std::unique_ptr<ColourTable> reused;
    thread_local std::size_t reused_capacity = 0;
    if (!reused || reused_capacity != capacity) {
        reused = std::make_unique<ColourTable>(capacity);
        reused_capacity = capacity;
    }
    ColourTable& table = *reused;
    table.reset();
    thread_local std::vector<std::uint16_t> index;
    thread_local std::vector<std::uint32_t> counts;
    counts.assign(max_colours, 0);
    if (!index_pixels(px, table, max_colours, index, counts)) return Png8Result::too_many;
    if (table.colours().size() <= 256) {
        out = png_bytes(px, index, {}, table.colours());
        return Png8Result::exact;
    }
    const std::vector<std::uint32_t>& colours = table.colours();
    const std::size_t d = colours.size();
    const std::vector<std::uint32_t> count(counts.begin(), counts.begin() + d);
    const std::uint32_t exact_min = static_cast<std::uint32_t>(px.width * px.rows / 100);
    // The colours by count (ties by colour): only those that may be kept exactly (at least
    // `exact_min` pixels, at most 100 of them) need the order; the others follow in first
    // appearance — their order changes nothing below (the median cut sorts by value and id,
    // and a box's mean is a sum).
    std::vector<std::uint32_t> order(d);
    for (std::size_t i = 0; i < d; ++i) order[i] = static_cast<std::uint32_t>(i);
    const auto frequent = std::stable_partition(
        order.begin(), order.end(), [&](std::uint32_t id) { return count[id] >= exact_min; });
    std::sort(order.begin(), frequent, [&](std::uint32_t a, std::uint32_t b) {
        return count[a] != count[b] ? count[a] > count[b] : colours[a] < colours[b];
    });

    // The palette: colours covering at least 1 % of the pixels are kept exactly (flat fills
    // stay exact, so repeated tiles stay equal); the remaining entries come from a median cut
    // of all other colours, weighted by pixel count, in premultiplied RGBA (so anti-aliased
    // edges over transparency keep their look); each of those colours takes its box's mean.
    struct Entry {
        std::array<int, 4> c;  // premultiplied r, g, b, a
        std::uint32_t count;
        std::uint32_t id;      // index into `colours`
    };
    auto premultiply = [](std::uint32_t c) {
        const int a = int(c >> 24);
        return std::array<int, 4>{int(c & 0xff) * a / 255, int((c >> 8) & 0xff) * a / 255,
                                  int((c >> 16) & 0xff) * a / 255, a};
    };
    std::vector<std::uint32_t> palette;
    std::vector<Entry> rest;
    for (std::uint32_t id : order) {
        if (count[id] >= exact_min && palette.size() < 64) {
            palette.push_back(colours[id]);  // `order` is by count: these come first
        } else {
            rest.push_back(Entry{premultiply(colours[id]), count[id], id});
        }
    }
    // Median cut of `rest` into the free entries: split the box with the largest
    // (widest channel range × pixels) at the weighted median of that channel; a box whose
    // colours all lie within `min_split_range` per channel is close enough to its mean.
    constexpr int min_split_range = 6;
    struct Box {
        std::size_t begin, end;
        int channel = 0, range = 0;
        std::uint64_t pixels = 0;
    };
    auto measure = [&](Box& b) {
        std::array<int, 4> lo{255, 255, 255, 255}, hi{0, 0, 0, 0};
        b.pixels = 0;
        for (std::size_t i = b.begin; i < b.end; ++i) {
            for (int ch = 0; ch < 4; ++ch) {
                lo[ch] = std::min(lo[ch], rest[i].c[ch]);
                hi[ch] = std::max(hi[ch], rest[i].c[ch]);
            }
            b.pixels += rest[i].count;
        }
        b.range = -1;
        for (int ch = 0; ch < 4; ++ch) {
            if (hi[ch] - lo[ch] > b.range) b.range = hi[ch] - lo[ch], b.channel = ch;
        }
    };
    std::vector<Box> boxes;
    if (!rest.empty()) {
        boxes.push_back(Box{0, rest.size()});
        measure(boxes.back());
    }
    const std::size_t free_entries = 256 - palette.size();
    std::vector<std::uint64_t> keys;
    std::vector<Entry> by_id(d);
    for (const Entry& e : rest) by_id[e.id] = e;
    while (boxes.size() < free_entries) {
        std::size_t pick = boxes.size();
        std::uint64_t best_score = 0;
        for (std::size_t b = 0; b < boxes.size(); ++b) {
            const std::uint64_t score = std::uint64_t(boxes[b].range) * boxes[b].pixels;
            if (boxes[b].end - boxes[b].begin > 1 && boxes[b].range > min_split_range &&
                score > best_score) {
                best_score = score;
                pick = b;
            }
        }
        if (pick == boxes.size()) break;  // nothing left to split
        Box box = boxes[pick];
        const int ch = box.channel;
        // Sorted by (channel value, colour id): one key each, all distinct.
        keys.clear();
        for (std::size_t i = box.begin; i < box.end; ++i)
            keys.push_back(std::uint64_t(rest[i].c[ch]) << 32 | rest[i].id);
        sort_keys(keys, d);
        for (std::size_t i = box.begin; i < box.end; ++i)
            rest[i] = by_id[static_cast<std::uint32_t>(keys[i - box.begin])];
        std::uint64_t acc = 0;
        std::size_t cut = box.begin + 1;
        for (std::size_t i = box.begin; i + 1 < box.end; ++i) {
            acc += rest[i].count;
            cut = i + 1;
            if (2 * acc >= box.pixels) break;
        }
        Box left{box.begin, cut}, right{cut, box.end};
        measure(left);
        measure(right);
        boxes[pick] = left;
        boxes.push_back(right);
    }
    std::vector<std::uint8_t> remap(d);
    for (std::size_t k = 0; k < palette.size(); ++k) {
        remap[order[k]] = static_cast<std::uint8_t>(k);  // exact colours: themselves
    }
    for (const Box& b : boxes) {
        // A box becomes one entry: the pixel-weighted mean of its colours.
        std::array<std::uint64_t, 4> sum{};
        std::uint64_t n = 0;
        for (std::size_t i = b.begin; i < b.end; ++i) {
            for (int ch = 0; ch < 4; ++ch) sum[ch] += std::uint64_t(rest[i].c[ch]) * rest[i].count;
            n += rest[i].count;
        }
        std::array<int, 4> pm{};
        for (int ch = 0; ch < 4; ++ch) pm[ch] = int((sum[ch] + n / 2) / n);
        const int a = pm[3];
        std::uint32_t colour = 0;
        if (a > 0) {
            auto straight = [&](int v) {
                return std::uint32_t(std::min(255, (v * 255 + a / 2) / a));
            };
            colour = straight(pm[0]) | straight(pm[1]) << 8 | straight(pm[2]) << 16 |
                     std::uint32_t(a) << 24;
        }
        for (std::size_t i = b.begin; i < b.end; ++i) {
            remap[rest[i].id] = static_cast<std::uint8_t>(palette.size());
        }
        palette.push_back(colour);
    }
    out = png_bytes(px, index, remap, palette);
    return Png8Result::quantised;
}

}  // namespace assetmap::tiles::detail
