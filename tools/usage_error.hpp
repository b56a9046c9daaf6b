#pragma once
/// @file A command-line mistake found after parsing (a value CLI11 cannot check, e.g. an
/// output extension no container has): the CLI maps it to exit code 2 (exit_usage).

#include <assetmap/core/error.hpp>

namespace assetmap::tools {

/// Bad command line: exit 2, as CLI11's own parse errors.
class usage_error : public error {
public:
    using error::error;
};

}  // namespace assetmap::tools
