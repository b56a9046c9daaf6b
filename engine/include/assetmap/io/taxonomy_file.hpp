#pragma once
/// @file Reading the taxonomy data file (TOML; see datasets/taxonomy.toml for the format).

#include <assetmap/core/taxonomy.hpp>

#include <string>

namespace assetmap::io {

/// Parses a taxonomy file. Throws config_error naming the file, line and key for syntax
/// errors, unknown keys, a bad domain, a non-positive threshold or a malformed selector.
Taxonomy load_taxonomy(const std::string& path);

}  // namespace assetmap::io
