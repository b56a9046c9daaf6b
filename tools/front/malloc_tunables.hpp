#pragma once
/// @file glibc's malloc tunables for the programs behind `assetmap` (tools/front).

#include <string>

namespace assetmap::tools::front {

/// The value of GLIBC_TUNABLES that asks glibc's malloc to request transparent huge pages
/// for its memory (`glibc.malloc.hugetlb=1`; the kernel grants them where its THP mode is
/// `always` or `madvise`), keeping the tunables in `current` (null: none set). When
/// `current` already sets glibc.malloc.hugetlb, it is returned unchanged: the user's choice
/// stands.
std::string with_huge_pages(const char* current);

}  // namespace assetmap::tools::front
