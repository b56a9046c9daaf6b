/// @file exec_beside (see handover.hpp). Plain POSIX: `assetmap` is linked statically and
/// loads no shared library.

#include "handover.hpp"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace assetmap::tools::front {

void exec_beside(const char* program, char** argv) {
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    std::string dir = n > 0 ? std::string(self, static_cast<std::size_t>(n)) : argv[0];
    const std::size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? std::string(".") : dir.substr(0, slash);
    const std::string path = dir + "/" + program;
    ::execv(path.c_str(), argv);
    const int err = errno;
    std::fprintf(stderr,
                 "assetmap: cannot start %s: %s; it is built beside assetmap "
                 "(cmake --build --preset release, or bash tools/setup.sh build)\n",
                 path.c_str(), std::strerror(err));
    std::_Exit(1);
}

}  // namespace assetmap::tools::front
