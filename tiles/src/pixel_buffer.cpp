/// @file PixelBuffer (see pixel_buffer.hpp).

#include "pixel_buffer.hpp"

#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#else
#include <cstdlib>
#endif

namespace assetmap::tiles::detail {

namespace {

/// The size of a transparent huge page on x86-64 and arm64 (4 KiB pages).
constexpr std::size_t kHugePage = std::size_t(2) << 20;
constexpr std::size_t kSmallPage = std::size_t(4) << 10;
/// Buffers from this size up are asked for as huge pages (a 1,024 px metatile and larger).
constexpr std::size_t kMinHuge = std::size_t(4) << 20;

}  // namespace

PixelBuffer::~PixelBuffer() { release(); }

void PixelBuffer::reserve(std::size_t pixels) {
    if (pixels <= size_) return;
    release();
    // Small buffers (a single tile the server renders) in small pages: a huge page would
    // hold 2 MiB for 256 KiB of pixels.
    const bool huge = pixels * sizeof(std::uint32_t) >= kMinHuge;
    const std::size_t unit = huge ? kHugePage : kSmallPage;
    const std::size_t bytes = (pixels * sizeof(std::uint32_t) + unit - 1) / unit * unit;
#if defined(__linux__)
    // A huge page more than asked, so that the pixels can start on a huge-page boundary
    // (the slack is never touched, so never backed by memory).
    const std::size_t mapped = huge ? bytes + kHugePage : bytes;
    void* m = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) throw std::bad_alloc();
    const auto at = reinterpret_cast<std::uintptr_t>(m);
    const std::uintptr_t aligned = huge ? (at + kHugePage - 1) / kHugePage * kHugePage : at;
    // Only a hint: without transparent huge pages the memory is used in small pages.
    if (huge) madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);
    mapping_ = m;
    mapped_ = mapped;
    pixels_ = reinterpret_cast<std::uint32_t*>(aligned);
#else
    void* m = std::calloc(bytes, 1);
    if (m == nullptr) throw std::bad_alloc();
    mapping_ = m;
    mapped_ = bytes;
    pixels_ = static_cast<std::uint32_t*>(m);
#endif
    size_ = bytes / sizeof(std::uint32_t);
}

void PixelBuffer::release() noexcept {
    if (mapping_ == nullptr) return;
#if defined(__linux__)
    munmap(mapping_, mapped_);
#else
    std::free(mapping_);
#endif
    mapping_ = nullptr;
    mapped_ = 0;
    pixels_ = nullptr;
    size_ = 0;
}

}  // namespace assetmap::tiles::detail
