// The GLIBC_TUNABLES the front gives assetmap-count (tools/front/malloc_tunables.hpp).
// Expected values by hand from glibc's syntax: name=value pairs joined by ':'.
#include "malloc_tunables.hpp"

#include <catch2/catch.hpp>

using assetmap::tools::front::with_huge_pages;

TEST_CASE("with_huge_pages: added to none, kept with others, never over the user's choice",
          "[front]") {
    CHECK(with_huge_pages(nullptr) == "glibc.malloc.hugetlb=1");
    CHECK(with_huge_pages("") == "glibc.malloc.hugetlb=1");
    CHECK(with_huge_pages("glibc.malloc.arena_max=2") ==
          "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
    CHECK(with_huge_pages("glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0") ==
          "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0:glibc.malloc.hugetlb=1");
    // The user's own setting stands, first, last or alone, whatever its value.
    CHECK(with_huge_pages("glibc.malloc.hugetlb=0") == "glibc.malloc.hugetlb=0");
    CHECK(with_huge_pages("glibc.malloc.hugetlb=2:glibc.malloc.arena_max=2") ==
          "glibc.malloc.hugetlb=2:glibc.malloc.arena_max=2");
    CHECK(with_huge_pages("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0") ==
          "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0");
    // A name that only starts like it is another tunable.
    CHECK(with_huge_pages("glibc.malloc.hugetlbx=1") ==
          "glibc.malloc.hugetlbx=1:glibc.malloc.hugetlb=1");
    CHECK(with_huge_pages("x.glibc.malloc.hugetlb=0") ==
          "x.glibc.malloc.hugetlb=0:glibc.malloc.hugetlb=1");
}
