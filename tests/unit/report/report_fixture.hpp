#pragma once
// A hand-made atlas for the report tests: three 1 km squares in EPSG:27700 near Newport,
// values chosen so that every ratio and sentence can be worked out by hand.
//
//   area  name        population  bus_stop_coverage_pct_400  library_nearest_m  playground_coverage_pct_400
//   A1    Area one    1000        80                          500                30
//   A2    Area two     500        40                          250                0 (partial playground)
//   A3    Area three   250        null                        1000               45
//   comparators:      study 64 / 400 / 30;  parent P1 50 / 1000 / 0;  region Wales 100 / null / 60
//
// Ratios against Wales (the chart's comparator, the region): A1 bus 80/100 = 0.8,
// library none (Wales has no value), playground 30/60 = 0.5. Catchments: playground 5 min
// covers the west half of A1 (50%), 10 min all of A1 and A2.
#include <assetmap/atlas/atlas.hpp>

#include <cstdint>
#include <string>

namespace report_fixture {

using assetmap::io::FieldType;
using assetmap::io::FieldValue;

inline FieldValue s(const char* v) { return FieldValue{std::string(v)}; }

inline assetmap::MultiPolygonM square(double x0, double y0, double w, double h) {
    assetmap::PolygonM p;
    p.outer = {{x0, y0}, {x0 + w, y0}, {x0 + w, y0 + h}, {x0, y0 + h}, {x0, y0}};
    return {p};
}

inline assetmap::atlas::Atlas make_atlas(bool with_catchments = true) {
    using namespace assetmap;
    const double x0 = 331000, y0 = 187000;
    io::OutputLayer areas;
    areas.name = "areas";
    areas.geometry = io::LayerGeometry::multipolygon;
    areas.fields = {{"code", FieldType::string},
                    {"name", FieldType::string},
                    {"parent_code", FieldType::string},
                    {"population", FieldType::integer},
                    {"area_km2", FieldType::real},
                    {"bus_stop_coverage_pct_400", FieldType::real},
                    {"library_nearest_m", FieldType::real},
                    {"playground_coverage_pct_400", FieldType::real},
                    {"playground_partial_data", FieldType::integer},
                    {"playground_data_coverage_pct", FieldType::real},
                    {"individual_score", FieldType::real},
                    {"community_score", FieldType::real},
                    {"structural_score", FieldType::real},
                    {"asset_index", FieldType::real},
                    {"asset_index_rank", FieldType::integer},
                    {"asset_index_decile", FieldType::integer}};
    areas.rows = {
        {s("A1"), s("Area one"), s("P1"), std::int64_t{1000}, 1.0, 80.0, 500.0, 30.0,
         std::int64_t{0}, 100.0, 0.5, -0.2, 0.1, 0.1333, std::int64_t{2}, std::int64_t{10}},
        {s("A2"), s("Area two"), s("P1"), std::int64_t{500}, 1.0, 40.0, 250.0, 0.0,
         std::int64_t{1}, 12.5, -0.5, FieldValue{}, -0.1, FieldValue{}, FieldValue{},
         FieldValue{}},
        {s("A3"), s("Area three & <more>"), s("P1"), std::int64_t{250}, 1.0, FieldValue{},
         1000.0, 45.0, std::int64_t{0}, 100.0, 0.2, 0.3, 0.4, 0.3, std::int64_t{1},
         std::int64_t{5}}};
    areas.polygons = {square(x0, y0, 1000, 1000), square(x0 + 1000, y0, 1000, 1000),
                      square(x0 + 2000, y0, 1000, 1000)};

    io::OutputLayer cmp;
    cmp.name = "comparators";
    cmp.fields = {{"comparator", FieldType::string},
                  {"kind", FieldType::string},
                  {"bus_stop_coverage_pct_400", FieldType::real},
                  {"library_nearest_m", FieldType::real},
                  {"playground_coverage_pct_400", FieldType::real}};
    cmp.rows = {{s("study"), s("study"), 64.0, 400.0, 30.0},
                {s("P1"), s("parent"), 50.0, 1000.0, 0.0},
                {s("Wales"), s("region"), 100.0, FieldValue{}, 60.0}};

    io::OutputLayer ind;
    ind.name = "indicators";
    ind.fields = {{"area_code", FieldType::string}, {"indicator", FieldType::string},
                  {"category", FieldType::string},  {"domain", FieldType::string},
                  {"value", FieldType::real},       {"normal_score", FieldType::real}};
    for (const char* a : {"A1", "A2", "A3"}) {
        ind.rows.push_back({s(a), s("bus_stop_coverage_pct_400"), s("bus_stop"), s("structural"),
                            FieldValue{}, FieldValue{}});
        ind.rows.push_back({s(a), s("library_nearest_m"), s("library"), s("individual"),
                            FieldValue{}, FieldValue{}});
        ind.rows.push_back({s(a), s("playground_coverage_pct_400"), s("playground"),
                            s("community"), FieldValue{}, FieldValue{}});
    }

    io::OutputLayer assets;
    assets.name = "assets";
    assets.geometry = io::LayerGeometry::point;
    assets.fields = {{"asset_id", FieldType::string}, {"category", FieldType::string},
                     {"domain", FieldType::string},   {"name", FieldType::string},
                     {"source", FieldType::string},   {"area_code", FieldType::string}};
    assets.rows = {{s("bus_stop:x:2"), s("bus_stop"), s("structural"), s("Stop B"), s("osm;bus"), s("A1")},
                   {s("library:x:1"), s("library"), s("individual"), s("Central"), s("osm"), s("A1")},
                   {s("bus_stop:x:1"), s("bus_stop"), s("structural"), s("Stop A"), s("bus"), s("A1")},
                   {s("playground:x:1"), s("playground"), s("community"), s(""), s("osm"), s("A2")}};
    assets.points = {{x0 + 200, y0 + 200}, {x0 + 500, y0 + 700}, {x0 + 800, y0 + 300},
                     {x0 + 1500, y0 + 500}};

    io::OutputLayer measures;
    measures.name = "measures";
    measures.fields = {{"area_code", FieldType::string}, {"category", FieldType::string}};
    measures.rows = {{s("A1"), s("library")}, {s("A1"), s("playground")}, {s("A1"), s("bus_stop")}};

    io::OutputLayer meta;
    meta.name = "metadata";
    meta.fields = {{"key", FieldType::string}, {"value", FieldType::string}};
    meta.rows = {{s("study"), s("hand")},
                 {s("title"), s("Hand-made study")},
                 {s("software"), s("assetmap 9.9.9")},
                 {s("run_time_utc"), s("2024-03-05T10:20:30Z")},
                 {s("metric_crs"), s("EPSG:27700")},
                 {s("attribution"), s("© OpenStreetMap contributors.")},
                 {s("source.osm.path"), s("/data/somewhere/extract.osm.pbf")},
                 {s("source.osm.licence"), s("ODbL-1.0")},
                 {s("source.osm.attribution"), s("© OpenStreetMap contributors.")},
                 {s("source.areas.path"), s("/data/areas.geojson")},
                 {s("source.areas.licence"), s("OGL-UK-3.0")},
                 {s("indicators"),
                  s("bus_stop_coverage_pct_400,library_nearest_m,playground_coverage_pct_400")},
                 {s("comparator.P1.name"), s("Newport")},
                 {s("comparator.P1.name_cy"), s("Casnewydd")},
                 {s("comparator.Wales.name"), s("Wales")},
                 {s("comparator.Wales.name_cy"), s("Cymru")}};

    std::vector<io::OutputLayer> layers = {areas, assets, measures, cmp, ind, meta};
    if (with_catchments) {
        io::OutputLayer c;
        c.name = "catchments";
        c.geometry = io::LayerGeometry::multipolygon;
        c.fields = {{"category", FieldType::string},
                    {"domain", FieldType::string},
                    {"minutes", FieldType::real}};
        c.rows = {{s("playground"), s("community"), 5.0}, {s("playground"), s("community"), 10.0}};
        c.polygons = {square(x0, y0, 500, 1000), square(x0 - 100, y0 - 100, 2200, 1200)};
        layers.push_back(c);
    }
    return atlas::Atlas(std::move(layers), "hand-made");
}

}  // namespace report_fixture
