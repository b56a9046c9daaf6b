/// @file run_tiles_raster (see raster_front.hpp).

#include "raster_front.hpp"

#include "console.hpp"
#include "interrupt.hpp"
#include "tiles_command.hpp"
#include "usage_error.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>

namespace assetmap::tools::front {

std::optional<int> run_tiles_raster(int argc, char** argv) {
    // The full tool's global options and its `tiles`, nothing else: whatever does not parse
    // here (another command, --help, --version, an error) is the full tool's to answer.
    CLI::App app{"", "assetmap"};
    app.require_subcommand(1);
    app.fallthrough();
    bool quiet = false;
    app.add_flag("-q,--quiet", quiet);
    app.add_flag("--version");
    TilesArgs args;
    TilesMergeArgs merge;
    const TilesCommands tiles = add_tiles_commands(app, args, merge);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Error&) {
        return std::nullopt;
    }
    if (!tiles.raster->parsed() || app.count("--version") > 0) return std::nullopt;
    // A --threads over the cap is clipped with a note: the full tool prints it, once.
    if (args.threads != 0 && worker_threads(args.threads, /*quiet=*/true) != args.threads)
        return std::nullopt;

    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);  // as the full tool
    install_interrupt_cleanup();
    try {
        Console console(quiet);
        return tiles_raster_command(args, console);
    } catch (...) {
        stop_interrupt_cleanup();  // the full tool installs its own
        return std::nullopt;
    }
}

}  // namespace assetmap::tools::front
