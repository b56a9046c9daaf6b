// Test-process set-up that tools/ does for the CLI: register GDAL drivers once and keep
// GDAL's own error printing quiet (errors reach tests as exceptions).
#include <cpl_error.h>
#include <gdal.h>

namespace {
const bool gdal_ready = [] {
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    return true;
}();
}  // namespace
