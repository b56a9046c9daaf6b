#pragma once
// Shared by the fuzz targets: process set-up (GDAL, PROJ as the CLI does it) and a scratch
// file per process for readers that take a path.
#include <cpl_error.h>
#include <gdal.h>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace assetmap::fuzz {

/// Once per process: hermetic PROJ, GDAL drivers, GDAL's own error printing off.
inline void setup() {
    static const bool ready = [] {
        setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);
        setenv("PROJ_DATA", "/usr/share/proj", 0);
        setenv("GDAL_DATA", "/usr/share/gdal", 0);
        unsetenv("ASSETMAP_DATA_DIR");
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        return true;
    }();
    (void)ready;
}

/// A folder of this process for scratch files (removed by the OS's tmp cleaning; fuzzing
/// runs are short-lived and reuse it).
inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("assetmap_fuzz_" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

/// Writes the input to `name` in the scratch folder and returns its path.
inline std::string write_input(const std::string& name, const std::uint8_t* data,
                               std::size_t size) {
    const auto path = (scratch() / name).string();
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

}  // namespace assetmap::fuzz
