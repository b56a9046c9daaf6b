/// @file PixelBuffer (see pixel_buffer.hpp).

#include "pixel_buffer.hpp"

#include <assetmap/core/huge_pages.hpp>

#include <cstdlib>
#include <new>

namespace assetmap::tiles::detail {

namespace {

/// Buffers from this size up are asked for as huge pages (a 1,024 px metatile and larger).
constexpr std::size_t kMinHuge = std::size_t(4) << 20;

}  // namespace

PixelBuffer::~PixelBuffer() { release(); }

void PixelBuffer::reserve(std::size_t pixels) {
    if (pixels <= size_) return;
    release();
    if (pixels > static_cast<std::size_t>(-1) / sizeof(std::uint32_t) / 2) throw std::bad_alloc();
    const std::size_t bytes = pixels * sizeof(std::uint32_t);
    if (bytes >= kMinHuge) {
        // Whole huge pages (core/huge_pages.hpp), zero when first touched.
        pixels_ = static_cast<std::uint32_t*>(allocate_huge(bytes));
        size_ = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes /
                sizeof(std::uint32_t);
    } else {
        // Small buffers (a single tile the server renders) in small pages: a huge page would
        // hold 2 MiB for 256 KiB of pixels.
        pixels_ = static_cast<std::uint32_t*>(std::calloc(pixels, sizeof(std::uint32_t)));
        if (pixels_ == nullptr) throw std::bad_alloc();
        size_ = pixels;
    }
}

void PixelBuffer::release() noexcept {
    if (pixels_ == nullptr) return;
    // Huge pages exactly when the buffer is of a huge size (whole huge pages from kMinHuge).
    if (size_ * sizeof(std::uint32_t) >= kMinHuge)
        free_huge(pixels_, size_ * sizeof(std::uint32_t));
    else
        std::free(pixels_);
    pixels_ = nullptr;
    size_ = 0;
}

}  // namespace assetmap::tiles::detail
