// Tile maths against known values. Web Mercator from PROJ's cs2cs:
//   echo "-3.0 51.58" | cs2cs -f %.3f OGC:CRS84 EPSG:3857  →  -333958.472 6724537.441
// Tile bounds: x edges are exact (lon = x / 2^z · 360 − 180); the OSM wiki's slippy-map
// formula gives the latitudes.
#include <assetmap/tiles/tile_math.hpp>

#include <catch2/catch.hpp>

#include <vector>

using namespace assetmap;
using namespace assetmap::tiles;

TEST_CASE("lon/lat to Web Mercator matches cs2cs", "[tiles][math]") {
    const PointM m = lonlat_to_mercator({-3.0, 51.58});
    CHECK(m.x_m == Approx(-333958.472).margin(0.001));
    CHECK(m.y_m == Approx(6724537.441).margin(0.001));
    const LonLat back = mercator_to_lonlat(m);
    CHECK(back.lon_deg == Approx(-3.0).margin(1e-12));
    CHECK(back.lat_deg == Approx(51.58).margin(1e-12));
}

TEST_CASE("tile bounds - tile at a point - TMS rows", "[tiles][math]") {
    // z0 covers the world: ±20037508.342789244 m, ±85.0511287798066°.
    const BoxMercator w = tile_bounds_mercator({0, 0, 0});
    CHECK(w.min_x == Approx(-mercator_half_m));
    CHECK(w.max_y == Approx(mercator_half_m));
    CHECK(tile_bounds_lonlat({0, 0, 0}).max_lat_deg == Approx(mercator_max_lat_deg));
    // 10/503/340 (Newport): lon 503/1024·360 − 180 = −3.1640625 … 504/1024·360 − 180 = −2.8125;
    // lat = atan(sinh(π(1 − 2·341/1024))) = 51.399205654…, and for row 340 51.618016549…
    const BoxLonLat b = tile_bounds_lonlat({10, 503, 340});
    CHECK(b.min_lon_deg == Approx(-3.1640625).margin(1e-12));
    CHECK(b.max_lon_deg == Approx(-2.8125).margin(1e-12));
    CHECK(b.min_lat_deg == Approx(51.399205654).margin(1e-9));
    CHECK(b.max_lat_deg == Approx(51.618016549).margin(1e-9));
    CHECK(tile_at({-2.9977, 51.5842}, 10) == TileId{10, 503, 340});
    // TMS row: 2^10 − 1 − 340 = 683.
    CHECK(tms_row({10, 503, 340}) == 683);
    CHECK(tms_row({0, 0, 0}) == 0);
}

TEST_CASE("tile ranges and counts over a box", "[tiles][math]") {
    // Newport's extent: lon −3.124..−2.803, lat 51.502..51.649.
    const BoxLonLat newport{-3.124, 51.502, -2.803, 51.649};
    const TileRange z10 = tiles_covering(newport, 10);
    CHECK(z10.min_x == 503);
    CHECK(z10.max_x == 504);  // −2.803 is east of −2.8125
    CHECK(z10.count() == std::uint64_t(z10.max_x - z10.min_x + 1) * (z10.max_y - z10.min_y + 1));
    CHECK(tile_count(newport, 0, 0) == 1);
    CHECK(tile_count(newport, 10, 10) == z10.count());
    // The world at z 20: 2^40 tiles.
    CHECK(tile_count({-180, -mercator_max_lat_deg, 180, mercator_max_lat_deg}, 20, 20) ==
          (std::uint64_t(1) << 40));
}

TEST_CASE("zoom ranges parse", "[tiles][math]") {
    CHECK(parse_zoom_range("8-16") == std::make_pair(std::uint8_t(8), std::uint8_t(16)));
    CHECK(parse_zoom_range("12") == std::make_pair(std::uint8_t(12), std::uint8_t(12)));
    CHECK_FALSE(parse_zoom_range("16-8"));
    CHECK_FALSE(parse_zoom_range("8-30"));
    CHECK_FALSE(parse_zoom_range("a-b"));
    CHECK_FALSE(parse_zoom_range(""));
}

TEST_CASE("fit_zoom: the highest zoom at which a box fits the view", "[tiles][math]") {
    // One degree of longitude is 256 · 2^z / 360 px wide: 728 px at z10, 1456 px at z11.
    const BoxLonLat box{-3.5, 51.5, -2.5, 51.6};
    CHECK(fit_zoom(box, 1024, 768, 0, 20) == 10);
    CHECK(fit_zoom(box, 1500, 768, 0, 20) == 11);
    CHECK(fit_zoom(box, 1024, 768, 12, 16) == 12);  // never below the set's zooms
    CHECK(fit_zoom(box, 1024, 768, 6, 8) == 8);     // nor above
    // 0.1° of latitude at 51.55° is 0.1 / cos(51.55°) ≈ 0.161° of Mercator height: 459 px
    // at z12, 918 px at z13.
    CHECK(fit_zoom({-3.0, 51.5, -2.999, 51.6}, 1024, 768, 0, 20) == 12);
}

TEST_CASE("tile shards: I/N parses, blocks are never split, shards partition the tiles",
          "[tiles][math][shard]") {
    const auto s = parse_tile_shard("2/8");
    REQUIRE(s);
    CHECK(s->index == 1);
    CHECK(s->count == 8);
    CHECK_FALSE(s->all());
    CHECK(parse_tile_shard("1/1")->all());
    for (const char* bad : {"", "3", "0/4", "5/4", "a/b", "1/", "/4", "-1/4", "1/4/2", "1 /4",
                            "1/200000"})
        CHECK_FALSE(parse_tile_shard(bad));

    // Every tile of z10-16 over Newport in exactly one of 5 shards, a whole 8x8 block in
    // the same shard, every shard given some tiles.
    const BoxLonLat box{-3.12, 51.52, -2.84, 51.64};
    const std::uint32_t n = 5;
    std::vector<std::uint64_t> per_shard(n, 0);
    for (std::uint8_t z = 10; z <= 16; ++z) {
        const TileRange r = tiles_covering(box, z);
        for (std::uint32_t x = r.min_x; x <= r.max_x; ++x)
            for (std::uint32_t y = r.min_y; y <= r.max_y; ++y) {
                const std::uint32_t k = tile_shard(TileId{r.z, x, y}, n, 8);
                REQUIRE(k < n);
                ++per_shard[k];
                CHECK(tile_shard(TileId{r.z, x / 8 * 8, y / 8 * 8}, n, 8) == k);
            }
    }
    for (std::uint64_t c : per_shard) CHECK(c > 0);
    CHECK(tile_shard(TileId{12, 5, 7}, 1, 8) == 0);
}
