#pragma once
/// @file GDAL's drivers, registered when first needed.
///
/// Registering every GDAL driver (GDALAllRegister) touches about 9 MiB of GDAL's code and
/// takes ~0.01 s; a command that reads its inputs with the project's own readers (simple
/// GeoJSON, point CSV) and writes a CSV never needs a driver. So nothing registers them at
/// start: every function that opens a GDAL dataset or looks up a driver calls
/// ensure_gdal_drivers() first.

namespace assetmap::io {

/// Registers all of GDAL's drivers once per process (GDALAllRegister); thread-safe, cheap
/// after the first call.
void ensure_gdal_drivers();

}  // namespace assetmap::io
