#include <assetmap/core/error.hpp>
#include <assetmap/tiles/tile_store.hpp>
#include <assetmap/tiles/tilejson.hpp>

#include "store_support.hpp"

namespace assetmap::tiles {

namespace fs = std::filesystem;
using detail::format_number;
using detail::json_quote;

std::string tilejson(const TilesetMetadata& m, const std::vector<std::string>& tile_urls) {
    std::string j = "{\n";
    const auto field = [&j](const char* key, const std::string& json_value) {
        j += std::string("  \"") + key + "\": " + json_value + ",\n";
    };
    field("tilejson", "\"3.0.0\"");
    field("name", json_quote(m.name));
    field("description", json_quote(m.description));
    field("version", json_quote(m.version));
    field("attribution", json_quote(m.attribution));
    field("scheme", "\"xyz\"");
    std::string urls = "[";
    for (std::size_t i = 0; i < tile_urls.size(); ++i)
        urls += (i ? ", " : "") + json_quote(tile_urls[i]);
    field("tiles", urls + "]");
    field("minzoom", std::to_string(unsigned(m.min_zoom)));
    field("maxzoom", std::to_string(unsigned(m.max_zoom)));
    if (m.bounds)
        field("bounds", "[" + format_number(m.bounds->min_lon_deg) + ", " +
                            format_number(m.bounds->min_lat_deg) + ", " +
                            format_number(m.bounds->max_lon_deg) + ", " +
                            format_number(m.bounds->max_lat_deg) + "]");
    if (m.center)
        field("center", "[" + format_number(m.center->lon_deg) + ", " +
                            format_number(m.center->lat_deg) + ", " +
                            std::to_string(unsigned(m.center->zoom)) + "]");
    if (m.format == TileFormat::pbf)
        field("vector_layers", detail::vector_layers_or_empty(m, m.name));
    field("format", json_quote(to_string(m.format)));
    j.erase(j.size() - 2, 1);  // the last ","
    j += "}\n";
    return j;
}

namespace {

fs::path strip_trailing_slash(const fs::path& p) {
    fs::path n = p.lexically_normal();
    if (n.filename().empty() && n.has_parent_path()) n = n.parent_path();
    return n;
}

}  // namespace

std::vector<std::string> default_tile_urls(const fs::path& tileset, TileFormat format) {
    const fs::path t = strip_trailing_slash(tileset);
    const std::string ext = to_string(format);
    switch (tile_store_kind(t)) {
        case TileStoreKind::pmtiles:
            return {"pmtiles://" + t.filename().string() + "/{z}/{x}/{y}"};
        case TileStoreKind::mbtiles:
            return {t.stem().string() + "/{z}/{x}/{y}." + ext};
        case TileStoreKind::folder:
            break;
    }
    return {t.filename().string() + "/{z}/{x}/{y}." + ext};
}

fs::path tilejson_path(const fs::path& tileset) {
    const fs::path t = strip_trailing_slash(tileset);
    const std::string base =
        tile_store_kind(t) == TileStoreKind::folder ? t.filename().string() : t.stem().string();
    return t.parent_path() / (base + ".tilejson");
}

fs::path write_tilejson(const fs::path& tileset, const TilesetMetadata& metadata,
                        const std::vector<std::string>& tile_urls) {
    const fs::path out = tilejson_path(tileset);
    detail::write_file_atomic(
        out, tilejson(metadata,
                      tile_urls.empty() ? default_tile_urls(tileset, metadata.format) : tile_urls));
    return out;
}

}  // namespace assetmap::tiles
