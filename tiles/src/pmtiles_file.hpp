#pragma once
// A POSIX file for the PMTiles store (pmtiles_writer.cpp, pmtiles_reader.cpp;
// tiles-internal).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <assetmap/core/error.hpp>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "store_support.hpp"

namespace assetmap::tiles::detail {

/// A POSIX file descriptor with whole-buffer reads and writes that throw io_error.
class File {
  public:
    File() = default;
    File(const std::filesystem::path& path, int flags, const std::string& fix) : path_(path) {
        fd_ = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
        if (fd_ < 0) throw io_error(os_error(path, errno) + (fix.empty() ? "" : "; " + fix));
    }
    File(File&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
    File& operator=(File&& o) noexcept {
        if (this != &o) {
            close_quietly();
            fd_ = o.fd_;
            path_ = std::move(o.path_);
            o.fd_ = -1;
        }
        return *this;
    }
    ~File() { close_quietly(); }

    void write(std::string_view bytes) {
        const char* p = bytes.data();
        std::size_t left = bytes.size();
        while (left > 0) {
            const ssize_t n = ::write(fd_, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw io_error(os_error(path_, errno) + "; check free disk space");
            p += n;
            left -= std::size_t(n);
        }
    }
    void read_at(std::uint64_t offset, std::size_t length, std::string& out) const {
        out.resize(length);
        std::size_t done = 0;
        while (done < length) {
            const ssize_t n = ::pread(fd_, out.data() + done, length - done, off_t(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw io_error(os_error(path_, errno));
            if (n == 0) throw io_error(path_.string() + ": unexpected end of file");
            done += std::size_t(n);
        }
    }
    std::uint64_t size() const {
        struct stat st {};
        if (::fstat(fd_, &st) != 0) throw io_error(os_error(path_, errno));
        return std::uint64_t(st.st_size);
    }
    void close() {
        if (fd_ >= 0) {
            const int rc = ::close(fd_);
            fd_ = -1;
            if (rc != 0) throw io_error(os_error(path_, errno) + "; check free disk space");
        }
    }

  private:
    void close_quietly() noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    int fd_ = -1;
    std::filesystem::path path_;
};

}  // namespace assetmap::tiles::detail
