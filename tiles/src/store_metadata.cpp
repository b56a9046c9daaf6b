// Tileset metadata for the tile stores (store_support.hpp): format and compression names,
// the MBTiles text forms, tile checks, the written tiles' extent and metadata completion.
#include <algorithm>
#include <assetmap/core/error.hpp>
#include <cctype>
#include <charconv>

#include "store_support.hpp"

namespace assetmap::tiles {

const char* to_string(TileFormat f) { return f == TileFormat::png ? "png" : "pbf"; }

const char* to_string(TileCompression c) { return c == TileCompression::gzip ? "gzip" : "none"; }

std::optional<TileFormat> parse_tile_format(const std::string& text) {
    if (text == "png") return TileFormat::png;
    if (text == "pbf" || text == "mvt") return TileFormat::pbf;
    return std::nullopt;
}

std::optional<TileCompression> parse_tile_compression(const std::string& text) {
    if (text == "none") return TileCompression::none;
    if (text == "gzip") return TileCompression::gzip;
    return std::nullopt;
}

}  // namespace assetmap::tiles

namespace assetmap::tiles::detail {

namespace fs = std::filesystem;

// --- metadata text forms --------------------------------------------------------------------

std::string bounds_text(const BoxLonLat& b) {
    return format_number(b.min_lon_deg) + "," + format_number(b.min_lat_deg) + "," +
           format_number(b.max_lon_deg) + "," + format_number(b.max_lat_deg);
}

std::string center_text(const TileCenter& c) {
    return format_number(c.lon_deg) + "," + format_number(c.lat_deg) + "," +
           std::to_string(unsigned(c.zoom));
}

namespace {

std::vector<double> parse_numbers(const std::string& s) {
    std::vector<double> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find(',', start);
        if (end == std::string::npos) end = s.size();
        std::size_t a = start, b = end;
        while (a < b && s[a] == ' ') ++a;
        while (b > a && s[b - 1] == ' ') --b;
        double v = 0;
        const auto r = std::from_chars(s.data() + a, s.data() + b, v);
        if (a == b || r.ec != std::errc() || r.ptr != s.data() + b) return {};
        out.push_back(v);
        start = end + 1;
    }
    return out;
}

std::optional<int> parse_int(const std::string& s) {
    int v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<BoxLonLat> parse_bounds_text(const std::string& s) {
    const auto v = parse_numbers(s);
    if (v.size() != 4) return std::nullopt;
    return BoxLonLat{v[0], v[1], v[2], v[3]};
}

std::optional<TileCenter> parse_center_text(const std::string& s) {
    const auto v = parse_numbers(s);
    if (v.size() != 3 || v[2] < 0 || v[2] > 30) return std::nullopt;
    return TileCenter{v[0], v[1], std::uint8_t(v[2])};
}

std::string vector_layers_or_empty(const TilesetMetadata& m, const fs::path& p) {
    if (m.vector_layers_json.empty()) return "[]";
    std::string_view t = m.vector_layers_json;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    if (t.empty() || t.front() != '[' || !is_valid_json(t))
        throw io_error(p.string() + ": vector_layers is not a JSON array: " +
                       m.vector_layers_json.substr(0, 80));
    return m.vector_layers_json;
}

std::vector<std::pair<std::string, std::string>> metadata_pairs(const TilesetMetadata& m,
                                                                const fs::path& p) {
    std::vector<std::pair<std::string, std::string>> kv;
    kv.emplace_back("name", m.name);
    kv.emplace_back("format", to_string(m.format));
    kv.emplace_back("bounds", bounds_text(m.bounds.value()));
    kv.emplace_back("center", center_text(m.center.value()));
    kv.emplace_back("minzoom", std::to_string(unsigned(m.min_zoom)));
    kv.emplace_back("maxzoom", std::to_string(unsigned(m.max_zoom)));
    kv.emplace_back("attribution", m.attribution);
    kv.emplace_back("description", m.description);
    kv.emplace_back("type", m.type);
    kv.emplace_back("version", m.version);
    kv.emplace_back("tile_compression", to_string(m.tile_compression));
    if (m.format == TileFormat::pbf)
        kv.emplace_back("json", "{\"vector_layers\":" + vector_layers_or_empty(m, p) + "}");
    return kv;
}

TilesetMetadata metadata_from_pairs(const std::map<std::string, std::string>& kv,
                                    const fs::path& p) {
    TilesetMetadata m;
    const auto get = [&kv](const char* key) -> const std::string* {
        const auto it = kv.find(key);
        return it == kv.end() ? nullptr : &it->second;
    };
    if (const auto* v = get("name")) m.name = *v;
    if (const auto* v = get("description")) m.description = *v;
    if (const auto* v = get("attribution")) m.attribution = *v;
    if (const auto* v = get("version")) m.version = *v;
    if (const auto* v = get("type")) m.type = *v;
    if (const auto* v = get("format")) {
        const auto f = parse_tile_format(*v);
        if (!f)
            throw io_error(p.string() + ": unsupported tile format '" + *v +
                           "' (png or pbf expected)");
        m.format = *f;
    }
    if (const auto* v = get("minzoom"))
        if (const auto z = parse_int(*v); z && *z >= 0 && *z <= 30) m.min_zoom = std::uint8_t(*z);
    if (const auto* v = get("maxzoom"))
        if (const auto z = parse_int(*v); z && *z >= 0 && *z <= 30) m.max_zoom = std::uint8_t(*z);
    if (const auto* v = get("bounds")) m.bounds = parse_bounds_text(*v);
    if (const auto* v = get("center")) m.center = parse_center_text(*v);
    if (const auto* v = get("tile_compression"))
        m.tile_compression = parse_tile_compression(*v).value_or(TileCompression::none);
    if (const auto* v = get("json")) {
        for (const auto& [key, raw] : parse_json_object(*v, p.string() + ": metadata 'json'"))
            if (key == "vector_layers") m.vector_layers_json = raw;
    }
    return m;
}

// --- tiles ----------------------------------------------------------------------------------

void check_tile(const TileId& t, const fs::path& p) {
    if (t.z > 30 || t.x >= (1u << t.z) || t.y >= (1u << t.z))
        throw io_error(p.string() + ": tile " + std::to_string(unsigned(t.z)) + "/" +
                       std::to_string(t.x) + "/" + std::to_string(t.y) +
                       " is outside its zoom's grid (x, y < 2^z, z <= 30)");
}

void TileExtent::add(const TileId& t) {
    const auto it = by_zoom_.find(t.z);
    if (it == by_zoom_.end()) {
        by_zoom_.emplace(t.z, Range{t.x, t.y, t.x, t.y});
        return;
    }
    Range& r = it->second;
    r.min_x = std::min(r.min_x, t.x);
    r.min_y = std::min(r.min_y, t.y);
    r.max_x = std::max(r.max_x, t.x);
    r.max_y = std::max(r.max_y, t.y);
}

BoxLonLat TileExtent::bounds() const {
    const auto& [z, r] = *by_zoom_.rbegin();
    const BoxLonLat nw = tile_bounds_lonlat({z, r.min_x, r.min_y});
    const BoxLonLat se = tile_bounds_lonlat({z, r.max_x, r.max_y});
    return {nw.min_lon_deg, se.min_lat_deg, se.max_lon_deg, nw.max_lat_deg};
}

TilesetMetadata complete_metadata(const TilesetMetadata& m, const TileExtent& extent,
                                  TileFormat writer_format, const fs::path& p) {
    if (m.format != writer_format)
        throw io_error(p.string() + ": metadata format '" + to_string(m.format) +
                       "' differs from the writer's '" + to_string(writer_format) + "'");
    if (m.min_zoom > m.max_zoom || m.max_zoom > 30)
        throw io_error(p.string() + ": metadata zooms " + std::to_string(unsigned(m.min_zoom)) +
                       "-" + std::to_string(unsigned(m.max_zoom)) + " are not a range within 0-30");
    TilesetMetadata out = m;
    if (!out.bounds)
        out.bounds = extent.empty()
                         ? BoxLonLat{-180, -mercator_max_lat_deg, 180, mercator_max_lat_deg}
                         : extent.bounds();
    if (!out.center) {
        const BoxLonLat& b = *out.bounds;
        out.center = TileCenter{(b.min_lon_deg + b.max_lon_deg) / 2,
                                (b.min_lat_deg + b.max_lat_deg) / 2, out.min_zoom};
    }
    if (out.format == TileFormat::png) out.vector_layers_json.clear();
    return out;
}

}  // namespace assetmap::tiles::detail
