/// @file The plain readers (see assetmap/io/plain_files.hpp): detail::InputFile on C stdio
/// (a plain local file); CsvTable::read_file and detail::read_with_gdal throw needs_gdal.

#include <assetmap/io/plain_files.hpp>

#include <assetmap/io/csv.hpp>

#include "input_file.hpp"
#include "vector_reader_detail.hpp"

#include <sys/stat.h>

#include <cstdint>
#include <cstdio>

namespace assetmap::io {

namespace detail {

InputFile::InputFile(const std::string& path) {
    if (path.rfind("/vsi", 0) == 0) throw needs_gdal(path + ": a GDAL virtual file");
    std::FILE* f = std::fopen(path.c_str(), "rbe");
    if (!f) throw needs_gdal(path + ": cannot open");  // the full tool words the error
    struct stat st {};
    if (::fstat(::fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        std::fclose(f);
        throw needs_gdal(path + ": not a file");
    }
    std::setvbuf(f, nullptr, _IONBF, 0);  // the readers ask for whole blocks
    if (S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
    handle_ = f;
}

InputFile::~InputFile() {
    if (handle_) std::fclose(static_cast<std::FILE*>(handle_));
}

std::size_t InputFile::read_into(std::string& out, std::size_t n) {
    auto* f = static_cast<std::FILE*>(handle_);
    const std::size_t old = out.size();
    out.resize(old + n);
    const std::size_t got = std::fread(out.data() + old, 1, n, f);
    if (got < n && std::ferror(f)) throw needs_gdal("read failed");  // the full tool words it
    out.resize(old + got);
    return got;
}

bool InputFile::seek(std::uint64_t offset) {
    return ::fseeko(static_cast<std::FILE*>(handle_), static_cast<off_t>(offset), SEEK_SET) == 0;
}

RawLayer read_with_gdal(const VectorRequest& request) {
    throw needs_gdal(request.path + ": not a simple GeoJSON");
}

}  // namespace detail

CsvTable CsvTable::read_file(const std::string& path) {
    throw needs_gdal(path + ": a CSV table read whole");
}

}  // namespace assetmap::io
