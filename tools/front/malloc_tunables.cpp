/// @file with_huge_pages (see malloc_tunables.hpp).

#include "malloc_tunables.hpp"

#include <algorithm>
#include <cstring>

namespace assetmap::tools::front {

std::string with_huge_pages(const char* current) {
    constexpr const char* kHugePages = "glibc.malloc.hugetlb=1";
    if (current == nullptr || *current == '\0') return kHugePages;
    // Tunables are name=value pairs separated by ':'.
    const std::string all = current;
    for (std::size_t at = 0; at <= all.size();) {
        const std::size_t end = std::min(all.find(':', at), all.size());
        if (all.compare(at, std::strlen("glibc.malloc.hugetlb="), "glibc.malloc.hugetlb=") == 0)
            return all;
        at = end + 1;
    }
    return all + ":" + kHugePages;
}

}  // namespace assetmap::tools::front
