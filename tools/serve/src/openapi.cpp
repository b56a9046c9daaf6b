#include <assetmap/serve/openapi.hpp>

#include <nlohmann/json.hpp>

namespace assetmap::serve {

using json = nlohmann::ordered_json;

namespace {

constexpr const char* server_slot = "@@SERVER_URL@@";

json content(const char* type, const char* schema_ref) {
    json c;
    c[type]["schema"]["$ref"] = schema_ref;
    return c;
}

json response(const char* description, const char* type = nullptr,
              const char* schema_ref = nullptr) {
    json r;
    r["description"] = description;
    if (type) r["content"] = content(type, schema_ref);
    return r;
}

json errors() {
    json e;
    e["400"] = response("A query parameter is unknown or malformed", "application/json",
                        "#/components/schemas/exception");
    e["404"] = response("No such collection or feature", "application/json",
                        "#/components/schemas/exception");
    e["500"] = response("Server error", "application/json", "#/components/schemas/exception");
    return e;
}

json get_operation(const std::string& summary, const std::string& id, json responses,
                   json parameters = json::array()) {
    json op;
    op["summary"] = summary;
    op["operationId"] = id;
    if (!parameters.empty()) op["parameters"] = std::move(parameters);
    const json errs = errors();  // a named value: items() of a temporary would dangle
    for (const auto& [k, v] : errs.items()) responses[k] = v;
    op["responses"] = std::move(responses);
    return op;
}

json ref(const char* name) { return {{"$ref", std::string("#/components/parameters/") + name}}; }

}  // namespace

std::string openapi_document(const std::string& title, const std::string& description,
                             const std::vector<OpenApiCollection>& collections,
                             std::size_t default_limit, std::size_t max_limit) {
    json doc;
    doc["openapi"] = "3.0.3";
    doc["info"]["title"] = title;
    doc["info"]["version"] = "1.0.0";
    doc["info"]["description"] = description;
    doc["info"]["license"]["name"] = "See the attribution of each collection's sources";
    doc["servers"] = json::array({{{"url", server_slot}}});

    json& c = doc["components"];
    c["parameters"]["limit"] = {
        {"name", "limit"},
        {"in", "query"},
        {"description", "Features per page (above the maximum, the maximum is used)"},
        {"required", false},
        {"style", "form"},
        {"explode", false},
        {"schema",
         {{"type", "integer"}, {"minimum", 1}, {"maximum", max_limit}, {"default", default_limit}}}};
    c["parameters"]["offset"] = {
        {"name", "offset"},
        {"in", "query"},
        {"description", "Features to skip (the next and prev links carry it)"},
        {"required", false},
        {"schema", {{"type", "integer"}, {"minimum", 0}, {"default", 0}}}};
    c["parameters"]["bbox"] = {
        {"name", "bbox"},
        {"in", "query"},
        {"description",
         "minLon,minLat,maxLon,maxLat in CRS84 (or 6 numbers with heights); features whose "
         "extent meets the box"},
        {"required", false},
        {"style", "form"},
        {"explode", false},
        {"schema",
         {{"type", "array"},
          {"minItems", 4},
          {"maxItems", 6},
          {"items", {{"type", "number"}}}}}};
    c["parameters"]["datetime"] = {
        {"name", "datetime"},
        {"in", "query"},
        {"description", "RFC 3339 instant or interval; the atlas's features have no time, so "
                        "every feature matches"},
        {"required", false},
        {"style", "form"},
        {"explode", false},
        {"schema", {{"type", "string"}}}};
    c["parameters"]["f"] = {{"name", "f"},
                            {"in", "query"},
                            {"description", "Encoding: json (GeoJSON for features)"},
                            {"required", false},
                            {"schema", {{"type", "string"}, {"enum", {"json"}}}}};
    json ids = json::array();
    for (const auto& col : collections) ids.push_back(col.id);
    c["parameters"]["collectionId"] = {{"name", "collectionId"},
                                       {"in", "path"},
                                       {"required", true},
                                       {"schema", {{"type", "string"}, {"enum", ids}}}};
    c["parameters"]["featureId"] = {{"name", "featureId"},
                                    {"in", "path"},
                                    {"required", true},
                                    {"schema", {{"type", "string"}}}};
    c["schemas"]["exception"] = {
        {"type", "object"},
        {"required", {"status", "message"}},
        {"properties",
         {{"status", {{"type", "integer"}}},
          {"error", {{"type", "string"}}},
          {"message", {{"type", "string"}}}}}};
    c["schemas"]["object"] = {{"type", "object"}};
    c["schemas"]["featureCollectionGeoJSON"] = {
        {"type", "object"},
        {"required", {"type", "features"}},
        {"properties",
         {{"type", {{"type", "string"}, {"enum", {"FeatureCollection"}}}},
          {"features", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/featureGeoJSON"}}}}},
          {"links", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"timeStamp", {{"type", "string"}, {"format", "date-time"}}},
          {"numberMatched", {{"type", "integer"}, {"minimum", 0}}},
          {"numberReturned", {{"type", "integer"}, {"minimum", 0}}}}}};
    c["schemas"]["featureGeoJSON"] = {
        {"type", "object"},
        {"required", {"type", "geometry", "properties"}},
        {"properties",
         {{"type", {{"type", "string"}, {"enum", {"Feature"}}}},
          {"geometry", {{"type", "object"}, {"nullable", true}}},
          {"properties", {{"type", "object"}, {"nullable", true}}},
          {"id", {{"oneOf", {{{"type", "string"}}, {{"type", "integer"}}}}}},
          {"links", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};

    json& paths = doc["paths"];
    auto ok_json = [](const char* what) {
        json r;
        r["200"] = response(what, "application/json", "#/components/schemas/object");
        return r;
    };
    paths["/"]["get"] = get_operation("Landing page", "getLandingPage",
                                      ok_json("Links to the API definition, the conformance "
                                              "classes and the collections"),
                                      json::array({ref("f")}));
    json api_ok;
    api_ok["200"] = response("This document", "application/vnd.oai.openapi+json;version=3.0",
                             "#/components/schemas/object");
    paths["/api"]["get"] = get_operation("The API definition", "getAPI", api_ok,
                                         json::array({ref("f")}));
    paths["/conformance"]["get"] = get_operation(
        "Conformance classes", "getConformanceDeclaration",
        ok_json("core, oas30 and geojson of OGC API – Features – Part 1"), json::array({ref("f")}));
    paths["/collections"]["get"] = get_operation("The collections", "getCollections",
                                                 ok_json("The collections and their extents"),
                                                 json::array({ref("f")}));
    paths["/collections/{collectionId}"]["get"] =
        get_operation("One collection", "describeCollection", ok_json("The collection"),
                      json::array({ref("collectionId"), ref("f")}));
    json items_ok;
    items_ok["200"] = response("A page of features", "application/geo+json",
                               "#/components/schemas/featureCollectionGeoJSON");
    paths["/collections/{collectionId}/items"]["get"] = get_operation(
        "Features of a collection", "getFeatures", items_ok,
        json::array({ref("collectionId"), ref("limit"), ref("offset"), ref("bbox"),
                     ref("datetime"), ref("f")}));
    json queryables_ok;
    queryables_ok["200"] = response("The queryable properties as a JSON Schema",
                                    "application/schema+json", "#/components/schemas/object");
    paths["/collections/{collectionId}/queryables"]["get"] = get_operation(
        "Queryable properties of a collection (equality filters of items)", "getQueryables",
        queryables_ok, json::array({ref("collectionId"), ref("f")}));
    json item_ok;
    item_ok["200"] = response("One feature", "application/geo+json",
                              "#/components/schemas/featureGeoJSON");
    paths["/collections/{collectionId}/items/{featureId}"]["get"] =
        get_operation("One feature", "getFeature", item_ok,
                      json::array({ref("collectionId"), ref("featureId"), ref("f")}));

    // Per collection: the same with its properties as equality filters.
    for (const auto& col : collections) {
        json params = json::array({ref("limit"), ref("offset"), ref("bbox"), ref("datetime"),
                                   ref("f")});
        for (std::size_t k = 0; k < col.properties.size(); ++k) {
            const auto& [name, type] = col.properties[k];
            std::string what = "Only features whose " + name + " equals this";
            if (k < col.described.size() && !col.described[k].first.empty())
                what += " (" + col.described[k].first + ")";
            params.push_back({{"name", name},
                              {"in", "query"},
                              {"description", what},
                              {"required", false},
                              {"schema", {{"type", type}}}});
        }
        paths["/collections/" + col.id + "/items"]["get"] =
            get_operation(col.title + ": features", "getFeatures_" + col.id, items_ok, params);
    }
    return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string openapi_with_server(const std::string& document, const std::string& server_url) {
    std::string out = document;
    const std::string slot = server_slot;
    const auto at = out.find(slot);
    if (at != std::string::npos) {
        // JSON-escape the URL (it comes from the validated Host header: no quotes or
        // backslashes, but be safe).
        std::string escaped;
        for (char ch : server_url) {
            if (ch == '"' || ch == '\\') escaped += '\\';
            escaped += ch;
        }
        out.replace(at, slot.size(), escaped);
    }
    return out;
}

}  // namespace assetmap::serve
