#pragma once
/// @file Small pieces of HTML for the report: escaping, numbers for attributes, file names.

#include <string>
#include <string_view>

namespace assetmap::report {

/// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string escape(std::string_view text);

/// A number that reads back as the same double (17 significant digits, "." decimal point),
/// for data attributes; "" for a non-finite value.
std::string exact_number(double value);

/// A number with `decimals` decimals and a "." point, for SVG coordinates.
std::string fixed(double value, int decimals = 2);

/// A file name stem for an area code: ASCII letters, digits, '-' and '_' kept, anything else
/// '_'; an empty result or one of the report's own page names (index, atlas) gets an "area-"
/// prefix. Distinct codes that map to the same stem are the caller's to tell apart.
std::string file_stem(std::string_view code);

}  // namespace assetmap::report
