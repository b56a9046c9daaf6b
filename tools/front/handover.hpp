#pragma once
/// @file The programs behind `assetmap` (tools/front): assetmap-count, assetmap-raster and
/// assetmap-full, built beside it. `assetmap` hands `count` to assetmap-count, `tiles raster`
/// to assetmap-raster and every other command to assetmap-full; assetmap-count and
/// assetmap-raster hand to assetmap-full whatever they do not run themselves.

namespace assetmap::tools::front {

/// Replaces this process with `program` (found beside this executable) and the same
/// arguments: same process id, standard streams, environment and exit code. Returns only if
/// it cannot: then prints why and the fix, and exits 1.
[[noreturn]] void exec_beside(const char* program, char** argv);

}  // namespace assetmap::tools::front
