/// @file run_count (see count_front.hpp).

#include "count_front.hpp"

#include "console.hpp"
#include "count_command.hpp"
#include "interrupt.hpp"
#include "usage_error.hpp"

#include <assetmap/atlas/point_count.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <string>

namespace assetmap::tools::front {

std::optional<int> run_count(int argc, char** argv) {
    // The full tool's global options and its `count`, nothing else: whatever does not parse
    // here (another command, --help, --version, an error) is the full tool's to answer.
    CLI::App app{"", "assetmap"};
    app.require_subcommand(1);
    app.fallthrough();
    bool quiet = false;
    app.add_flag("-q,--quiet", quiet);
    app.add_flag("--version");
    CountArgs args;
    CLI::App* cnt = add_count_command(app, args);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Error&) {
        return std::nullopt;
    }
    if (!cnt->parsed() || app.count("--version") > 0) return std::nullopt;
    // A --threads over the cap is clipped with a note: the full tool prints it, once.
    if (args.threads != 0 && worker_threads(args.threads, /*quiet=*/true) != args.threads)
        return std::nullopt;

    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);  // as the full tool
    install_interrupt_cleanup();
    try {
        Console console(quiet);
        return count_command(args, console, &atlas::count_csv_points);
    } catch (...) {
        stop_interrupt_cleanup();  // the full tool installs its own
        return std::nullopt;
    }
}

}  // namespace assetmap::tools::front
