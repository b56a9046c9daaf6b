/// @file Building the OGC API – Features collections once per atlas state (the OgcFeatures
/// constructor): the collections served, their feature ids, and every feature encoded as
/// GeoJSON, reused from the previous state where a row is unchanged; and the OpenAPI
/// document they are described in.

#include "ogc_features_detail.hpp"

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/serve/openapi.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace assetmap::serve {

namespace {

using ogc_detail::Collection;
using ogc_detail::dump;
using ogc_detail::json_type;

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

const std::vector<std::string>& ogc_collection_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& c : collection_infos) n.emplace_back(c.layer);
        return n;
    }();
    return names;
}

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

}  // namespace assetmap::serve
