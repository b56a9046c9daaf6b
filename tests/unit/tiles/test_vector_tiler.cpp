// The vector tiler: bucketing against the plain per-tile reference (encode_tile), order,
// gzip, determinism across thread counts, the size cap's dropping rule, bad input.
#include <unistd.h>

#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/vector_tiler.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include "mvt_decode.hpp"

using namespace assetmap;
using namespace assetmap::tiles;
using mvt_test::at_units;

namespace {

const TileId kBase{10, 503, 340};  // Newport; test geometry is placed in its tile units

RingM square(double u0, double v0, double u1, double v1) {
    return {at_units(kBase, u0, v0), at_units(kBase, u1, v0), at_units(kBase, u1, v1),
            at_units(kBase, u0, v1), at_units(kBase, u0, v0)};
}

/// Two layers over about 2 × 2 z10 tiles: areas (three polygons, one with a hole, one
/// crossing tile edges) and 300 assets from a fixed linear congruential sequence.
std::vector<VtLayer> sample_layers() {
    VtLayer areas;
    areas.name = "areas";
    areas.fields = {"code", "population", "score"};
    auto area = [&](std::uint64_t id, PolygonM poly, std::vector<VtValue> values) {
        VtFeature f;
        f.id = id;
        f.polygons.push_back(std::move(poly));
        f.values = std::move(values);
        areas.features.push_back(std::move(f));
    };
    area(1, {square(500, 500, 3500, 3500), {square(1500, 1500, 2000, 2000)}},
         {std::string("W01"), std::int64_t(8061), 0.25});
    area(2, {square(3500, 500, 6000, 5000), {}}, {std::string("W02"), std::int64_t(7997), 0.5});
    // A 40-gon of radius 1800 units around (2000, 6000): crosses into the row below.
    RingM ring;
    for (int i = 0; i <= 40; ++i) {
        const double a = 2.0 * M_PI * (i % 40) / 40.0;
        ring.push_back(at_units(kBase, 2000 + 1800 * std::cos(a), 6000 + 1800 * std::sin(a)));
    }
    area(3, {ring, {}}, {std::string("W03"), std::monostate{}, 0.75});

    VtLayer assets;
    assets.name = "assets";
    assets.fields = {"name", "category", "rank"};
    assets.priority_field = "rank";
    std::uint64_t s = 20110327;
    auto next = [&s] {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(s >> 11) / double(1ULL << 53);
    };
    const char* categories[] = {"library", "pharmacy", "park"};
    for (int i = 0; i < 300; ++i) {
        VtFeature f;
        f.id = 1000 + std::uint64_t(i);
        f.points.push_back(at_units(kBase, -200 + 8400 * next(), -200 + 8400 * next()));
        f.values = {std::string("asset ") + std::to_string(i), std::string(categories[i % 3]),
                    std::int64_t(i % 50)};
        assets.features.push_back(std::move(f));
    }
    return {areas, assets};
}

using TileMap = std::vector<std::pair<TileId, std::string>>;

TileMap run(const std::vector<VtLayer>& layers, std::uint8_t z0, std::uint8_t z1,
            const VectorTilerOptions& o, VectorTileStats* stats = nullptr) {
    TileMap out;
    ProblemReport problems;
    const auto s = build_vector_tiles(
        layers, z0, z1, o,
        [&](const TileId& t, std::string_view b) { out.emplace_back(t, std::string(b)); },
        problems);
    if (stats) *stats = s;
    return out;
}

bool same_tile(const TileId& a, const TileId& b) { return a == b; }

}  // namespace

TEST_CASE("each tile equals the per-tile reference encoding, in (z, x, y) order",
          "[tiles][vector]") {
    const auto layers = sample_layers();
    VectorTilerOptions o;
    o.gzip = false;
    o.threads = 2;
    VectorTileStats stats;
    const TileMap tiles = run(layers, 9, 12, o, &stats);

    for (std::size_t i = 1; i < tiles.size(); ++i) CHECK(tiles[i - 1].first < tiles[i].first);

    // Every tile over the data (plus a margin of one tile) encoded on its own, by the plain
    // path that looks at every feature: the non-empty ones must be exactly those written.
    const BoxMercator b = *layers_bounds(layers);
    std::map<std::tuple<int, std::uint32_t, std::uint32_t>, std::string> expected;
    for (std::uint8_t z = 9; z <= 12; ++z) {
        const TileRange r = tiles_covering({mercator_to_lonlat({b.min_x, b.min_y}).lon_deg,
                                            mercator_to_lonlat({b.min_x, b.min_y}).lat_deg,
                                            mercator_to_lonlat({b.max_x, b.max_y}).lon_deg,
                                            mercator_to_lonlat({b.max_x, b.max_y}).lat_deg},
                                           z);
        for (std::uint32_t x = r.min_x - 1; x <= r.max_x + 1; ++x)
            for (std::uint32_t y = r.min_y - 1; y <= r.max_y + 1; ++y) {
                std::string t = encode_tile(layers, TileId{z, x, y});
                if (!t.empty()) expected[{z, x, y}] = std::move(t);
            }
    }
    REQUIRE(tiles.size() == expected.size());
    std::size_t i = 0;
    std::uint64_t bytes = 0;
    std::size_t max_size = 0;
    for (const auto& [key, bytes_expected] : expected) {
        const auto& [z, x, y] = key;
        CHECK(same_tile(tiles[i].first, TileId{std::uint8_t(z), x, y}));
        CHECK(tiles[i].second == bytes_expected);
        bytes += tiles[i].second.size();
        max_size = std::max(max_size, tiles[i].second.size());
        ++i;
    }
    CHECK(stats.tiles_written == tiles.size());
    CHECK(stats.bytes_written == bytes);
    CHECK(stats.max_tile_bytes == max_size);
    CHECK(stats.capped.empty());
    CHECK(stats.features_dropped == 0);
    REQUIRE(stats.zooms.size() == 4);
    CHECK(stats.zooms[0].z == 9);
    // z9: everything falls in one or two tiles; z12 has many more.
    CHECK(stats.zooms[3].tiles > stats.zooms[0].tiles);
}

TEST_CASE("gzip: a gzip header with mtime 0, and zlib inflates to the plain tile",
          "[tiles][vector]") {
    const auto layers = sample_layers();
    VectorTilerOptions plain;
    plain.gzip = false;
    VectorTilerOptions gz;  // gzip on by default
    const TileMap a = run(layers, 10, 11, plain);
    const TileMap b = run(layers, 10, 11, gz);
    REQUIRE(a.size() == b.size());
    REQUIRE(!a.empty());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string& g = b[i].second;
        REQUIRE(g.size() > 18);
        CHECK(static_cast<unsigned char>(g[0]) == 0x1f);
        CHECK(static_cast<unsigned char>(g[1]) == 0x8b);
        CHECK(g[2] == 8);                               // deflate
        CHECK(g.substr(4, 4) == std::string(4, '\0'));  // mtime 0
        CHECK(mvt_test::gunzip(g) == a[i].second);
    }
}

TEST_CASE("the same bytes twice, and whatever the thread count", "[tiles][vector]") {
    const auto layers = sample_layers();
    VectorTilerOptions o;
    o.threads = 1;
    const TileMap one = run(layers, 8, 13, o);
    CHECK(run(layers, 8, 13, o) == one);
    o.threads = 2;
    CHECK(run(layers, 8, 13, o) == one);
    o.threads = 5;
    CHECK(run(layers, 8, 13, o) == one);
}

TEST_CASE("size cap: the lowest-ranked points go first, as few as needed", "[tiles][vector]") {
    // One tile: a square area and 200 points ranked 0..199, plus 5 points with no rank
    // (null ranks lowest). Without gzip a tile grows with every point, so the rule gives
    // one answer: drop the k lowest-ranked points for the smallest k that fits.
    VtLayer areas;
    areas.name = "areas";
    areas.fields = {"code"};
    VtFeature sq;
    sq.id = 1;
    sq.polygons.push_back({square(100, 100, 4000, 4000), {}});
    sq.values = {std::string("W01")};
    areas.features.push_back(sq);
    VtLayer assets;
    assets.name = "assets";
    assets.fields = {"rank"};
    assets.priority_field = "rank";
    for (int i = 0; i < 205; ++i) {
        VtFeature f;
        f.id = std::uint64_t(5000 - i);  // ids run against the ranks: the rank decides
        f.points.push_back(at_units(kBase, 200 + 17 * i, 300 + 13 * i));
        if (i < 200) f.values = {std::int64_t(i)};  // the last 5 have no rank
        assets.features.push_back(f);
    }
    const std::vector<VtLayer> layers{areas, assets};
    const TileId tile{10, 503, 340};
    const std::size_t polygon_only = encode_tile({areas}, tile).size();
    const std::size_t everything = encode_tile(layers, tile).size();
    auto with_top = [&](std::size_t keep) {  // the `keep` highest-ranked points
        VtLayer top = assets;
        top.features.clear();
        for (int i = 200 - int(keep); i < 200; ++i) top.features.push_back(assets.features[i]);
        return encode_tile({areas, top}, tile).size();
    };

    VectorTilerOptions o;
    o.gzip = false;
    o.max_tile_bytes = polygon_only + (everything - polygon_only) / 2;
    VectorTileStats stats;
    const TileMap tiles = run(layers, 10, 10, o, &stats);
    REQUIRE(tiles.size() == 1);
    CHECK(tiles[0].second.size() <= o.max_tile_bytes);
    REQUIRE(stats.capped.size() == 1);
    const CappedTile& c = stats.capped[0];
    CHECK(same_tile(c.tile, tile));
    CHECK(c.bytes_before == everything);
    CHECK(c.bytes_after == tiles[0].second.size());
    CHECK(c.polygons_dropped == 0);
    CHECK(c.tolerance == 1.0);
    CHECK(stats.features_dropped == c.points_dropped);

    const auto decoded = mvt_test::decode_tile(tiles[0].second);
    REQUIRE(decoded.size() == 2);
    CHECK(decoded[0].features.size() == 1);  // the area is kept
    std::set<std::uint64_t> kept;
    for (const auto& f : decoded[1].features) kept.insert(f.id);
    const std::size_t k = kept.size();
    CHECK(c.points_dropped == 205 - k);
    CHECK(k > 0);
    CHECK(k < 200);
    // Exactly the k highest ranks are kept (no unranked point among them) ...
    for (int i = 0; i < 205; ++i)
        CHECK(kept.count(std::uint64_t(5000 - i)) == (i < 200 && i >= 200 - int(k) ? 1u : 0u));
    // ... and one more would not fit.
    CHECK(with_top(k) == tiles[0].second.size());
    CHECK(with_top(k + 1) > o.max_tile_bytes);
}

TEST_CASE("size cap: polygons simplified harder when they alone do not fit", "[tiles][vector]") {
    // A 4000-gon of radius 1500 units: at 1 unit Douglas–Peucker keeps ~90 vertices
    // (chord ≤ √(8·R·tol) ≈ 110 units), at 4 units about half as many.
    VtLayer areas;
    areas.name = "areas";
    VtFeature circle;
    circle.id = 1;
    RingM ring;
    for (int i = 0; i <= 4000; ++i) {
        const double a = 2.0 * M_PI * (i % 4000) / 4000.0;
        ring.push_back(at_units(kBase, 2048 + 1500 * std::cos(a), 2048 + 1500 * std::sin(a)));
    }
    circle.polygons.push_back({ring, {}});
    areas.features.push_back(circle);
    VtLayer assets;
    assets.name = "assets";
    for (int i = 0; i < 20; ++i) {
        VtFeature f;
        f.id = std::uint64_t(i);
        f.points.push_back(at_units(kBase, 100 + 100 * i, 100));
        assets.features.push_back(f);
    }
    const std::vector<VtLayer> layers{areas, assets};
    const std::size_t polygon_only = encode_tile({areas}, kBase).size();

    VectorTilerOptions o;
    o.gzip = false;
    o.max_tile_bytes = polygon_only - 1;
    VectorTileStats stats;
    const TileMap tiles = run(layers, 10, 10, o, &stats);
    REQUIRE(tiles.size() == 1);
    REQUIRE(stats.capped.size() == 1);
    CHECK(stats.capped[0].tolerance == 4.0);
    CHECK(stats.capped[0].polygons_dropped == 0);
    CHECK(tiles[0].second.size() <= o.max_tile_bytes);
    const auto decoded = mvt_test::decode_tile(tiles[0].second);
    REQUIRE(!decoded.empty());
    CHECK(decoded[0].name == "areas");
    const auto rings = mvt_test::decode_geometry(decoded[0].features.at(0).geometry);
    REQUIRE(rings.size() == 1);
    CHECK(rings[0].size() >= 4);
    CHECK(mvt_test::area2(rings[0]) > 0);
    // The points came back once the simplified circle left room (ids 0.. are dropped first).
    const std::size_t points_kept = decoded.size() == 2 ? decoded[1].features.size() : 0;
    CHECK(stats.capped[0].points_dropped == 20 - points_kept);
    CHECK(points_kept > 0);

    SECTION("a cap nothing fits under: every feature dropped, the tile skipped and listed") {
        o.max_tile_bytes = 10;
        const TileMap none = run(layers, 10, 10, o, &stats);
        CHECK(none.empty());
        REQUIRE(stats.capped.size() == 1);
        CHECK(stats.capped[0].bytes_after == 0);
        CHECK(stats.capped[0].polygons_dropped == 1);
        CHECK(stats.capped[0].points_dropped == 20);
        CHECK(stats.features_dropped == 21);
        CHECK(stats.tiles_written == 0);
    }
}

TEST_CASE("unusable features are reported and left out, bad options refused", "[tiles][vector]") {
    auto layers = sample_layers();
    VtLayer& assets = layers[1];
    VtFeature bad = assets.features[0];
    bad.id = 1;
    bad.points[0].x_m = std::numeric_limits<double>::quiet_NaN();
    assets.features.push_back(bad);
    VtFeature both = assets.features[0];
    both.id = 2;
    both.polygons.push_back({square(0, 0, 10, 10), {}});
    assets.features.push_back(both);
    VtFeature none;
    none.id = 3;
    assets.features.push_back(none);
    VtFeature extra = assets.features[0];
    extra.id = 4;
    extra.values.push_back(std::string("one too many"));
    assets.features.push_back(extra);
    VtFeature far = assets.features[0];
    far.id = 5;
    far.points[0].y_m = 3.0e7;  // beyond ±20037508.34 m: not Web Mercator
    assets.features.push_back(far);

    ProblemReport problems;
    VectorTilerOptions o;
    const auto stats = build_vector_tiles(
        layers, 10, 10, o, [](const TileId&, std::string_view) {}, problems);
    CHECK(stats.features_invalid == 5);
    REQUIRE(problems.size() == 5);
    CHECK(problems.problems()[0].kind == ProblemKind::bad_coordinate);
    CHECK(problems.problems()[0].layer == "assets");
    CHECK(problems.problems()[0].feature == "1");
    CHECK(problems.problems()[1].kind == ProblemKind::wrong_geometry_type);
    CHECK(problems.problems()[2].kind == ProblemKind::empty_geometry);
    CHECK(problems.problems()[3].kind == ProblemKind::bad_value);
    CHECK(problems.problems()[4].kind == ProblemKind::bad_coordinate);
    CHECK(problems.problems()[4].feature == "5");
    CHECK(stats.tiles_written > 0);

    auto sink = [](const TileId&, std::string_view) {};
    SECTION("a zoom range that would touch too many tiles") {
        VectorTilerOptions small;
        small.max_bucket_entries = 1000;
        try {
            build_vector_tiles(layers, 10, 18, small, sink, problems);
            FAIL("no exception");
        } catch (const config_error& e) {
            CHECK_THAT(e.what(), Catch::Contains("feature-tile pairs") &&
                                     Catch::Contains("narrow the zoom range"));
        }
    }
    SECTION("other bad options") {
        VectorTilerOptions b;
        b.buffer = 5000;
        CHECK_THROWS_AS(build_vector_tiles(layers, 10, 10, b, sink, problems), config_error);
        CHECK_THROWS_AS(build_vector_tiles(layers, 12, 10, o, sink, problems), config_error);
        CHECK_THROWS_AS(build_vector_tiles(layers, 10, 25, o, sink, problems), config_error);
        auto renamed = layers;
        renamed[1].priority_field = "no_such_field";
        CHECK_THROWS_AS(build_vector_tiles(renamed, 10, 10, o, sink, problems), config_error);
        renamed = layers;
        renamed[1].name = "areas";
        CHECK_THROWS_AS(build_vector_tiles(renamed, 10, 10, o, sink, problems), config_error);
    }
}

TEST_CASE("layer zoom ranges and vector_layers JSON", "[tiles][vector]") {
    auto layers = sample_layers();
    layers[1].min_zoom = 11;
    VectorTilerOptions o;
    o.gzip = false;
    for (const auto& [tile, bytes] : run(layers, 10, 11, o)) {
        const auto decoded = mvt_test::decode_tile(bytes);
        for (const auto& l : decoded) {
            if (l.name == "assets") CHECK(tile.z == 11);
        }
    }
    CHECK(vector_layers_json(layers, 6, 15) ==
          R"([{"id":"areas","fields":{"code":"String","population":"Number","score":"Number"},)"
          R"("minzoom":6,"maxzoom":15},)"
          R"({"id":"assets","fields":{"name":"String","category":"String","rank":"Number"},)"
          R"("minzoom":11,"maxzoom":15}])");
}

TEST_CASE("GDAL's MVT driver reads the tiles: feature count and an attribute",
          "[tiles][vector][gdal]") {
    if (std::system("command -v ogrinfo > /dev/null 2>&1") != 0) {
        WARN("ogrinfo not found (gdal-bin): skipped");
        return;
    }
    // Zoom 10 of the sample, gzipped, as a z/x/y.pbf folder with a metadata.json; GDAL opens
    // the zoom's folder (DIR/10) and reads every tile in it.
    const auto layers = sample_layers();
    const auto dir = std::filesystem::temp_directory_path() /
                     ("assetmap_vt_ogrinfo_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::size_t assets_written = 0;
    std::set<std::uint64_t> asset_ids;
    VectorTilerOptions o;
    ProblemReport problems;
    build_vector_tiles(
        layers, 10, 10, o,
        [&](const TileId& t, std::string_view bytes) {
            const auto folder = dir / std::to_string(t.z) / std::to_string(t.x);
            std::filesystem::create_directories(folder);
            std::ofstream(folder / (std::to_string(t.y) + ".pbf"), std::ios::binary)
                .write(bytes.data(), std::streamsize(bytes.size()));
            // GDAL clips to the tile itself (its CLIP option), so count only the points
            // inside the tile, not those in its buffer.
            for (const auto& l : mvt_test::decode_tile(mvt_test::gunzip(bytes)))
                if (l.name == "assets")
                    for (const auto& f : l.features) {
                        const auto p = mvt_test::decode_geometry(f.geometry).at(0).at(0);
                        if (p[0] >= 0 && p[0] <= 4096 && p[1] >= 0 && p[1] <= 4096) {
                            ++assets_written;
                            asset_ids.insert(f.id);
                        }
                    }
        },
        problems);
    {
        // metadata.json as GDAL's MVT writer lays it out: "json" holds vector_layers.
        std::string vl = vector_layers_json(layers, 10, 10), escaped;
        for (char c : "{\"vector_layers\":" + vl + "}") {
            if (c == '"') escaped += '\\';
            escaped += c;
        }
        std::ofstream(dir / "metadata.json")
            << R"({"name":"test","format":"pbf","minzoom":"10","maxzoom":"10","json":")" << escaped
            << "\"}\n";
    }
    const std::string cmd = "ogrinfo -ro -al -q " + (dir / "10").string() + " 2>&1";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        ::pclose(p);
    }
    std::filesystem::remove_all(dir);
    INFO(out.substr(0, 2000));
    std::size_t gdal_assets = 0;
    for (std::size_t at = out.find("OGRFeature(assets)"); at != std::string::npos;
         at = out.find("OGRFeature(assets)", at + 1))
        ++gdal_assets;
    CHECK(asset_ids.size() == 300);
    CHECK(assets_written == 300);
    CHECK(gdal_assets == assets_written);
    CHECK(out.find("name (String) = asset 17\n") != std::string::npos);
    CHECK(out.find("category (String) = pharmacy\n") != std::string::npos);
    CHECK(out.find("code (String) = W02\n") != std::string::npos);
    // metadata.json says "Number", which GDAL reads as Real.
    CHECK(out.find("population (Real) = 7997\n") != std::string::npos);
    CHECK(out.find("score (Real) = 0.75\n") != std::string::npos);
}
