#pragma once
/// @file What a tile set says about itself: the fields shared by MBTiles 1.3 `metadata`, the
/// PMTiles v3 header and JSON metadata, a folder's `metadata.json` and TileJSON 3.0.

#include <assetmap/core/geometry.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace assetmap::tiles {

/// The encoding of every tile in a set.
enum class TileFormat {
    png,  ///< raster tiles, PNG (PNG8 or 32-bit)
    pbf,  ///< Mapbox Vector Tiles (MVT 2.1), protobuf
};

/// How the tile bytes themselves are compressed (as stored; readers return them as stored).
enum class TileCompression {
    none,  ///< stored as encoded (always for PNG)
    gzip,  ///< gzip-wrapped (the MBTiles convention for MVT)
};

/// "png" or "pbf": the MBTiles `format` value and the folder store's file extension.
const char* to_string(TileFormat f);
/// "none" or "gzip".
const char* to_string(TileCompression c);
/// Parses "png" / "pbf" (also "mvt"); nullopt otherwise.
std::optional<TileFormat> parse_tile_format(const std::string& text);
/// Parses "none" / "gzip"; nullopt otherwise.
std::optional<TileCompression> parse_tile_compression(const std::string& text);

/// The default view of a tile set: a point (WGS84 degrees, lon first) and a zoom level.
struct TileCenter {
    double lon_deg = 0.0;
    double lat_deg = 0.0;
    std::uint8_t zoom = 0;
};

/// Metadata of a tile set. Writers take it at `finish`; readers return it.
struct TilesetMetadata {
    std::string name;         ///< short human-readable name
    std::string description;  ///< one line
    std::string attribution;  ///< HTML allowed, as in MBTiles/TileJSON (e.g. "© OpenStreetMap")
    std::string version = "1.0.0";  ///< revision of the tile set (a version string)
    std::string type = "overlay";   ///< "overlay" or "baselayer"
    TileFormat format = TileFormat::png;
    std::uint8_t min_zoom = 0;
    std::uint8_t max_zoom = 0;
    /// Extent in WGS84 degrees; nullopt → writers use the union of the tiles written.
    std::optional<BoxLonLat> bounds;
    /// Default view; nullopt → writers use the middle of `bounds` at `min_zoom`.
    std::optional<TileCenter> center;
    /// For pbf: the TileJSON `vector_layers` JSON array as text, e.g.
    /// `[{"id":"areas","fields":{"name":"String"},"minzoom":6,"maxzoom":15}]`.
    /// Stored verbatim; empty means `[]`.
    std::string vector_layers_json;
    /// Compression of the tile bytes handed to the writer (PMTiles header, `metadata.json`).
    TileCompression tile_compression = TileCompression::none;
};

}  // namespace assetmap::tiles
