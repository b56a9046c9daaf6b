#pragma once
/// @file Internal to OgcFeatures: the collections as built once (ogc_collections.cpp, which
/// encodes every feature), the service's state behind the pimpl, and the helpers that the
/// routes (ogc_features.cpp) and the item pages (ogc_items.cpp) share.

#include <assetmap/atlas/column_info.hpp>
#include <assetmap/serve/ogc_features.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace assetmap::serve {

using json = nlohmann::ordered_json;

namespace ogc_detail {

inline constexpr const char* crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
inline constexpr const char* geojson_type = "application/geo+json";

std::string dump(const json& j);

const char* json_type(io::FieldType t);

struct Collection {
    std::string id, title, description;
    std::vector<atlas::ColumnInfo> columns;  ///< per field: title, description, unit
    const io::OutputLayer* layer = nullptr;
    const LayerLonLat* geo = nullptr;
    /// Encoded Feature per row, shared with the previous state where the row is unchanged.
    std::vector<std::shared_ptr<const std::string>> features;
    std::vector<std::string> ids;       ///< feature id per row, as text
    std::unordered_map<std::string, std::size_t> by_id;
    std::map<std::string, std::size_t, std::less<>> field_index;
};

json link(const std::string& href, const char* rel, const char* type,
          const std::string& title = {});

Response bad(const std::string& message);

}  // namespace ogc_detail

struct OgcFeatures::Impl {
    using Collection = ogc_detail::Collection;

    std::string title, description;
    std::vector<Collection> collections;
    std::string openapi_template;  ///< the OpenAPI document, with the server URL slot

    const Collection* find(std::string_view id) const {
        for (const auto& c : collections)
            if (c.id == id) return &c;
        return nullptr;
    }

    json collection_json(const Collection& c, const std::string& root) const;

    /// The queryables of a collection (OGC API – Features – Part 3): each property with its
    /// title, description and JSON type; every one is an equality filter of items.
    json queryables_json(const Collection& c, const std::string& root) const;

    Response items(const Collection& c, const Request& req, const std::string& root) const;
    Response item(const Collection& c, const std::string& fid, const Request& req,
                  const std::string& root) const;
};

}  // namespace assetmap::serve
