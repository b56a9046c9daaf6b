#pragma once
/// @file `assetmap tiles vector|raster`: tile sets from a measured atlas.

#include <assetmap/core/progress.hpp>
#include <assetmap/io/output_paths.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace assetmap::tools {

class Console;

struct TilesArgs {
    std::string atlas;        ///< the GeoPackage of `run` or `measure`
    std::string output;       ///< .mbtiles, .pmtiles or a folder
    std::string zoom;         ///< "6-15"
    std::string bbox;         ///< "W,S,E,N" in degrees; empty = the atlas's bounds
    std::string indicator;    ///< raster: the area column to colour
    std::string classes = "quantile";  ///< raster: quantile or jenks
    int scale = 1;            ///< raster: 1 (256 px) or 2 (@2x, 512 px)
    bool png32 = false;       ///< raster: 32-bit PNG instead of PNG8
    unsigned threads = 0;     ///< 0 = all cores
    std::uint64_t max_tiles = 2'000'000;  ///< refuse larger runs
    std::string shard;        ///< "i/n": only the i-th of n shards (empty = every tile)
    std::string name;         ///< tile set name; default from the study's title
    std::string description;  ///< one line; default from the study and the indicator
    std::string attribution;  ///< default: the atlas's attribution (its sources' lines)
    /// vector: the same tiles also written to these containers (no TileJSON of their own),
    /// e.g. an MBTiles copy of a PMTiles set for GDAL 3.6 and QGIS, which read no PMTiles.
    std::vector<std::string> copies;
    std::vector<io::InputFile> inputs;    ///< files read besides the atlas (run: the study's)
};

struct AtlasSource;

/// `atlas`: the atlas already read (several tile sets of one atlas read it once), else null.
int tiles_vector_command(const TilesArgs& args, Console& console,
                         const AtlasSource* atlas = nullptr);
int tiles_raster_command(const TilesArgs& args, Console& console,
                         const AtlasSource* atlas = nullptr);

struct TilesMergeArgs {
    std::string output;               ///< the merged tile set (.mbtiles, .pmtiles, folder)
    std::vector<std::string> inputs;  ///< the shards
};

/// `assetmap tiles merge -o OUT SHARD…`: the tiles of every shard into one tile set with their
/// (equal) metadata, named after OUT as an unsharded run names it; a TileJSON (and a raster
/// legend, copied) beside it. The same bytes as the unsharded run. Refuses shards of
/// different tile sets (format, zooms, bounds, layers) and a tile found in two shards with
/// different bytes.
int tiles_merge_command(const TilesMergeArgs& args, Console& console);

/// The `tiles` command and its subcommands.
struct TilesCommands {
    CLI::App* tiles = nullptr;
    CLI::App* vector = nullptr;
    CLI::App* raster = nullptr;
    CLI::App* merge = nullptr;
};

/// Adds `tiles` with `vector`, `raster` and `merge` and their options to `app`, bound to
/// `args` and `merge` (the full tool and the raster front parse the same command line the
/// same way).
TilesCommands add_tiles_commands(CLI::App& app, TilesArgs& args, TilesMergeArgs& merge);

/// The main job's default tile sets for an atlas, into `dir`: vector tiles of every
/// indicator (`<stem>_vector.pmtiles` for web maps and the same tiles as
/// `<stem>_vector.mbtiles` for GDAL and QGIS, z6–15) with a MapLibre style
/// (`<stem>_style.json`, coloured by the asset index), and raster tiles of the asset index and each domain score
/// (`<stem>_<indicator>.mbtiles`, z10–14, with legends); TileJSON beside each. `stage`
/// (optional) is called as "vector tiles" and each "raster tiles <indicator>" begin. No
/// output may be the atlas or one of `inputs` (the study's).
void write_default_tiles(const std::string& atlas, const std::string& dir,
                         const std::string& stem, unsigned threads, Console& console,
                         const StageFn& stage = {},
                         const std::vector<io::InputFile>& inputs = {});

}  // namespace assetmap::tools
