// write_layers: a small layer set in EPSG:27700 written to every format and read back with
// GDAL. Coordinates are on a 100 m grid at (331000, 188000), Newport.
#include <assetmap/core/error.hpp>
#include <assetmap/io/layer_writer.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>

using namespace assetmap;
using namespace assetmap::io;
namespace fs = std::filesystem;

namespace {

struct Closer {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

Dataset open(const std::string& path, const char* const* open_options = nullptr) {
    return Dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR, nullptr, open_options));
}

std::string bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

RingM square(double x, double y, double side) {
    return {{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}};
}

/// A point layer (text, real, integer, nulls, a NaN), a multipolygon layer, a table.
std::vector<OutputLayer> sample_layers() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    OutputLayer assets;
    assets.name = "assets";
    assets.geometry = LayerGeometry::point;
    assets.fields = {{"name", FieldType::string},
                     {"score", FieldType::real},
                     {"visits", FieldType::integer},
                     {"note", FieldType::string}};
    assets.rows = {{std::string("Hall"), 12.5, std::int64_t{3}, {}},
                   {std::string("Shop, \"corner\""), {}, std::int64_t{7}, std::string("open")},
                   {std::string("Café"), nan, {}, std::string("x")}};
    assets.points = {{331000, 188000}, {331100, 188100}, {331050, 188050}};

    OutputLayer areas;
    areas.name = "areas";
    areas.geometry = LayerGeometry::multipolygon;
    areas.fields = {{"code", FieldType::string}, {"area_m2", FieldType::real}};
    // A1: 100 m square with a 20 m hole = 10000 − 400 = 9600 m²; A2: two 50 m squares = 5000 m².
    areas.rows = {{std::string("A1"), 9600.0}, {std::string("A2"), 5000.0}};
    areas.polygons = {{PolygonM{square(331000, 188000, 100), {square(331040, 188040, 20)}}},
                      {PolygonM{square(331200, 188000, 50), {}},
                       PolygonM{square(331300, 188000, 50), {}}}};

    OutputLayer meta;
    meta.name = "metadata";
    meta.fields = {{"key", FieldType::string}, {"value", FieldType::string}};
    meta.rows = {{std::string("study"), std::string("tiny")},
                 {std::string("crs"), std::string("EPSG:27700")}};
    return {assets, areas, meta};
}

ExportOptions options_for(const fs::path& dest, std::optional<OutputFormat> f = {}) {
    ExportOptions o;
    o.destination = dest.string();
    o.format = f;
    o.source_crs = "EPSG:27700";
    o.timestamp_utc = "2026-01-01T00:00:00Z";
    return o;
}

std::vector<std::unique_ptr<OGRFeature>> features(OGRLayer* l) {
    std::vector<std::unique_ptr<OGRFeature>> out;
    l->ResetReading();
    while (OGRFeature* f = l->GetNextFeature()) out.emplace_back(f);
    return out;
}

/// Null, or absent (FlatGeobuf and CSV do not store nulls; readers see the field unset).
bool is_null(const OGRFeature& f, const char* field) {
    return !f.IsFieldSetAndNotNull(f.GetFieldIndex(field));
}

/// The attribute checks every format must pass.
void check_assets(OGRLayer* l, const char* visits = "visits") {
    REQUIRE(l);
    const auto fs = features(l);
    REQUIRE(fs.size() == 3);
    CHECK(std::string(fs[0]->GetFieldAsString("name")) == "Hall");  // order kept
    CHECK(fs[0]->GetFieldAsDouble("score") == 12.5);
    CHECK(fs[0]->GetFieldAsInteger64(visits) == 3);
    CHECK(is_null(*fs[0], "note"));
    CHECK(std::string(fs[1]->GetFieldAsString("name")) == "Shop, \"corner\"");
    CHECK(is_null(*fs[1], "score"));
    CHECK(std::string(fs[2]->GetFieldAsString("name")) == "Café");
    CHECK(is_null(*fs[2], "score"));  // NaN → null
    CHECK(is_null(*fs[2], visits));
}

void check_metric_geometry(OGRLayer* assets, OGRLayer* areas) {
    const auto pts = features(assets);
    REQUIRE(pts.size() == 3);
    const auto* p = pts[1]->GetGeometryRef()->toPoint();
    CHECK(p->getX() == Approx(331100).margin(1e-6));
    CHECK(p->getY() == Approx(188100).margin(1e-6));
    const auto polys = features(areas);
    REQUIRE(polys.size() == 2);
    const OGRGeometry* g = polys[0]->GetGeometryRef();
    REQUIRE(g);
    const double area = wkbFlatten(g->getGeometryType()) == wkbPolygon
                            ? g->toPolygon()->get_Area()
                            : g->toMultiPolygon()->get_Area();
    CHECK(area == Approx(9600.0));
    CHECK(polys[1]->GetGeometryRef()->toMultiPolygon()->getNumGeometries() == 2);
}

}  // namespace

TEST_CASE("formats: names - parsing - the format a destination implies", "[layer_writer]") {
    CHECK(std::string(to_string(OutputFormat::flatgeobuf)) == "fgb");
    CHECK(std::string(to_string(OutputFormat::shapefile)) == "shp");
    CHECK(parse_format("gpkg") == OutputFormat::gpkg);
    CHECK(parse_format("FlatGeobuf") == OutputFormat::flatgeobuf);
    CHECK(parse_format("shapefile") == OutputFormat::shapefile);
    CHECK(parse_format("pg") == OutputFormat::postgis);
    CHECK(parse_format("postgis") == OutputFormat::postgis);
    CHECK_FALSE(parse_format("kml"));

    CHECK(format_from_destination("PG:dbname=x") == OutputFormat::postgis);
    CHECK(format_from_destination("pg:dbname=x host=a.b") == OutputFormat::postgis);
    CHECK(format_from_destination("out/study.gpkg") == OutputFormat::gpkg);
    CHECK(format_from_destination("a.FGB") == OutputFormat::flatgeobuf);
    CHECK(format_from_destination("a.geojson") == OutputFormat::geojson);
    CHECK(format_from_destination("a.json") == OutputFormat::geojson);
    CHECK(format_from_destination("a.shp") == OutputFormat::shapefile);
    CHECK(format_from_destination("a.csv") == OutputFormat::csv);
    CHECK_FALSE(format_from_destination("out/results"));
    CHECK_FALSE(format_from_destination("a.kml"));
}

TEST_CASE("unknown format and missing folder are reported", "[layer_writer]") {
    const auto dir = test::temp_dir("lw_errors");
    CHECK_THROWS_AS(write_layers(sample_layers(), options_for(dir / "out.kml")), config_error);
    CHECK_THROWS_AS(write_layers(sample_layers(), options_for(dir / "results")), config_error);
    CHECK_THROWS_AS(write_layers(sample_layers(),
                                 options_for(dir / "out", static_cast<OutputFormat>(42))),
                    config_error);
    for (const char* name : {"out.gpkg", "out.fgb", "out.geojson", "out.shp", "out.csv"}) {
        INFO(name);
        try {
            write_layers(sample_layers(), options_for(dir / "missing" / name));
            FAIL("no error");
        } catch (const io_error& e) {
            CHECK_THAT(e.what(), Catch::Contains("does not exist; create it"));
        }
    }
    CHECK(fs::is_empty(dir));
}

TEST_CASE("a failure leaves no output and no staging files", "[layer_writer]") {
    const auto dir = test::temp_dir("lw_fail");
    auto layers = sample_layers();
    layers[1].rows[1][1] = std::string("not a number");  // text in a real field
    for (const char* name : {"out.gpkg", "out.geojson", "out.shp"}) {
        INFO(name);
        CHECK_THROWS_AS(write_layers(layers, options_for(dir / name)), input_error);
        CHECK(fs::is_empty(dir));
    }
    layers = sample_layers();
    layers[0].points.pop_back();
    CHECK_THROWS_AS(write_layers(layers, options_for(dir / "out.gpkg")), input_error);
    CHECK(fs::is_empty(dir));
}

TEST_CASE("GeoPackage: layers - values - nulls - spatial index - same bytes twice",
          "[layer_writer]") {
    const auto dir = test::temp_dir("lw_gpkg");
    const auto report = write_layers(sample_layers(), options_for(dir / "a.gpkg"));
    write_layers(sample_layers(), options_for(dir / "b.gpkg"));
    CHECK(report.format == OutputFormat::gpkg);
    CHECK(report.outputs == std::vector<std::string>{(dir / "a.gpkg").string()});
    CHECK(bytes(dir / "a.gpkg") == bytes(dir / "b.gpkg"));
    CHECK_FALSE(fs::exists(dir / "a.gpkg.tmp"));

    auto ds = open((dir / "a.gpkg").string());
    REQUIRE(ds);
    REQUIRE(ds->GetLayerCount() == 3);
    check_assets(ds->GetLayerByName("assets"));
    check_metric_geometry(ds->GetLayerByName("assets"), ds->GetLayerByName("areas"));
    OGRLayer* assets = ds->GetLayerByName("assets");
    const auto* defn = assets->GetLayerDefn();
    CHECK(defn->GetFieldDefn(defn->GetFieldIndex("visits"))->GetType() == OFTInteger64);
    CHECK(defn->GetFieldDefn(defn->GetFieldIndex("score"))->GetType() == OFTReal);
    CHECK(std::string(assets->GetSpatialRef()->GetAuthorityCode(nullptr)) == "27700");
    CHECK(std::string(assets->GetFIDColumn()) == "fid");
    OGRLayer* meta = ds->GetLayerByName("metadata");
    CHECK(meta->GetGeomType() == wkbNone);
    CHECK(meta->GetFeatureCount() == 2);
    // The spatial index is the GeoPackage R-tree extension.
    auto* rtree = ds->ExecuteSQL("SELECT COUNT(*) FROM gpkg_extensions WHERE "
                                 "extension_name = 'gpkg_rtree_index'", nullptr, nullptr);
    REQUIRE(rtree);
    std::unique_ptr<OGRFeature> n(rtree->GetNextFeature());
    CHECK(n->GetFieldAsInteger(0) == 2);
    ds->ReleaseResultSet(rtree);
}

TEST_CASE("GeoPackage: an existing file is replaced - output_crs reprojects", "[layer_writer]") {
    const auto dir = test::temp_dir("lw_gpkg_replace");
    const auto path = dir / "out.gpkg";
    { std::ofstream(path) << "old"; }
    { std::ofstream(path.string() + "-wal") << "stale"; }
    auto options = options_for(path);
    options.output_crs = "EPSG:4326";
    write_layers(sample_layers(), options);
    CHECK_FALSE(fs::exists(path.string() + "-wal"));
    auto ds = open(path.string());
    REQUIRE(ds);
    const auto fs = features(ds->GetLayerByName("assets"));
    const auto* p = fs[0]->GetGeometryRef()->toPoint();
    // echo "331000 188000" | cs2cs -f %.7f EPSG:27700 EPSG:4326  →  51.5866118 -2.9973201
    CHECK(p->getX() == Approx(-2.9973201).margin(1e-6));
    CHECK(p->getY() == Approx(51.5866118).margin(1e-6));
}

TEST_CASE("FlatGeobuf: feature order kept - same bytes twice - tables as CSV", "[layer_writer]") {
    const auto dir = test::temp_dir("lw_fgb");
    const auto report = write_layers(sample_layers(), options_for(dir / "a.fgb"));
    write_layers(sample_layers(), options_for(dir / "b", OutputFormat::flatgeobuf));
    CHECK(report.outputs == std::vector<std::string>{(dir / "a_assets.fgb").string(),
                                                     (dir / "a_areas.fgb").string(),
                                                     (dir / "a_metadata.csv").string(),
                                                     (dir / "a_metadata.csvt").string()});
    CHECK(bytes(dir / "a_assets.fgb") == bytes(dir / "b_assets.fgb"));
    CHECK(bytes(dir / "a_areas.fgb") == bytes(dir / "b_areas.fgb"));

    auto pts = open((dir / "a_assets.fgb").string());
    auto polys = open((dir / "a_areas.fgb").string());
    REQUIRE(pts);
    REQUIRE(polys);
    check_assets(pts->GetLayer(0));
    check_metric_geometry(pts->GetLayer(0), polys->GetLayer(0));
    CHECK(std::string(pts->GetLayer(0)->GetSpatialRef()->GetAuthorityCode(nullptr)) == "27700");
    auto meta = open((dir / "a_metadata.csv").string());
    REQUIRE(meta);
    CHECK(meta->GetLayer(0)->GetFeatureCount() == 2);

    // Rows without geometry would be dropped by the driver: such a layer goes to a CSV
    // (geometry as WKT, the row without one kept with an empty WKT) instead of a .fgb.
    auto layers = sample_layers();
    layers[0].points[1] = {std::nan(""), 0};
    write_layers(layers, options_for(dir / "c.fgb"));
    CHECK_FALSE(fs::exists(dir / "c_assets.fgb"));
    auto kept = open((dir / "c_assets.csv").string());
    REQUIRE(kept);
    CHECK(kept->GetLayer(0)->GetFeatureCount() ==
          static_cast<GIntBig>(layers[0].rows.size()));
}

TEST_CASE("FlatGeobuf: an empty layer is still a valid file", "[layer_writer]") {
    const auto dir = test::temp_dir("lw_fgb_empty");
    auto layers = sample_layers();
    layers[1].rows.clear();
    layers[1].polygons.clear();
    write_layers(layers, options_for(dir / "e.fgb"));
    auto ds = open((dir / "e_areas.fgb").string());
    REQUIRE(ds);
    CHECK(ds->GetLayer(0)->GetFeatureCount() == 0);
}

TEST_CASE("GeoJSON: RFC 7946 lon/lat whatever output_crs says - 7 decimals", "[layer_writer]") {
    const auto dir = test::temp_dir("lw_geojson");
    auto options = options_for(dir / "out.geojson");
    options.output_crs = "EPSG:27700";  // ignored: GeoJSON is always EPSG:4326
    const auto report = write_layers(sample_layers(), options);
    CHECK(report.outputs.size() == 3);
    const auto text = bytes(dir / "out_assets.geojson");
    CHECK(text.find("\"crs\"") == std::string::npos);  // RFC 7946 has no crs member
    // echo "331000 188000" | cs2cs -f %.7f EPSG:27700 EPSG:4326  →  51.5866118 -2.9973201
    CHECK(text.find("-2.9973201, 51.5866118") != std::string::npos);

    auto ds = open((dir / "out_assets.geojson").string());
    REQUIRE(ds);
    check_assets(ds->GetLayer(0));
    const auto fs = features(ds->GetLayer(0));
    const auto* p = fs[0]->GetGeometryRef()->toPoint();
    CHECK(p->getX() == Approx(-2.9973201).margin(1e-7));  // longitude first
    CHECK(p->getY() == Approx(51.5866118).margin(1e-7));
    auto meta = open((dir / "out_metadata.geojson").string());
    REQUIRE(meta);
    CHECK(meta->GetLayer(0)->GetFeatureCount() == 2);
}

TEST_CASE("Shapefile: 10-character names - decoding table - folder destination",
          "[layer_writer]") {
    const auto dir = test::temp_dir("lw_shp");
    auto layers = sample_layers();
    OutputLayer measures;
    measures.name = "measures";
    measures.geometry = LayerGeometry::point;
    measures.fields = {{"bus_stop_coverage_pct_400", FieldType::real},
                       {"green_space_m2_per_person", FieldType::real},
                       {"community_centre_cumulative_800", FieldType::real},
                       {"place_of_worship_coverage_pct_1200", FieldType::real},
                       {"abcdefghijk1", FieldType::integer},
                       {"abcdefghijk2", FieldType::integer},
                       {"bstpcov400", FieldType::string},
                       {"bus_stop_coverage_pct_400_all", FieldType::string}};
    measures.rows = {{87.5, 12.0, 2.25, 50.0, std::int64_t{1}, std::int64_t{2},
                      std::string("a"), std::string("b")}};
    measures.points = {{331000, 188000}};
    layers.push_back(measures);

    const auto report = write_layers(layers, options_for(dir, OutputFormat::shapefile));
    REQUIRE(report.shapefile_names.size() == 4);
    CHECK(report.shapefile_names[0].first == "assets");
    CHECK(report.shapefile_names[0].second.empty());  // every name fits already
    const auto& renamed = report.shapefile_names[3].second;
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"bus_stop_coverage_pct_400", "bstpcov4_1"},  // bstpcov400 is a kept name
        {"green_space_m2_per_person", "grsp_m2pp"},
        {"community_centre_cumulative_800", "comccum800"},
        {"place_of_worship_coverage_pct_1200", "powcov1k2"},
        {"abcdefghijk1", "abcdefghij"},
        {"abcdefghijk2", "abcdefgh_1"},
        // bstp cov 400 all: 13 joined; words cut to 2 letters, the number kept: 9.
        {"bus_stop_coverage_pct_400_all", "bsco400al"}};
    CHECK(renamed == expected);

    auto ds = open((dir / "measures.shp").string());
    REQUIRE(ds);
    const auto* defn = ds->GetLayer(0)->GetLayerDefn();
    std::set<std::string> lower_names;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const std::string n = defn->GetFieldDefn(i)->GetNameRef();
        CHECK(n.size() <= 10);
        std::string l = n;
        for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        lower_names.insert(l);
    }
    CHECK(lower_names.size() == measures.fields.size());  // unique ignoring case
    const auto fs = features(ds->GetLayer(0));
    CHECK(fs[0]->GetFieldAsDouble("bstpcov4_1") == 87.5);
    CHECK(std::string(fs[0]->GetFieldAsString("bstpcov400")) == "a");  // kept names first

    CHECK(bytes(dir / "measures.fields.csv") ==
          "full_name,short_name\n"
          "bus_stop_coverage_pct_400,bstpcov4_1\n"
          "green_space_m2_per_person,grsp_m2pp\n"
          "community_centre_cumulative_800,comccum800\n"
          "place_of_worship_coverage_pct_1200,powcov1k2\n"
          "abcdefghijk1,abcdefghij\n"
          "abcdefghijk2,abcdefgh_1\n"
          "bstpcov400,bstpcov400\n"
          "bus_stop_coverage_pct_400_all,bsco400al\n");

    auto pts = open((dir / "assets.shp").string());
    auto polys = open((dir / "areas.shp").string());
    REQUIRE(pts);
    REQUIRE(polys);
    check_assets(pts->GetLayer(0));
    check_metric_geometry(pts->GetLayer(0), polys->GetLayer(0));
    CHECK(fs::exists(dir / "assets.prj"));
    CHECK(fs::exists(dir / "metadata.dbf"));
    CHECK_FALSE(fs::exists(dir / "metadata.shp"));  // a table: .dbf only
    CHECK(fs::exists(dir / "metadata.fields.csv"));
}

TEST_CASE("Shapefile: rewriting replaces old sidecars and gives the same bytes",
          "[layer_writer]") {
    const auto dir = test::temp_dir("lw_shp_again");
    write_layers(sample_layers(), options_for(dir / "out.shp"));
    const auto dbf = bytes(dir / "out_assets.dbf");
    const auto shp = bytes(dir / "out_assets.shp");
    { std::ofstream(dir / "out_assets.qix") << "stale index"; }
    write_layers(sample_layers(), options_for(dir / "out.shp"));
    CHECK_FALSE(fs::exists(dir / "out_assets.qix"));
    CHECK(bytes(dir / "out_assets.dbf") == dbf);  // DBF date from the timestamp
    CHECK(bytes(dir / "out_assets.shp") == shp);
    for (const auto& e : fs::directory_iterator(dir))
        CHECK(e.path().filename().string().rfind("out_", 0) == 0);  // no staging left
}

TEST_CASE("CSV: WKT column for geometric layers - none for tables", "[layer_writer]") {
    const auto dir = test::temp_dir("lw_csv");
    write_layers(sample_layers(), options_for(dir / "out.csv"));
    const auto assets_text = bytes(dir / "out_assets.csv");
    CHECK(assets_text.rfind("WKT,name,score,visits,note", 0) == 0);
    CHECK(assets_text.find("POINT (331000 188000)") != std::string::npos);
    CHECK(bytes(dir / "out_metadata.csv").rfind("key,value", 0) == 0);

    const char* const open_options[] = {"EMPTY_STRING_AS_NULL=YES", nullptr};
    auto ds = open((dir / "out_assets.csv").string(), open_options);
    REQUIRE(ds);
    check_assets(ds->GetLayer(0));
    auto areas = open((dir / "out_areas.csv").string(), open_options);
    REQUIRE(areas);
    check_metric_geometry(ds->GetLayer(0), areas->GetLayer(0));
}

TEST_CASE("PostGIS: tables with SRID 27700 - needs ASSETMAP_TEST_PG", "[layer_writer][postgis]") {
    const char* conn = std::getenv("ASSETMAP_TEST_PG");
    if (!conn || !*conn) {
        WARN("ASSETMAP_TEST_PG is not set (e.g. PG:dbname=assetmap_test); "
             "tools/start_postgis.sh sets up a local database");
        return;
    }
    ExportOptions options = options_for(conn);
    options.destination = conn;
    auto report = write_layers(sample_layers(), options);
    report = write_layers(sample_layers(), options);  // OVERWRITE=YES: same counts again
    CHECK(report.format == OutputFormat::postgis);
    REQUIRE(report.outputs.size() == 3);
    CHECK_THAT(report.outputs[0], Catch::EndsWith("table assets"));

    Dataset ds(GDALDataset::Open(conn, GDAL_OF_VECTOR));
    REQUIRE(ds);
    check_assets(ds->GetLayerByName("assets"));
    check_metric_geometry(ds->GetLayerByName("assets"), ds->GetLayerByName("areas"));
    CHECK(ds->GetLayerByName("metadata")->GetFeatureCount() == 2);
    CHECK(ds->GetLayerByName("metadata")->GetGeomType() == wkbNone);
    auto* srid = ds->ExecuteSQL("SELECT Find_SRID('public', 'assets', 'geom') AS srid, "
                                "(SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'areas' "
                                "AND indexdef LIKE '%gist%') AS gist",
                                nullptr, nullptr);
    REQUIRE(srid);
    std::unique_ptr<OGRFeature> row(srid->GetNextFeature());
    CHECK(row->GetFieldAsInteger(0) == 27700);
    CHECK(row->GetFieldAsInteger(1) == 1);
    ds->ReleaseResultSet(srid);
    ds.reset();

    // A failure in the last layer rolls the transaction back: the old tables stay.
    auto bad = sample_layers();
    bad[0].rows.pop_back();
    bad[0].points.pop_back();
    bad[2].rows[1][1] = 3.5;  // a real in a text field
    CHECK_THROWS_AS(write_layers(bad, options), input_error);
    ds.reset(GDALDataset::Open(conn, GDAL_OF_VECTOR));
    REQUIRE(ds);
    CHECK(ds->GetLayerByName("assets")->GetFeatureCount() == 3);

    options.destination = "PG:dbname=assetmap_no_such_database";
    CHECK_THROWS_AS(write_layers(sample_layers(), options), io_error);
}
