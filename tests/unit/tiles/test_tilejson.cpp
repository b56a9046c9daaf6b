// TileJSON 3.0.0 (github.com/mapbox/tilejson-spec, 3.0.0/README.md): a golden document
// compared byte for byte, and Python's json module as an independent parser.
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/tile_store.hpp>
#include <assetmap/tiles/tilejson.hpp>
#include <catch2/catch.hpp>

#include "store_test_support.hpp"

using namespace assetmap;
using namespace assetmap::tiles;
using namespace store_test;

namespace {

TilesetMetadata vector_metadata() {
    TilesetMetadata m;
    m.name = "assets";
    m.description = "Assets of Newport";
    m.attribution = "© OpenStreetMap contributors";
    m.format = TileFormat::pbf;
    m.tile_compression = TileCompression::gzip;
    m.min_zoom = 6;
    m.max_zoom = 15;
    m.bounds = BoxLonLat{-3.124, 51.502, -2.803, 51.649};
    m.center = TileCenter{-2.99, 51.58, 12};
    m.vector_layers_json =
        R"([{"id":"assets","fields":{"name":"String"},"minzoom":6,"maxzoom":15}])";
    return m;
}

/// Runs a Python expression over the parsed JSON file `d`; returns its printed value.
std::string py(const fs::path& file, const std::string& expr) {
    auto [rc, out] =
        run("python3 -c " +
            quote("import json,sys; d=json.load(open(sys.argv[1])); print(" + expr + ")") + " " +
            quote(file.string()));
    if (rc != 0) return "python failed: " + out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace

TEST_CASE("TileJSON for a vector set: golden bytes", "[tiles][tilejson]") {
    const std::string j =
        tilejson(vector_metadata(), {"https://example.org/tiles/{z}/{x}/{y}.pbf"});
    CHECK(j == R"({
  "tilejson": "3.0.0",
  "name": "assets",
  "description": "Assets of Newport",
  "version": "1.0.0",
  "attribution": "© OpenStreetMap contributors",
  "scheme": "xyz",
  "tiles": ["https://example.org/tiles/{z}/{x}/{y}.pbf"],
  "minzoom": 6,
  "maxzoom": 15,
  "bounds": [-3.124, 51.502, -2.803, 51.649],
  "center": [-2.99, 51.58, 12],
  "vector_layers": [{"id":"assets","fields":{"name":"String"},"minzoom":6,"maxzoom":15}],
  "format": "pbf"
}
)");
}

TEST_CASE("TileJSON parses in Python's json module with the spec's types", "[tiles][tilejson]") {
    REQUIRE(have_tool("python3"));
    TempDir tmp;
    TilesetMetadata m = vector_metadata();
    m.name = "quote \" back\\slash\nnew line";
    write_bytes(tmp / "v.tilejson", tilejson(m, {"a/{z}/{x}/{y}.pbf", "b/{z}/{x}/{y}.pbf"}));
    const fs::path f = tmp / "v.tilejson";
    CHECK(py(f, "d['tilejson']") == "3.0.0");
    CHECK(py(f, "repr(d['name'])") == R"('quote " back\\slash\nnew line')");
    CHECK(py(f, "d['tiles']") == "['a/{z}/{x}/{y}.pbf', 'b/{z}/{x}/{y}.pbf']");
    CHECK(py(f, "d['minzoom'], d['maxzoom']") == "6 15");
    CHECK(py(f, "d['bounds']") == "[-3.124, 51.502, -2.803, 51.649]");
    CHECK(py(f, "d['center']") == "[-2.99, 51.58, 12]");
    CHECK(py(f, "d['scheme']") == "xyz");
    CHECK(py(f, "d['vector_layers'][0]['id'], d['vector_layers'][0]['fields']") ==
          "assets {'name': 'String'}");

    // A raster set has no vector_layers.
    TilesetMetadata r = vector_metadata();
    r.format = TileFormat::png;
    r.vector_layers_json.clear();
    write_bytes(tmp / "r.tilejson", tilejson(r, {"r/{z}/{x}/{y}.png"}));
    CHECK(py(tmp / "r.tilejson", "'vector_layers' in d, d['format']") == "False png");
}

TEST_CASE("TileJSON beside each tile set, with default tile URLs", "[tiles][tilejson]") {
    CHECK(tilejson_path("out/raster.mbtiles") == fs::path("out/raster.tilejson"));
    CHECK(tilejson_path("out/vector.pmtiles") == fs::path("out/vector.tilejson"));
    CHECK(tilejson_path("out/raster_xyz") == fs::path("out/raster_xyz.tilejson"));
    CHECK(tilejson_path("out/raster_xyz/") == fs::path("out/raster_xyz.tilejson"));
    CHECK(default_tile_urls("out/raster_xyz", TileFormat::png) ==
          std::vector<std::string>{"raster_xyz/{z}/{x}/{y}.png"});
    CHECK(default_tile_urls("out/vector.pmtiles", TileFormat::pbf) ==
          std::vector<std::string>{"pmtiles://vector.pmtiles/{z}/{x}/{y}"});
    CHECK(default_tile_urls("out/raster.mbtiles", TileFormat::png) ==
          std::vector<std::string>{"raster/{z}/{x}/{y}.png"});

    TempDir tmp;
    const fs::path set = tmp / "vector.pmtiles";
    auto w = open_tile_writer(set, TileFormat::pbf);
    w->put({10, 503, 340}, gzip(make_point_mvt("assets", "name", "Library", 2048, 2048)));
    w->finish(vector_metadata());
    // The usual flow: the reader's metadata (bounds and center always set) → TileJSON.
    const fs::path written = write_tilejson(set, open_tile_reader(set)->metadata());
    CHECK(written == tmp / "vector.tilejson");
    const std::string text = file_bytes(written);
    CHECK(text.find(R"("tiles": ["pmtiles://vector.pmtiles/{z}/{x}/{y}"])") != std::string::npos);
    CHECK(text.find(R"("bounds": [-3.124, 51.502, -2.803, 51.649])") != std::string::npos);
}

TEST_CASE("TileJSON rejects vector_layers that are not a JSON array", "[tiles][tilejson]") {
    TilesetMetadata m = vector_metadata();
    m.vector_layers_json = R"({"id":"assets"})";
    CHECK_THROWS_AS(tilejson(m, {"x"}), io_error);
    m.vector_layers_json = R"([{"id":"assets"})";
    CHECK_THROWS_AS(tilejson(m, {"x"}), io_error);
    m.vector_layers_json.clear();
    CHECK(tilejson(m, {"x"}).find(R"("vector_layers": [])") != std::string::npos);
    TempDir tmp;
    CHECK_THROWS_AS(write_tilejson("/sys/assetmap-none/x.mbtiles", m), io_error);
}
