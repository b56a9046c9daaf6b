#include <assetmap/serve/http_types.hpp>

#include <nlohmann/json.hpp>


namespace assetmap::serve {

namespace {

/// ASCII case-insensitive equality (header names are ASCII tokens; no locale).
bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const unsigned char x = static_cast<unsigned char>(a[i]) | 0x20;
        const unsigned char y = static_cast<unsigned char>(b[i]) | 0x20;
        if (x != y) return false;
        // |0x20 folds letters; it also folds '@'..'^' onto '`'..'~', which never appear
        // in a header name except in this harmless way.
    }
    return true;
}

const char* error_code_of(unsigned status) {
    switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 406: return "not_acceptable";
    case 408: return "request_timeout";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 422: return "unprocessable";
    case 429: return "too_many_requests";
    case 431: return "header_fields_too_large";
    case 500: return "internal_error";
    case 501: return "not_implemented";
    case 503: return "service_unavailable";
    case 505: return "http_version_not_supported";
    default: return status >= 500 ? "server_error" : "client_error";
    }
}

}  // namespace

const char* to_string(Method m) {
    switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::options: return "OPTIONS";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::other: break;
    }
    return "OTHER";
}

const std::string* Request::header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers)
        if (k == lower_name) return &v;
    return nullptr;
}

const std::string* Request::param(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return &v;
    return nullptr;
}

void Response::set_header(std::string name, std::string value) {
    for (auto& [k, v] : headers)
        if (iequals(k, name)) {
            v = std::move(value);
            return;
        }
    headers.emplace_back(std::move(name), std::move(value));
}

const std::string* Response::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return &v;
    return nullptr;
}

const char* reason_phrase(unsigned status) {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "";
    }
}

Response error_response(unsigned status, std::string_view message) {
    Response r;
    r.status = status;
    r.content_type = "application/json";
    nlohmann::ordered_json j;
    j["status"] = status;
    j["error"] = error_code_of(status);
    j["message"] = std::string(message);
    r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    r.set_header("Cache-Control", "no-store");
    return r;
}

}  // namespace assetmap::serve
