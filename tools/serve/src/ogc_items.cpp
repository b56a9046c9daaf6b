/// @file The item pages of the OGC API – Features service: a collection's items (limit,
/// offset, bbox, datetime and property filters, with paging links) and one feature by id.

#include "ogc_features_detail.hpp"

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/core/date.hpp>
#include <assetmap/serve/url.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

namespace assetmap::serve {

namespace {

using ogc_detail::bad;
using ogc_detail::Collection;
using ogc_detail::crs84;
using ogc_detail::dump;
using ogc_detail::geojson_type;
using ogc_detail::link;

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

}  // namespace assetmap::serve
