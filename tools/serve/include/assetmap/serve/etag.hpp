#pragma once
/// @file Strong entity tags and conditional requests (RFC 9110 §8.8.3, §13.1.2).

#include <cstdint>
#include <string>
#include <string_view>

namespace assetmap::serve {

/// 64-bit FNV-1a of the bytes (fast, deterministic; not a cryptographic hash).
std::uint64_t fnv1a64(std::string_view bytes);

/// A strong entity tag for a representation, e.g. "\"5f1c0a9e2b7d4c31\"" (quotes included).
/// `variant` tells apart encodings of the same bytes (e.g. "gz"): it is appended as "-gz".
std::string strong_etag(std::string_view bytes, std::string_view variant = {});

/// True when an If-None-Match field value matches `etag`: "*" or any listed entity tag
/// equal to it under the weak comparison If-None-Match uses (a W/ prefix is ignored).
bool if_none_match(std::string_view field, std::string_view etag);

}  // namespace assetmap::serve
