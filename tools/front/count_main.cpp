// assetmap-count: `assetmap count` of a CSV of points against simple GeoJSON areas, linked
// without GDAL or Mapnik (tools/front/count_front.hpp); anything else goes to assetmap-full.
#include "count_front.hpp"
#include "handover.hpp"

int main(int argc, char** argv) {
    if (const auto code = assetmap::tools::front::run_count(argc, argv)) return *code;
    assetmap::tools::front::exec_beside("assetmap-full", argv);
}
