/// @file detail::InputFile through GDAL's virtual file system (see input_file.hpp).

#include "input_file.hpp"

#include <assetmap/core/error.hpp>

#include <cpl_error.h>
#include <cpl_vsi.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace assetmap::io::detail {

InputFile::InputFile(const std::string& path) {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    VSIStatBufL st{};
    const bool have_stat = VSIStatL(path.c_str(), &st) == 0;
    if (have_stat) size_ = static_cast<std::uint64_t>(st.st_size);
    if (have_stat && VSI_ISDIR(st.st_mode)) {
        CPLPopErrorHandler();
        throw input_error(path, "cannot open file: it is a directory; check the path");
    }
    errno = 0;
    VSILFILE* fp = VSIFOpenExL(path.c_str(), "rb", TRUE);
    const int saved = errno;
    std::string msg = CPLGetLastErrorMsg();
    CPLPopErrorHandler();
    if (!fp) {
        if (msg.empty()) msg = saved ? std::strerror(saved) : "unknown error";
        const std::string prefix = path + ": ";
        if (msg.compare(0, prefix.size(), prefix) == 0) msg.erase(0, prefix.size());
        throw input_error(path, "cannot open file: " + msg + "; check the path");
    }
    handle_ = fp;
}

InputFile::~InputFile() {
    if (handle_) VSIFCloseL(static_cast<VSILFILE*>(handle_));
}

std::size_t InputFile::read_into(std::string& out, std::size_t n) {
    const std::size_t old = out.size();
    out.resize(old + n);
    const std::size_t got = VSIFReadL(out.data() + old, 1, n, static_cast<VSILFILE*>(handle_));
    out.resize(old + got);
    return got;
}

bool InputFile::seek(std::uint64_t offset) {
    return VSIFSeekL(static_cast<VSILFILE*>(handle_), offset, SEEK_SET) == 0;
}

}  // namespace assetmap::io::detail
