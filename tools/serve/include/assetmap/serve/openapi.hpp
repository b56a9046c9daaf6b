#pragma once
/// @file The OpenAPI 3.0 definition of the OGC API – Features service (conformance class
/// oas30): every path, parameter and response, with each collection's properties as
/// equality filters.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace assetmap::serve {

/// One collection as the API definition lists it.
struct OpenApiCollection {
    std::string id, title;
    /// Property names and their JSON Schema type ("string", "number", "integer").
    std::vector<std::pair<std::string, std::string>> properties;
    /// Per property: its title and description (atlas/column_info.hpp); may be empty.
    std::vector<std::pair<std::string, std::string>> described;
};

/// The OpenAPI 3.0.3 document as JSON, with the server URL left as a slot for
/// openapi_with_server (the URL depends on the Host a client used).
std::string openapi_document(const std::string& title, const std::string& description,
                             const std::vector<OpenApiCollection>& collections,
                             std::size_t default_limit, std::size_t max_limit);

/// The document with its server URL set (e.g. "http://127.0.0.1:8080/ogcapi").
std::string openapi_with_server(const std::string& document, const std::string& server_url);

}  // namespace assetmap::serve
