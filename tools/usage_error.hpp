#pragma once
/// @file Command-line mistakes found after parsing (a value CLI11 cannot check, e.g. an
/// output extension no container has, an unknown --indicator), and the checked values of
/// options. The CLI maps usage_error to exit code 2 (exit_usage).

#include <assetmap/core/error.hpp>

#include <optional>
#include <string>

namespace assetmap::tools {

/// Bad command line: exit 2, as CLI11's own parse errors. The engine never throws it.
class usage_error : public error {
public:
    using error::error;
};

/// The most worker threads any command starts (the raster renderer's limit).
constexpr unsigned max_threads = 256;

/// The worker threads for `--threads N`: 0 means every core; more than 4 × the cores (or
/// more than max_threads) is capped there, with a note on stderr unless `quiet` (each
/// thread holds its own buffers).
unsigned worker_threads(unsigned requested, bool quiet);

/// A whole finite number ("400", "2.5", "1e3"); nullopt for "", "12abc", nan or inf.
std::optional<double> parse_finite(const std::string& text);

}  // namespace assetmap::tools
