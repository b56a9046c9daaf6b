// assetmap-raster: `assetmap tiles raster` linked without GDAL (tools/front/raster_front.hpp);
// anything else goes to assetmap-full.
#include "handover.hpp"
#include "raster_front.hpp"

int main(int argc, char** argv) {
    if (const auto code = assetmap::tools::front::run_tiles_raster(argc, argv)) return *code;
    assetmap::tools::front::exec_beside("assetmap-full", argv);
}
