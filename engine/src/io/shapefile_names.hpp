#pragma once
/// @file Mapping long field names to Shapefile (dBASE) names of at most 10 characters; the
/// rule is described at the top of shapefile_names.cpp and in the README.

#include <string>
#include <vector>

namespace assetmap::io::detail {

/// Longest field name a Shapefile's .dbf can hold, in bytes.
constexpr std::size_t shapefile_name_max = 10;

/// The Shapefile name of each of one layer's fields, in the same order: deterministic,
/// unique ignoring case, each at most 10 ASCII characters.
std::vector<std::string> shapefile_field_names(const std::vector<std::string>& full_names);

}  // namespace assetmap::io::detail
