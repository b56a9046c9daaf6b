#pragma once
// Private to assetmap_tiles_raster: tests on eight RGBA pixels at once (uint32, as in
// PixelRows), with SSE2 where the target has it (every x86-64) and plain loops elsewhere.
// The hot loops of cutting and encoding tiles skip flat stretches with these.

#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace assetmap::tiles::detail {

/// Whether p[0..7] all equal `v`.
inline bool eight_equal(const std::uint32_t* p, std::uint32_t v) {
#if defined(__SSE2__)
    const __m128i want = _mm_set1_epi32(static_cast<int>(v));
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 4));
    const __m128i eq = _mm_and_si128(_mm_cmpeq_epi32(a, want), _mm_cmpeq_epi32(b, want));
    return _mm_movemask_epi8(eq) == 0xffff;
#else
    bool same = true;
    for (int k = 0; k < 8; ++k) same &= p[k] == v;
    return same;
#endif
}

/// Whether pixel `p` is opaque (alpha 255) or all zero: taking an image out of premultiplied
/// alpha leaves it as it is.
inline bool opaque_or_zero(std::uint32_t p) { return p >= 0xff000000u || p == 0; }

/// Whether each of p[0..7] is opaque (alpha 255) or all zero: the pixels that taking an image
/// out of premultiplied alpha leaves as they are.
inline bool eight_opaque_or_zero(const std::uint32_t* p) {
#if defined(__SSE2__)
    const __m128i alpha = _mm_set1_epi32(static_cast<int>(0xff000000u));
    const __m128i zero = _mm_setzero_si128();
    auto test = [&](__m128i x) {
        return _mm_or_si128(_mm_cmpeq_epi32(_mm_and_si128(x, alpha), alpha),
                            _mm_cmpeq_epi32(x, zero));
    };
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 4));
    return _mm_movemask_epi8(_mm_and_si128(test(a), test(b))) == 0xffff;
#else
    bool all = true;
    for (int k = 0; k < 8; ++k) all &= opaque_or_zero(p[k]);
    return all;
#endif
}

}  // namespace assetmap::tiles::detail
