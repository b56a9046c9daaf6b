#pragma once
/// @file Checks of command-line option values shared by the full tool and the fronts: a bad
/// value is a usage error (exit 2) naming the rule.

#include <CLI/CLI.hpp>

namespace assetmap::tools {

/// A whole number option in [lo, hi] (digits only: no sign, no exponent).
CLI::Validator whole_number_in(unsigned long long lo, unsigned long long hi);

}  // namespace assetmap::tools
