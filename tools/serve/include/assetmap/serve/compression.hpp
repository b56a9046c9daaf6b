#pragma once
/// @file gzip for HTTP bodies (zlib): compressing JSON for clients that accept it, and
/// inflating stored gzip tiles for clients that do not.

#include <optional>
#include <string>
#include <string_view>

namespace assetmap::serve {

/// gzip of `bytes` at `level` (1–9); deterministic (no name, mtime 0).
std::string gzip_compress(std::string_view bytes, int level = 6);

/// The inflated bytes of a gzip (or zlib) stream; nullopt when it is not one or would
/// inflate beyond `max_bytes`.
std::optional<std::string> gzip_decompress(std::string_view bytes,
                                           std::size_t max_bytes = std::size_t(64) << 20);

/// True when an Accept-Encoding field value accepts gzip (a `gzip` or `*` coding whose q is
/// not 0).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace assetmap::serve
