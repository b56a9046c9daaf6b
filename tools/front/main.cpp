// assetmap: the front. `count` goes to assetmap-count (the count of a CSV against simple
// GeoJSON areas, linked without GDAL or Mapnik: 40 MiB and ~50 ms less at start), every other
// command to assetmap-full (tools/main.cpp), by execv: same process, arguments and exit code.
// This program loads only the C and C++ runtimes. A `count` that is an option's value lands
// in assetmap-count too, which hands to assetmap-full whatever is not its own.
#include "handover.hpp"

#include <cstring>

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "count") == 0)
            assetmap::tools::front::exec_beside("assetmap-count", argv);
    assetmap::tools::front::exec_beside("assetmap-full", argv);
}
