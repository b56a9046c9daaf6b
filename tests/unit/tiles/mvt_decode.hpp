#pragma once
// A tiny MVT 2.1 decoder for the tests (protozero's pbf_reader), independent of the encoder:
// it reads the wire format back into plain values, so tests can compare command integers,
// coordinates, winding and attribute tables with numbers worked out by hand.

#include <zlib.h>

#include <array>
#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/vector_layer.hpp>
#include <cstdint>
#include <map>
#include <protozero/pbf_reader.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mvt_test {

struct Value {
    int wire_field = 0;  // 1 string, 2 float, 3 double, 4 int, 5 uint, 6 sint, 7 bool
    assetmap::tiles::VtValue value;
};

struct Feature {
    std::uint64_t id = 0;
    bool has_id = false;
    std::uint32_t type = 0;
    std::vector<std::uint32_t> tags;
    std::vector<std::uint32_t> geometry;
};

struct Layer {
    std::uint32_t version = 1;  // the proto default
    std::string name;
    std::uint32_t extent = 4096;
    std::vector<std::string> keys;
    std::vector<Value> values;
    std::vector<Feature> features;

    /// The feature's attributes by key.
    std::map<std::string, assetmap::tiles::VtValue> attributes(const Feature& f) const {
        std::map<std::string, assetmap::tiles::VtValue> out;
        for (std::size_t i = 0; i + 1 < f.tags.size(); i += 2)
            out[keys.at(f.tags[i])] = values.at(f.tags[i + 1]).value;
        return out;
    }
};

inline Value decode_value(protozero::pbf_reader msg) {
    Value v;
    while (msg.next()) {
        v.wire_field = int(msg.tag());
        switch (msg.tag()) {
            case 1:
                v.value = msg.get_string();
                break;
            case 2:
                v.value = double(msg.get_float());
                break;
            case 3:
                v.value = msg.get_double();
                break;
            case 4:
                v.value = msg.get_int64();
                break;
            case 5:
                v.value = std::int64_t(msg.get_uint64());
                break;
            case 6:
                v.value = msg.get_sint64();
                break;
            case 7:
                v.value = std::int64_t(msg.get_bool());
                break;
            default:
                msg.skip();
        }
    }
    return v;
}

inline std::vector<Layer> decode_tile(std::string_view bytes) {
    std::vector<Layer> layers;
    protozero::pbf_reader tile(bytes.data(), bytes.size());
    while (tile.next()) {
        if (tile.tag() != 3) throw std::runtime_error("unexpected Tile field");
        protozero::pbf_reader lm = tile.get_message();
        Layer layer;
        while (lm.next()) {
            switch (lm.tag()) {
                case 15:
                    layer.version = lm.get_uint32();
                    break;
                case 1:
                    layer.name = lm.get_string();
                    break;
                case 5:
                    layer.extent = lm.get_uint32();
                    break;
                case 3:
                    layer.keys.push_back(lm.get_string());
                    break;
                case 4:
                    layer.values.push_back(decode_value(lm.get_message()));
                    break;
                case 2: {
                    protozero::pbf_reader fm = lm.get_message();
                    Feature f;
                    while (fm.next()) {
                        switch (fm.tag()) {
                            case 1:
                                f.id = fm.get_uint64();
                                f.has_id = true;
                                break;
                            case 2: {
                                const auto r = fm.get_packed_uint32();
                                f.tags.assign(r.begin(), r.end());
                                break;
                            }
                            case 3:
                                f.type = std::uint32_t(fm.get_enum());
                                break;
                            case 4: {
                                const auto r = fm.get_packed_uint32();
                                f.geometry.assign(r.begin(), r.end());
                                break;
                            }
                            default:
                                fm.skip();
                        }
                    }
                    layer.features.push_back(std::move(f));
                    break;
                }
                default:
                    lm.skip();
            }
        }
        layers.push_back(std::move(layer));
    }
    return layers;
}

using Vertex = std::array<std::int32_t, 2>;
using Part = std::vector<Vertex>;

/// Decodes the command stream: one part per MoveTo (points: one part holding every point
/// of the MoveTo); rings are returned open (ClosePath not repeated as a vertex).
inline std::vector<Part> decode_geometry(const std::vector<std::uint32_t>& g) {
    std::vector<Part> parts;
    std::int32_t x = 0, y = 0;
    auto unzig = [](std::uint32_t v) { return std::int32_t((v >> 1) ^ (~(v & 1) + 1)); };
    for (std::size_t i = 0; i < g.size();) {
        const std::uint32_t id = g[i] & 7u, count = g[i] >> 3;
        ++i;
        if (id == 7) continue;
        if (id == 1) parts.emplace_back();
        for (std::uint32_t k = 0; k < count; ++k) {
            x += unzig(g.at(i++));
            y += unzig(g.at(i++));
            parts.back().push_back({x, y});
        }
    }
    return parts;
}

/// Twice the surveyor's area of an open ring in tile coordinates (positive = clockwise,
/// y down: an MVT exterior ring).
inline long long area2(const Part& r) {
    long long a = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
        const Vertex& p = r[i];
        const Vertex& q = r[(i + 1) % r.size()];
        a += (long long)p[0] * q[1] - (long long)q[0] * p[1];
    }
    return a;
}

/// gunzip (or zlib-inflate) with zlib itself.
inline std::string gunzip(std::string_view in) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) throw std::runtime_error("inflateInit2");
    std::string out;
    char buf[16384];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = uInt(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw std::runtime_error("inflate failed");
        }
        out.append(buf, sizeof buf - zs.avail_out);
    }
    inflateEnd(&zs);
    return out;
}

/// Web Mercator metres of tile units (u, v) of `tile` (extent 4096): the inverse of the
/// encoder's mapping, written out independently for the tests.
inline assetmap::PointM at_units(const assetmap::tiles::TileId& t, double u, double v) {
    const double world = 2.0 * 20037508.342789244;
    const double unit = world / double(1u << t.z) / 4096.0;
    return {-world / 2.0 + (t.x * 4096.0 + u) * unit, world / 2.0 - (t.y * 4096.0 + v) * unit};
}

}  // namespace mvt_test
