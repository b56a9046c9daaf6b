// assetmap: the front. It runs `count` of a CSV of points against simple GeoJSON areas
// itself, linked without GDAL or Mapnik (40 MiB and ~50 ms less at start), and hands every
// other command to the full tool, assetmap-full, beside it (tools/main.cpp).
#include "count_front.hpp"
#include "full_tool.hpp"

int main(int argc, char** argv) {
    if (const auto code = assetmap::tools::front::run_count(argc, argv)) return *code;
    assetmap::tools::front::exec_full_tool(argv);
}
