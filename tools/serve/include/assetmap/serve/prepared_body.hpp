#pragma once
/// @file A response body prepared once and served many times: its bytes, a gzip variant for
/// clients that accept it, and the strong entity tag of each.

#include <assetmap/serve/http_types.hpp>

#include <memory>
#include <string>

namespace assetmap::serve {

/// A body with its representations.
struct PreparedBody {
    std::string content_type;
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> gzip;  ///< null when not worth compressing
    std::string etag, gzip_etag;
};

/// Prepares `body`: gzip (level 9) for text types of 1 KB or more.
PreparedBody prepare_body(std::string body, std::string content_type);

/// A 200 response with the representation the request accepts (Content-Encoding, ETag and
/// Vary set; no copy of the bytes).
Response prepared_response(const PreparedBody& body, const Request& request);

}  // namespace assetmap::serve
