#include "usage_error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace assetmap::tools {

unsigned worker_threads(unsigned requested, bool quiet) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (requested == 0) return std::min(cores, max_threads);
    const unsigned cap = std::min(4 * cores, max_threads);
    if (requested <= cap) return requested;
    if (!quiet)
        std::fprintf(stderr, "assetmap: --threads %u is more than 4 × %u cores (at most %u); "
                             "using %u\n",
                     requested, cores, max_threads, cap);
    return cap;
}

std::optional<double> parse_finite(const std::string& text) {
    if (text.empty() || text.find_first_of(" \t\n") != std::string::npos) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace assetmap::tools
