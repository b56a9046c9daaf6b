// read_vector reads a simple GeoJSON FeatureCollection with simdjson instead of GDAL
// (engine/src/io/simple_geojson.cpp). The oracle is GDAL itself: the same request with
// gdal_only = true must give the same layer, CRS, transform, features (fids, values, nulls,
// every coordinate bit for bit after the transform) and problems — on the real Welsh files,
// on every GeoJSON fixture, and on hand-made files at each rule's edge, where the fast path
// must either read like GDAL or leave the file to GDAL.

#include <assetmap/core/error.hpp>
#include <assetmap/io/vector_reader.hpp>

#include "../../support/paths.hpp"
#include "vector_parity.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

using namespace assetmap;

using test::check_same;
using test::request;

namespace {

std::string write(const std::string& name, const std::string& text) {
    static const auto dir = test::temp_dir("simple_geojson");
    const auto path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
}

const std::string square =
    R"([[[-3.0,51.58],[-2.99,51.58],[-2.99,51.59],[-3.0,51.59],[-3.0,51.58]]])";

std::string feature(const std::string& props, const std::string& geometry,
                    const std::string& extra = "") {
    return R"({"type":"Feature",)" + extra + R"("properties":)" + props + R"(,"geometry":)" +
           geometry + "}";
}

std::string collection(const std::vector<std::string>& features, const std::string& head = "") {
    std::string out = R"({"type":"FeatureCollection",)" + head + R"("features":[)";
    for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
    return out + "]}";
}

std::string poly(const std::string& coords = square) {
    return R"({"type":"Polygon","coordinates":)" + coords + "}";
}

}  // namespace

TEST_CASE("the Welsh boundary and point files read the same with simdjson as with GDAL",
          "[io][vector][geojson][data]") {
    const std::string dir = test::shared_data();
    if (!std::filesystem::exists(dir + "/wales_msoa11_bgc.geojson")) {
        WARN("skipped: no shared data at " << dir);
        return;
    }
    const auto polygons = io::GeometryWant::polygons;
    CHECK(check_same(request(dir + "/wales_msoa11_bgc.geojson",
                             {"MSOA11CD", "MSOA11NM", "LAD11CD", ""}, polygons)) == "simdjson");
    CHECK(check_same(request(dir + "/wales_lsoa11_bgc.geojson", {"LSOA11CD", "LAD11CD"},
                             polygons)) == "simdjson");
    CHECK(check_same(request(dir + "/gwent_oa11_bgc.geojson", {"OA11CD"}, polygons)) ==
          "simdjson");
    // Points, one file in EPSG:27700.
    CHECK(check_same(request(dir + "/newport_oa21_pwc_bng.geojson", {"OA21CD"},
                             io::GeometryWant::points)) == "simdjson");
    CHECK(check_same(request(dir + "/wales_lsoa21_pwc.geojson", {"LSOA21CD"},
                             io::GeometryWant::points)) == "simdjson");
    CHECK(check_same(request(dir + "/newport_osm_assets_points.geojson",
                             {"osm_id", "category", "name", "amenity"})) == "simdjson");
    // A numeric field (area_m2) is GDAL's to format.
    CHECK(check_same(request(dir + "/newport_osm_greenspace_polygons.geojson",
                             {"name", "area_m2"})) == "GDAL");
    CHECK(check_same(request(dir + "/newport_osm_greenspace_polygons.geojson",
                             {"osm_id", "name"})) == "simdjson");
    // Every GeoJSON of the shared data, with no field asked for: either reader, same values.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.path().extension() != ".geojson") continue;
        ++files;
        check_same(request(e.path().string(), {}));
    }
    CHECK(files >= 10);
}

TEST_CASE("every GeoJSON fixture reads the same either way", "[io][vector][geojson]") {
    std::size_t files = 0;
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(test::source_dir() + "/datasets/fixtures")) {
        if (e.path().extension() != ".geojson") continue;
        ++files;
        check_same(request(e.path().string(), {}));
    }
    CHECK(files >= 5);
}

TEST_CASE("simple GeoJSON: what simdjson reads, and what it leaves to GDAL",
          "[io][vector][geojson]") {
    const auto F = [](const std::string& props, const std::string& geometry = poly()) {
        return feature(props, geometry);
    };
    SECTION("the simple case, with the layer name from the file and from the name member") {
        const auto a = write("plain.geojson", collection({F(R"({"code":"A","n":"x"})"),
                                                          F(R"({"code":"B","n":null})")}));
        CHECK(check_same(request(a, {"code", "n", ""})) == "simdjson");
        const auto b = write("named.geojson",
                             collection({F(R"({"code":"A"})")}, R"("name":"other",)"));
        CHECK(check_same(request(b, {"code"})) == "simdjson");
        auto r = request(b, {"code"});
        r.layer = "other";
        CHECK(check_same(r) == "simdjson");
        r.layer = "named";  // GDAL's error
        CHECK(check_same(r) == "error");
    }
    SECTION("each CRS member simdjson knows names the CRS as GDAL does") {
        for (const std::string name :
             {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326"}) {
            const auto p = write("crs.geojson",
                                 collection({F(R"({"c":"A"})")},
                                            R"("crs":{"type":"name","properties":{"name":")" +
                                                name + R"("}},)"));
            CHECK(check_same(request(p, {"c"})) == "simdjson");
        }
        for (const std::string name : {"urn:ogc:def:crs:EPSG::27700", "EPSG:27700"}) {
            const auto p = write(
                "bng.geojson",
                collection({F(R"({"c":"A"})",
                              R"({"type":"Point","coordinates":[331000.5,188000.25]})")},
                           R"("crs":{"type":"name","properties":{"name":")" + name + R"("}},)"));
            CHECK(check_same(request(p, {"c"})) == "simdjson");
        }
        for (const std::string name : {"OGC:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4258"}) {
            const auto p = write("other_crs.geojson",
                                 collection({F(R"({"c":"A"})")},
                                            R"("crs":{"type":"name","properties":{"name":")" +
                                                name + R"("}},)"));
            CHECK(check_same(request(p, {"c"})) == "GDAL");
        }
        // An override wins either way.
        auto r = request(write("override.geojson", collection({F(R"({"c":"A"})")})), {"c"});
        r.crs_override = "EPSG:4258";
        CHECK(check_same(r) == "simdjson");
    }
    SECTION("numbers: integers, negative zero, exponents, a z, holes and multipolygons") {
        const auto p = write(
            "numbers.geojson",
            collection({F(R"({"c":"A"})",
                          R"({"type":"Point","coordinates":[-0,51]})"),
                        F(R"({"c":"B"})", R"({"type":"Point","coordinates":[-0.0,51.5,7]})"),
                        F(R"({"c":"C"})",
                          R"({"type":"Point","coordinates":[-3.00000000000000012,5.15e1]})"),
                        F(R"({"c":"D"})",
                          R"({"type":"MultiPolygon","coordinates":[)" + square + "," +
                              R"([[[-3.1,51.5],[-3.0,51.5],[-3.0,51.6],[-3.1,51.6],[-3.1,51.5]],)"
                              R"([[-3.08,51.52],[-3.02,51.52],[-3.02,51.58],[-3.08,51.52]]]]})")}));
        CHECK(check_same(request(p, {"c"})) == "simdjson");
    }
    SECTION("anything doubtful is GDAL's") {
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"id member", collection({feature(R"({"c":"A"})", poly(), R"("id":7,)")})},
            {"number field", collection({F(R"({"c":1})")})},
            {"mixed field", collection({F(R"({"c":"A"})"), F(R"({"c":2.5})")})},
            {"bool field", collection({F(R"({"c":true})")})},
            {"date-like", collection({F(R"({"c":"2023-06-13"})")})},
            {"time-like", collection({F(R"({"c":"12:30:00"})")})},
            {"case", collection({F(R"({"C":"A"})")})},
            {"twice", collection({F(R"({"c":"A","c":"B"})")})},
            {"geometry twice", collection({feature(R"({"c":"A"})", poly(),
                                                   R"("geometry":{"type":"Point","coordinates":[1,2]},)")})},
            {"features twice", R"({"type":"FeatureCollection","features":[],"features":[)" +
                                   F(R"({"c":"A"})") + "]}"},
            {"empty name", collection({F(R"({"c":"A"})")}, R"("name":"",)")},
            {"missing field", collection({F(R"({"d":"A"})")})},
            {"null geometry", collection({F(R"({"c":"A"})", "null")})},
            {"line", collection({F(R"({"c":"A"})",
                                   R"({"type":"LineString","coordinates":[[0,0],[1,1]]})")})},
            {"open ring", collection({F(R"({"c":"A"})",
                                        poly("[[[-3,51],[-2,51],[-2,52],[-3,52]]]"))})},
            {"empty polygon", collection({F(R"({"c":"A"})", poly("[]"))})},
            {"one number", collection({F(R"({"c":"A"})", R"({"type":"Point","coordinates":[1]})")})},
            {"string number",
             collection({F(R"({"c":"A"})", R"({"type":"Point","coordinates":["1",2]})")})},
            {"no features", collection({})},
            {"not a collection", R"({"type":"Feature","properties":{},"geometry":null})"},
            {"bad json", R"({"type":"FeatureCollection","features":[)"},
        };
        for (const auto& [what, text] : cases) {
            INFO(what);
            CHECK(check_same(request(write("doubt.geojson", text), {"c"})) != "simdjson");
        }
        // A polygon where points were asked for (and the reverse): GDAL's error or problem.
        const auto p = write("want.geojson", collection({F(R"({"c":"A"})")}));
        CHECK(check_same(request(p, {"c"}, io::GeometryWant::points)) != "simdjson");
        // Other extensions and folders: GDAL.
        CHECK(check_same(request(write("plain.txt", collection({F(R"({"c":"A"})")})), {"c"})) ==
              "GDAL");
    }
}

TEST_CASE("simple GeoJSON: mutated files read the same either way, or fail the same way",
          "[io][vector][geojson]") {
    // Random edits of a small collection (a character deleted, doubled or replaced by one
    // of JSON's own): whatever the fast path accepts must be what GDAL reads, and what it
    // declines GDAL reads (or refuses) as before. Nothing may crash.
    const std::string base = collection(
        {feature(R"({"code":"A1","name":"One"})", poly()),
         feature(R"({"code":"A2","name":null})",
                 R"({"type":"MultiPolygon","coordinates":[)" + square + "]}"),
         feature(R"({"code":"A3","name":"Three"})",
                 R"({"type":"Point","coordinates":[-3.001,51.585]})")},
        R"("name":"mutated",)");
    const std::string alphabet = "{}[],:\"0123456789.-eE abcnulltrue";
    std::mt19937_64 rng(14);
    std::size_t fast = 0;
    for (int n = 0; n < 2000; ++n) {
        std::string text = base;
        for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) {
            const std::size_t at = rng() % text.size();
            switch (rng() % 3) {
                case 0: text.erase(at, 1); break;
                case 1: text.insert(at, 1, text[at]); break;
                default: text[at] = alphabet[rng() % alphabet.size()]; break;
            }
        }
        INFO(text);
        fast += check_same(request(write("mutated.geojson", text), {"code", "name"})) ==
                "simdjson";
    }
    CHECK(fast > 100);  // some edits keep it simple (a changed digit, a renamed value)
}
