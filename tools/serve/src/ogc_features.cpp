/// @file The routes of the OGC API – Features service (OgcFeatures::handle): the landing
/// page, conformance, the OpenAPI document, the collections and their queryables, and the
/// helpers the service's files share (see ogc_features_detail.hpp). The collections are built
/// in ogc_collections.cpp, the item pages answered in ogc_items.cpp.

#include "ogc_features_detail.hpp"

#include <assetmap/serve/openapi.hpp>

#include <cmath>
#include <optional>

namespace assetmap::serve {

namespace ogc_detail {

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

const char* json_type(io::FieldType t) {
    return t == io::FieldType::string ? "string" : t == io::FieldType::integer ? "integer" : "number";
}

json link(const std::string& href, const char* rel, const char* type, const std::string& title) {
    json l;
    l["href"] = href;
    l["rel"] = rel;
    l["type"] = type;
    if (!title.empty()) l["title"] = title;
    return l;
}

Response bad(const std::string& message) { return error_response(400, message); }

}  // namespace ogc_detail

namespace {

using ogc_detail::bad;
using ogc_detail::Collection;
using ogc_detail::crs84;
using ogc_detail::dump;
using ogc_detail::geojson_type;
using ogc_detail::json_type;
using ogc_detail::link;

double round7(double v) { return std::round(v * 1e7) / 1e7; }

json bbox_json(const BoxLonLat& b) {
    return json::array({json::array({round7(b.min_lon_deg), round7(b.min_lat_deg),
                                     round7(b.max_lon_deg), round7(b.max_lat_deg)})});
}

Response json_response(const json& j, const char* type = "application/json") {
    Response r;
    r.content_type = type;
    r.body = dump(j);
    r.body += '\n';
    return r;
}

}  // namespace

json OgcFeatures::Impl::collection_json(const Collection& c, const std::string& root) const {
    json j;
    j["id"] = c.id;
    j["title"] = c.title;
    j["description"] = c.description;
    j["itemType"] = "feature";
    j["crs"] = json::array({crs84});
    if (c.geo->any_geometry) {
        json extent;
        extent["spatial"]["bbox"] = bbox_json(c.geo->extent);
        extent["spatial"]["crs"] = crs84;
        j["extent"] = extent;
    }
    const std::string self = root + "/collections/" + c.id;
    j["links"] = json::array(
        {link(self, "self", "application/json", c.title),
         link(self + "/items", "items", geojson_type, c.title + " (GeoJSON)"),
         link(self + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
              "application/schema+json", "queryable properties")});
    return j;
}

json OgcFeatures::Impl::queryables_json(const Collection& c, const std::string& root) const {
    json j;
    j["$schema"] = "https://json-schema.org/draft/2019-09/schema";
    j["$id"] = root + "/collections/" + c.id + "/queryables";
    j["type"] = "object";
    j["title"] = c.title;
    json props = json::object();
    for (std::size_t k = 0; k < c.layer->fields.size(); ++k) {
        json p;
        p["title"] = c.columns[k].title;
        if (!c.columns[k].description.empty()) p["description"] = c.columns[k].description;
        p["type"] = json_type(c.layer->fields[k].type);
        props[c.layer->fields[k].name] = std::move(p);
    }
    j["properties"] = std::move(props);
    return j;
}

OgcFeatures::~OgcFeatures() = default;

bool OgcFeatures::heavy(const std::string& rest) {
    return rest.find("/items") != std::string::npos;
}

Response OgcFeatures::handle(const std::string& rest, const Request& req,
                             const std::string& base_url) const {
    const auto& im = *impl_;
    const std::string root = base_url + "/ogcapi";
    auto only_f = [&]() -> std::optional<Response> {
        for (const auto& [name, value] : req.query) {
            if (name != "f") return bad("unknown query parameter '" + name + "'; use f");
            if (value != "json") return bad("f: only json is offered");
        }
        return std::nullopt;
    };
    if (rest.empty() || rest == "/") {
        if (auto e = only_f()) return *e;
        json j;
        j["title"] = im.title;
        j["description"] = im.description;
        j["links"] = json::array(
            {link(root, "self", "application/json", "this document"),
             link(root + "/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0",
                  "the API definition (OpenAPI 3.0)"),
             link(root + "/conformance", "conformance", "application/json",
                  "conformance classes"),
             link(root + "/conformance", "http://www.opengis.net/def/rel/ogc/1.0/conformance",
                  "application/json", "conformance classes"),
             link(root + "/collections", "data", "application/json", "the collections"),
             link(root + "/collections", "http://www.opengis.net/def/rel/ogc/1.0/data",
                  "application/json", "the collections")});
        return json_response(j);
    }
    if (rest == "/conformance") {
        if (auto e = only_f()) return *e;
        json j;
        j["conformsTo"] = json::array({
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        });
        return json_response(j);
    }
    if (rest == "/api") {
        if (auto e = only_f()) return *e;
        Response r;
        r.content_type = "application/vnd.oai.openapi+json;version=3.0";
        r.body = openapi_with_server(im.openapi_template, root);
        return r;
    }
    if (rest == "/collections") {
        if (auto e = only_f()) return *e;
        json j;
        j["links"] = json::array({link(root + "/collections", "self", "application/json",
                                       "the collections")});
        json list = json::array();
        for (const auto& c : im.collections) list.push_back(im.collection_json(c, root));
        j["collections"] = std::move(list);
        return json_response(j);
    }
    const std::string prefix = "/collections/";
    if (rest.rfind(prefix, 0) == 0) {
        const std::string tail = rest.substr(prefix.size());
        const auto slash = tail.find('/');
        const std::string id = tail.substr(0, slash);
        const Collection* c = im.find(id);
        if (!c)
            return error_response(404, "no collection '" + id + "'; see " + root + "/collections");
        if (slash == std::string::npos) {
            if (auto e = only_f()) return *e;
            return json_response(im.collection_json(*c, root));
        }
        const std::string sub = tail.substr(slash);
        if (sub == "/items") return im.items(*c, req, root);
        if (sub == "/queryables") {
            if (auto e = only_f()) return *e;
            return json_response(im.queryables_json(*c, root), "application/schema+json");
        }
        if (sub.rfind("/items/", 0) == 0 && sub.size() > 7 &&
            sub.find('/', 7) == std::string::npos)
            return im.item(*c, sub.substr(7), req, root);
    }
    return error_response(404, "no such resource under /ogcapi; start at " + root);
}

}  // namespace assetmap::serve
