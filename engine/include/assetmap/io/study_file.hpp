#pragma once
/// @file Reading a study file (TOML). The format is documented in the README, "The study file".

#include <assetmap/core/study.hpp>

#include <string>

namespace assetmap::io {

/// Parses the study file at `path`. Relative source paths resolve against the data directory:
/// `data_dir_override` if not empty, else the environment variable ASSETMAP_DATA_DIR if set,
/// else the file's `data_dir` (relative to the study file's folder). The taxonomy path
/// resolves against the study file's folder. Throws config_error naming the file, the line and
/// the key for syntax errors, unknown keys, missing required keys and bad values, and
/// input_error when the study file or its data directory does not exist.
Study load_study(const std::string& path, const std::string& data_dir_override = {});

}  // namespace assetmap::io
