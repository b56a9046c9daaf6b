// Tile stores (MBTiles 1.3, PMTiles v3, z/x/y folder) through the project's readers and
// through independent tools: sqlite3 for the MBTiles tables, gdalinfo/gdallocationinfo for a
// raster MBTiles, ogrinfo for a vector MBTiles, python3's json module for metadata.json.
//
// Expected values worked out elsewhere:
//  - TMS row of XYZ 10/503/340: 2^10 − 1 − 340 = 683 (MBTiles 1.3 spec: rows count from the
//    south).
//  - z10 tiles x 503..504, y 340..341: lon −3.1640625 … −2.4609375 (x/1024·360 − 180), lat
//    51.1793430 … 51.6180165 (atan(sinh(π(1 − 2y/1024))) for y = 342 and 340, Python math).
//  - The centre of tile 10/503/340 in EPSG:3857: (−332653.947, 6711782.580) m (Python: lon
//    −2.98828125, lat 51.5087425 through R·λ and R·ln tan(π/4 + φ/2), R = 6378137 m).
#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/tile_store.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "store_test_support.hpp"

using namespace assetmap;
using namespace assetmap::tiles;
using namespace store_test;

namespace {

struct Sample {
    TileId id;
    std::string bytes;
};

/// Five PNG tiles: four at z10 over Newport (red, green, blue, red) and the z9 parent (red),
/// so red is stored once with de-duplication.
std::vector<Sample> png_samples() {
    const std::string red = make_png(256, 255, 0, 0), green = make_png(256, 0, 255, 0),
                      blue = make_png(256, 0, 0, 255);
    return {{{10, 503, 340}, red},
            {{10, 504, 340}, green},
            {{10, 503, 341}, blue},
            {{10, 504, 341}, red},
            {{9, 251, 170}, red}};
}

TilesetMetadata png_metadata() {
    TilesetMetadata m;
    m.name = "Newport test";
    m.description = "Colour squares";
    m.attribution = "© OpenStreetMap contributors";
    m.version = "2.0.1";
    m.type = "overlay";
    m.format = TileFormat::png;
    m.min_zoom = 9;
    m.max_zoom = 10;
    return m;  // bounds and center left to the writer
}

void write_set(const fs::path& out, const std::vector<Sample>& tiles, const TilesetMetadata& m,
               const TileStoreOptions& options = {}) {
    auto w = open_tile_writer(out, m.format, options);
    for (const auto& t : tiles) w->put(t.id, t.bytes);
    w->finish(m);
}

/// The sorted file names and contents under a folder (for byte-for-byte comparisons).
std::map<std::string, std::string> folder_contents(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = file_bytes(e.path());
    return out;
}

/// A folder that cannot be written, even by root: /sys refuses new files (EACCES/EPERM).
/// As another user, a mode-0555 folder does.
fs::path unwritable_folder(const TempDir& tmp) {
    if (::geteuid() == 0) return "/sys/assetmap-tiles-test";
    const fs::path ro = tmp / "readonly";
    fs::create_directories(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    return ro;
}

}  // namespace

TEST_CASE("each store round-trips tiles and metadata through the project's reader",
          "[tiles][store]") {
    TempDir tmp;
    const auto samples = png_samples();
    for (const std::string name : {"set.mbtiles", "set.pmtiles", "set_folder"}) {
        INFO(name);
        const fs::path out = tmp / name;
        write_set(out, samples, png_metadata());
        const auto r = open_tile_reader(out);

        std::vector<TileId> expected;
        for (const auto& s : samples) expected.push_back(s.id);
        std::sort(expected.begin(), expected.end());
        CHECK(r->tile_ids() == expected);
        for (const auto& s : samples) CHECK(r->get(s.id) == s.bytes);
        CHECK_FALSE(r->get({10, 505, 340}));
        CHECK_FALSE(r->get({3, 9, 0}));  // outside the z3 grid

        const TilesetMetadata m = r->metadata();
        CHECK(m.name == "Newport test");
        CHECK(m.description == "Colour squares");
        CHECK(m.attribution == "© OpenStreetMap contributors");
        CHECK(m.version == "2.0.1");
        CHECK(m.type == "overlay");
        CHECK(m.format == TileFormat::png);
        CHECK(m.tile_compression == TileCompression::none);
        CHECK(int(m.min_zoom) == 9);
        CHECK(int(m.max_zoom) == 10);
        // Derived from the z10 tiles (the highest zoom written); 1e-7° is PMTiles' resolution.
        REQUIRE(m.bounds);
        CHECK(m.bounds->min_lon_deg == Approx(-3.1640625).margin(1e-7));
        CHECK(m.bounds->max_lon_deg == Approx(-2.4609375).margin(1e-7));
        CHECK(m.bounds->min_lat_deg == Approx(51.1793430).margin(1e-7));
        CHECK(m.bounds->max_lat_deg == Approx(51.6180165).margin(1e-7));
        REQUIRE(m.center);
        CHECK(m.center->lon_deg == Approx(-2.8125).margin(1e-7));
        CHECK(m.center->lat_deg == Approx(51.3986798).margin(1e-7));
        CHECK(int(m.center->zoom) == 9);
    }
}

TEST_CASE("vector metadata round-trips: vector_layers and tile compression", "[tiles][store]") {
    TempDir tmp;
    TilesetMetadata m;
    m.name = "assets";
    m.format = TileFormat::pbf;
    m.tile_compression = TileCompression::gzip;
    m.min_zoom = 10;
    m.max_zoom = 10;
    m.bounds = BoxLonLat{-3.124, 51.502, -2.803, 51.649};
    m.center = TileCenter{-2.99, 51.58, 10};
    m.vector_layers_json =
        R"([{"id":"assets","fields":{"name":"String"},"minzoom":10,"maxzoom":10}])";
    const std::string tile = gzip(make_point_mvt("assets", "name", "Library", 2048, 2048));
    for (const std::string name : {"v.mbtiles", "v.pmtiles", "v_folder"}) {
        INFO(name);
        write_set(tmp / name, {{{10, 503, 340}, tile}}, m);
        const auto r = open_tile_reader(tmp / name);
        const TilesetMetadata back = r->metadata();
        CHECK(back.format == TileFormat::pbf);
        CHECK(back.tile_compression == TileCompression::gzip);
        CHECK(back.vector_layers_json == m.vector_layers_json);
        CHECK(back.bounds->min_lon_deg == Approx(-3.124).margin(1e-7));
        CHECK(back.bounds->max_lat_deg == Approx(51.649).margin(1e-7));
        CHECK(back.center->lon_deg == Approx(-2.99).margin(1e-7));
        CHECK(int(back.center->zoom) == 10);
        CHECK(r->get({10, 503, 340}) == tile);
    }
    // The folder store names vector tiles .pbf.
    CHECK(fs::is_regular_file(tmp / "v_folder" / "10" / "503" / "340.pbf"));
}

TEST_CASE("MBTiles as sqlite3 sees it: tables, TMS rows, metadata, de-duplication",
          "[tiles][store][mbtiles]") {
    REQUIRE(have_tool("sqlite3"));
    TempDir tmp;
    const fs::path dedup = tmp / "dedup.mbtiles", plain = tmp / "plain.mbtiles";
    write_set(dedup, png_samples(), png_metadata());
    write_set(plain, png_samples(), png_metadata(), TileStoreOptions{false});

    for (const fs::path& db : {dedup, plain}) {
        INFO(db.filename());
        CHECK(sqlite(db, "PRAGMA integrity_check") == "ok");
        CHECK(sqlite(db, "SELECT count(*) FROM tiles") == "5");
        // XYZ 10/503/340 is TMS row 683; 10/503/341 is row 682.
        CHECK(sqlite(db,
                     "SELECT tile_row FROM tiles WHERE zoom_level = 10 AND tile_column = 503"
                     " ORDER BY tile_row") == "682\n683");
        CHECK(sqlite(db, "SELECT tile_row FROM tiles WHERE zoom_level = 9") == "341");
        CHECK(sqlite(db,
                     "SELECT length(tile_data) > 0 FROM tiles WHERE zoom_level = 10"
                     " AND tile_column = 503 AND tile_row = 683") == "1");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'name'") == "Newport test");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'format'") == "png");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'bounds'") ==
              "-3.1640625,51.179343,-2.4609375,51.6180165");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'center'") ==
              "-2.8125,51.3986798,9");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'minzoom'") == "9");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'maxzoom'") == "10");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'attribution'") ==
              "© OpenStreetMap contributors");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'type'") == "overlay");
        CHECK(sqlite(db, "SELECT value FROM metadata WHERE name = 'version'") == "2.0.1");
        CHECK(sqlite(db, "SELECT count(*) FROM metadata WHERE name = 'json'") == "0");  // png
        CHECK(sqlite(db, "PRAGMA application_id") == "1297105496");                     // "MPBX"
    }
    // With de-duplication: three distinct images behind a view; the tiles table without.
    CHECK(sqlite(dedup, "SELECT type FROM sqlite_master WHERE name = 'tiles'") == "view");
    CHECK(sqlite(dedup, "SELECT count(*) FROM images") == "3");
    CHECK(sqlite(dedup, "SELECT count(*) FROM map") == "5");
    CHECK(sqlite(dedup, "SELECT count(DISTINCT tile_id) FROM map") == "3");
    CHECK(sqlite(plain, "SELECT type FROM sqlite_master WHERE name = 'tiles'") == "table");
    CHECK(fs::file_size(dedup) < fs::file_size(plain) + 4096);
}

TEST_CASE("vector MBTiles: metadata json holds vector_layers", "[tiles][store][mbtiles]") {
    REQUIRE(have_tool("sqlite3"));
    TempDir tmp;
    TilesetMetadata m;
    m.name = "v";
    m.format = TileFormat::pbf;
    m.tile_compression = TileCompression::gzip;
    m.min_zoom = m.max_zoom = 10;
    m.vector_layers_json = R"([{"id":"assets","fields":{"name":"String"}}])";
    write_set(tmp / "v.mbtiles",
              {{{10, 503, 340}, gzip(make_point_mvt("assets", "name", "x", 1, 1))}}, m);
    CHECK(sqlite(tmp / "v.mbtiles", "SELECT value FROM metadata WHERE name = 'format'") == "pbf");
    CHECK(sqlite(tmp / "v.mbtiles", "SELECT value FROM metadata WHERE name = 'json'") ==
          R"({"vector_layers":[{"id":"assets","fields":{"name":"String"}}]})");
}

TEST_CASE("a raster MBTiles opens in gdalinfo with the right size and pixels",
          "[tiles][store][mbtiles][gdal]") {
    REQUIRE(have_tool("gdalinfo"));
    REQUIRE(have_tool("gdallocationinfo"));
    TempDir tmp;
    const fs::path out = tmp / "raster.mbtiles";
    auto samples = png_samples();
    samples.pop_back();  // z10 only: GDAL reads the highest zoom as full resolution
    TilesetMetadata m = png_metadata();
    m.min_zoom = 10;
    write_set(out, samples, m);

    const auto [rc, info] = run("gdalinfo " + quote(out.string()));
    INFO(info);
    REQUIRE(rc == 0);
    CHECK(info.find("Driver: MBTiles/MBTiles") != std::string::npos);
    CHECK(info.find("Size is 512, 512") != std::string::npos);  // 2 × 2 tiles of 256 px
    CHECK(info.find("Band 4 ") != std::string::npos);           // RGBA
    CHECK(info.find("name=Newport test") != std::string::npos);
    // Origin at the NW corner of 10/503/340: x = −20037508.343 + 503 · 40075016.686 / 1024;
    // pixels of 40075016.686 / (1024 · 256) = 152.874 m.
    CHECK(info.find("Origin = (-352221.826") != std::string::npos);
    CHECK(info.find("Pixel Size = (152.874056") != std::string::npos);

    // Pixel values at tile centres (lon/lat): 10/503/340 red, 10/504/340 green,
    // 10/503/341 blue. Latitude −2.98828125 … centres from the tile maths test values.
    const auto pixel = [&](double lon, double lat) {
        char args[64];
        std::snprintf(args, sizeof args, " %.6f %.6f", lon, lat);
        auto [code, text] = run("gdallocationinfo -valonly -wgs84 " + quote(out.string()) + args);
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
    };
    CHECK(pixel(-2.98828125, 51.5087) == "255 0 0 255 ");
    CHECK(pixel(-2.63671875, 51.5087) == "0 255 0 255 ");
    CHECK(pixel(-2.98828125, 51.29) == "0 0 255 255 ");
}

TEST_CASE("a vector MBTiles with a hand-made MVT tile opens in ogrinfo",
          "[tiles][store][mbtiles][gdal]") {
    REQUIRE(have_tool("ogrinfo"));
    TempDir tmp;
    const fs::path out = tmp / "vector.mbtiles";
    TilesetMetadata m;
    m.name = "assets";
    m.format = TileFormat::pbf;
    m.tile_compression = TileCompression::gzip;
    m.min_zoom = m.max_zoom = 10;
    m.vector_layers_json =
        R"([{"id":"assets","fields":{"name":"String"},"minzoom":10,"maxzoom":10}])";
    // One point at the centre (2048, 2048) of tile 10/503/340, gzipped as MBTiles expects.
    write_set(out,
              {{{10, 503, 340}, gzip(make_point_mvt("assets", "name", "Library", 2048, 2048))}}, m);

    const auto [rc, info] = run("ogrinfo -ro -al " + quote(out.string()));
    INFO(info);
    REQUIRE(rc == 0);
    CHECK(info.find("using driver `MBTiles' successful") != std::string::npos);
    CHECK(info.find("Layer name: assets") != std::string::npos);
    CHECK(info.find("Feature Count: 1") != std::string::npos);
    CHECK(info.find("name (String) = Library") != std::string::npos);
    // POINT (x y) in EPSG:3857 metres: the tile centre, (−332653.947, 6711782.580).
    const auto at = info.find("POINT (");
    REQUIRE(at != std::string::npos);
    double x = 0, y = 0;
    REQUIRE(std::sscanf(info.c_str() + at, "POINT (%lf %lf)", &x, &y) == 2);
    CHECK(x == Approx(-332653.947).margin(0.01));
    CHECK(y == Approx(6711782.580).margin(0.01));
}

TEST_CASE("stores are deterministic: order of puts and threads do not change the bytes",
          "[tiles][store][determinism]") {
    TempDir tmp;
    // 300 tiles at z12 with 40 distinct contents (many duplicates, some consecutive).
    std::vector<Sample> tiles;
    for (std::uint32_t i = 0; i < 300; ++i)
        tiles.push_back({{12, 2010 + i % 20, 1360 + i / 20},
                         "tile-" + std::to_string((i * 7) % 40) + std::string(i % 40, '#')});
    TilesetMetadata m = png_metadata();
    m.min_zoom = m.max_zoom = 12;
    std::vector<Sample> shuffled = tiles;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(3857));

    const auto write_parallel = [&](const fs::path& out, const TileStoreOptions& o) {
        auto w = open_tile_writer(out, m.format, o);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (std::size_t i = std::size_t(t); i < shuffled.size(); i += 4)
                    w->put(shuffled[i].id, shuffled[i].bytes);
            });
        for (auto& th : threads) th.join();
        CHECK(w->tile_count() == tiles.size());
        w->finish(m);
    };

    for (const std::string ext : {".mbtiles", ".pmtiles"}) {
        for (const bool dedup : {true, false}) {
            INFO(ext << " dedup " << dedup);
            const std::string stem = std::string(dedup ? "d" : "p");
            const TileStoreOptions o{dedup};
            write_set(tmp / (stem + "_sorted" + ext), tiles, m, o);
            write_set(tmp / (stem + "_shuffled" + ext), shuffled, m, o);
            write_parallel(tmp / (stem + "_parallel" + ext), o);
            const std::string a = file_bytes(tmp / (stem + "_sorted" + ext));
            CHECK(a.size() > 0);
            CHECK(a == file_bytes(tmp / (stem + "_shuffled" + ext)));
            CHECK(a == file_bytes(tmp / (stem + "_parallel" + ext)));
        }
    }
    write_set(tmp / "f_sorted", tiles, m);
    write_set(tmp / "f_shuffled", shuffled, m);
    CHECK(folder_contents(tmp / "f_sorted") == folder_contents(tmp / "f_shuffled"));
    CHECK(folder_contents(tmp / "f_sorted").size() == tiles.size() + 1);  // + metadata.json
    // No temporary files left beside the outputs.
    for (const auto& e : fs::directory_iterator(tmp.path()))
        CHECK(e.path().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("a second put of a tile replaces the first; empty tiles are not stored",
          "[tiles][store]") {
    TempDir tmp;
    for (const std::string name : {"r.mbtiles", "r.pmtiles", "r_folder"}) {
        INFO(name);
        auto w = open_tile_writer(tmp / name, TileFormat::png);
        w->put({1, 0, 0}, "first");
        w->put({1, 0, 0}, "second");
        w->put({1, 1, 0}, "");
        CHECK(w->tile_count() == 1);
        TilesetMetadata m = png_metadata();
        m.min_zoom = m.max_zoom = 1;
        w->finish(m);
        const auto r = open_tile_reader(tmp / name);
        CHECK(r->get({1, 0, 0}) == std::string("second"));
        CHECK_FALSE(r->get({1, 1, 0}));
        CHECK(r->tile_ids().size() == 1);
    }
}

TEST_CASE("folder store: XYZ paths, metadata.json, replacing a previous set",
          "[tiles][store][folder]") {
    TempDir tmp;
    const fs::path out = tmp / "xyz";
    const auto samples = png_samples();
    write_set(out, samples, png_metadata());
    // XYZ rows (not TMS): 10/503/340 is the file 10/503/340.png.
    CHECK(file_bytes(out / "10" / "503" / "340.png") == samples[0].bytes);
    CHECK(fs::is_regular_file(out / "9" / "251" / "170.png"));

    REQUIRE(have_tool("python3"));
    const auto [rc, text] =
        run("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
            "print(d[\"format\"], d[\"minzoom\"], d[\"maxzoom\"], d[\"bounds\"], d[\"name\"])' " +
            quote((out / "metadata.json").string()));
    CHECK(rc == 0);
    CHECK(text == "png 9 10 -3.1640625,51.179343,-2.4609375,51.6180165 Newport test\n");

    // Writing again replaces the previous set: stale tiles go, other files stay.
    write_bytes(out / "README.txt", "notes");
    write_set(out, {samples[1]}, png_metadata());
    CHECK_FALSE(fs::exists(out / "10" / "503" / "340.png"));
    CHECK_FALSE(fs::exists(out / "9"));
    CHECK(fs::is_regular_file(out / "10" / "504" / "340.png"));
    CHECK(file_bytes(out / "README.txt") == "notes");
    CHECK(open_tile_reader(out)->tile_ids().size() == 1);
}

TEST_CASE("writers refuse unwritable outputs with io_error before any tile",
          "[tiles][store][errors]") {
    TempDir tmp;
    const fs::path ro = unwritable_folder(tmp);
    for (const std::string name : {"x.mbtiles", "x.pmtiles", "x_folder"}) {
        INFO(name);
        CHECK_THROWS_AS(open_tile_writer(ro / name, TileFormat::png), io_error);
        CHECK_THROWS_WITH(open_tile_writer(ro / name, TileFormat::png),
                          Catch::Contains(ro.string()));
    }
    // A folder output that exists as a file, and file outputs that exist as folders.
    write_bytes(tmp / "taken", "x");
    CHECK_THROWS_WITH(open_tile_writer(tmp / "taken", TileFormat::png),
                      Catch::Contains("not a folder"));
    CHECK(file_bytes(tmp / "taken") == "x");
    fs::create_directories(tmp / "dir.mbtiles");
    fs::create_directories(tmp / "dir.pmtiles");
    CHECK_THROWS_WITH(open_tile_writer(tmp / "dir.mbtiles", TileFormat::png),
                      Catch::Contains("exists as a folder"));
    CHECK_THROWS_AS(open_tile_writer(tmp / "dir.pmtiles", TileFormat::png), io_error);
    // A parent that is a file.
    CHECK_THROWS_AS(open_tile_writer(tmp / "taken" / "out.mbtiles", TileFormat::png), io_error);
    CHECK_THROWS_AS(open_tile_writer(tmp / "taken" / "out", TileFormat::png), io_error);
    // A non-empty folder that holds no tile set is not overwritten.
    fs::create_directories(tmp / "docs");
    write_bytes(tmp / "docs" / "thesis.txt", "precious");
    CHECK_THROWS_WITH(open_tile_writer(tmp / "docs", TileFormat::png),
                      Catch::Contains("no metadata.json"));
    CHECK(file_bytes(tmp / "docs" / "thesis.txt") == "precious");
    // Missing parent folders are created.
    CHECK_NOTHROW(open_tile_writer(tmp / "a" / "b" / "c.mbtiles", TileFormat::png));
}

TEST_CASE("readers reject missing and corrupt stores with io_error", "[tiles][store][errors]") {
    TempDir tmp;
    for (const std::string name : {"none.mbtiles", "none.pmtiles", "none_folder"}) {
        INFO(name);
        CHECK_THROWS_AS(open_tile_reader(tmp / name), io_error);
    }
    // Not SQLite; SQLite without MBTiles tables.
    write_bytes(tmp / "text.mbtiles", "this is not a database, it is a text file of some length");
    CHECK_THROWS_WITH(open_tile_reader(tmp / "text.mbtiles"), Catch::Contains("SQLite"));
    if (have_tool("sqlite3")) {
        sqlite(tmp / "empty.mbtiles", "CREATE TABLE other (a)");
        CHECK_THROWS_AS(open_tile_reader(tmp / "empty.mbtiles"), io_error);
    }
    // PMTiles: wrong magic, truncated after the header.
    write_bytes(tmp / "text.pmtiles", std::string(200, 'x'));
    CHECK_THROWS_WITH(open_tile_reader(tmp / "text.pmtiles"), Catch::Contains("magic"));
    write_set(tmp / "ok.pmtiles", png_samples(), png_metadata());
    const std::string whole = file_bytes(tmp / "ok.pmtiles");
    write_bytes(tmp / "cut.pmtiles", whole.substr(0, 130));
    CHECK_THROWS_AS(open_tile_reader(tmp / "cut.pmtiles"), io_error);
    std::string damaged = whole;
    for (std::size_t i = 127; i < 140; ++i) damaged[i] = '\x55';  // the gzip root directory
    write_bytes(tmp / "damaged.pmtiles", damaged);
    CHECK_THROWS_AS(open_tile_reader(tmp / "damaged.pmtiles"), io_error);
    // Folder: no metadata.json; metadata.json not JSON.
    fs::create_directories(tmp / "bare");
    CHECK_THROWS_WITH(open_tile_reader(tmp / "bare"), Catch::Contains("metadata.json"));
    write_bytes(tmp / "bare" / "metadata.json", "{\"name\": ");
    CHECK_THROWS_AS(open_tile_reader(tmp / "bare"), io_error);
}

TEST_CASE("writer misuse: tile off the grid, format mismatch, abandoned writer",
          "[tiles][store][errors]") {
    TempDir tmp;
    for (const std::string name : {"m.mbtiles", "m.pmtiles", "m_folder"}) {
        INFO(name);
        {
            auto w = open_tile_writer(tmp / name, TileFormat::png);
            CHECK_THROWS_AS(w->put({2, 4, 0}, "x"), io_error);  // x < 2^2 required
            w->put({2, 1, 1}, "x");
            TilesetMetadata wrong = png_metadata();
            wrong.format = TileFormat::pbf;
            CHECK_THROWS_WITH(w->finish(wrong), Catch::Contains("differs"));
            TilesetMetadata bad_zooms = png_metadata();
            bad_zooms.min_zoom = 5;
            bad_zooms.max_zoom = 3;
            CHECK_THROWS_AS(w->finish(bad_zooms), io_error);
        }  // destroyed without a successful finish
        if (name.find('.') != std::string::npos) CHECK_FALSE(fs::exists(tmp / name));
    }
    for (const auto& e : fs::directory_iterator(tmp.path()))
        CHECK(e.path().string().find(".tmp-") == std::string::npos);
}
