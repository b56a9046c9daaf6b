#pragma once
/// @file Memory for large arrays taken straight from the system and asked for as transparent
/// huge pages (Linux; elsewhere, and for small sizes, the usual allocator).
///
/// A large array filled once (an index's cells, a metatile's pixels) is first touched page by
/// page: with 4 KiB pages that is a page fault per 4 KiB, several microseconds each on a
/// virtual machine (~11 us measured on this project's). Mapped on a 2 MiB boundary with
/// MADV_HUGEPAGE, the same array faults in 2 MiB at a time where the kernel's THP mode is
/// `always` or `madvise`. glibc's own huge-page tunable cannot do this for one allocation: its
/// mappings start anywhere, so a 4 MiB array gets at most one huge page.

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace assetmap {

/// The size of a transparent huge page on x86-64 and arm64 (with 4 KiB pages).
inline constexpr std::size_t kHugePageBytes = std::size_t(2) << 20;

/// `bytes` rounded up to whole huge pages, zeroed, starting on a huge-page boundary, asked for
/// as huge pages (a hint: without THP the memory comes in small pages). Give it back with
/// free_huge(p, bytes), with the same `bytes`. Throws std::bad_alloc when the system refuses.
void* allocate_huge(std::size_t bytes);

/// Gives back what allocate_huge(bytes) returned.
void free_huge(void* p, std::size_t bytes) noexcept;

/// An allocator for std::vector whose allocations from `kHugePageBytes` up come from
/// allocate_huge (so a vector of a few MiB is faulted in as a few huge pages), and smaller
/// ones from operator new. A vector of it grows as usual; the rounding to whole huge pages
/// costs at most 2 MiB per large vector.
template <typename T>
struct HugePageAllocator {
    using value_type = T;

    HugePageAllocator() noexcept = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
        const std::size_t bytes = n * sizeof(T);
        if (bytes >= kHugePageBytes) return static_cast<T*>(allocate_huge(bytes));
        return std::allocator<T>().allocate(n);
    }

    void deallocate(T* p, std::size_t n) noexcept {
        const std::size_t bytes = n * sizeof(T);
        if (bytes >= kHugePageBytes)
            free_huge(p, bytes);
        else
            std::allocator<T>().deallocate(p, n);
    }

    template <typename U>
    bool operator==(const HugePageAllocator<U>&) const noexcept {
        return true;
    }
    template <typename U>
    bool operator!=(const HugePageAllocator<U>&) const noexcept {
        return false;
    }
};

/// A std::vector whose large buffers are huge pages (HugePageAllocator).
template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace assetmap
