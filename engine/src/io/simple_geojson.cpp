/// @file read_simple_geojson: a GeoJSON FeatureCollection read with simdjson when GDAL's GeoJSON
/// driver would read it to the same values (see vector_reader_detail.hpp). GDAL reads such a
/// file twice (a streaming pass for the fields, then json-c per feature), about 0.1 s for the
/// 2 MB of the Welsh MSOAs; simdjson reads it once in a few milliseconds. Every rule below errs
/// towards GDAL: whatever is not certainly read the same way gives nullopt.

#include "vector_reader_detail.hpp"

#include <assetmap/core/ascii.hpp>

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace assetmap::io::detail {

namespace {

namespace dom = simdjson::dom;

constexpr std::uintmax_t kMaxBytes = std::uintmax_t{64} << 20;  // the DOM takes ~3× the file

/// Thrown inside the reader when the file is not one it reads like GDAL; caught at the top.
struct NotSimple {};

bool has_geojson_extension(const std::filesystem::path& p) {
    const std::string ext = p.extension().string();
    return ascii_iequals(ext, ".geojson") || ascii_iequals(ext, ".json");
}

/// The source CRS as read_vector names it from GDAL's layer (checked against GDAL in
/// test_simple_geojson): no "crs" member and CRS84 are EPSG:4326 there.
std::string crs_of(const dom::object& root) {
    dom::element crs;
    if (root["crs"].get(crs) != simdjson::SUCCESS) return "EPSG:4326";
    std::string_view type, name;
    if (crs["type"].get(type) != simdjson::SUCCESS || type != "name" ||
        crs["properties"]["name"].get(name) != simdjson::SUCCESS)
        throw NotSimple{};
    if (name == "urn:ogc:def:crs:OGC:1.3:CRS84" || name == "urn:ogc:def:crs:EPSG::4326" ||
        name == "EPSG:4326")
        return "EPSG:4326";
    if (name == "urn:ogc:def:crs:EPSG::27700" || name == "EPSG:27700") return "EPSG:27700";
    throw NotSimple{};
}

/// A coordinate as GDAL gets it from json-c: an integer converted, a double as parsed (both
/// parsers round exactly). "-0" is an integer 0 for json-c, so +0.0.
double number(const dom::element& e) {
    switch (e.type()) {
        case dom::element_type::INT64: return static_cast<double>(int64_t(e));
        case dom::element_type::UINT64: return static_cast<double>(uint64_t(e));
        case dom::element_type::DOUBLE: return double(e);
        default: throw NotSimple{};
    }
}

PointM position(const dom::element& e) {
    dom::array a;
    if (e.get(a) != simdjson::SUCCESS) throw NotSimple{};
    const std::size_t n = a.size();
    if (n != 2 && n != 3) throw NotSimple{};
    const double x = number(a.at(0).value_unsafe());
    const double y = number(a.at(1).value_unsafe());
    if (n == 3) (void)number(a.at(2).value_unsafe());  // a z GDAL reads and we drop
    return PointM{x, y};
}

RingM ring(const dom::element& e) {
    dom::array a;
    if (e.get(a) != simdjson::SUCCESS) throw NotSimple{};
    RingM out;
    out.reserve(a.size());
    for (dom::element p : a) out.push_back(position(p));
    if (out.size() < 4 || out.front().x_m != out.back().x_m || out.front().y_m != out.back().y_m)
        throw NotSimple{};  // open or degenerate: left to GDAL's own handling
    return out;
}

PolygonM polygon(const dom::element& e) {
    dom::array rings;
    if (e.get(rings) != simdjson::SUCCESS || rings.size() == 0) throw NotSimple{};
    PolygonM out;
    bool first = true;
    for (dom::element r : rings) {
        if (first)
            out.outer = ring(r);
        else
            out.holes.push_back(ring(r));
        first = false;
    }
    return out;
}

/// Only the `allowed` members, each once (which of two GDAL would take is GDAL's business).
void check_members(const dom::object& o, std::initializer_list<std::string_view> allowed) {
    std::uint32_t seen = 0;
    for (const auto field : o) {
        const auto it = std::find(allowed.begin(), allowed.end(), field.key);
        if (it == allowed.end()) throw NotSimple{};
        const std::uint32_t bit = 1u << (it - allowed.begin());
        if (seen & bit) throw NotSimple{};
        seen |= bit;
    }
}

/// The members read at the top level appear at most once.
void check_unique(const dom::object& o, std::initializer_list<std::string_view> keys) {
    std::uint32_t seen = 0;
    for (const auto field : o) {
        const auto it = std::find(keys.begin(), keys.end(), field.key);
        if (it == keys.end()) continue;
        const std::uint32_t bit = 1u << (it - keys.begin());
        if (seen & bit) throw NotSimple{};
        seen |= bit;
    }
}

/// The geometry into `raw` (source CRS).
void read_geometry(const dom::element& g, const VectorRequest& req, RawFeature& raw) {
    dom::object o;
    if (g.get(o) != simdjson::SUCCESS) throw NotSimple{};  // null geometry included
    check_members(o, {"type", "coordinates", "bbox"});
    std::string_view type;
    dom::element coords;
    if (o["type"].get(type) != simdjson::SUCCESS ||
        o["coordinates"].get(coords) != simdjson::SUCCESS)
        throw NotSimple{};
    VectorFeature& f = raw.feature;
    if (type == "Point" && req.want != GeometryWant::polygons) {
        const PointM p = position(coords);
        raw.is_point = true;
        raw.px = p.x_m, raw.py = p.y_m;
        return;
    }
    if (type == "Polygon" && req.want != GeometryWant::points) {
        f.is_polygon = true;
        f.polygon.push_back(polygon(coords));
        return;
    }
    if (type == "MultiPolygon" && req.want != GeometryWant::points) {
        dom::array polys;
        if (coords.get(polys) != simdjson::SUCCESS || polys.size() == 0) throw NotSimple{};
        f.is_polygon = true;
        for (dom::element p : polys) f.polygon.push_back(polygon(p));
        return;
    }
    throw NotSimple{};
}

/// A string GDAL keeps as a string field: not date- or time-like (GDAL's GeoJSON driver
/// makes those Date/Time fields, which it formats differently), no NUL.
bool plain_string(std::string_view s) {
    if (s.find('\0') != std::string_view::npos) return false;
    if (!s.empty() && std::isdigit(static_cast<unsigned char>(s.front())) &&
        s.find_first_of("-/:") != std::string_view::npos)
        return false;
    return true;
}

RawLayer read(const std::filesystem::path& path, const VectorRequest& req) {
    simdjson::padded_string json;
    if (simdjson::padded_string::load(path.string()).get(json) != simdjson::SUCCESS)
        throw NotSimple{};
    dom::parser parser;
    dom::element doc;
    if (parser.parse(json).get(doc) != simdjson::SUCCESS) throw NotSimple{};
    dom::object root;
    std::string_view type;
    dom::array features;
    if (doc.get(root) != simdjson::SUCCESS || root["type"].get(type) != simdjson::SUCCESS ||
        type != "FeatureCollection" || root["features"].get(features) != simdjson::SUCCESS)
        throw NotSimple{};
    check_unique(root, {"type", "features", "name", "crs"});

    RawLayer out;
    {
        dom::element name;
        std::string_view s;
        if (root["name"].get(name) == simdjson::SUCCESS) {
            if (name.get(s) != simdjson::SUCCESS || s.empty()) throw NotSimple{};
            out.layer = std::string(s);
        } else {
            out.layer = path.stem().string();
        }
    }
    if (!req.layer.empty() && req.layer != out.layer) throw NotSimple{};
    out.source_crs = crs_of(root);

    const std::size_t n_fields = req.fields.size();
    std::vector<char> field_seen(n_fields, 0);
    out.raws.reserve(features.size());
    for (dom::element fe : features) {
        dom::object fo;
        if (fe.get(fo) != simdjson::SUCCESS) throw NotSimple{};
        check_members(fo, {"type", "properties", "geometry", "bbox"});
        std::string_view ftype;
        dom::element geometry, properties;
        if (fo["type"].get(ftype) != simdjson::SUCCESS || ftype != "Feature" ||
            fo["geometry"].get(geometry) != simdjson::SUCCESS ||
            fo["properties"].get(properties) != simdjson::SUCCESS)
            throw NotSimple{};
        RawFeature raw;
        VectorFeature& f = raw.feature;
        f.fid = static_cast<std::int64_t>(out.raws.size());
        read_geometry(geometry, req, raw);

        f.values.assign(n_fields, std::string());
        f.is_null.assign(n_fields, true);
        std::vector<char> set(n_fields, 0);
        if (!properties.is_null()) {
            dom::object po;
            if (properties.get(po) != simdjson::SUCCESS) throw NotSimple{};
            for (const auto field : po) {
                for (std::size_t k = 0; k < n_fields; ++k) {
                    const std::string& want = req.fields[k];
                    if (want.empty() || !ascii_iequals(field.key, want)) continue;
                    // Another spelling (GDAL matches fields case-insensitively) or the
                    // key twice: GDAL's choice, not ours.
                    if (field.key != want || set[k]) throw NotSimple{};
                    set[k] = 1;
                    field_seen[k] = 1;
                    std::string_view s;
                    if (field.value.is_null()) continue;
                    if (field.value.get(s) != simdjson::SUCCESS || !plain_string(s))
                        throw NotSimple{};
                    f.values[k] = std::string(s);
                    f.is_null[k] = false;
                }
            }
        }
        out.raws.push_back(std::move(raw));
    }
    out.features_read = out.raws.size();
    if (out.raws.empty()) throw NotSimple{};
    for (std::size_t k = 0; k < n_fields; ++k)
        if (!req.fields[k].empty() && !field_seen[k]) throw NotSimple{};  // GDAL's error
    // GDAL's layer type is the features' common type: read_vector's checks on it fail only
    // when the features are of a kind the request refuses, which read_geometry left to GDAL.
    return out;
}

}  // namespace

std::optional<RawLayer> read_simple_geojson(const VectorRequest& req) {
    if (req.all_attributes) return std::nullopt;
    const std::filesystem::path path(req.path);
    if (!has_geojson_extension(path)) return std::nullopt;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) ||
        std::filesystem::file_size(path, ec) > kMaxBytes || ec)
        return std::nullopt;
    try {
        return read(path, req);
    } catch (const NotSimple&) {
        return std::nullopt;
    } catch (const simdjson::simdjson_error&) {
        return std::nullopt;
    }
}

}  // namespace assetmap::io::detail
