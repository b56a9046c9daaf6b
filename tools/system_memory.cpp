#include "system_memory.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace assetmap::tools {

namespace {

/// The first number of a file (nullopt: missing, or not a number such as "max").
std::optional<std::uint64_t> number_in(const std::string& path) {
    std::ifstream in(path);
    std::uint64_t v = 0;
    if (in >> v) return v;
    return std::nullopt;
}

/// The process's cgroup v2 folder (its "0::/path" line), or "".
std::string cgroup_dir() {
    std::ifstream in("/proc/self/cgroup");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("0::", 0) == 0) return "/sys/fs/cgroup" + line.substr(3);
    return "";
}

}  // namespace

std::optional<std::uint64_t> available_memory_bytes() {
    std::optional<std::uint64_t> available;
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit) {
        if (key == "MemAvailable:") {
            available = kib * 1024;
            break;
        }
    }
    if (const std::string dir = cgroup_dir(); !dir.empty()) {
        const auto max = number_in(dir + "/memory.max");
        const auto current = number_in(dir + "/memory.current");
        if (max && current) {
            const std::uint64_t left = *max > *current ? *max - *current : 0;
            available = available ? std::min(*available, left) : left;
        }
    }
    return available;
}

}  // namespace assetmap::tools
