// File helpers for the tile stores (store_support.hpp): output checks, temporary names,
// atomic replacement, whole-file reads and OS error text.
#include <unistd.h>

#include <assetmap/core/error.hpp>
#include <assetmap/core/temp_path.hpp>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "store_support.hpp"

namespace assetmap::tiles::detail {

namespace fs = std::filesystem;

std::string os_error(const fs::path& path, int err) {
    return path.string() + ": " + std::strerror(err);
}

void prepare_file_output(const fs::path& path) {
    fs::path parent = path.parent_path();
    if (parent.empty()) parent = ".";
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec || !fs::is_directory(parent))
        throw io_error(parent.string() + ": cannot create the output folder (" +
                       (ec ? ec.message() : std::string("not a folder")) +
                       "); choose a writable output path");
    if (fs::is_directory(path))
        throw io_error(path.string() +
                       ": exists as a folder; remove it or name a file (e.g. out.mbtiles)");
}

fs::path temp_path_beside(const fs::path& path, const char* suffix) {
    static std::atomic<unsigned> counter{0};
    fs::path t = path;
    t += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + suffix;
    return t;
}

void rename_over(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec)
        throw io_error(to.string() + ": cannot move the finished file into place (" + ec.message() +
                       ")");
}

void write_file_atomic(const fs::path& path, std::string_view bytes) {
    const fs::path tmp = temp_path_beside(path, "");
    const TempPath guard(tmp);
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw io_error(os_error(tmp, errno) + "; choose a writable output folder");
    const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const int err = errno;
    if (std::fclose(f) != 0 || !ok) {
        std::remove(tmp.c_str());
        throw io_error(os_error(path, ok ? errno : err) + " (writing failed; is the disk full?)");
    }
    try {
        rename_over(tmp, path);
    } catch (...) {
        std::remove(tmp.c_str());
        throw;
    }
}

std::string read_file(const fs::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw io_error(os_error(path, errno));
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    const bool bad = std::ferror(f) != 0;
    std::fclose(f);
    if (bad) throw io_error(path.string() + ": read error");
    return out;
}

}  // namespace assetmap::tiles::detail
