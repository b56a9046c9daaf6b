// read_vector reads a plain GeoPackage layer with SQLite instead of GDAL
// (engine/src/io/simple_geopackage.cpp). The oracle is GDAL itself: GeoPackages written here
// by GDAL's own GPKG driver are read both ways (gdal_only) and must give the same layer, CRS,
// transform, features (fids, values as GetFieldAsString words them, nulls, every coordinate
// bit for bit), problems and errors; at each rule's edge the SQLite reader must either read
// like GDAL or leave the file to GDAL. The atlas written by a run is checked the same way in
// test_atlas_output. geopackage_columns and geopackage_key_values against GDAL's layer
// definition and a read of the table.

#include <assetmap/io/geopackage_tables.hpp>

#include "../../support/paths.hpp"
#include "vector_parity.hpp"

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>

using namespace assetmap;
using test::check_same;
using test::request;

namespace {

struct Field {
    std::string name;
    OGRFieldType type = OFTString;
    OGRFieldSubType subtype = OFSTNone;
};

struct Row {
    std::string wkt;  ///< "" for a null geometry
    std::vector<std::optional<std::string>> values;  ///< nullopt: null
};

/// A GeoPackage with one layer, written by GDAL's GPKG driver.
std::string write_gpkg(const std::string& file, const std::string& layer,
                       OGRwkbGeometryType type, OGRSpatialReference* srs,
                       const std::vector<Field>& fields, const std::vector<Row>& rows) {
    static const auto dir = test::temp_dir("simple_geopackage");
    const std::string path = (dir / file).string();
    std::filesystem::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    REQUIRE(driver);
    std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    OGRLayer* l = ds->CreateLayer(layer.c_str(), srs, type, nullptr);
    REQUIRE(l);
    for (const Field& f : fields) {
        OGRFieldDefn d(f.name.c_str(), f.type);
        d.SetSubType(f.subtype);
        REQUIRE(l->CreateField(&d) == OGRERR_NONE);
    }
    for (const Row& r : rows) {
        OGRFeature feature(l->GetLayerDefn());
        for (std::size_t i = 0; i < r.values.size(); ++i)
            if (r.values[i])
                feature.SetField(static_cast<int>(i), r.values[i]->c_str());
            else
                feature.SetFieldNull(static_cast<int>(i));
        if (!r.wkt.empty()) {
            OGRGeometry* g = nullptr;
            REQUIRE(OGRGeometryFactory::createFromWkt(r.wkt.c_str(), srs, &g) == OGRERR_NONE);
            feature.SetGeometryDirectly(g);
        }
        REQUIRE(l->CreateFeature(&feature) == OGRERR_NONE);
    }
    return path;
}

OGRSpatialReference* epsg(int code) {
    static std::map<int, OGRSpatialReference> known;
    auto [it, added] = known.try_emplace(code);
    if (added) {
        it->second.importFromEPSG(code);
        it->second.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    return &it->second;
}

io::VectorRequest layer_request(const std::string& path, const std::string& layer,
                                std::vector<std::string> fields,
                                io::GeometryWant want = io::GeometryWant::points_or_polygons) {
    io::VectorRequest r = request(path, std::move(fields), want);
    r.layer = layer;
    return r;
}

const std::vector<Field> area_fields = {
    {"code", OFTString}, {"value", OFTReal}, {"count", OFTInteger64}, {"label", OFTString}};

/// Areas in British National Grid: holes, a Polygon among MultiPolygons, a null and an
/// empty geometry, reals that need 15 digits, texts beyond ASCII, nulls.
std::string areas_gpkg() {
    static const std::string path = write_gpkg(
        "areas.gpkg", "areas", wkbMultiPolygon, epsg(27700), area_fields,
        {{"MULTIPOLYGON(((330000 185000,331000 185000,331000 186000,330000 186000,330000 185000),"
          "(330200 185200,330400 185200,330400 185400,330200 185200)),"
          "((332000 185000,332500 185000,332500 185500,332000 185000)))",
          {"W02000001", "0.30000000000000004", "12345678901234", "Casnewydd – Ŵ"}},
         {"POLYGON((333000 185000,334000 185000,334000 186000,333000 185000))",
          {"W02000002", "123456789012345678", "-3", std::nullopt}},
         {"", {"W02000003", "1e-07", "0", "null geometry"}},
         {"MULTIPOLYGON EMPTY", {"W02000004", "2.5", "1", "empty geometry"}},
         {"MULTIPOLYGON(((335000 185000,335100.123456789 185000,335100 185100.987654321,"
          "335000 185000)))",
          {"W02000005", std::nullopt, std::nullopt, "quote \" and, comma"}},
         {"MULTIPOLYGON(((336000 185000,336100 185000,336100 186100,336000 185000)))",
          {"W02000006", "-0", "9007199254740993", ""}},
         {"MULTIPOLYGON(((337000 185000,337100 185000,337100 186100,337000 185000)))",
          {"W02000007", "1e300", "-9223372036854775807", "x"}},
         {"MULTIPOLYGON(((338000 185000,338100 185000,338100 186100,338000 185000)))",
          {"W02000008", "0.000123456789012345678", "7", "y"}}});
    return path;
}

/// Points in lon/lat: a grid of 11 × 11 around Newport, one empty point, one far away.
std::string points_gpkg() {
    std::vector<Row> rows;
    for (int i = 0; i <= 10; ++i)
        for (int j = 0; j <= 10; ++j)
            rows.push_back({"POINT(" + std::to_string(-3.05 + 0.01 * i) + " " +
                                std::to_string(51.55 + 0.01 * j) + ")",
                            {"p" + std::to_string(i) + "_" + std::to_string(j),
                             std::to_string(i * 0.1)}});
    rows.push_back({"POINT EMPTY", {"empty", "1"}});
    rows.push_back({"POINT(-4.5 53.2)", {"far", "2"}});
    static const std::string path =
        write_gpkg("points.gpkg", "assets", wkbPoint, epsg(4326),
                   {{"name", OFTString}, {"w", OFTReal}}, rows);
    return path;
}

}  // namespace

TEST_CASE("a GeoPackage layer written by GDAL reads the same with SQLite as with GDAL",
          "[io][vector][geopackage]") {
    const std::string areas = areas_gpkg();
    CHECK(check_same(layer_request(areas, "areas", {"code", "value", "count", "label", ""},
                                   io::GeometryWant::polygons)) == "SQLite");
    CHECK(check_same(layer_request(areas, "areas", {"label", "code"})) == "SQLite");
    CHECK(check_same(layer_request(areas, "areas", {})) == "SQLite");
    auto wgs = layer_request(areas, "areas", {"code"}, io::GeometryWant::polygons);
    wgs.target_crs = "EPSG:3857";
    wgs.check_range = false;  // as an atlas is read for tiles
    CHECK(check_same(wgs) == "SQLite");

    const std::string points = points_gpkg();
    CHECK(check_same(layer_request(points, "assets", {"name", "w"}, io::GeometryWant::points)) ==
          "SQLite");
}

TEST_CASE("a GeoPackage point layer within a box: the same points as GDAL's spatial filter",
          "[io][vector][geopackage]") {
    const std::string points = points_gpkg();
    auto r = layer_request(points, "assets", {"name"}, io::GeometryWant::points);
    // Boxes in EPSG:27700 over part of the grid, all of it, none of it, and around one point
    // (-3.0, 51.6 is 330834.7, 189491.5: cs2cs EPSG:4326 EPSG:27700).
    for (const BoxM& box :
         {BoxM{329000, 186000, 332000, 189000}, BoxM{300000, 160000, 360000, 220000},
          BoxM{100000, 100000, 101000, 101000}, BoxM{330800, 189450, 330870, 189530}}) {
        INFO(box.min_x_m << " " << box.min_y_m);
        r.within = box;
        CHECK(check_same(r) == "SQLite");
        ProblemReport problems;
        const auto data = io::read_vector(r, problems);
        CHECK(data.features_read == data.features.size());
    }
    // A box around the middle of the grid keeps some points and leaves others out.
    r.within = BoxM{329000, 186000, 332000, 189000};
    ProblemReport problems;
    const auto part = io::read_vector(r, problems);
    CHECK(part.features.size() > 4);
    CHECK(part.features.size() < 121);
    r.within = BoxM{330800, 189450, 330870, 189530};
    const auto one = io::read_vector(r, problems);
    REQUIRE(one.features.size() == 1);
    CHECK(one.features[0].values[0] == "p5_5");
}

TEST_CASE("what the SQLite GeoPackage reader leaves to GDAL reads as GDAL reads it",
          "[io][vector][geopackage]") {
    const std::string areas = areas_gpkg();
    SECTION("a field spelled in another case, or a layer, or no layer named") {
        CHECK(check_same(layer_request(areas, "areas", {"CODE"})) == "GDAL");
        CHECK(check_same(layer_request(areas, "AREAS", {"code"})) != "SQLite");
        CHECK(check_same(request(areas, {"code"})) == "GDAL");
    }
    SECTION("fields of types GDAL formats in its own way") {
        const auto path = write_gpkg(
            "typed.gpkg", "t", wkbPoint, epsg(27700),
            {{"flag", OFTInteger, OFSTBoolean}, {"day", OFTDate}, {"f", OFTReal, OFSTFloat32},
             {"small", OFTInteger, OFSTInt16}, {"s", OFTString}},
            {{"POINT(330000 185000)", {"1", "2024/03/10", "0.1", "7", "a"}},
             {"POINT(330001 185001)", {"0", std::nullopt, "1e-3", "-2", std::nullopt}}});
        for (const std::string f : {"flag", "day", "f", "small"})
            CHECK(check_same(layer_request(path, "t", {"s", f})) == "GDAL");
        CHECK(check_same(layer_request(path, "t", {"s"})) == "SQLite");
    }
    SECTION("3D geometries, and a CRS without an EPSG code") {
        const auto z = write_gpkg("z.gpkg", "z", wkbPoint25D, epsg(27700), {{"s", OFTString}},
                                  {{"POINT Z (330000 185000 12)", {"a"}}});
        CHECK(check_same(layer_request(z, "z", {"s"})) == "GDAL");
        OGRSpatialReference custom;
        custom.importFromProj4("+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 "
                               "+y_0=-100000 +ellps=airy +units=m +no_defs");
        const auto c = write_gpkg("custom.gpkg", "c", wkbPoint, &custom, {{"s", OFTString}},
                                  {{"POINT(330000 185000)", {"a"}}});
        CHECK(check_same(layer_request(c, "c", {"s"})) == "GDAL");
        auto overridden = layer_request(c, "c", {"s"});
        overridden.crs_override = "EPSG:27700";
        CHECK(check_same(overridden) == "SQLite");
    }
    SECTION("a box over polygons, and the errors of GDAL") {
        auto r = layer_request(areas, "areas", {"code"});
        r.within = BoxM{330000, 185000, 331000, 186000};
        CHECK(check_same(r) == "GDAL");
        CHECK(check_same(layer_request(areas, "areas", {"nope"})) == "error");
        CHECK(check_same(layer_request(areas, "areas", {"code"}, io::GeometryWant::points)) ==
              "error");
        CHECK(check_same(layer_request(areas, "missing", {"code"})) == "error");
    }
}

TEST_CASE("geopackage_columns and geopackage_key_values agree with GDAL",
          "[io][vector][geopackage]") {
    const std::string areas = areas_gpkg();
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(areas.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRFeatureDefn* defn = ds->GetLayerByName("areas")->GetLayerDefn();
    const auto columns = io::geopackage_columns(areas, "areas");
    REQUIRE(columns.size() == static_cast<std::size_t>(defn->GetFieldCount()));
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const OGRFieldDefn* f = defn->GetFieldDefn(static_cast<int>(i));
        CHECK(columns[i].name == f->GetNameRef());
        CHECK(columns[i].integer == (f->GetType() == OFTInteger || f->GetType() == OFTInteger64));
    }
    CHECK(io::geopackage_columns(areas, "missing").empty());
    CHECK(io::geopackage_columns("/nonexistent/x.gpkg", "areas").empty());

    // Key/value rows: the last of a repeated key, NULL as "".
    const auto kv = write_gpkg("kv.gpkg", "kv", wkbNone, nullptr,
                               {{"key", OFTString}, {"value", OFTString}},
                               {{"", {"a", "1"}}, {"", {"b", std::nullopt}}, {"", {"a", "2"}}});
    const auto m = io::geopackage_key_values(kv, "kv", "key", "value");
    CHECK(m == std::map<std::string, std::string>{{"a", "2"}, {"b", ""}});
    CHECK(io::geopackage_key_values(kv, "missing", "key", "value").empty());
}
