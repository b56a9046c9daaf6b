#pragma once
/// @file Raster tiles with Mapnik: metatiles rendered by N threads (one mapnik::Map each),
/// cut into 256 px (scale 1) or 512 px (@2x) PNG tiles handed over in (z, x, y) order.
/// No Mapnik type appears here: the implementation (tile_renderer.cpp) is the only
/// translation unit that includes the heavy rendering headers.
///
/// Process-wide set-up (fonts, input plugins) is the tool's job: call
/// register_mapnik_fonts_and_plugins() (mapnik_setup.hpp) once in main before rendering.

#include <assetmap/core/geometry.hpp>
#include <assetmap/tiles/tile_math.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::tiles {

/// One area of the choropleth. Coordinates are **Web Mercator metres** (EPSG:3857).
struct RasterArea {
    std::string code;
    std::string name;
    std::optional<double> value;  ///< the indicator; nullopt = no data (drawn grey, hatched)
    int class_index = -1;         ///< class_of(value) (−1 for no data): attribute `class`
    MultiPolygonM shape;          ///< Web Mercator metres
};

/// One asset symbol. `position` is in **Web Mercator metres** (EPSG:3857).
struct RasterAsset {
    std::string category;
    std::string domain;
    std::string name;
    PointM position;
};

/// The data drawn by a raster style: memory datasources, no file I/O.
struct RasterLayers {
    /// Attribute name of RasterArea::value in the style (the choropleth's indicator).
    std::string indicator = "value";
    std::vector<RasterArea> areas;    ///< style layers "areas" and "area-labels"
    std::vector<RasterAsset> assets;  ///< style layers "assets" and "asset-labels"
};

/// PNG flavour of the tiles.
enum class RasterEncoding {
    /// 8-bit palette. A tile with at most 256 distinct colours (most map tiles) is written
    /// with exactly those colours (lossless; bit depth 1, 2, 4 or 8; first-appearance
    /// order); a tile with more goes through Mapnik's "png8:m=h" (hextree quantiser).
    png8,
    png8_hextree,  ///< 8-bit palette, always Mapnik "png8:m=h" (what a naive loop writes)
    png32,         ///< 32-bit RGBA, Mapnik "png32"
};

/// How tiles are rendered.
struct RasterOptions {
    unsigned scale = 1;         ///< 1: 256 px tiles; 2: 512 px "@2x" tiles (scale_factor 2)
    unsigned metatile = 8;      ///< metatile side in tiles (8 → 8×8 tiles per render)
    /// Pixels around a metatile, at scale 1: features there are drawn (clipped to the image)
    /// and labels there are placed, so keep it above half the widest label plus its margin.
    unsigned buffer_px = 128;
    RasterEncoding encoding = RasterEncoding::png8;
    unsigned threads = 1;       ///< render threads, one mapnik::Map each
    bool skip_empty = true;     ///< do not hand over fully transparent tiles
    /// Metatiles that lie, with twice the buffer around them, wholly inside one area drawn
    /// only with plain fills and outlines, with no asset, label point or other area within
    /// reach, are not rendered: every tile is one colour, taken once per area and zoom from
    /// one tile rendered alone and encoded like any tile. The bytes are the same either way
    /// (tested); false renders every metatile.
    bool uniform_shortcut = true;
    /// Give each style layer, at each zoom, only the features that a rule active at that
    /// zoom may apply to (its filter holds, or an else/also rule) and that lie within reach
    /// of the rendered tiles (the zoom's range with twice the buffer around it); the others
    /// would draw nothing and take no place in label placement. The bytes are the same
    /// either way (tested); false gives every feature at every zoom.
    bool select_features = true;
    /// Render only this shard's metatiles (tile_shard with block = metatile): the shards of
    /// one tile set together give exactly the unsharded tiles, byte for byte.
    TileShard shard;
};

/// Progress of a render, reported on the calling thread.
struct RasterProgress {
    std::uint64_t tiles_done = 0;     ///< tiles rendered and handed over or skipped
    std::uint64_t tiles_total = 0;
    std::uint64_t tiles_written = 0;  ///< tiles handed to the sink so far
    double seconds = 0.0;             ///< wall time since the start
    double tiles_per_s = 0.0;         ///< tiles_done / seconds
};

/// Counts and time of a finished render.
struct RasterStats {
    std::uint64_t tiles_total = 0;      ///< tiles in the requested ranges
    std::uint64_t tiles_written = 0;    ///< handed to the sink
    std::uint64_t tiles_empty = 0;      ///< fully transparent (skipped when skip_empty)
    std::uint64_t tiles_repeated = 0;   ///< written with bytes equal to an earlier tile's
    std::uint64_t bytes_written = 0;
    std::uint64_t metatiles = 0;        ///< metatiles in the plan
    std::uint64_t metatiles_rendered = 0;  ///< of which rendered by Mapnik
    std::uint64_t metatiles_uniform = 0;   ///< of which one area's colour (uniform_shortcut)
    /// Features given to Mapnik's layers, summed over the zooms (select_features)
    std::uint64_t features_given = 0;
    double seconds = 0.0;               ///< wall time
    double tiles_per_s() const { return seconds > 0 ? double(tiles_total) / seconds : 0.0; }
};

/// Receives each tile once, in ascending (z, x, y) order, on the calling thread. The bytes
/// are a complete PNG file. A store deduplicates equal bytes (RasterStats counts them).
using TileSink = std::function<void(const TileId& tile, const std::string& png)>;
using RasterProgressFn = std::function<void(const RasterProgress& progress)>;

/// The ranges of tiles over a lon/lat box for zooms min_z..max_z (tiles_covering per zoom).
std::vector<TileRange> tile_ranges(const BoxLonLat& box, std::uint8_t min_z, std::uint8_t max_z);

/// The Web Mercator box beyond which no feature of the style layers `layers` (e.g.
/// {"assets", "asset-labels"}) can change a tile of `ranges` rendered with `options`: the
/// union, over the zooms where a rule of those layers is active, of the zoom's range with
/// twice the buffer around it; nullopt when they draw at none of the zooms. A tool reads
/// only the features meeting it (same tiles, less to read). Throws render_error when Mapnik
/// refuses the style.
std::optional<BoxMercator> raster_layer_reach(const std::string& style_xml,
                                              const std::string& base_path,
                                              const std::vector<std::string>& layers,
                                              const std::vector<TileRange>& ranges,
                                              const RasterOptions& options);

/// Renders raster tiles of one style over one data set. Construction parses the style once
/// (strict: an unknown attribute or symbolizer is an error) to report problems early; each
/// render thread then loads its own mapnik::Map from the same XML and attaches memory
/// datasources sharing the (read-only) features.
///
/// Metatiles are aligned to multiples of `metatile` tiles and clipped to the requested
/// range; each is rendered with `buffer_px · scale` pixels around it and then cut, so
/// symbols and labels are whole across the tile edges inside a metatile. Across metatile
/// edges, area names (one fixed point per area, label_point) are drawn whole by both
/// neighbours within the buffer, and the style's asset names use avoid-edges. Output bytes
/// depend only on the style, the data, the ranges and the options — not on the thread count
/// or timing.
class TileRenderer {
public:
    /// `style_xml`: a complete Mapnik XML (build_raster_style). `base_path`: the folder that
    /// relative files in the style (hatch.png, markers/) are read from. Throws render_error
    /// when Mapnik refuses the style (its message included) or a style layer other than
    /// areas, area-labels, assets and asset-labels has no datasource of its own;
    /// config_error for a bad indicator name.
    TileRenderer(std::string style_xml, RasterLayers layers, std::string base_path);
    ~TileRenderer();
    TileRenderer(TileRenderer&&) noexcept;
    TileRenderer& operator=(TileRenderer&&) noexcept;
    TileRenderer(const TileRenderer&) = delete;
    TileRenderer& operator=(const TileRenderer&) = delete;

    /// Renders every tile of `ranges` (ascending zoom, as tile_ranges returns them) and hands
    /// non-empty tiles to `sink` in (z, x, y) order. Throws render_error (no partial
    /// guarantees: tiles already handed over stay handed over); an exception thrown by
    /// `sink` or `progress` stops the render and is rethrown.
    RasterStats render(const std::vector<TileRange>& ranges, const RasterOptions& options,
                       const TileSink& sink, const RasterProgressFn& progress = {}) const;

    /// One tile rendered alone (a 1×1 metatile with the buffer), PNG bytes even when empty;
    /// `empty`, when given, is set to whether every pixel is transparent. Thread-safe: the
    /// Mapnik maps of finished calls are kept and reused (a tile server calls this per
    /// request).
    std::string render_tile(const TileId& tile, const RasterOptions& options,
                            bool* empty = nullptr) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::tiles
