#pragma once
/// @file Tile stores: where finished tiles go and come back from. One interface, three
/// containers chosen by the path's extension:
///
///  - `*.mbtiles` — MBTiles 1.3 (SQLite; TMS rows; `metadata` table; optional de-duplication
///    through `map` + `images` tables behind a `tiles` view),
///  - `*.pmtiles` — PMTiles v3 (one file; Hilbert tile ids; gzip directories),
///  - anything else — a folder of `z/x/y.png` or `z/x/y.pbf` files (XYZ rows) and a
///    `metadata.json`.
///
/// Every store writes the same bytes for the same tiles and metadata, whatever the order
/// of `put` calls (outputs are compared byte for byte).

#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/tileset_metadata.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::tiles {

/// The container a path names.
enum class TileStoreKind { mbtiles, pmtiles, folder };

/// `.mbtiles` → mbtiles, `.pmtiles` → pmtiles (case-insensitive), anything else → folder.
TileStoreKind tile_store_kind(const std::filesystem::path& path);

/// Options for writers.
struct TileStoreOptions {
    /// Store identical tile bytes once (MBTiles: `map` + `images` tables behind a `tiles`
    /// view; PMTiles: shared offsets and run lengths). The folder store always writes every
    /// file.
    bool deduplicate = true;
};

/// Receives finished tiles. `put` and `finish` are thread-safe (a mutex serialises them),
/// though the renderers call them from one writer thread.
///
/// MBTiles and PMTiles write to a temporary file beside the output and rename it over the
/// output in `finish`; a writer destroyed without `finish` leaves no output (and removes its
/// temporary files). The folder store writes each tile file at `put` and `metadata.json` at
/// `finish`.
class TileWriter {
  public:
    virtual ~TileWriter() = default;
    TileWriter() = default;
    TileWriter(const TileWriter&) = delete;
    TileWriter& operator=(const TileWriter&) = delete;

    /// Stores one tile (XYZ row). Empty `bytes` are not stored (PMTiles forbids zero-length
    /// tiles; readers then return nullopt for the tile). A second `put` of the same tile
    /// replaces the first. Throws io_error on a write failure or a tile outside its zoom's
    /// grid.
    virtual void put(const TileId& tile, std::string bytes) = 0;

    /// Writes the metadata and completes the output. `metadata.format` must equal the
    /// writer's format. Throws io_error; no `put` after it.
    virtual void finish(const TilesetMetadata& metadata) = 0;

    /// Tiles stored so far (distinct z/x/y).
    virtual std::uint64_t tile_count() const = 0;

    /// The output path.
    virtual const std::filesystem::path& path() const = 0;
};

/// Reads a finished tile set. All members are const and thread-safe.
class TileReader {
  public:
    virtual ~TileReader() = default;
    TileReader() = default;
    TileReader(const TileReader&) = delete;
    TileReader& operator=(const TileReader&) = delete;

    /// The tile's bytes as stored (still gzipped when the set's tile_compression is gzip);
    /// nullopt when the set has no such tile. Throws io_error on a read failure.
    virtual std::optional<std::string> get(const TileId& tile) const = 0;

    /// The set's metadata; `bounds` and `center` are always set.
    virtual TilesetMetadata metadata() const = 0;

    /// Every stored tile, sorted by (z, x, y).
    virtual std::vector<TileId> tile_ids() const = 0;
};

/// Opens a writer for `path` (kind by extension, see tile_store_kind). Fails early, before
/// any tile is made, with io_error when the output cannot be written: a read-only or
/// non-folder parent, a folder output that exists as a file, a file output that exists as a
/// folder. Missing parent folders are created.
std::unique_ptr<TileWriter> open_tile_writer(const std::filesystem::path& path, TileFormat format,
                                             const TileStoreOptions& options = {});

/// Opens a reader for `path` (kind by extension). io_error when it is missing, unreadable,
/// or not a valid store of that kind.
std::unique_ptr<TileReader> open_tile_reader(const std::filesystem::path& path);

}  // namespace assetmap::tiles
