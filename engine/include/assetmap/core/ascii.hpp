#pragma once
/// @file ASCII text without the locale: comparisons of names that GDAL, SQLite and CSV
/// headers match without regard to case.

#include <string_view>

namespace assetmap {

/// `c` in lower case when it is an ASCII capital letter, else unchanged.
constexpr char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// True when `a` and `b` are equal but for the case of ASCII letters.
constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

}  // namespace assetmap
