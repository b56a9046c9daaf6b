#pragma once
/// @file The plain readers: stand-ins for the three GDAL-backed pieces of the readers, for a
/// program that must start without loading GDAL (the `count` front, tools/front).
///
/// The object library `assetmap_io_plain` (src/io/plain_files.cpp) defines the same symbols
/// as input_file.cpp, csv_file.cpp and vector_reader_gdal.cpp: a program that links its
/// objects takes them before the archive's, so the linker never pulls GDAL in. They read a
/// plain local file with POSIX calls; what only GDAL reads (a /vsi… path, a vector file that
/// is not a simple GeoJSON, a whole CSV table through CsvTable::read_file) throws
/// needs_gdal, and the program hands the whole command to the full tool, which words any
/// error. A program linking both would fail to link (duplicate symbols), never mix them.

#include <stdexcept>
#include <string>

namespace assetmap::io {

/// What the plain readers cannot read; not an assetmap::error (no exit code of its own):
/// the caller hands the command over.
class needs_gdal : public std::runtime_error {
public:
    explicit needs_gdal(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace assetmap::io
