#include <assetmap/serve/ogc_features.hpp>

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/column_info.hpp>
#include <assetmap/core/date.hpp>
#include <assetmap/serve/openapi.hpp>
#include <assetmap/serve/url.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace assetmap::serve {

using json = nlohmann::ordered_json;

namespace {

constexpr const char* crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
constexpr const char* geojson_type = "application/geo+json";

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

double round7(double v) { return std::round(v * 1e7) / 1e7; }

/// A coordinate with 7 decimals (about 1 cm), trailing zeros dropped: "-2.9977", "51.5".
void append_coordinate(std::string& out, double v) {
    // std::to_chars: the same correctly rounded digits as printf("%.7f"), several times
    // faster (the state after each asset edit formats every geometry again).
    char buf[400];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 7);
    int n = res.ec == std::errc() ? int(res.ptr - buf) : std::snprintf(buf, 40, "%.7f", v);
    while (n > 1 && buf[n - 1] == '0') --n;
    if (n > 1 && buf[n - 1] == '.') --n;
    if (n == 2 && buf[0] == '-' && buf[1] == '0') {  // "-0" → "0"
        buf[0] = '0';
        n = 1;
    }
    out.append(buf, std::size_t(n));
}

void append_position(std::string& out, const LonLat& p) {
    out += '[';
    append_coordinate(out, p.lon_deg);
    out += ',';
    append_coordinate(out, p.lat_deg);
    out += ']';
}

void append_ring(std::string& out, const std::vector<LonLat>& ring) {
    out += '[';
    for (std::size_t i = 0; i < ring.size(); ++i) {
        if (i) out += ',';
        append_position(out, ring[i]);
    }
    out += ']';
}

/// The GeoJSON geometry of a row ("null" when it has none).
std::string geometry_json(const LayerLonLat& g, std::size_t r) {
    if (!g.has_geometry[r]) return "null";
    std::string out;
    if (!g.points.empty()) {
        out = "{\"type\":\"Point\",\"coordinates\":";
        append_position(out, g.points[r]);
        return out + "}";
    }
    out = "{\"type\":\"MultiPolygon\",\"coordinates\":[";
    const auto& polys = g.polygons[r];
    for (std::size_t p = 0; p < polys.size(); ++p) {
        if (p) out += ',';
        out += '[';
        append_ring(out, polys[p].outer);
        for (const auto& h : polys[p].holes) {
            out += ',';
            append_ring(out, h);
        }
        out += ']';
    }
    return out + "]}";
}

json value_json(const io::FieldValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* d = std::get_if<double>(&v)) return std::isfinite(*d) ? json(*d) : json();
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    return nullptr;
}

const char* json_type(io::FieldType t) {
    return t == io::FieldType::string ? "string" : t == io::FieldType::integer ? "integer" : "number";
}

struct CollectionInfo {
    const char* layer;
    const char* title;
    const char* description;
    const char* id_field;  ///< feature id column (unique), or "" for the row number
};

const CollectionInfo collection_infos[] = {
    {"areas", "Areas",
     "Study areas (e.g. MSOAs) with every measure column, data-extent flags, domain scores and "
     "the asset index",
     "code"},
    {"assets", "Assets", "Community assets: category, domain, name, sources and area", "asset_id"},
    {"asset_footprints", "Asset footprints",
     "Polygons of area assets (green space, allotments)", ""},
    {"catchments", "Catchments",
     "Areas within 5, 10 and 15 minutes' walk of each category's nearest asset", ""},
    {"population_points", "Population points",
     "Population-weighted points the access measures are averaged over", "id"},
};

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

json link(const std::string& href, const char* rel, const char* type, const std::string& title = {}) {
    json l;
    l["href"] = href;
    l["rel"] = rel;
    l["type"] = type;
    if (!title.empty()) l["title"] = title;
    return l;
}

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

Response bad(const std::string& message) { return error_response(400, message); }

bool intersects(const BoxLonLat& f, double w, double s, double e, double n) {
    if (f.max_lat_deg < s || f.min_lat_deg > n) return false;
    if (w <= e) return !(f.max_lon_deg < w || f.min_lon_deg > e);
    // Crosses the antimeridian: [w, 180] ∪ [-180, e].
    return f.max_lon_deg >= w || f.min_lon_deg <= e;
}

/// A datetime value as the standard writes it: an instant or an interval with ".." ends.
bool plausible_datetime(std::string_view v) {
    if (v.empty() || v.size() > 64) return false;
    for (char c : v)
        if (!((c >= '0' && c <= '9') || c == 'T' || c == 'Z' || c == ':' || c == '.' ||
              c == '+' || c == '-' || c == '/' || c == 't' || c == 'z'))
            return false;
    return v != "../..";
}

}  // namespace

const std::vector<std::string>& ogc_collection_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& c : collection_infos) n.emplace_back(c.layer);
        return n;
    }();
    return names;
}

struct OgcFeatures::Impl {
    std::string title, description;
    std::vector<Collection> collections;
    std::string openapi_template;  ///< the OpenAPI document, with the server URL slot

    const Collection* find(std::string_view id) const {
        for (const auto& c : collections)
            if (c.id == id) return &c;
        return nullptr;
    }

    json collection_json(const Collection& c, const std::string& root) const {
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

    /// The queryables of a collection (OGC API – Features – Part 3): each property with its
    /// title, description and JSON type; every one is an equality filter of items.
    json queryables_json(const Collection& c, const std::string& root) const {
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

    Response items(const Collection& c, const Request& req, const std::string& root) const;
    Response item(const Collection& c, const std::string& fid, const Request& req,
                  const std::string& root) const;
};

namespace {

bool same_lonlat(const LonLat& a, const LonLat& b) {
    return a.lon_deg == b.lon_deg && a.lat_deg == b.lat_deg;
}

bool same_ring(const std::vector<LonLat>& a, const std::vector<LonLat>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_lonlat);
}

bool same_fields(const std::vector<io::FieldDef>& a, const std::vector<io::FieldDef>& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
               return x.name == y.name && x.type == y.type;
           });
}

/// Row `r` of `a` and row `q` of `b` have the same CRS84 geometry.
bool same_geometry(const LayerLonLat& a, std::size_t r, const LayerLonLat& b, std::size_t q) {
    if (a.has_geometry[r] != b.has_geometry[q]) return false;
    if (!a.has_geometry[r]) return true;
    if (a.points.empty() != b.points.empty()) return false;
    if (!a.points.empty()) return same_lonlat(a.points[r], b.points[q]);
    const auto& x = a.polygons[r];
    const auto& y = b.polygons[q];
    if (x.size() != y.size()) return false;
    for (std::size_t p = 0; p < x.size(); ++p) {
        if (!same_ring(x[p].outer, y[p].outer) || x[p].holes.size() != y[p].holes.size())
            return false;
        for (std::size_t h = 0; h < x[p].holes.size(); ++h)
            if (!same_ring(x[p].holes[h], y[p].holes[h])) return false;
    }
    return true;
}

}  // namespace

OgcFeatures::OgcFeatures(const atlas::Atlas& atlas,
                         const std::map<std::string, LayerLonLat>& layers,
                         const OgcFeatures* previous)
    : impl_(std::make_unique<Impl>()) {
    auto& im = *impl_;
    im.title = atlas.title();
    im.description = "OGC API – Features of the assetmap atlas '" + atlas.study_name() +
                     "': areas with every measure, assets, asset footprints, catchments and "
                     "population points, in CRS84.";
    const auto context = atlas::column_context(std::map<std::string, std::string>(
        atlas.metadata().begin(), atlas.metadata().end()));
    for (const auto& info : collection_infos) {
        const auto it = layers.find(info.layer);
        if (it == layers.end() || !it->second.layer) continue;
        Collection c;
        c.id = info.layer;
        c.title = info.title;
        c.description = info.description;
        c.geo = &it->second;
        c.layer = it->second.layer;
        const io::OutputLayer& layer = *c.layer;
        for (std::size_t f = 0; f < layer.fields.size(); ++f) {
            c.field_index.emplace(layer.fields[f].name, f);
            c.columns.push_back(atlas::describe_column(c.id, layer.fields[f].name, context));
        }

        // Feature ids: the id column when its values are unique and non-empty, else row
        // numbers from 1.
        const std::size_t id_col = *info.id_field ? atlas::Atlas::field(layer, info.id_field)
                                                  : atlas::Atlas::npos;
        bool unique = id_col != atlas::Atlas::npos;
        std::vector<std::string> row_ids;
        if (unique) {
            row_ids.reserve(layer.rows.size());
            for (std::size_t r = 0; r < layer.rows.size(); ++r)
                row_ids.push_back(atlas::Atlas::text(layer, r, id_col));
            std::unordered_set<std::string_view> seen;
            seen.reserve(row_ids.size());
            for (std::size_t r = 0; r < row_ids.size() && unique; ++r)
                unique = !row_ids[r].empty() && seen.insert(row_ids[r]).second;
        }
        const Collection* before = nullptr;
        if (previous)
            for (const auto& pc : previous->impl_->collections)
                if (pc.id == c.id && pc.layer && same_fields(pc.layer->fields, layer.fields))
                    before = &pc;
        c.by_id.reserve(layer.rows.size());
        for (std::size_t r = 0; r < layer.rows.size(); ++r) {
            std::string id = unique ? std::move(row_ids[r]) : std::to_string(r + 1);
            if (before) {
                const auto was = before->by_id.find(id);
                if (was != before->by_id.end() && before->layer->rows[was->second] == layer.rows[r] &&
                    same_geometry(*before->geo, was->second, *c.geo, r)) {
                    c.by_id.emplace(id, r);
                    c.ids.push_back(std::move(id));
                    c.features.push_back(before->features[was->second]);
                    continue;
                }
            }
            json props = json::object();
            for (std::size_t k = 0; k < layer.fields.size(); ++k)
                props[layer.fields[k].name] = value_json(layer.rows[r][k]);
            std::string f = "{\"type\":\"Feature\",\"id\":";
            f += unique ? dump(json(id)) : id;
            f += ",\"geometry\":" + geometry_json(*c.geo, r) + ",\"properties\":" + dump(props) +
                 "}";
            c.by_id.emplace(id, r);
            c.ids.push_back(std::move(id));
            c.features.push_back(std::make_shared<const std::string>(std::move(f)));
        }
        im.collections.push_back(std::move(c));
    }

    std::vector<OpenApiCollection> api;
    for (const auto& c : im.collections) {
        OpenApiCollection a;
        a.id = c.id;
        a.title = c.title;
        for (std::size_t k = 0; k < c.layer->fields.size(); ++k) {
            const auto& f = c.layer->fields[k];
            a.properties.emplace_back(f.name, json_type(f.type));
            a.described.emplace_back(c.columns[k].title, c.columns[k].description);
        }
        api.push_back(std::move(a));
    }
    im.openapi_template = openapi_document(im.title, im.description, api, default_limit, max_limit);
}

OgcFeatures::~OgcFeatures() = default;

bool OgcFeatures::heavy(const std::string& rest) {
    return rest.find("/items") != std::string::npos;
}

Response OgcFeatures::Impl::items(const Collection& c, const Request& req,
                                  const std::string& root) const {
    std::size_t limit = default_limit, offset = 0;
    bool has_bbox = false;
    double w = 0, s = 0, e = 0, n = 0;
    std::vector<std::pair<std::size_t, std::string>> filters;
    std::set<std::string> seen;
    for (const auto& [name, value] : req.query) {
        if (!seen.insert(name).second)
            return bad("query parameter '" + name + "' is given more than once");
        if (name == "limit") {
            bool digits = !value.empty() && value.size() <= 20;
            for (char ch : value) digits = digits && ch >= '0' && ch <= '9';
            if (!digits)
                return bad("limit must be a whole number from 1 to " + std::to_string(max_limit));
            const auto v = parse_uint(value.size() > 10 ? std::string("9999999999") : value,
                                      9999999999ull);
            if (!v || *v == 0)
                return bad("limit must be a whole number from 1 to " + std::to_string(max_limit));
            limit = static_cast<std::size_t>(std::min<std::uint64_t>(*v, max_limit));
        } else if (name == "offset") {
            const auto v = parse_uint(value, 1000000000ull);
            if (!v) return bad("offset must be a whole number from 0 to 1000000000");
            offset = static_cast<std::size_t>(*v);
        } else if (name == "bbox") {
            const auto parts = split_commas(value);
            if (parts.size() != 4 && parts.size() != 6)
                return bad("bbox must be 4 numbers (minLon,minLat,maxLon,maxLat in CRS84) or 6 "
                           "(with heights)");
            std::vector<double> v;
            for (const auto& p : parts) {
                const auto d = parse_finite(p);
                if (!d) return bad("bbox values must be finite numbers");
                v.push_back(*d);
            }
            const bool six = v.size() == 6;
            w = v[0];
            s = v[1];
            e = v[six ? 3 : 2];
            n = v[six ? 4 : 3];
            if (w < -180 || w > 180 || e < -180 || e > 180)
                return bad("bbox longitudes must lie in [-180, 180] (CRS84: longitude first)");
            if (s < -90 || s > 90 || n < -90 || n > 90)
                return bad("bbox latitudes must lie in [-90, 90] (CRS84: longitude first)");
            if (s > n) return bad("bbox: the southern latitude is above the northern one");
            if (six && v[2] > v[5]) return bad("bbox: the lower height is above the upper one");
            has_bbox = true;
        } else if (name == "bbox-crs" || name == "crs") {
            if (value != crs84)
                return bad(name + ": only " + std::string(crs84) + " is supported");
        } else if (name == "datetime") {
            if (!plausible_datetime(value))
                return bad("datetime must be an RFC 3339 instant or interval");
            // The atlas's features carry no time: every feature matches.
        } else if (name == "f") {
            if (value != "json" && value != "geojson")
                return bad("f: only json (GeoJSON) is offered");
        } else if (const auto it = c.field_index.find(name); it != c.field_index.end()) {
            filters.emplace_back(it->second, value);
        } else {
            return bad("unknown query parameter '" + name +
                       "'; use limit, offset, bbox, datetime, f or a property of '" + c.id + "'");
        }
    }
    // Numeric filters compare as numbers.
    std::vector<std::optional<double>> filter_numbers;
    for (const auto& [f, value] : filters) {
        if (c.layer->fields[f].type == io::FieldType::string) {
            filter_numbers.emplace_back();
            continue;
        }
        const auto d = parse_finite(value);
        if (!d) return bad("property '" + c.layer->fields[f].name + "' is a number; '" + value +
                           "' is not");
        filter_numbers.emplace_back(*d);
    }

    std::vector<std::size_t> matched;
    const io::OutputLayer& layer = *c.layer;
    for (std::size_t r = 0; r < layer.rows.size(); ++r) {
        if (has_bbox && (!c.geo->has_geometry[r] || !intersects(c.geo->boxes[r], w, s, e, n)))
            continue;
        bool ok = true;
        for (std::size_t k = 0; ok && k < filters.size(); ++k) {
            const auto& cell = layer.rows[r][filters[k].first];
            if (filter_numbers[k]) {
                const auto v = atlas::Atlas::number(layer, r, filters[k].first);
                ok = v && *v == *filter_numbers[k];
            } else {
                const auto* sv = std::get_if<std::string>(&cell);
                ok = sv && *sv == filters[k].second;
            }
        }
        if (ok) matched.push_back(r);
    }
    const std::size_t begin = std::min(offset, matched.size());
    const std::size_t end = std::min(matched.size(), begin + limit);

    // Links keep every parameter but offset (and f), re-encoded.
    auto url_with_offset = [&](std::size_t off) {
        std::string q;
        for (const auto& [name, value] : req.query) {
            if (name == "offset" || name == "limit") continue;
            q += (q.empty() ? "" : "&") + percent_encode(name) + "=" + percent_encode(value);
        }
        q += (q.empty() ? "" : "&") + std::string("limit=") + std::to_string(limit);
        if (off) q += "&offset=" + std::to_string(off);
        return root + "/collections/" + c.id + "/items?" + q;
    };
    std::string links = "[" + dump(link(url_with_offset(begin), "self", geojson_type, "this page"));
    if (end < matched.size())
        links += "," + dump(link(url_with_offset(end), "next", geojson_type, "next page"));
    if (begin > 0)
        links += "," + dump(link(url_with_offset(begin > limit ? begin - limit : 0), "prev",
                                 geojson_type, "previous page"));
    links += "," + dump(link(root + "/collections/" + c.id, "collection", "application/json",
                             c.title)) +
             "]";

    std::size_t bytes = 256 + links.size();
    for (std::size_t i = begin; i < end; ++i) bytes += c.features[matched[i]]->size() + 1;
    Response res;
    res.content_type = geojson_type;
    res.body.reserve(bytes);
    res.body = "{\"type\":\"FeatureCollection\",\"numberMatched\":" +
               std::to_string(matched.size()) + ",\"numberReturned\":" +
               std::to_string(end - begin) + ",\"timeStamp\":\"" + utc_now_iso() +
               "\",\"links\":" + links + ",\"features\":[";
    for (std::size_t i = begin; i < end; ++i) {
        if (i > begin) res.body += ',';
        res.body += *c.features[matched[i]];
    }
    res.body += "]}\n";
    res.set_header("Content-Crs", std::string("<") + crs84 + ">");
    return res;
}

Response OgcFeatures::Impl::item(const Collection& c, const std::string& fid, const Request& req,
                                 const std::string& root) const {
    for (const auto& [name, value] : req.query)
        if (name != "f" && name != "crs")
            return bad("unknown query parameter '" + name + "' for a feature; use f");
        else if ((name == "f" && value != "json" && value != "geojson") ||
                 (name == "crs" && value != crs84))
            return bad("'" + name + "=" + value + "' is not offered");
    const auto it = c.by_id.find(fid);
    if (it == c.by_id.end())
        return error_response(404, "collection '" + c.id + "' has no feature '" + fid + "'");
    const std::string& feature = *c.features[it->second];
    const std::string self = root + "/collections/" + c.id + "/items/" + percent_encode(fid);
    const std::string links =
        "[" + dump(link(self, "self", geojson_type, "this feature")) + "," +
        dump(link(root + "/collections/" + c.id, "collection", "application/json", c.title)) + "]";
    Response res;
    res.content_type = geojson_type;
    // The stored feature ends with "}": the links go in before it.
    res.body = feature.substr(0, feature.size() - 1) + ",\"links\":" + links + "}\n";
    res.set_header("Content-Crs", std::string("<") + crs84 + ">");
    return res;
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
