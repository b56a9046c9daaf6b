/// @file Option checks (see option_checks.hpp).

#include "option_checks.hpp"

#include <string>

namespace assetmap::tools {

/// A whole number option in [lo, hi] (digits only: no sign, no exponent).
CLI::Validator whole_number_in(unsigned long long lo, unsigned long long hi) {
    return CLI::Validator(
        [=](std::string& s) -> std::string {
            const bool digits = !s.empty() && s.size() <= 19 &&
                                s.find_first_not_of("0123456789") == std::string::npos;
            const unsigned long long v = digits ? std::stoull(s) : 0;
            if (!digits || v < lo || v > hi)
                return "'" + s + "' is not a whole number from " + std::to_string(lo) + " to " +
                       std::to_string(hi);
            return {};
        },
        "N");
}

}  // namespace assetmap::tools
