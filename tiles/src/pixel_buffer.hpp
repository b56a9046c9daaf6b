#pragma once
/// @file PixelBuffer: the zeroed pixels one render thread draws its metatiles into.

#include <cstddef>
#include <cstdint>

namespace assetmap::tiles::detail {

/// Zeroed 32-bit pixels; from 4 MiB up taken straight from the system as transparent huge
/// pages (core/huge_pages.hpp): a 16 MB metatile is then faulted in as 8 pages of 2 MiB
/// instead of 4,096 of 4 KiB (a fault costs several microseconds on a virtual machine).
/// Grows by replacing its memory; keeps it otherwise.
class PixelBuffer {
  public:
    PixelBuffer() = default;
    ~PixelBuffer();
    PixelBuffer(const PixelBuffer&) = delete;
    PixelBuffer& operator=(const PixelBuffer&) = delete;

    /// At least `pixels` pixels, all zero: the memory is replaced (and its pixels zero) when
    /// it is smaller, else kept as it is. Throws std::bad_alloc when the system refuses.
    void reserve(std::size_t pixels);

    std::uint32_t* data() noexcept { return pixels_; }
    std::size_t size() const noexcept { return size_; }

  private:
    void release() noexcept;

    std::uint32_t* pixels_ = nullptr;
    std::size_t size_ = 0;  ///< pixels; from 4 MiB up from allocate_huge, else calloc
};

}  // namespace assetmap::tiles::detail
