#pragma once
/// @file Entry point of the assetmap CLI, callable from tests.

namespace assetmap::tools {

/// Parses arguments, runs the subcommand and maps exceptions to exit codes (exit_codes.hpp).
int run_cli(int argc, char** argv);

}  // namespace assetmap::tools
