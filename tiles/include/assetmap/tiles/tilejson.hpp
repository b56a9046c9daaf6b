#pragma once
/// @file TileJSON 3.0.0 (github.com/mapbox/tilejson-spec, 3.0.0/README.md) for a tile set, and
/// the `<stem>.tilejson` file written beside each tile set.

#include <assetmap/tiles/tileset_metadata.hpp>
#include <filesystem>
#include <string>
#include <vector>

namespace assetmap::tiles {

/// The TileJSON document: tilejson "3.0.0", tiles, name, description, version, attribution,
/// scheme "xyz", minzoom, maxzoom, bounds and center (when set), and for pbf the
/// vector_layers array (`[]` when the metadata has none). Keys in a fixed order, numbers in
/// a fixed format, one trailing newline: the same metadata gives the same bytes.
std::string tilejson(const TilesetMetadata& metadata, const std::vector<std::string>& tile_urls);

/// Tile URL templates relative to the TileJSON file beside `tileset`:
///  folder `out/raster` → `raster/{z}/{x}/{y}.png`;
///  `out/vector.pmtiles` → `pmtiles://vector.pmtiles/{z}/{x}/{y}` (the pmtiles JS protocol);
///  `out/raster.mbtiles` → `raster/{z}/{x}/{y}.png` (as a tile server serving the MBTiles
///  under its stem would answer; an MBTiles file is not readable by a browser directly).
std::vector<std::string> default_tile_urls(const std::filesystem::path& tileset, TileFormat format);

/// `out/raster.mbtiles` → `out/raster.tilejson`; folder `out/raster` → `out/raster.tilejson`.
std::filesystem::path tilejson_path(const std::filesystem::path& tileset);

/// Writes tilejson(metadata, urls) to tilejson_path(tileset); `tile_urls` empty → the
/// default_tile_urls. Returns the path written; io_error when it cannot be written.
std::filesystem::path write_tilejson(const std::filesystem::path& tileset,
                                     const TilesetMetadata& metadata,
                                     const std::vector<std::string>& tile_urls = {});

}  // namespace assetmap::tiles
