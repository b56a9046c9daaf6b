/// @file allocate_huge and free_huge (see huge_pages.hpp).

#include <assetmap/core/huge_pages.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace assetmap {

namespace {

std::size_t whole_pages(std::size_t bytes) noexcept {
    return (std::max<std::size_t>(bytes, 1) + kHugePageBytes - 1) / kHugePageBytes *
           kHugePageBytes;
}

}  // namespace

void* allocate_huge(std::size_t bytes) {
    if (bytes > static_cast<std::size_t>(-1) / 2) throw std::bad_alloc();
    const std::size_t size = whole_pages(bytes);
#if defined(__linux__)
    // A huge page more than needed, then the unaligned ends given back: what is left starts
    // and ends on huge-page boundaries, so free_huge knows it from the pointer and the size.
    const std::size_t mapped = size + kHugePageBytes;
    void* m = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) throw std::bad_alloc();
    const auto at = reinterpret_cast<std::uintptr_t>(m);
    const std::uintptr_t aligned = (at + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    if (aligned > at) munmap(m, aligned - at);
    const std::uintptr_t end = at + mapped;
    if (end > aligned + size) munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
    // Only a hint: without transparent huge pages the memory is used in small pages.
    madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
    return reinterpret_cast<void*>(aligned);
#else
    void* m = std::calloc(size, 1);
    if (m == nullptr) throw std::bad_alloc();
    return m;
#endif
}

void free_huge(void* p, std::size_t bytes) noexcept {
    if (p == nullptr) return;
#if defined(__linux__)
    munmap(p, whole_pages(bytes));
#else
    (void)bytes;
    std::free(p);
#endif
}

}  // namespace assetmap
