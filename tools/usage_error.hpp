#pragma once
/// @file Command-line mistakes found after parsing, and the checked values of options.

#include <assetmap/core/error.hpp>

#include <optional>
#include <string>

namespace assetmap::tools {

/// A command-line mistake (an option value that cannot be used): exit code 2, like the
/// mistakes CLI11 finds while parsing. The engine never throws it.
class usage_error : public config_error {
public:
    using config_error::config_error;
};

/// The worker threads for `--threads N`: 0 means every core; more than 4 × the cores is
/// capped there, with a note on stderr unless `quiet` (each thread holds its own buffers).
unsigned worker_threads(unsigned requested, bool quiet);

/// A whole finite number ("400", "2.5", "1e3"); nullopt for "", "12abc", nan or inf.
std::optional<double> parse_finite(const std::string& text);

}  // namespace assetmap::tools
