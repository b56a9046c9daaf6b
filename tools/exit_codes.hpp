#pragma once
/// @file Exit codes of the assetmap CLI. Append-only: a code never changes meaning.
/// Documented in the README, "Exit codes".

namespace assetmap::tools {

enum ExitCode : int {
    exit_ok = 0,             ///< success (data problems may have been reported and kept)
    exit_internal = 1,       ///< an unexpected internal error (a bug: please report it)
    exit_usage = 2,          ///< bad command line
    exit_input = 3,          ///< an input file is missing, unreadable or malformed
    exit_config = 4,         ///< the study file or taxonomy is wrong
    exit_crs = 5,            ///< unknown CRS or impossible transformation
    exit_output = 6,         ///< an output cannot be written
    exit_strict = 7,         ///< --strict and data problems were found
    exit_not_built = 8,      ///< the subcommand is not built yet
    exit_render = 9,         ///< a map style cannot be loaded or a tile cannot be rendered
    exit_missing_tool = 10,  ///< an optional program an output needs is not installed
    exit_listen = 11,        ///< the server cannot listen on its address and port
};

/// The footer of every command's --help.
inline constexpr const char* exit_code_help =
    "Exit codes: 0 ok, 1 internal error, 2 usage, 3 input data, 4 study file/taxonomy, "
    "5 CRS, 6 output, 7 --strict found problems, 8 not built yet, 9 rendering, "
    "10 a needed optional program is not installed, 11 cannot listen.";

}  // namespace assetmap::tools
