/// @file add_tiles_commands (see tiles_command.hpp): the options of `tiles vector`, `tiles
/// raster` and `tiles merge`, for the full tool (cli.cpp) and the raster front.

#include "exit_codes.hpp"
#include "option_checks.hpp"
#include "tiles_command.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace assetmap::tools {

TilesCommands add_tiles_commands(CLI::App& app, TilesArgs& args, TilesMergeArgs& merge) {
    auto* tls = app.add_subcommand("tiles", "Map tiles from a measured atlas (the GeoPackage of "
                                            "run or measure)");
    tls->require_subcommand(1);
    auto add_tile_options = [&args](CLI::App* cmd, const char* zoom_default) {
        cmd->add_option("atlas", args.atlas, "The atlas GeoPackage (assetmap run/measure)")
            ->required();
        cmd->add_option("-o,--output", args.output,
                        "Output: .mbtiles (MBTiles 1.3), .pmtiles (PMTiles v3) or a folder "
                        "(z/x/y files; a path without extension); a TileJSON is written "
                        "beside it; another extension is refused (exit 2)")
            ->required();
        cmd->add_option("--zoom", args.zoom, std::string("Zoom range MIN-MAX (default ") +
                                                        zoom_default + ")");
        cmd->add_option("--bbox", args.bbox,
                        "W,S,E,N in degrees: tile only this part of the atlas (default: all)");
        cmd->add_option("--threads", args.threads,
                        "Threads (default: all cores; at most 4 × cores)")
            ->check(whole_number_in(0, 1000000));
        cmd->add_option("--max-tiles", args.max_tiles,
                        "Refuse runs that would write more tiles (default 2,000,000)")
            ->check(whole_number_in(1, 1000000000000ULL));
        cmd->add_option("--shard", args.shard,
                        "I/N: write only the I-th of N shards (independent jobs; join them with "
                        "`tiles merge`)");
        cmd->add_option("--name", args.name,
                        "Tile set name in the TileJSON and the container (default from the "
                        "study's title)");
        cmd->add_option("--description", args.description,
                        "One-line description (default from the study and the indicator)");
        cmd->add_option("--attribution", args.attribution,
                        "Attribution (HTML allowed; default: the atlas's sources' lines)");
        cmd->footer(exit_code_help);
    };
    auto* tvec = tls->add_subcommand(
        "vector", "Vector tiles (MVT, gzip) with layers areas (indicators, domain scores, asset "
                  "index) and assets; 500 KB cap per tile");
    add_tile_options(tvec, "6-15");
    auto* tras = tls->add_subcommand(
        "raster", "Raster PNG tiles: a choropleth of one indicator with asset symbols, rendered "
                  "with Mapnik in 8x8 metatiles; writes a legend SVG beside the tiles");
    add_tile_options(tras, "10-16");
    tras->add_option("--indicator", args.indicator,
                     "Area column to colour, e.g. asset_index or bus_stop_coverage_pct_400")
        ->required();
    tras->add_option("--classes", args.classes, "quantile (default) or jenks");
    tras->add_option("--scale", args.scale, "1: 256 px tiles (default); 2: 512 px @2x")
        ->check(whole_number_in(1, 2));
    tras->add_flag("--png32", args.png32, "32-bit PNG instead of PNG8");
    auto* tmerge = tls->add_subcommand(
        "merge", "Merge the shards of one tile set (made with --shard I/N) into one: the same "
                 "bytes as the unsharded run");
    tmerge->add_option("-o,--output", merge.output,
                       "The merged tile set: .mbtiles, .pmtiles or a folder")
        ->required();
    tmerge->add_option("shards", merge.inputs, "The shards (every one of them)")->required();
    tmerge->footer(exit_code_help);
    return {tls, tvec, tras, tmerge};
}

}  // namespace assetmap::tools
