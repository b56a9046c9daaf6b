#include <assetmap/core/huge_pages.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

using namespace assetmap;

namespace {

/// The VmFlags of the mapping that holds `p` (/proc/self/smaps), or "" when none does.
std::string vm_flags_of(const void* p) {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool in = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t lo = 0, hi = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> lo >> dash >> hi && dash == '-' && line.find(' ') != std::string::npos) {
            in = lo <= at && at < hi;
            continue;
        }
        if (in && line.rfind("VmFlags:", 0) == 0) return line;
    }
    return "";
}

}  // namespace

TEST_CASE("allocate_huge gives zeroed memory on a huge-page boundary, asked for as huge pages",
          "[core][huge_pages]") {
    for (const std::size_t bytes : {std::size_t(1), kHugePageBytes - 1, kHugePageBytes,
                                    kHugePageBytes + 1, 5 * kHugePageBytes + 12345}) {
        INFO(bytes);
        auto* p = static_cast<unsigned char*>(allocate_huge(bytes));
        REQUIRE(p != nullptr);
        CHECK(reinterpret_cast<std::uintptr_t>(p) % kHugePageBytes == 0);
        // Every byte of the whole pages reads zero and can be written.
        const std::size_t whole = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
        bool zero = true;
        for (std::size_t i = 0; i < whole; i += 4096) zero = zero && p[i] == 0 && p[i + 4095] == 0;
        CHECK(zero);
        p[0] = 1;
        p[whole - 1] = 2;
#if defined(__linux__)
        // The kernel records the MADV_HUGEPAGE hint as "hg" in the mapping's VmFlags.
        const std::string flags = vm_flags_of(p);
        CHECK(flags.find(" hg") != std::string::npos);
        // Nothing of the slack mapped before or after stays (it was given back).
        CHECK(vm_flags_of(p + whole).find(" hg") == std::string::npos);
#endif
        free_huge(p, bytes);
#if defined(__linux__)
        CHECK(vm_flags_of(p).find(" hg") == std::string::npos);  // unmapped
#endif
    }
}

TEST_CASE("HugeVector keeps its values as it grows from small to huge buffers",
          "[core][huge_pages]") {
    HugeVector<std::uint64_t> v;
    for (std::uint64_t i = 0; i < 1'000'000; ++i) v.push_back(i * 7);  // 8 MB: huge pages
    REQUIRE(v.size() == 1'000'000);
    bool same = true;
    for (std::uint64_t i = 0; i < v.size(); ++i) same = same && v[i] == i * 7;
    CHECK(same);
    CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % kHugePageBytes == 0);
    v.resize(10);
    v.shrink_to_fit();  // back to a small buffer from operator new
    CHECK(v.size() == 10);
    CHECK(v[9] == 63);
    HugeVector<std::uint32_t> w(3, 5u);
    CHECK(w == HugeVector<std::uint32_t>{5u, 5u, 5u});
}
