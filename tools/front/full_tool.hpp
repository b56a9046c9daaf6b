#pragma once
/// @file The full tool: `assetmap-full`, built beside the `assetmap` front, which hands it
/// every command the front does not run itself.

namespace assetmap::tools::front {

/// Replaces this process with assetmap-full (found beside this executable) and the same
/// arguments: same process id, standard streams, environment and exit code. Returns only if
/// it cannot: then prints why and the fix, and exits 1.
[[noreturn]] void exec_full_tool(char** argv);

}  // namespace assetmap::tools::front
