/// @file assetmap_bench_raster: the atlas read as the renderer's layers (EPSG:3857), and the
/// same data written as GeoJSON for the python peer (see bench_raster_detail.hpp).

#include "bench_raster_detail.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/label_point.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace assetmap::bench::raster {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(path, "cannot read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw io_error("cannot write " + path.string());
}

namespace {

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += static_cast<char>(ch);
        } else if (ch < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", ch);
            out += buf;
        } else {
            out += static_cast<char>(ch);
        }
    }
    return out + "\"";
}

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

void ring_json(std::ostream& os, const RingM& ring) {
    os << '[';
    for (std::size_t i = 0; i < ring.size(); ++i) {
        os << (i ? "," : "") << '[' << num(ring[i].x_m) << ',' << num(ring[i].y_m) << ']';
    }
    if (!ring.empty() && !(ring.front() == ring.back())) {
        os << ",[" << num(ring.front().x_m) << ',' << num(ring.front().y_m) << ']';
    }
    os << ']';
}

}  // namespace

/// The renderer's data as GeoJSON for the python peer (EPSG:3857 metres; the geojson plugin
/// ignores CRS members, the style's layers say epsg:3857). Same attributes, same label points.
void write_geojson(const fs::path& dir, const tiles::RasterLayers& layers) {
    std::ofstream areas(dir / "areas.geojson"), labels(dir / "area_labels.geojson"),
        assets(dir / "assets.geojson");
    auto props = [&](std::ostream& os, const tiles::RasterArea& a) {
        os << "{\"code\":" << json_string(a.code) << ",\"name\":" << json_string(a.name)
           << ",\"class\":" << a.class_index << ',' << json_string(layers.indicator) << ':'
           << (a.value ? num(*a.value) : "null") << '}';
    };
    areas << "{\"type\":\"FeatureCollection\",\"features\":[\n";
    labels << "{\"type\":\"FeatureCollection\",\"features\":[\n";
    for (std::size_t i = 0; i < layers.areas.size(); ++i) {
        const auto& a = layers.areas[i];
        areas << (i ? ",\n" : "") << "{\"type\":\"Feature\",\"properties\":";
        props(areas, a);
        areas << ",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[";
        for (std::size_t p = 0; p < a.shape.size(); ++p) {
            areas << (p ? "," : "") << '[';
            ring_json(areas, a.shape[p].outer);
            for (const RingM& h : a.shape[p].holes) {
                areas << ',';
                ring_json(areas, h);
            }
            areas << ']';
        }
        areas << "]}}";
        const PointM lp = tiles::label_point(a.shape);
        labels << (i ? ",\n" : "") << "{\"type\":\"Feature\",\"properties\":";
        props(labels, a);
        labels << ",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" << num(lp.x_m) << ','
               << num(lp.y_m) << "]}}";
    }
    areas << "\n]}\n";
    labels << "\n]}\n";
    assets << "{\"type\":\"FeatureCollection\",\"features\":[\n";
    for (std::size_t i = 0; i < layers.assets.size(); ++i) {
        const auto& a = layers.assets[i];
        assets << (i ? ",\n" : "") << "{\"type\":\"Feature\",\"properties\":{\"category\":"
               << json_string(a.category) << ",\"domain\":" << json_string(a.domain)
               << ",\"name\":" << json_string(a.name)
               << "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" << num(a.position.x_m)
               << ',' << num(a.position.y_m) << "]}}";
    }
    assets << "\n]}\n";
    if (!areas || !labels || !assets) throw io_error("cannot write GeoJSON in " + dir.string());
}

Loaded load(const Config& cfg) {
    Loaded out;
    ProblemReport problems;
    io::VectorRequest areas_req;
    areas_req.path = cfg.atlas;
    areas_req.layer = "areas";
    areas_req.target_crs = "EPSG:3857";
    areas_req.fields = {"code", "name", cfg.indicator};
    areas_req.want = io::GeometryWant::polygons;
    const io::VectorData areas = io::read_vector(areas_req, problems);

    std::vector<double> values;
    for (const auto& f : areas.features) {
        tiles::RasterArea a;
        a.code = f.values[0];
        a.name = f.values[1];
        if (!f.is_null[2] && !f.values[2].empty()) a.value = std::strtod(f.values[2].c_str(), nullptr);
        values.push_back(a.value ? *a.value : NAN);
        a.shape = f.polygon;
        out.layers.areas.push_back(std::move(a));
    }
    out.choropleth = tiles::make_choropleth(cfg.indicator, cfg.indicator, values, cfg.classes,
                                            cfg.method);
    out.layers.indicator = cfg.indicator;
    for (auto& a : out.layers.areas) {
        a.class_index = a.value ? tiles::class_of(*a.value, out.choropleth.breaks) : -1;
        out.null_areas += a.value ? 0 : 1;
    }

    BoxM box;
    for (const auto& a : out.layers.areas) {
        const BoxM b = bounds(a.shape);
        box.expand({b.min_x_m, b.min_y_m});
        box.expand({b.max_x_m, b.max_y_m});
    }
    if (box.empty()) throw input_error(cfg.atlas + ":areas", "no area geometry");
    const LonLat sw = tiles::mercator_to_lonlat({box.min_x_m, box.min_y_m});
    const LonLat ne = tiles::mercator_to_lonlat({box.max_x_m, box.max_y_m});
    out.bounds = BoxLonLat{sw.lon_deg, sw.lat_deg, ne.lon_deg, ne.lat_deg};

    if (cfg.assets) {
        io::VectorRequest assets_req;
        assets_req.path = cfg.atlas;
        assets_req.layer = "assets";
        assets_req.target_crs = "EPSG:3857";
        assets_req.fields = {"category", "domain", "name"};
        assets_req.want = io::GeometryWant::points;
        const io::VectorData assets = io::read_vector(assets_req, problems);
        for (const auto& f : assets.features) {
            out.layers.assets.push_back({f.values[0], f.values[1], f.values[2], f.point});
        }
    }
    return out;
}

}  // namespace assetmap::bench::raster
