#pragma once
/// @file The tile sets an atlas folder holds (the MBTiles, PMTiles and z/x/y folders `run`
/// and `tiles` write), served from memory, plus raster choropleths of every indicator
/// rendered on demand (Mapnik) into a bounded LRU cache for the zooms no archive holds.

#include <assetmap/serve/geo_layers.hpp>
#include <assetmap/serve/tile_changes.hpp>
#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/tileset_metadata.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::atlas {
class Atlas;
}

namespace assetmap::serve {

/// One tile request, parsed from `/tiles/{tileset}/{z}/{x}/{y}[@2x].{png|mvt|pbf}`.
struct TileRequest {
    std::string tileset;
    tiles::TileId tile;
    unsigned scale = 1;  ///< 2 for "@2x" (512 px raster tiles)
    std::string ext;     ///< "png", "mvt" or "pbf"
};

/// The outcome of parsing a tile path: a request, or the status and message to answer with
/// (400 for a malformed or out-of-range z/x/y, 404 for a path that names no tile).
struct TilePathParse {
    std::optional<TileRequest> request;
    unsigned status = 0;
    std::string message;
};

/// Parses the part after "/tiles/" ("{tileset}/{z}/{x}/{y}.{ext}"). z ≤ 24 and x, y < 2^z,
/// else 400; digits only (no sign, no spaces).
TilePathParse parse_tile_path(std::string_view rest);

/// What a tile request gets.
struct TileAnswer {
    unsigned status = 200;  ///< 200, 204 (empty tile inside the bounds), 400, 404, 500
    std::shared_ptr<const std::string> bytes;  ///< the tile as stored (200 only)
    std::string etag;                          ///< strong entity tag of `bytes`
    bool gzip = false;                         ///< bytes are gzip-compressed (MVT)
    tiles::TileFormat format = tiles::TileFormat::png;
    bool rendered = false;                     ///< rendered now (not from an archive/cache)
    std::string message;                       ///< for 4xx/5xx, safe to send
};

/// A tile set as listed at /tiles.
struct TilesetInfo {
    std::string name;                   ///< URL name: the archive's stem, or <study>_<column>
    tiles::TilesetMetadata metadata;    ///< as served (zooms include rendered ones)
    std::string archive;                ///< the archive's file name; "" when rendered only
    std::uint8_t archive_min_zoom = 0, archive_max_zoom = 0;  ///< when `archive` is set
    std::uint64_t archive_tiles = 0;
    bool preloaded = false;             ///< the archive's tiles are held in memory
    std::string indicator;              ///< raster: the area column drawn; "" otherwise
    bool rendered = false;              ///< zooms outside the archive are rendered on demand
};

/// Options of the tile service.
struct TileServiceOptions {
    /// Archives are read into memory whole while their total file size stays below this;
    /// larger ones are read tile by tile from the file (still thread-safe).
    std::uint64_t preload_max_bytes = std::uint64_t(1) << 30;
    std::uint8_t render_max_zoom = 18;  ///< highest zoom rendered on demand
    std::size_t raster_cache_bytes = std::size_t(64) << 20;  ///< LRU of rendered tiles
    std::string styles_dir;             ///< folder of raster.xml.in, hatch.png, markers/
    bool render = true;                 ///< false: archives only (no on-demand raster)
};

/// Every tile set of an atlas folder. Immutable after construction apart from its caches,
/// which are thread-safe: share it between threads freely.
class TileService {
public:
    /// Opens every `*.pmtiles`, `*.mbtiles` and z/x/y folder (with `metadata.json`) directly
    /// in `folder` (a name seen twice keeps the first in that order), and, when `atlas` and
    /// `areas`/`assets` are given and options.render is set, a rendered raster tile set for
    /// each indicator column, domain score and the asset index (`<study>_<column>`; an
    /// archive of that name gains rendering for its missing zooms). Throws io_error for an
    /// archive that cannot be read (naming it).
    TileService(const std::filesystem::path& folder, const atlas::Atlas* atlas,
                const LayerLonLat* areas, const LayerLonLat* assets,
                TileServiceOptions options);
    /// After asset edits: the tile sets of `previous` (archives shared, not read again) over
    /// a new atlas. Tiles that meet `stale` — what differs between the archives' atlas and
    /// this one — are drawn from this atlas (raster rendered, vector encoded) instead of the
    /// archives; cached tiles that meet `changed` (this edit's change) are dropped, the rest
    /// kept. `version` (the last edit id) is added to the TileJSON tile URLs as `?v=`, so
    /// clients fetch the new tiles.
    TileService(const TileService& previous, const atlas::Atlas* atlas, const LayerLonLat* areas,
                const LayerLonLat* assets, const TileChanges& stale, const TileChanges& changed,
                std::uint64_t version);
    ~TileService();
    TileService(const TileService&) = delete;
    TileService& operator=(const TileService&) = delete;

    /// Tile sets in name order.
    const std::vector<TilesetInfo>& tilesets() const noexcept;
    const TilesetInfo* find(std::string_view name) const;

    /// Answers one tile request (rendering it when needed; render failures give 500 with a
    /// generic message and are rethrown only as the message of `note`).
    TileAnswer tile(const TileRequest& request, std::string* note = nullptr) const;
    /// True when answering needs a render (the tile is neither archived nor cached).
    bool needs_render(const TileRequest& request) const;

    /// The TileJSON 3.0 document of a tile set with absolute tile URLs under `base_url`
    /// (e.g. "http://127.0.0.1:8080"); nullopt for an unknown name.
    std::optional<std::string> tilejson(std::string_view name, const std::string& base_url) const;

    /// The drawable raster columns (empty when nothing is rendered).
    std::vector<std::string> raster_columns() const;

    /// Rendered-tile cache: bytes held, entries, hits and misses.
    std::size_t cache_bytes() const;
    std::size_t cache_entries() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::serve
