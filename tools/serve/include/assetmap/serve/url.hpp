#pragma once
/// @file Request targets: splitting, percent-decoding and strict number parsing. Every rule
/// that keeps a request from reaching anything outside the service's fixed tables starts
/// here (see the README, "assetmap serve", "Hardening").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assetmap::serve {

/// A request target split into a decoded path and decoded query parameters.
struct Target {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
};

/// Decodes %XX escapes (and `+` as a space when `plus_is_space`, for query strings).
/// nullopt for a malformed escape, or a decoded NUL or control character (< 0x20, 0x7f).
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/// Splits and decodes an origin-form target ("/path?query"); an absolute-form target
/// ("http://host/path?query") is reduced to its path and query. nullopt (→ 400) when the
/// target is empty, does not start with '/', holds a fragment, a malformed escape, a
/// control character, a backslash, or a "." or ".." path segment (before or after
/// decoding).
std::optional<Target> parse_target(std::string_view target);

/// Parses a decimal unsigned integer made of 1–10 ASCII digits (no sign, no spaces);
/// nullopt otherwise or above `max`.
std::optional<std::uint64_t> parse_uint(std::string_view text,
                                        std::uint64_t max = 0xffffffffull);

/// Parses a finite decimal number (as strtod, but the whole text must be used and NaN/inf
/// are refused); nullopt otherwise.
std::optional<double> parse_finite(std::string_view text);

/// Splits "a,b,c" on commas; empty items are kept (callers reject them).
std::vector<std::string> split_commas(std::string_view text);

/// Percent-encodes a path segment or query value (RFC 3986 unreserved characters kept).
std::string percent_encode(std::string_view text);

/// True for a token usable as a tileset, collection or file name in a URL:
/// [A-Za-z0-9_.-]{1,128}, not starting with '.'.
bool is_safe_name(std::string_view name);

}  // namespace assetmap::serve
