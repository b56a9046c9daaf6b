// assetmap: the front. `count` goes to assetmap-count (the count of a CSV against simple
// GeoJSON areas, linked without GDAL or Mapnik: 40 MiB and ~50 ms less at start), `tiles
// raster` to assetmap-raster (linked without GDAL: ~50 ms less at start), every other command
// to assetmap-full (tools/main.cpp), by execv: same process, arguments and exit code. This
// program is linked statically and loads no shared library (~1 ms to the hand-over, ~3 ms
// with the C and C++ runtimes loaded). A `count` or `tiles raster` that is an option's
// value lands in assetmap-count or assetmap-raster too, which hand to assetmap-full whatever
// is not their own.
//
// assetmap-count runs with glibc's malloc asking for transparent huge pages: its look-ups
// (the areas' grid, the interpolation cells) jump across a few MiB at random, and the
// areas' arrays are filled once; with 2 MiB pages, 1M points count 4-12 % faster for
// 2-3 MiB more (README, "Speed end to end"). So does `tiles raster`: its metatile image
// (16 MB) and Mapnik's rasteriser cells fault in a third fewer pages. A GLIBC_TUNABLES that
// sets it already stands.
#include "handover.hpp"
#include "malloc_tunables.hpp"

#include <cstdlib>
#include <cstring>

namespace {

void ask_huge_pages() {
    const std::string tunables =
        assetmap::tools::front::with_huge_pages(std::getenv("GLIBC_TUNABLES"));
    ::setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "count") == 0) {
            ask_huge_pages();
            assetmap::tools::front::exec_beside("assetmap-count", argv);
        }
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "tiles") == 0 && std::strcmp(argv[i + 1], "raster") == 0) {
            ask_huge_pages();
            assetmap::tools::front::exec_beside("assetmap-raster", argv);
        }
    assetmap::tools::front::exec_beside("assetmap-full", argv);
}
