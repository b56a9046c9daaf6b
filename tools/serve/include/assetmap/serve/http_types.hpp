#pragma once
/// @file Plain HTTP request and response values passed between the HTTP server (the only
/// translation unit that knows Boost.Beast) and the handlers of the atlas service.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assetmap::serve {

/// The request methods the service tells apart; anything else is `other`.
enum class Method { get, head, options, post, put, patch, del, other };

/// "GET", "HEAD", …; `other` gives "OTHER".
const char* to_string(Method m);

/// One parsed request. The target is already split and percent-decoded (url.hpp): `path`
/// never holds `.`/`..` segments, NUL or control characters.
struct Request {
    Method method = Method::get;
    std::string method_text;  ///< as sent, e.g. "GET"
    std::string target;       ///< as sent, e.g. "/tiles/x/1/0/0.mvt?v=2"
    std::string path;         ///< decoded path, e.g. "/tiles/x/1/0/0.mvt"
    /// Decoded query parameters in the order sent (a name may repeat).
    std::vector<std::pair<std::string, std::string>> query;
    /// Header fields, names in lower case, in the order sent.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    unsigned version = 11;  ///< 10 for HTTP/1.0, 11 for HTTP/1.1
    std::string remote;     ///< client address, e.g. "127.0.0.1"

    /// The first header with this (lower-case) name, or nullptr.
    const std::string* header(std::string_view lower_name) const;
    /// The first query parameter with this name, or nullptr.
    const std::string* param(std::string_view name) const;
};

/// One response. The body is `body`, or `shared_body` when set (tile bytes shared with the
/// in-memory store, sent without a copy).
struct Response {
    unsigned status = 200;
    std::string content_type;  ///< empty for bodiless responses (204, 304)
    /// Extra header fields (Content-Type and Content-Length are set from the members).
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::shared_ptr<const std::string> shared_body;

    /// The bytes to send.
    std::string_view payload() const {
        return shared_body ? std::string_view(*shared_body) : std::string_view(body);
    }
    /// Sets or replaces a header field (case-insensitive name match).
    void set_header(std::string name, std::string value);
    /// Appends a header field the response does not have yet (no search).
    void add_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
    /// The value of a header field set on this response, or nullptr.
    const std::string* header(std::string_view name) const;
};

/// The reason phrase of a status code ("OK", "Not Found", …).
const char* reason_phrase(unsigned status);

/// A JSON error body `{"status":404,"error":"not_found","message":"…"}` with
/// `application/json`. `message` must never hold a file path or an internal detail.
Response error_response(unsigned status, std::string_view message);

}  // namespace assetmap::serve
