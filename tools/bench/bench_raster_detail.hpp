#pragma once
/// @file Internal to assetmap_bench_raster (bench_raster.cpp, which parses the options and
/// runs the in-process stage): the options, the atlas read as the renderer's layers and
/// written as GeoJSON for the peer (bench_raster_data.cpp), the python3-mapnik peer
/// (bench_raster_peer.cpp) and the whole-process runs (bench_raster_whole.cpp).

#include <assetmap/core/geometry.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

namespace assetmap::bench::raster {

namespace fs = std::filesystem;

/// Every option of assetmap_bench_raster (see kUsage in bench_raster.cpp).
struct Config {
    std::string atlas = "/tmp/atlas/newport.gpkg";
    std::string indicator = "asset_index";
    std::uint8_t min_z = 10, max_z = 16;
    unsigned threads = 2;
    unsigned metatile = 8;
    unsigned scale = 1;
    tiles::RasterEncoding encoding = tiles::RasterEncoding::png8;
    std::size_t classes = 5;
    tiles::ClassMethod method = tiles::ClassMethod::quantiles;
    bool assets = true;
    bool peer = true;
    unsigned repeat = 1;
    std::string work_dir = "/tmp/assetmap_bench_raster";
    std::string save_dir;
    bool whole = true;
    std::string assetmap_exe = ASSETMAP_BENCH_ASSETMAP_EXE;
};

/// The whole text of the file at `path`; throws input_error when it cannot be read.
std::string read_text(const std::string& path);

/// Writes `text` to `path`; throws io_error when it cannot.
void write_text(const fs::path& path, const std::string& text);

/// areas.geojson, area_labels.geojson and assets.geojson in `dir` (EPSG:3857 metres).
void write_geojson(const fs::path& dir, const tiles::RasterLayers& layers);

/// The atlas as the renderer draws it.
struct Loaded {
    tiles::RasterLayers layers;
    tiles::Choropleth choropleth;
    BoxLonLat bounds;
    std::size_t null_areas = 0;
};

/// Reads the areas (and the assets unless --no-assets) of cfg.atlas in EPSG:3857 and classes
/// the indicator.
Loaded load(const Config& cfg);

/// What the peer reported (or why it did not).
struct PeerFigure {
    bool ok = false;
    std::string reason;
    std::uint64_t tiles = 0, written = 0, bytes = 0;
    double seconds = 0;
};

/// The peer's arguments (python3 and the script first).
std::vector<std::string> peer_argv(const Config& cfg, const fs::path& work, unsigned repeat);

/// "key value" lines of the peer's output.
PeerFigure parse_peer(std::istream& in);

/// Runs the peer on `ranges` with the style and GeoJSON in `work`.
PeerFigure run_peer(const Config& cfg, const fs::path& work,
                    const std::vector<tiles::TileRange>& ranges);

/// The whole-process comparison (bench_raster_whole.cpp); returns the exit code.
int run_whole(const Config& cfg, const fs::path& work);

}  // namespace assetmap::bench::raster
