#pragma once
/// @file What the programs behind the front (assetmap-count, assetmap-raster) share: running
/// the one command each runs itself, or declining it so that assetmap-full runs it.

#include "console.hpp"
#include "interrupt.hpp"
#include "usage_error.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <optional>
#include <utility>

namespace assetmap::tools::front {

/// Parses the command line as the full tool's global options (-q, --version) and the
/// commands `add(app)` defines; `add` returns the command this program runs and its
/// --threads (a std::pair<CLI::App*, const unsigned*>). Runs `run(console)` when that command
/// was parsed, without --version and with --threads within the cap, and returns its exit
/// code. Returns nullopt to hand the command line to the full tool: anything else (another
/// command, --help, a usage error), a --threads over the cap (the full tool clips it with a
/// note, printed once) and any error met on the way (the full tool runs the command again
/// from the start and words the error).
template <typename Add, typename Run>
std::optional<int> run_own_command(int argc, char** argv, Add&& add, Run&& run) {
    CLI::App app{"", "assetmap"};
    app.require_subcommand(1);
    app.fallthrough();
    bool quiet = false;
    app.add_flag("-q,--quiet", quiet);
    app.add_flag("--version");
    const auto [command, threads] = std::forward<Add>(add)(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Error&) {
        return std::nullopt;
    }
    if (!command->parsed() || app.count("--version") > 0) return std::nullopt;
    if (*threads != 0 && worker_threads(*threads, /*quiet=*/true) != *threads)
        return std::nullopt;

    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);  // as the full tool
    install_interrupt_cleanup();
    try {
        Console console(quiet);
        return std::forward<Run>(run)(console);
    } catch (...) {
        stop_interrupt_cleanup();  // the full tool installs its own
        return std::nullopt;
    }
}

}  // namespace assetmap::tools::front
