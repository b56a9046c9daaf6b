/// @file exec_full_tool (see full_tool.hpp).

#include "full_tool.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

namespace assetmap::tools::front {

void exec_full_tool(char** argv) {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::string full = (ec ? std::filesystem::path(argv[0]) : self).parent_path() /
                             "assetmap-full";
    ::execv(full.c_str(), argv);
    const int err = errno;
    std::fprintf(stderr,
                 "assetmap: cannot start the full tool %s: %s; it is built beside assetmap "
                 "(cmake --build --preset release, or bash tools/setup.sh build)\n",
                 full.c_str(), std::strerror(err));
    std::_Exit(1);
}

}  // namespace assetmap::tools::front
