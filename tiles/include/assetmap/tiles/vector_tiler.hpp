#pragma once
/// @file The vector tiler: every tile of a zoom range over a set of layers, encoded as MVT,
/// capped in size, gzipped and handed over in (z, x, y) order.
///
/// Per zoom, each feature is prepared once (projected to the zoom's grid and simplified,
/// see mvt_encoder.hpp) and its buffered bounding box is bucketed into the tiles it touches;
/// each tile then encodes only its own bucket. Tiles are encoded in parallel and handed to
/// the sink in order, so the output does not depend on the thread count.
///
/// **Size cap** (`max_tile_bytes`, measured on the bytes handed to the sink, i.e. after
/// gzip when `gzip` is set). A tile over the cap is re-encoded as follows:
///  1. Point features (of any layer) are ranked by their layer's `priority_field`
///     (ascending; null or non-numeric lowest), then id, then layer order, then input order.
///     The lowest-ranked are dropped, as few as needed (found by bisection) for the tile to
///     fit, polygons unchanged.
///  2. If the tile's polygons alone exceed the cap, polygon rings are simplified again with
///     the tolerance ×4, ×16, ×64, ×256; at the first level where the polygons alone fit,
///     as many of the highest-ranked points as fit are put back (step 1 at that level).
///  3. If even ×256 does not fit, every point is dropped and polygon features are dropped
///     the same way (ascending priority, then id) until the tile fits.
/// Every capped tile is listed in the stats with its sizes, features dropped and tolerance.

#include <assetmap/core/problem.hpp>
#include <assetmap/tiles/mvt_encoder.hpp>
#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/vector_layer.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::tiles {

/// Settings of a vector tile build.
struct VectorTilerOptions {
    std::uint32_t extent = 4096;  ///< tile units per tile side
    std::uint32_t buffer = 64;    ///< tile units kept around each tile (clipping, points)
    double tolerance = 1.0;       ///< Douglas–Peucker tolerance, tile units at each zoom
    std::size_t max_tile_bytes = 500 * 1024;  ///< size cap per tile, bytes as written
    bool gzip = true;      ///< gzip each tile (zlib level 6, mtime 0: deterministic)
    unsigned threads = 0;  ///< encoding threads; 0 = the hardware threads
    /// Refuse (config_error, before any tile is made) a build whose feature × tile pairs,
    /// summed over the zooms, exceed this: a guard against zoom ranges that would write
    /// billions of tiles.
    std::uint64_t max_bucket_entries = 200'000'000;
    /// Encode only this shard's tiles (tile_shard with blocks of 8 × 8 tiles); the shards of
    /// one tile set together give exactly the unsharded tiles.
    TileShard shard;
};

/// A tile the size cap changed.
struct CappedTile {
    TileId tile;
    std::size_t bytes_before = 0;        ///< as first encoded (after gzip when on)
    std::size_t bytes_after = 0;         ///< as written
    std::uint32_t points_dropped = 0;    ///< point features left out
    std::uint32_t polygons_dropped = 0;  ///< polygon features left out (rule step 3)
    double tolerance = 0.0;              ///< polygon tolerance used, tile units
};

/// Tiles and bytes of one zoom.
struct ZoomTileStats {
    std::uint8_t z = 0;
    std::uint64_t tiles = 0;
    std::uint64_t bytes = 0;
    std::size_t max_tile_bytes = 0;
};

/// What a build did.
struct VectorTileStats {
    std::uint64_t tiles_written = 0;     ///< tiles handed to the sink (empty tiles are skipped)
    std::uint64_t bytes_written = 0;     ///< their total size, bytes as written
    std::size_t max_tile_bytes = 0;      ///< the largest tile, bytes as written
    TileId max_tile;                     ///< which tile that is (the first of equals)
    std::uint64_t features_written = 0;  ///< feature occurrences over all tiles
    std::uint64_t features_dropped = 0;  ///< feature occurrences left out by the size cap
    std::uint64_t features_invalid = 0;  ///< features reported as problems and not used
    std::vector<CappedTile> capped;      ///< tiles changed by the size cap, in (z, x, y) order
    std::vector<ZoomTileStats> zooms;    ///< one per zoom of the range
};

/// Receives each finished tile, in (z, x, y) order, on the calling thread.
using VectorTileSink = std::function<void(const TileId& tile, std::string_view bytes)>;

/// Builds the tiles of zooms `min_zoom..max_zoom` (inclusive) over `layers` (each only at
/// its own min_zoom..max_zoom). Features with non-finite coordinates or coordinates outside
/// Web Mercator's ±20037508.34 m, with both points and polygons, with neither, or with more
/// values than their layer has fields are reported to `problems` (source "vector tiles", the
/// layer name and feature id) and left out.
/// Throws config_error for bad options (extent 0, buffer > extent, max_zoom > 24,
/// min_zoom > max_zoom) or when the build exceeds `max_bucket_entries`; exceptions thrown
/// by the sink propagate.
VectorTileStats build_vector_tiles(const std::vector<VtLayer>& layers, std::uint8_t min_zoom,
                                   std::uint8_t max_zoom, const VectorTilerOptions& options,
                                   const VectorTileSink& sink, ProblemReport& problems);

/// The TileJSON 3.0 `vector_layers` array for these layers, as compact JSON text: per layer
/// `id`, `fields` (name → "String" / "Number", from the values present; a field never set
/// is "String"), `minzoom` and `maxzoom` (the layer's range within min_zoom..max_zoom).
std::string vector_layers_json(const std::vector<VtLayer>& layers, std::uint8_t min_zoom,
                               std::uint8_t max_zoom);

/// Web Mercator bounds of every finite vertex of the layers; nullopt when there is none.
std::optional<BoxMercator> layers_bounds(const std::vector<VtLayer>& layers);

}  // namespace assetmap::tiles
