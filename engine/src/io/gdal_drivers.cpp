/// @file GDAL's drivers, registered when first needed (see gdal_drivers.hpp).

#include <assetmap/io/gdal_drivers.hpp>

#include <gdal.h>

#include <mutex>

namespace assetmap::io {

void ensure_gdal_drivers() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

}  // namespace assetmap::io
