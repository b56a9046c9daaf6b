// Visual reference tests of the raster styles (after Mapnik's test/visual/run.cpp).
//
// A small hand-made data set near Newport, in Web Mercator metres: six 1600 m squares in a
// 3×2 grid (one with a 400 m hole, one with no data) and seven assets of every domain. Fixed
// z/x/y blocks are rendered through the metatile path at scale 1 (256 px) and 2 (512 px)
// and each tile is compared with tests/visual/reference/<style>_z<z>_x<x>_y<y>@<s>x.png:
// a pixel differs when a channel differs by more than `channel_tolerance`; a tile fails
// when more than `max_differing_fraction` of its pixels differ. On failure the rendered
// tile and a diff image (differing pixels red over a faded copy) are written to
// <build>/tests/visual/. ASSETMAP_VISUAL_OVERWRITE=1 writes the rendered tiles as the new
// references (look at them before committing).
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>
#include <assetmap/tiles/png_image.hpp>
#include <assetmap/tiles/raster_style.hpp>
#include <assetmap/tiles/tile_renderer.hpp>
#include <assetmap/tiles/tile_store.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <unistd.h>

using namespace assetmap;
using namespace assetmap::tiles;
namespace fs = std::filesystem;

namespace {

constexpr int channel_tolerance = 12;
constexpr double max_differing_fraction = 0.001;

void setup_mapnik() {
    static std::once_flag once;
    std::call_once(once, [] {
        register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR, ASSETMAP_MAPNIK_PLUGINS_DIR);
    });
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return {};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

RingM square(double min_x, double min_y, double side_m) {
    return {{min_x, min_y},
            {min_x + side_m, min_y},
            {min_x + side_m, min_y + side_m},
            {min_x, min_y + side_m},
            {min_x, min_y}};
}

/// Six squares of 1600 m: columns from x = −334900 m, rows from y = 6722100 m (EPSG:3857).
/// Values 10, 20, none, 40, 50, 30: five classes by quantiles, one no-data area.
RasterLayers test_layers(const Choropleth& c) {
    RasterLayers l;
    l.indicator = c.indicator;
    const char* names[] = {"Alpha Ward", "Bravo Ward", "Charlie Ward",
                           "Delta Ward", "Echo Ward",  "Foxtrot Ward"};
    const std::optional<double> values[] = {10.0, 20.0, std::nullopt, 40.0, 50.0, 30.0};
    for (int i = 0; i < 6; ++i) {
        RasterArea a;
        a.code = "T0" + std::to_string(i + 1);
        a.name = names[i];
        a.value = values[i];
        a.class_index = a.value ? class_of(*a.value, c.breaks) : -1;
        const double x = -334900.0 + 1600.0 * (i % 3);
        const double y = 6722100.0 + 1600.0 * (i / 3);
        PolygonM p;
        p.outer = square(x, y, 1600.0);
        if (i == 4) p.holes.push_back(square(x + 600.0, y + 600.0, 400.0));  // Echo: a hole
        a.shape.push_back(p);
        l.areas.push_back(a);
    }
    // Assets inside the z16 block 32222–32223 × 21768–21769 (x −333877…−332654 m,
    // y 6725235…6726458 m); "Edge Point" sits on the cut between x tiles 32222 and 32223.
    l.assets = {
        {"community_centre", "community", "Maindee Hub", {-333500.0, 6726000.0}},
        {"library", "individual", "Central Library", {-333100.0, 6725800.0}},
        {"gp_doctors", "structural", "Park Surgery", {-332900.0, 6725500.0}},
        {"bus_stop", "structural", "Stop A", {-333300.0, 6725400.0}},
        {"playground", "community", "Play Area", {-333700.0, 6725330.0}},
        {"education", "individual", "St Julian's School", {-332800.0, 6726300.0}},
        {"arts_centre", "community", "Edge Point", {-333265.0, 6725700.0}},
    };
    return l;
}

Choropleth test_choropleth() {
    return make_choropleth("score", "Test score", {10, 20, NAN, 40, 50, 30}, 5,
                           ClassMethod::quantiles);
}

std::string raster_template() {
    const std::string t = read_file(fs::path(ASSETMAP_STYLES_DIR) / "raster.xml.in");
    REQUIRE_FALSE(t.empty());
    return t;
}

TileRenderer make_renderer(bool areas, bool assets) {
    setup_mapnik();
    const Choropleth c = test_choropleth();
    RasterStyleParams p;
    if (areas) p.choropleth = c;
    p.assets = assets;
    return TileRenderer(build_raster_style(raster_template(), p), test_layers(c),
                        ASSETMAP_STYLES_DIR);
}

std::map<TileId, std::string> render_block(const TileRenderer& r, std::uint8_t z,
                                           std::uint32_t x0, std::uint32_t y0, unsigned scale,
                                           RasterEncoding enc = RasterEncoding::png32,
                                           unsigned threads = 1) {
    RasterOptions o;
    o.scale = scale;
    o.encoding = enc;
    o.threads = threads;
    o.skip_empty = false;
    std::map<TileId, std::string> out;
    r.render({TileRange{z, x0, y0, x0 + 1, y0 + 1}}, o,
             [&](const TileId& t, const std::string& png) { out[t] = png; });
    return out;
}

/// Compares a rendered tile with its reference; writes the actual tile and a diff image on
/// failure, or the reference with ASSETMAP_VISUAL_OVERWRITE=1.
void compare_with_reference(const std::string& name, const std::string& actual_png) {
    const fs::path ref_path = fs::path(ASSETMAP_VISUAL_REFERENCE_DIR) / (name + ".png");
    const char* ow = std::getenv("ASSETMAP_VISUAL_OVERWRITE");
    if (ow && std::string(ow) == "1") {
        write_file(ref_path, actual_png);
        WARN("reference written: " << ref_path.string());
        return;
    }
    INFO("tile " << name);
    const std::string ref_png = read_file(ref_path);
    if (ref_png.empty()) {
        FAIL("no reference " << ref_path.string()
                             << " (run with ASSETMAP_VISUAL_OVERWRITE=1 to create it)");
    }
    const RgbaImage actual = decode_png(actual_png);
    const RgbaImage ref = decode_png(ref_png);
    REQUIRE(actual.width == ref.width);
    REQUIRE(actual.height == ref.height);

    RgbaImage diff = ref;
    std::size_t differing = 0;
    for (unsigned y = 0; y < ref.height; ++y) {
        for (unsigned x = 0; x < ref.width; ++x) {
            const std::uint8_t* a = actual.pixel(x, y);
            const std::uint8_t* b = ref.pixel(x, y);
            int worst = 0;
            for (int ch = 0; ch < 4; ++ch) worst = std::max(worst, std::abs(int(a[ch]) - int(b[ch])));
            std::uint8_t* d = diff.pixel(x, y);
            if (worst > channel_tolerance) {
                ++differing;
                d[0] = 255, d[1] = 0, d[2] = 0, d[3] = 255;
            } else {
                d[3] = static_cast<std::uint8_t>(d[3] / 4);  // faded context
            }
        }
    }
    const double fraction = double(differing) / (double(ref.width) * ref.height);
    if (fraction > max_differing_fraction) {
        const fs::path out_dir = ASSETMAP_VISUAL_OUTPUT_DIR;
        write_file(out_dir / (name + ".actual.png"), actual_png);
        write_file(out_dir / (name + ".diff.png"), encode_png32(diff));
        FAIL(differing << " pixels differ (" << fraction * 100 << " %); actual and diff in "
                       << out_dir.string());
    }
    SUCCEED();
}

std::string tile_name(const std::string& style, const TileId& t, unsigned scale) {
    return style + "_z" + std::to_string(t.z) + "_x" + std::to_string(t.x) + "_y" +
           std::to_string(t.y) + "@" + std::to_string(scale) + "x";
}

/// Every tile of `ranges` rendered with `o`, in the order they are handed over.
std::vector<std::pair<TileId, std::string>> render_all(const TileRenderer& r,
                                                       const std::vector<TileRange>& ranges,
                                                       const RasterOptions& o,
                                                       RasterStats* stats) {
    std::vector<std::pair<TileId, std::string>> out;
    *stats = r.render(ranges, o, [&](const TileId& t, const std::string& b) {
        out.emplace_back(t, b);
    });
    return out;
}

}  // namespace

TEST_CASE("choropleth style at z14 - scale 1 and 2 - against references", "[visual][raster]") {
    // 14/8055–8056/5442–5443: x 8055 | 8056 is a metatile edge (8056 = 1007 · 8), y is cut
    // inside a metatile. Labels are on from z12; Charlie Ward has no data (grey, hatched).
    const TileRenderer r = make_renderer(true, false);
    for (unsigned scale : {1u, 2u}) {
        const auto tiles = render_block(r, 14, 8055, 5442, scale);
        REQUIRE(tiles.size() == 4);
        for (const auto& [id, png] : tiles) compare_with_reference(tile_name("choropleth", id, scale), png);
    }
}

TEST_CASE("asset style at z16 - scale 1 and 2 - against references", "[visual][raster]") {
    // 16/32222–32223/21768–21769: one metatile cut into four; names are on from z15 and
    // "Edge Point" straddles the cut between x 32222 and 32223 (drawn whole across both).
    const TileRenderer r = make_renderer(false, true);
    for (unsigned scale : {1u, 2u}) {
        const auto tiles = render_block(r, 16, 32222, 21768, scale);
        REQUIRE(tiles.size() == 4);
        for (const auto& [id, png] : tiles) compare_with_reference(tile_name("assets", id, scale), png);
    }
}

TEST_CASE("both layers at z15 against references", "[visual][raster]") {
    // 15/16111–16112/10884–10885 holds the assets and the top row of squares: fills,
    // outlines, area names and asset symbols together (asset names start at z15 too).
    const TileRenderer r = make_renderer(true, true);
    const auto tiles = render_block(r, 15, 16111, 10884, 1);
    REQUIRE(tiles.size() == 4);
    for (const auto& [id, png] : tiles) compare_with_reference(tile_name("combined", id, 1), png);
}

TEST_CASE("threads do not change the bytes or the order", "[raster][determinism]") {
    const TileRenderer r = make_renderer(true, true);
    const BoxLonLat box{-3.02, 51.55, -2.96, 51.60};
    const auto ranges = tile_ranges(box, 11, 16);
    for (RasterEncoding enc : {RasterEncoding::png8, RasterEncoding::png32}) {
        std::vector<std::pair<TileId, std::string>> one, two;
        RasterOptions o;
        o.encoding = enc;
        o.metatile = 4;
        o.threads = 1;
        const RasterStats s1 =
            r.render(ranges, o, [&](const TileId& t, const std::string& b) { one.emplace_back(t, b); });
        o.threads = 2;
        std::uint64_t progress_calls = 0, last_done = 0;
        const RasterStats s2 = r.render(
            ranges, o, [&](const TileId& t, const std::string& b) { two.emplace_back(t, b); },
            [&](const RasterProgress& p) {
                ++progress_calls;
                CHECK(p.tiles_done >= last_done);
                CHECK(p.tiles_done <= p.tiles_total);
                last_done = p.tiles_done;
            });
        REQUIRE(one.size() == two.size());
        CHECK(one == two);
        CHECK(progress_calls > 0);
        CHECK(last_done == s2.tiles_total);
        CHECK(s1.tiles_written == one.size());
        CHECK(s1.tiles_written + s1.tiles_empty == s1.tiles_total);
        CHECK(s1.tiles_empty > 0);     // the box is larger than the data
        CHECK(s1.tiles_repeated > 0);  // tiles inside one square repeat at z16
        for (std::size_t i = 1; i < one.size(); ++i) CHECK(one[i - 1].first < one[i].first);
        // every tile is a PNG of 256 px
        const RgbaImage first = decode_png(one.front().second);
        CHECK(first.width == 256);
        CHECK(first.height == 256);
    }
}

TEST_CASE("uniform metatiles: the shortcut gives the bytes of rendering them", "[raster][determinism]") {
    // At z17-18 with 2x2 metatiles, some metatiles (with twice the 128 px buffer around them)
    // lie inside one 1600 m square away from its name and the assets: they are not rendered
    // but filled with the square's colour, taken from one tile rendered alone. Every tile must
    // have the very bytes of the full render, including the hatched no-data square (Charlie
    // Ward: a pattern, never taken as uniform) and at scale 2; and the same with 2 threads.
    const TileRenderer r = make_renderer(true, true);
    const BoxLonLat box{-3.01, 51.545, -2.965, 51.575};  // the six squares and beyond
    const auto ranges = tile_ranges(box, 17, 18);
    for (RasterEncoding enc : {RasterEncoding::png8, RasterEncoding::png32}) {
        for (unsigned scale : {1u, 2u}) {
            INFO("encoding " << int(enc) << ", scale " << scale);
            auto run = [&](bool shortcut, unsigned threads, RasterStats* stats) {
                RasterOptions o;
                o.encoding = enc;
                o.scale = scale;
                o.metatile = 2;
                o.threads = threads;
                o.uniform_shortcut = shortcut;
                return render_all(r, ranges, o, stats);
            };
            RasterStats with{}, without{}, with2{};
            const auto fast = run(true, 1, &with);
            const auto slow = run(false, 1, &without);
            const auto fast2 = run(true, 2, &with2);
            CHECK(with.metatiles_uniform > 0);
            CHECK(without.metatiles_uniform == 0);
            CHECK(with.metatiles_rendered + with.metatiles_uniform < with.metatiles);  // empties
            CHECK(with.metatiles_rendered < without.metatiles_rendered);
            REQUIRE(fast.size() == slow.size());
            CHECK(fast == slow);
            CHECK(fast2 == slow);
        }
    }
}

TEST_CASE("feature selection per zoom and reach gives the bytes of feeding every feature",
          "[raster][determinism]") {
    // The test data plus 40 assets of every kind 60-90 km east (beyond the reach of every
    // tile from z12, within it at z11) and 30 bus stops among the squares (drawn from z15
    // only). With selection, Mapnik gets fewer features (bus stops leave the label layer and
    // the low zooms, the far assets leave z12 and up) and every tile must keep its bytes, at
    // 1 and 2 threads, scale 1 and 2; render_tile too.
    setup_mapnik();
    const Choropleth c = test_choropleth();
    RasterLayers layers = test_layers(c);
    const char* kinds[][2] = {{"library", "individual"}, {"community_centre", "community"},
                              {"gp_doctors", "structural"}, {"rail_station", "structural"},
                              {"bus_stop", "structural"}};
    for (int i = 0; i < 40; ++i)
        layers.assets.push_back({kinds[i % 5][0], kinds[i % 5][1], "Far " + std::to_string(i),
                                 {-274900.0 + 750.0 * i, 6722500.0 + 400.0 * (i % 7)}});
    for (int i = 0; i < 30; ++i)
        layers.assets.push_back({"bus_stop", "structural", "Stop " + std::to_string(i),
                                 {-334800.0 + 160.0 * i, 6722200.0 + 97.0 * (i % 30)}});
    RasterStyleParams p;
    p.choropleth = c;
    const std::string xml = build_raster_style(raster_template(), p);
    const TileRenderer r(xml, layers, ASSETMAP_STYLES_DIR);
    const BoxLonLat box{-3.02, 51.545, -2.96, 51.585};
    const auto ranges = tile_ranges(box, 11, 17);
    for (unsigned scale : {1u, 2u}) {
        INFO("scale " << scale);
        auto run = [&](bool select, unsigned threads, RasterStats* stats) {
            RasterOptions o;
            o.scale = scale;
            o.metatile = 4;
            o.threads = threads;
            o.select_features = select;
            return render_all(r, ranges, o, stats);
        };
        RasterStats with{}, without{}, with2{};
        const auto fast = run(true, 1, &with);
        const auto slow = run(false, 1, &without);
        const auto fast2 = run(true, 2, &with2);
        CHECK(with.features_given < without.features_given);
        CHECK(without.features_given == 7 * (2 * 6 + 2 * 77));  // zooms x layers
        REQUIRE(fast.size() == slow.size());
        CHECK(fast.size() > 50);
        CHECK(fast == slow);
        CHECK(fast2 == slow);
    }
    // One tile alone (render_tile: selection by zoom only), a busy one at z16.
    RasterOptions o;
    o.encoding = RasterEncoding::png32;
    const TileId busy{16, 32222, 21768};
    const std::string selected = r.render_tile(busy, o);
    o.select_features = false;
    CHECK(r.render_tile(busy, o) == selected);
}

TEST_CASE("the reach of the asset layers covers the zooms where they draw", "[raster]") {
    // raster.xml.in draws assets from z12 (rail stations, GP surgeries): the reach of
    // z10-16 is z12's range with twice the 128 px buffer (one z12 tile) around it; z10-11
    // alone draw no asset.
    setup_mapnik();
    RasterStyleParams p;
    p.choropleth = test_choropleth();
    const std::string xml = build_raster_style(raster_template(), p);
    const BoxLonLat box{-3.02, 51.545, -2.96, 51.585};
    RasterOptions o;
    const auto reach = raster_layer_reach(xml, ASSETMAP_STYLES_DIR, {"assets", "asset-labels"},
                                          tile_ranges(box, 10, 16), o);
    REQUIRE(reach);
    const TileRange z12 = tiles_covering(box, 12);
    const BoxMercator a = tile_bounds_mercator({12, z12.min_x, z12.min_y});
    const BoxMercator b = tile_bounds_mercator({12, z12.max_x, z12.max_y});
    const double tile_m = a.max_x - a.min_x;
    CHECK(reach->min_x == Approx(a.min_x - tile_m));
    CHECK(reach->max_x == Approx(b.max_x + tile_m));
    CHECK(reach->min_y == Approx(b.min_y - tile_m));
    CHECK(reach->max_y == Approx(a.max_y + tile_m));
    CHECK_FALSE(raster_layer_reach(xml, ASSETMAP_STYLES_DIR, {"assets", "asset-labels"},
                                   tile_ranges(box, 10, 11), o));
}

TEST_CASE("PNG8 tiles decode and stay close to PNG32", "[raster]") {
    // Labels, hatching, outlines and symbols: many tiles here have more than 256 colours, so
    // both the exact and the quantised palettes are exercised, and Mapnik's hextree.
    const TileRenderer r = make_renderer(true, true);
    const auto p32 = render_block(r, 15, 16111, 10884, 1, RasterEncoding::png32);
    for (RasterEncoding enc : {RasterEncoding::png8, RasterEncoding::png8_hextree}) {
        const auto p8 = render_block(r, 15, 16111, 10884, 1, enc);
        for (const auto& [id, png] : p8) {
            CHECK(png.compare(1, 3, "PNG") == 0);
            CHECK(static_cast<unsigned char>(png[25]) == 3);  // indexed colour
            CHECK(png.size() < p32.at(id).size());
            const RgbaImage a = decode_png(png), b = decode_png(p32.at(id));
            std::size_t far = 0;
            for (std::size_t i = 0; i < a.rgba.size(); ++i) {
                far += std::abs(int(a.rgba[i]) - int(b.rgba[i])) > 40;
            }
            CHECK(far < a.rgba.size() / 200);
        }
    }
}

TEST_CASE("PNG8 keeps the exact colours of a tile with few", "[raster]") {
    // 16/32221/21774 lies inside Alpha Ward (x −334476…−333864 m, y 6722172…6722783 m): one
    // fill colour, no edge, no label → a 1-bit palette PNG, pixels equal to the PNG32 ones.
    const TileRenderer r = make_renderer(true, true);
    RasterOptions o;
    o.encoding = RasterEncoding::png8;
    const std::string p8 = r.render_tile({16, 32221, 21774}, o);
    o.encoding = RasterEncoding::png32;
    const std::string p32 = r.render_tile({16, 32221, 21774}, o);
    CHECK(decode_png(p8).rgba == decode_png(p32).rgba);
    CHECK(static_cast<unsigned char>(p8[24]) == 1);  // IHDR bit depth
    CHECK(static_cast<unsigned char>(p8[25]) == 3);  // IHDR colour type: indexed
    CHECK(p8.size() < 200);
}

TEST_CASE("a tile rendered alone matches its metatile cut away from labels", "[raster]") {
    // 14/8056/5443 rendered alone and as part of the 2×2 block: the fills are the same
    // (labels may be placed differently), so most pixels agree.
    const TileRenderer r = make_renderer(true, false);
    RasterOptions o;
    o.encoding = RasterEncoding::png32;
    const std::string alone = r.render_tile({14, 8056, 5443}, o);
    const auto block = render_block(r, 14, 8055, 5442, 1);
    const RgbaImage a = decode_png(alone), b = decode_png(block.at({14, 8056, 5443}));
    std::size_t same = 0;
    for (std::size_t i = 0; i < a.rgba.size(); i += 4) same += std::equal(&a.rgba[i], &a.rgba[i] + 4, &b.rgba[i]);
    CHECK(same > a.rgba.size() / 4 * 9 / 10);
}

TEST_CASE("a style typo is refused with Mapnik's message", "[raster][errors]") {
    setup_mapnik();
    const Choropleth c = test_choropleth();
    RasterStyleParams p;
    p.choropleth = c;
    std::string xml = build_raster_style(raster_template(), p);
    const std::string good = "<LineSymbolizer stroke=\"#4d4d4d\"";
    const auto at = xml.find(good);
    REQUIRE(at != std::string::npos);
    xml.replace(at, good.size(), "<LineSymbolizer strok=\"#4d4d4d\"");
    CHECK_THROWS_AS(TileRenderer(xml, test_layers(c), ASSETMAP_STYLES_DIR), render_error);
    try {
        TileRenderer bad(xml, test_layers(c), ASSETMAP_STYLES_DIR);
    } catch (const render_error& e) {
        CHECK(std::string(e.what()).find("strok") != std::string::npos);
    }
    CHECK_THROWS_AS(TileRenderer("<Map", test_layers(c), ASSETMAP_STYLES_DIR), render_error);
    const TileRenderer r = make_renderer(true, true);
    RasterOptions o;
    o.scale = 3;
    CHECK_THROWS_AS(r.render_tile({1, 0, 0}, o), config_error);
}

TEST_CASE("rendered tiles go into an MBTiles store and come back unchanged", "[raster][store]") {
    const TileRenderer r = make_renderer(true, true);
    const fs::path dir = fs::temp_directory_path() / ("assetmap_visual_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const fs::path path = dir / "choropleth.mbtiles";
    auto writer = open_tile_writer(path, TileFormat::png);
    std::map<TileId, std::string> sent;
    RasterOptions o;
    o.threads = 2;
    const RasterStats stats = r.render(tile_ranges({-3.02, 51.55, -2.96, 51.60}, 12, 15), o,
                                       [&](const TileId& t, const std::string& png) {
                                           sent[t] = png;
                                           writer->put(t, png);
                                       });
    TilesetMetadata meta;
    meta.name = "test choropleth";
    meta.format = TileFormat::png;
    meta.min_zoom = 12;
    meta.max_zoom = 15;
    writer->finish(meta);
    const auto reader = open_tile_reader(path);
    REQUIRE(reader->tile_ids().size() == stats.tiles_written);
    for (const auto& [id, png] : sent) CHECK(reader->get(id) == png);
    fs::remove_all(dir);
}
