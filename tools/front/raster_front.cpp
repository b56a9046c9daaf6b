/// @file run_tiles_raster (see raster_front.hpp).

#include "raster_front.hpp"

#include "own_command.hpp"
#include "tiles_command.hpp"

#include <utility>

namespace assetmap::tools::front {

std::optional<int> run_tiles_raster(int argc, char** argv) {
    TilesArgs args;
    TilesMergeArgs merge;
    return run_own_command(
        argc, argv,
        [&](CLI::App& app) {
            return std::make_pair(add_tiles_commands(app, args, merge).raster, &args.threads);
        },
        [&](Console& console) { return tiles_raster_command(args, console); });
}

}  // namespace assetmap::tools::front
