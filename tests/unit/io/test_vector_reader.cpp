#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/vector_reader.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <gdal.h>
#include <gdal_utils.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <set>
#include <vector>

using namespace assetmap;

namespace {
io::VectorRequest areas_request() {
    io::VectorRequest r;
    r.path = test::fixture("tiny/areas.geojson");
    r.target_crs = "EPSG:27700";
    r.fields = {"code", "name", ""};
    r.want = io::GeometryWant::polygons;
    return r;
}
std::string write(const std::string& name, const std::string& text) {
    const auto path = (test::temp_dir("vector") / name).string();
    std::ofstream(path) << text;
    return path;
}
}  // namespace

TEST_CASE("polygons are read with fields - in the metric CRS", "[io][vector]") {
    ProblemReport problems;
    const auto data = io::read_vector(areas_request(), problems);
    CHECK(data.layer == "areas");
    CHECK(data.source_crs == "EPSG:27700");
    CHECK(data.features_read == 6);
    // The feature with null geometry is reported, not returned.
    REQUIRE(data.features.size() == 5);
    REQUIRE(problems.size() == 1);
    CHECK(problems.problems()[0].kind == ProblemKind::empty_geometry);
    CHECK(problems.problems()[0].feature == "fid 4");
    const auto& a2 = data.features[0];
    CHECK(a2.values[0] == "A2");
    CHECK(a2.values[1] == "Area two");
    CHECK(a2.is_null[2]);
    REQUIRE(a2.is_polygon);
    CHECK(a2.polygon.size() == 1);
    CHECK(a2.polygon[0].outer.front().x_m == Approx(331100));
}

TEST_CASE("a layer of the wrong geometry type is refused as a whole", "[io][vector]") {
    ProblemReport problems;
    auto r = areas_request();
    r.want = io::GeometryWant::points;
    try {
        io::read_vector(r, problems);
        FAIL("no exception");
    } catch (const input_error& e) {
        CHECK(std::string(e.what()).find("Polygon geometry; expected points") != std::string::npos);
        CHECK(std::string(e.what()).find("areas.geojson") != std::string::npos);
    }
}

TEST_CASE("a missing field names the fields that exist", "[io][vector]") {
    ProblemReport problems;
    auto r = areas_request();
    r.fields = {"MSOA11CD"};
    try {
        io::read_vector(r, problems);
        FAIL("no exception");
    } catch (const input_error& e) {
        const std::string msg = e.what();
        CHECK(msg.find("no field 'MSOA11CD'") != std::string::npos);
        CHECK(msg.find("code, name, parent") != std::string::npos);
    }
}

TEST_CASE("missing - non-geographic and layerless inputs are clear errors", "[io][vector]") {
    ProblemReport problems;
    auto r = areas_request();
    r.path = "/nonexistent/areas.geojson";
    CHECK_THROWS_WITH(io::read_vector(r, problems),
                      Catch::Contains("/nonexistent/areas.geojson") &&
                          Catch::Contains("cannot open"));
    r.path = write("notes.txt", "this is not a map\n");
    CHECK_THROWS_AS(io::read_vector(r, problems), input_error);
    r = areas_request();
    r.layer = "nope";
    CHECK_THROWS_WITH(io::read_vector(r, problems), Catch::Contains("its layers are: areas"));
}

TEST_CASE("out-of-range coordinates are reported per feature", "[io][vector]") {
    const auto path = write("pts.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"ok"},"geometry":{"type":"Point","coordinates":[-3.0,51.58]}},
{"type":"Feature","properties":{"id":"bad"},"geometry":{"type":"Point","coordinates":[330000,187000]}},
{"type":"Feature","properties":{"id":"line"},"geometry":{"type":"LineString","coordinates":[[-3,51],[-3.1,51]]}}
]})");
    io::VectorRequest r;
    r.path = path;
    r.target_crs = "EPSG:27700";
    r.fields = {"id"};
    r.want = io::GeometryWant::points;
    ProblemReport problems;
    const auto data = io::read_vector(r, problems);
    REQUIRE(data.features.size() == 1);
    CHECK(data.features[0].values[0] == "ok");
    // echo "51.58 -3.0" | cs2cs -f %.3f EPSG:4326 EPSG:27700 → 330804.277 187267.211
    CHECK(data.features[0].point.x_m == Approx(330804.277).margin(0.001));
    REQUIRE(problems.size() == 2);
    CHECK(problems.problems()[0].kind == ProblemKind::bad_coordinate);
    CHECK(problems.problems()[0].feature == "fid 1");
    CHECK(problems.problems()[1].kind == ProblemKind::wrong_geometry_type);
}

TEST_CASE("an empty layer and metre coordinates read as degrees get errors that say so",
          "[io][vector]") {
    // Before (issue 13, item 7): "its fields are: " (blank) and "no study areas with parent
    // codes".
    io::VectorRequest r = areas_request();
    r.path = write("empty.geojson", R"({"type":"FeatureCollection","features":[]})");
    ProblemReport problems;
    CHECK_THROWS_WITH(io::read_vector(r, problems),
                      Catch::Contains("is empty (no features, no fields)"));
    r.path = write("metres.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"A1","name":"x"},"geometry":{"type":"Polygon","coordinates":
[[[331100,188000],[331200,188000],[331200,188100],[331100,188000]]]}}]})");
    CHECK_THROWS_WITH(io::read_vector(r, problems),
                      Catch::Contains("(331100.0, 188000.0), are not degrees of EPSG:4326 but "
                                      "look like metres") &&
                          Catch::Contains("set crs = \"EPSG:27700\""));
}

TEST_CASE("a spatial filter returns every feature in the box - in id order", "[io][vector]") {
    // 400 points on a 20 x 20 grid of 0.01 degrees near Newport, written in a shuffled order
    // (fid = write order) to GeoJSON and copied to a GeoPackage, whose R-tree then returns
    // them in another order than their ids. Expected: the features of an unfiltered read
    // whose Web Mercator point lies in the box (the reader's own transform); none farther
    // than 5 % of the box beyond it; ids ascending.
    std::vector<int> order(400);
    for (int i = 0; i < 400; ++i) order[i] = (i * 173) % 400;  // 173 is prime to 400
    std::string json = R"({"type":"FeatureCollection","features":[)";
    for (int k = 0; k < 400; ++k) {
        const int i = order[k];
        json += (k ? "," : "") + std::string(R"({"type":"Feature","properties":{"n":")") +
                std::to_string(i) + R"("},"geometry":{"type":"Point","coordinates":[)" +
                std::to_string(-3.1 + 0.01 * (i % 20)) + "," + std::to_string(51.5 + 0.01 * (i / 20)) +
                "]}}";
    }
    json += "]}";
    const auto dir = test::temp_dir("vector_filter");
    const std::string geojson = (dir / "grid.geojson").string();
    std::ofstream(geojson) << json;
    const std::string gpkg = (dir / "grid.gpkg").string();
    {
        GDALDatasetH src = GDALOpenEx(geojson.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
        REQUIRE(src);
        char* argv[] = {const_cast<char*>("-f"), const_cast<char*>("GPKG"), nullptr};
        GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv, nullptr);
        GDALDatasetH dst = GDALVectorTranslate(gpkg.c_str(), nullptr, 1, &src, opts, nullptr);
        GDALVectorTranslateOptionsFree(opts);
        REQUIRE(dst);
        GDALClose(dst);
        GDALClose(src);
    }
    for (const std::string& path : {geojson, gpkg}) {
        INFO(path);
        io::VectorRequest req;
        req.path = path;
        req.target_crs = "EPSG:3857";
        req.fields = {"n"};
        req.want = io::GeometryWant::points;
        ProblemReport problems;
        const auto all = io::read_vector(req, problems);
        REQUIRE(all.features.size() == 400);
        // A box over part of the grid (Web Mercator metres of the unfiltered read).
        req.within = BoxM{-344000.0, 6713000.0, -335000.0, 6722000.0};
        const auto some = io::read_vector(req, problems);
        std::set<std::string> got;
        for (std::size_t i = 0; i < some.features.size(); ++i) {
            got.insert(some.features[i].values[0]);
            if (i > 0) CHECK(some.features[i - 1].fid < some.features[i].fid);
        }
        std::size_t inside = 0;
        const double mx = 0.05 * 9000.0, my = 0.05 * 9000.0;
        for (const auto& f : all.features) {
            if (req.within.contains(f.point)) {
                ++inside;
                CHECK(got.count(f.values[0]) == 1);
            }
            const bool far = f.point.x_m < req.within.min_x_m - mx || f.point.x_m > req.within.max_x_m + mx ||
                             f.point.y_m < req.within.min_y_m - my || f.point.y_m > req.within.max_y_m + my;
            if (far) CHECK(got.count(f.values[0]) == 0);
        }
        CHECK(inside > 20);
        CHECK(some.features.size() < 200);
    }
}

TEST_CASE("polygons that share vertices get PROJ's result for every vertex, and problems per "
          "feature", "[io][vector]") {
    // A 6 x 5 grid of squares in lon/lat (every inner vertex in four features, as areas that
    // tile a region share theirs), then features that share one vertex out of range, and two
    // that differ only in the sign of a zero. read_vector transforms each distinct vertex
    // once; the oracle is PROJ itself, vertex by vertex (CrsTransform::to_metric_batch of
    // one point, the transformation read_vector uses), compared bit for bit.
    std::ostringstream json;
    json << R"({"type":"FeatureCollection","features":[)";
    std::vector<std::vector<std::pair<double, double>>> rings;  // as written, feature order
    const auto ring_text = [](const std::vector<std::pair<double, double>>& ring) {
        std::ostringstream t;
        t.precision(17);
        t << "[";
        for (std::size_t k = 0; k < ring.size(); ++k)
            t << (k ? "," : "") << "[" << ring[k].first << "," << ring[k].second << "]";
        return t.str() + "]";
    };
    const auto feature = [&](const std::string& code,
                             const std::vector<std::pair<double, double>>& ring) {
        json << (rings.empty() ? "" : ",") << R"({"type":"Feature","properties":{"code":")"
             << code << R"("},"geometry":{"type":"Polygon","coordinates":[)" << ring_text(ring)
             << "]}}";
        rings.push_back(ring);
    };
    for (int j = 0; j < 5; ++j)
        for (int i = 0; i < 6; ++i) {
            const double x0 = -3.3 + 0.013 * i, y0 = 51.5 + 0.011 * j;
            const double x1 = -3.3 + 0.013 * (i + 1), y1 = 51.5 + 0.011 * (j + 1);
            feature("G" + std::to_string(j * 6 + i),
                    {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}});
        }
    // Out of range (longitude 200): the third vertex of one feature, the first of the next.
    feature("BAD_A", {{-3.2, 51.6}, {-3.1, 51.6}, {200.0, 51.7}, {-3.2, 51.6}});
    feature("BAD_B", {{200.0, 51.7}, {-3.0, 51.7}, {-3.0, 51.8}, {200.0, 51.7}});
    // -0.0 and 0.0 are kept apart (different bits), each transformed.
    feature("NEG_ZERO", {{-0.0, 51.5}, {0.01, 51.5}, {0.01, 51.51}, {-0.0, 51.5}});
    feature("POS_ZERO", {{0.0, 51.5}, {0.01, 51.51}, {0.0, 51.51}, {0.0, 51.5}});
    json << "]}";

    io::VectorRequest r;
    r.path = write("shared_vertices.geojson", json.str());
    r.target_crs = "EPSG:27700";
    r.fields = {"code"};
    r.want = io::GeometryWant::polygons;
    r.threads = 2;
    ProblemReport problems;
    const auto data = io::read_vector(r, problems);

    const io::CrsTransform proj("EPSG:4326", "EPSG:27700");
    REQUIRE(data.features.size() == rings.size() - 2);
    std::size_t compared = 0;
    for (const auto& f : data.features) {
        const std::size_t at = static_cast<std::size_t>(f.fid);
        INFO(f.values[0]);
        REQUIRE(f.polygon.size() == 1);
        const auto& got = f.polygon[0].outer;
        REQUIRE(got.size() == rings[at].size());
        for (std::size_t k = 0; k < got.size(); ++k) {
            double x = rings[at][k].first, y = rings[at][k].second;
            proj.to_metric_batch(&x, &y, 1);
            CHECK(std::memcmp(&got[k].x_m, &x, sizeof x) == 0);
            CHECK(std::memcmp(&got[k].y_m, &y, sizeof y) == 0);
            ++compared;
        }
    }
    CHECK(compared == 30 * 5 + 2 * 4);
    // Each feature with the shared bad vertex is reported, naming its own vertex index.
    REQUIRE(problems.size() == 2);
    CHECK(problems.problems()[0].feature == "fid 30");
    CHECK_THAT(problems.problems()[0].message,
               Catch::Contains("polygon vertex 2 is NaN or outside the range of EPSG:4326"));
    CHECK(problems.problems()[1].feature == "fid 31");
    CHECK_THAT(problems.problems()[1].message,
               Catch::Contains("polygon vertex 0 is NaN or outside the range of EPSG:4326"));
}
