// MVT encoding against hand-worked command integers. Expected values come from the Mapbox
// Vector Tile specification 2.1, section 4.3.5 ("Example Geometry Encodings"), and from
// arithmetic written out beside each case. Coordinates are tile units of tile 10/503/340
// (Newport), placed in Web Mercator with mvt_decode.hpp's at_units.
#include <algorithm>
#include <assetmap/tiles/mvt_encoder.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "mvt_decode.hpp"

using namespace assetmap;
using namespace assetmap::tiles;
using mvt_test::at_units;

namespace {

const TileId kTile{10, 503, 340};

VtFeature point_at(std::uint64_t id, double u, double v) {
    VtFeature f;
    f.id = id;
    f.points.push_back(at_units(kTile, u, v));
    return f;
}

RingM ring_units(std::initializer_list<std::array<double, 2>> pts) {
    RingM r;
    for (const auto& p : pts) r.push_back(at_units(kTile, p[0], p[1]));
    return r;
}

VtLayer layer_of(std::string name, std::vector<VtFeature> features,
                 std::vector<std::string> fields = {}) {
    VtLayer l;
    l.name = std::move(name);
    l.fields = std::move(fields);
    l.features = std::move(features);
    return l;
}

/// The only feature of the only layer of `tile_bytes`.
mvt_test::Feature only_feature(const std::string& tile_bytes) {
    const auto layers = mvt_test::decode_tile(tile_bytes);
    REQUIRE(layers.size() == 1);
    REQUIRE(layers[0].features.size() == 1);
    return layers[0].features[0];
}

}  // namespace

TEST_CASE("a point at the tile centre is MoveTo(1) with zigzag(2048) twice", "[tiles][mvt]") {
    // Centre of the tile from tile_bounds_mercator, not from the test helper.
    const BoxMercator b = tile_bounds_mercator(kTile);
    VtFeature f;
    f.id = 7;
    f.points.push_back({(b.min_x + b.max_x) / 2.0, (b.min_y + b.max_y) / 2.0});
    const std::string bytes = encode_tile({layer_of("assets", {f})}, kTile);

    const auto layers = mvt_test::decode_tile(bytes);
    REQUIRE(layers.size() == 1);
    CHECK(layers[0].version == 2);
    CHECK(layers[0].name == "assets");
    CHECK(layers[0].extent == 4096);
    REQUIRE(layers[0].features.size() == 1);
    const auto& feature = layers[0].features[0];
    CHECK(feature.has_id);
    CHECK(feature.id == 7);
    CHECK(feature.type == 1);  // POINT
    // MoveTo = 1, count 1: (1 & 7) | (1 << 3) = 9; zigzag(2048) = 2048 << 1 = 4096.
    CHECK(feature.geometry == std::vector<std::uint32_t>{9, 4096, 4096});
    CHECK(feature.tags.empty());
}

TEST_CASE("the specification's worked geometry encodings", "[tiles][mvt]") {
    SECTION("4.3.5.1 point (25, 17) -> [9, 50, 34]") {
        const auto f = only_feature(encode_tile({layer_of("l", {point_at(1, 25, 17)})}, kTile));
        CHECK(f.geometry == std::vector<std::uint32_t>{9, 50, 34});
    }
    SECTION("4.3.5.2 multipoint (5, 7), (3, 2) -> [17, 10, 14, 3, 9]") {
        VtFeature mp = point_at(1, 5, 7);
        mp.points.push_back(at_units(kTile, 3, 2));
        const auto f = only_feature(encode_tile({layer_of("l", {mp})}, kTile));
        CHECK(f.type == 1);
        CHECK(f.geometry == std::vector<std::uint32_t>{17, 10, 14, 3, 9});
    }
    SECTION("4.3.5.6 polygon (3, 6), (8, 12), (20, 34) -> [9, 6, 12, 18, 10, 12, 24, 44, 15]") {
        VtFeature p;
        p.id = 1;
        p.polygons.push_back({ring_units({{3, 6}, {8, 12}, {20, 34}, {3, 6}}), {}});
        const auto f = only_feature(encode_tile({layer_of("l", {p})}, kTile));
        CHECK(f.type == 3);  // POLYGON
        CHECK(f.geometry == std::vector<std::uint32_t>{9, 6, 12, 18, 10, 12, 24, 44, 15});
    }
    SECTION("4.3.5.7 multipolygon with a hole") {
        VtFeature p;
        p.id = 1;
        p.polygons.push_back({ring_units({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}), {}});
        p.polygons.push_back({ring_units({{11, 11}, {20, 11}, {20, 20}, {11, 20}, {11, 11}}),
                              {ring_units({{13, 13}, {13, 17}, {17, 17}, {17, 13}, {13, 13}})}});
        const auto f = only_feature(encode_tile({layer_of("l", {p})}, kTile));
        CHECK(f.geometry == std::vector<std::uint32_t>{9, 0,  0,  26, 20, 0, 0, 20, 19, 0, 15,
                                                       9, 22, 2,  26, 18, 0, 0, 18, 17, 0, 15,
                                                       9, 4,  13, 26, 0,  8, 8, 0,  0,  7, 15});
    }
}

TEST_CASE("a square polygon: commands, and winding normalised from either input order",
          "[tiles][mvt]") {
    // Square 1000..3000 in tile units. Exterior clockwise with y down = positive surveyor's
    // area: (1000,1000) → (3000,1000) → (3000,3000) → (1000,3000); 2A = +2·2000² = 8e6.
    // Hole 1500..2500 must come out counter-clockwise (2A = −2·1000² = −2e6).
    const RingM cw = ring_units({{1000, 1000}, {3000, 1000}, {3000, 3000}, {1000, 3000}});
    const RingM hole_cw = ring_units({{1500, 1500}, {2500, 1500}, {2500, 2500}, {1500, 2500}});
    for (const bool reversed : {false, true}) {
        RingM outer = cw, hole = hole_cw;
        if (reversed) {
            std::reverse(outer.begin(), outer.end());
        } else {
            std::reverse(hole.begin(), hole.end());
        }
        VtFeature p;
        p.id = 5;
        p.polygons.push_back({outer, {hole}});
        const auto f = only_feature(encode_tile({layer_of("areas", {p})}, kTile));
        CHECK(f.type == 3);
        const auto rings = mvt_test::decode_geometry(f.geometry);
        REQUIRE(rings.size() == 2);
        CHECK(rings[0].size() == 4);
        CHECK(rings[1].size() == 4);
        CHECK(mvt_test::area2(rings[0]) == 8000000);
        CHECK(mvt_test::area2(rings[1]) == -2000000);
        if (!reversed) {
            // MoveTo(1) zz(1000)=2000 ×2; LineTo(3)=26: (+2000,0) (0,+2000) (−2000,0) →
            // 4000,0 0,4000 3999,0; ClosePath(1)=15; the hole continues from (1000,3000).
            CHECK(std::vector<std::uint32_t>(f.geometry.begin(), f.geometry.begin() + 11) ==
                  std::vector<std::uint32_t>{9, 2000, 2000, 26, 4000, 0, 0, 4000, 3999, 0, 15});
        }
    }
}

TEST_CASE("keys and values are deduplicated, nulls and NaN omitted", "[tiles][mvt]") {
    VtLayer l = layer_of("assets", {}, {"name", "kind", "count", "score", "missing"});
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto add = [&](std::uint64_t id, double u, std::vector<VtValue> values) {
        VtFeature f = point_at(id, u, 100);
        f.values = std::move(values);
        l.features.push_back(std::move(f));
    };
    add(1, 100, {std::string("A"), std::string("shop"), std::int64_t(3), 1.5, std::monostate{}});
    add(2, 200, {std::string("B"), std::string("shop"), std::int64_t(3), 1.5, std::monostate{}});
    add(3, 300, {std::string("C"), std::string("park"), std::int64_t(-2), nan});

    const auto layers = mvt_test::decode_tile(encode_tile({l}, kTile));
    REQUIRE(layers.size() == 1);
    const auto& d = layers[0];
    // "missing" is never set, so it is not a key.
    CHECK(d.keys == std::vector<std::string>{"name", "kind", "count", "score"});
    REQUIRE(d.values.size() == 8);  // A shop 3 1.5 B C park −2
    CHECK(std::get<std::string>(d.values[0].value) == "A");
    CHECK(std::get<std::string>(d.values[1].value) == "shop");
    CHECK(d.values[2].wire_field == 5);  // uint_value
    CHECK(std::get<std::int64_t>(d.values[2].value) == 3);
    CHECK(d.values[3].wire_field == 3);  // double_value
    CHECK(std::get<double>(d.values[3].value) == 1.5);
    CHECK(std::get<std::string>(d.values[4].value) == "B");
    CHECK(d.values[7].wire_field == 6);  // sint_value
    CHECK(std::get<std::int64_t>(d.values[7].value) == -2);
    REQUIRE(d.features.size() == 3);
    CHECK(d.features[0].tags == std::vector<std::uint32_t>{0, 0, 1, 1, 2, 2, 3, 3});
    CHECK(d.features[1].tags == std::vector<std::uint32_t>{0, 4, 1, 1, 2, 2, 3, 3});
    CHECK(d.features[2].tags == std::vector<std::uint32_t>{0, 5, 1, 6, 2, 7});
    const auto attrs = d.attributes(d.features[2]);
    CHECK(attrs.count("score") == 0);
    CHECK(attrs.count("missing") == 0);
}

TEST_CASE("a polygon crossing the tile edge is clipped at the buffer", "[tiles][mvt]") {
    // Triangle (3000,1000) (5000,2000) (3000,3000) crosses the east edge; buffer 64 puts the
    // clip line at x = 4096 + 64 = 4160.
    //   edge (3000,1000)→(5000,2000): y = 1000 + 1000·(4160−3000)/2000 = 1580
    //   edge (5000,2000)→(3000,3000): y = 2000 + 1000·(5000−4160)/2000 = 2420
    // In the eastern neighbour (x + 1) the same triangle is at u − 4096, clipped at −64:
    //   edge (−1096,1000)→(904,2000): y = 1000 + 1000·(−64+1096)/2000 = 1516
    //   edge (904,2000)→(−1096,3000): y = 2000 + 1000·(904+64)/2000 = 2484
    VtFeature p;
    p.id = 9;
    p.polygons.push_back({ring_units({{3000, 1000}, {5000, 2000}, {3000, 3000}}), {}});
    const VtLayer l = layer_of("areas", {p});

    const auto west = only_feature(encode_tile({l}, kTile));
    const auto wr = mvt_test::decode_geometry(west.geometry);
    REQUIRE(wr.size() == 1);
    CHECK(wr[0] == mvt_test::Part{{3000, 1000}, {4160, 1580}, {4160, 2420}, {3000, 3000}});
    CHECK(mvt_test::area2(wr[0]) > 0);
    // MoveTo (3000,1000); LineTo(3) (+1160,+580) (0,+840) (−1160,+580); ClosePath.
    CHECK(west.geometry ==
          std::vector<std::uint32_t>{9, 6000, 2000, 26, 2320, 1160, 0, 1680, 2319, 1160, 15});

    const auto east = only_feature(encode_tile({l}, TileId{10, 504, 340}));
    const auto er = mvt_test::decode_geometry(east.geometry);
    REQUIRE(er.size() == 1);
    CHECK(er[0] == mvt_test::Part{{-64, 1516}, {904, 2000}, {-64, 2484}});

    SECTION("with no buffer the clip line is the tile edge") {
        MvtOptions o;
        o.buffer = 0;
        const auto f = only_feature(encode_tile({l}, kTile, o));
        // y = 1000 + 1000·1096/2000 = 1548 and 2000 + 1000·904/2000 = 2452.
        CHECK(mvt_test::decode_geometry(f.geometry)[0] ==
              mvt_test::Part{{3000, 1000}, {4096, 1548}, {4096, 2452}, {3000, 3000}});
    }
    SECTION("a polygon wholly in the buffer of another tile leaves that tile empty") {
        CHECK(encode_tile({l}, TileId{10, 505, 340}).empty());
    }
}

TEST_CASE("a tile inside a large polygon gets the buffered tile square", "[tiles][mvt]") {
    VtFeature p;
    p.id = 1;
    p.polygons.push_back(
        {ring_units({{-5000, -5000}, {9000, -5000}, {9000, 9000}, {-5000, 9000}}), {}});
    const auto f = only_feature(encode_tile({layer_of("areas", {p})}, kTile));
    const auto r = mvt_test::decode_geometry(f.geometry);
    REQUIRE(r.size() == 1);
    // Clipping may start the ring at another corner: compare from the smallest vertex.
    mvt_test::Part ring = r[0];
    std::rotate(ring.begin(), std::min_element(ring.begin(), ring.end()), ring.end());
    CHECK(ring == mvt_test::Part{{-64, -64}, {4160, -64}, {4160, 4160}, {-64, 4160}});
}

TEST_CASE("simplification keeps a square's four corners and drops sub-unit rings", "[tiles][mvt]") {
    // A 2000-unit square with 100 vertices per side, all but the corners 0.6 units off the
    // side, in and out (1 unit once rounded to the grid): Douglas–Peucker at 1 unit keeps
    // exactly the 4 corners (a vertex is kept only when farther than the tolerance).
    RingM ring;
    auto side = [&](double u0, double v0, double du, double dv) {
        for (int i = 0; i < 100; ++i) {
            const double j = i % 3 == 0 ? 0.0 : i % 3 == 1 ? 0.6 : -0.6;
            ring.push_back(
                at_units(kTile, u0 + du * i + (dv != 0 ? j : 0), v0 + dv * i + (du != 0 ? j : 0)));
        }
    };
    side(1000, 1000, 20, 0);
    side(3000, 1000, 0, 20);
    side(3000, 3000, -20, 0);
    side(1000, 3000, 0, -20);
    ring.push_back(ring.front());
    VtFeature p;
    p.id = 1;
    p.polygons.push_back({ring, {}});

    const ZoomGeometry g = prepare_geometry(p, kTile.z, 4096, 1.0);
    REQUIRE(g.polygons.size() == 1);
    const std::int64_t ox = 503 * 4096, oy = 340 * 4096;
    std::vector<std::array<std::int64_t, 2>> corners;
    for (const GridPoint& q : g.polygons[0].outer) corners.push_back({q.x - ox, q.y - oy});
    CHECK(corners == std::vector<std::array<std::int64_t, 2>>{
                         {1000, 1000}, {3000, 1000}, {3000, 3000}, {1000, 3000}});

    const auto f = only_feature(encode_tile({layer_of("areas", {p})}, kTile));
    const auto r = mvt_test::decode_geometry(f.geometry);
    REQUIRE(r.size() == 1);
    CHECK(r[0].size() == 4);
    CHECK(mvt_test::area2(r[0]) == 8000000);

    SECTION("tolerance 0 keeps every distinct vertex") {
        const ZoomGeometry all = prepare_geometry(p, kTile.z, 4096, 0.0);
        CHECK(all.polygons[0].outer.size() > 300);
    }
    SECTION("a ring within one unit collapses and is dropped with its feature") {
        VtFeature tiny;
        tiny.id = 2;
        tiny.polygons.push_back({ring_units({{10, 10}, {10.4, 10}, {10.4, 10.4}}), {}});
        CHECK(prepare_geometry(tiny, kTile.z, 4096, 1.0).empty());
        CHECK(encode_tile({layer_of("areas", {tiny})}, kTile).empty());
    }
    SECTION("a hole that collapses is dropped, the outer ring kept") {
        VtFeature holed = p;
        holed.polygons[0].holes.push_back(
            ring_units({{2000, 2000}, {2000.3, 2000}, {2000.3, 2000.6}}));
        const auto hf = only_feature(encode_tile({layer_of("areas", {holed})}, kTile));
        CHECK(mvt_test::decode_geometry(hf.geometry).size() == 1);
    }
}

TEST_CASE("points outside the buffered tile are dropped", "[tiles][mvt]") {
    VtFeature mp = point_at(1, 4096 + 64, 10);            // on the buffer edge: kept
    mp.points.push_back(at_units(kTile, 4096 + 65, 10));  // just outside: dropped
    mp.points.push_back(at_units(kTile, -64, -64));       // the opposite corner: kept
    const auto f = only_feature(encode_tile({layer_of("assets", {mp})}, kTile));
    const auto parts = mvt_test::decode_geometry(f.geometry);
    REQUIRE(parts.size() == 1);
    CHECK(parts[0] == mvt_test::Part{{4160, 10}, {-64, -64}});
    CHECK(f.geometry[0] == 17);  // MoveTo(2)

    CHECK(encode_tile({layer_of("assets", {point_at(2, 5000, 10)})}, kTile).empty());
}

TEST_CASE("layers outside their zoom range are left out", "[tiles][mvt]") {
    VtLayer a = layer_of("areas", {point_at(1, 10, 10)});
    VtLayer b = layer_of("assets", {point_at(2, 20, 20)});
    b.min_zoom = 11;
    const auto layers = mvt_test::decode_tile(encode_tile({a, b}, kTile));
    REQUIRE(layers.size() == 1);
    CHECK(layers[0].name == "areas");
}
