// The service end to end over HTTP on a free loopback port, on the tiny study's atlas
// (serve_fixture.hpp). Expected values come from the archives read back with the tile
// readers, from cs2cs (coordinates), from the atlas GeoPackage read independently, and by
// hand (ratios, paging).
#include "serve_fixture.hpp"

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/nearby.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/serve/compression.hpp>
#include <assetmap/tiles/tile_store.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

using namespace assetmap;
using json = nlohmann::json;
using test::serve_fixture;

namespace {

json parse(const test::HttpReply& r) {
    INFO(r.body.substr(0, 300));
    return json::parse(r.body);
}

std::uint32_t png_width(const std::string& png) {
    REQUIRE(png.size() > 24);
    REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    const auto* b = reinterpret_cast<const unsigned char*>(png.data());
    return (std::uint32_t(b[16]) << 24) | (std::uint32_t(b[17]) << 16) |
           (std::uint32_t(b[18]) << 8) | b[19];
}

}  // namespace

TEST_CASE("/tiles lists archives and rendered choropleths", "[serve][tiles]") {
    auto& f = serve_fixture();
    const auto r = f.get("/tiles");
    REQUIRE(r.status == 200);
    CHECK(r.header("access-control-allow-origin") == "*");
    const json j = parse(r);
    std::map<std::string, json> by_name;
    for (const auto& t : j["tilesets"]) by_name[t["name"]] = t;
    REQUIRE(by_name.count("tiny_net_vector"));
    CHECK(by_name["tiny_net_vector"]["format"] == "mvt");
    CHECK(by_name["tiny_net_vector"]["archive"] == "tiny_net_vector.pmtiles");
    CHECK(by_name["tiny_net_vector"]["rendered_on_demand"] == false);
    REQUIRE(by_name.count("tiny_net_asset_index"));
    CHECK(by_name["tiny_net_asset_index"]["archive"] == "tiny_net_asset_index.mbtiles");
    CHECK(by_name["tiny_net_asset_index"]["rendered_on_demand"] == true);
    CHECK(by_name["tiny_net_asset_index"]["archive_minzoom"] == 10);
    CHECK(by_name["tiny_net_asset_index"]["maxzoom"] == 18);
    // Every indicator of the atlas is a rendered tile set too.
    const auto atlas = atlas::read_atlas((f.dir / "tiny_net.gpkg").string());
    for (const auto& column : atlas.indicators()) {
        INFO(column);
        REQUIRE(by_name.count("tiny_net_" + column));
        CHECK(by_name["tiny_net_" + column]["archive"].is_null());
        CHECK(by_name["tiny_net_" + column]["indicator"] == column);
    }
    CHECK(by_name.count(test::ServeFixture::holes_name));
}

TEST_CASE("vector tiles are the archive's bytes, gzip, with ETag and 304", "[serve][tiles]") {
    auto& f = serve_fixture();
    const auto reader = tiles::open_tile_reader(f.dir / "tiny_net_vector.pmtiles");
    const auto ids = reader->tile_ids();
    REQUIRE(!ids.empty());
    for (const auto& id : ids) {
        const std::string url = "/tiles/tiny_net_vector/" + std::to_string(id.z) + "/" +
                                std::to_string(id.x) + "/" + std::to_string(id.y) + ".mvt";
        INFO(url);
        const auto r = f.get(url, "Accept-Encoding: gzip, br\r\n");
        REQUIRE(r.status == 200);
        CHECK(r.body == *reader->get(id));
        CHECK(r.header("content-type") == "application/vnd.mapbox-vector-tile");
        CHECK(r.header("content-encoding") == "gzip");
        CHECK(r.header("cache-control") == "public, max-age=3600");
        CHECK(r.header("vary") == "Accept-Encoding");
        CHECK(r.header("access-control-allow-origin") == "*");
        const std::string etag = r.header("etag");
        REQUIRE(etag.size() > 2);
        CHECK(etag.front() == '"');
        // The same tile again with its tag: 304, no body, same tag.
        const auto nm = f.get(url, "Accept-Encoding: gzip\r\nIf-None-Match: " + etag + "\r\n");
        CHECK(nm.status == 304);
        CHECK(nm.body.empty());
        CHECK(nm.header("etag") == etag);
        // .pbf is the same tile.
        std::string pbf = url;
        pbf.replace(pbf.size() - 3, 3, "pbf");
        CHECK(f.get(pbf, "Accept-Encoding: gzip\r\n").body == r.body);
    }
    // A client that does not take gzip gets the tile inflated, under another tag.
    const auto& id = ids.front();
    const std::string url = "/tiles/tiny_net_vector/" + std::to_string(id.z) + "/" +
                            std::to_string(id.x) + "/" + std::to_string(id.y) + ".mvt";
    const auto gz = f.get(url, "Accept-Encoding: gzip\r\n");
    const auto plain = f.get(url);
    CHECK(plain.status == 200);
    CHECK(plain.header("content-encoding").empty());
    CHECK(plain.body == *serve::gzip_decompress(gz.body));
    CHECK(plain.header("etag") != gz.header("etag"));
    // HEAD: headers only.
    const auto head = f.get(url, "Accept-Encoding: gzip\r\n", "HEAD");
    CHECK(head.status == 200);
    CHECK(head.header("content-length") == std::to_string(gz.body.size()));
}

TEST_CASE("204 inside the bounds, 404 outside or off the zooms, 400 for bad z/x/y",
          "[serve][tiles]") {
    auto& f = serve_fixture();
    CHECK(f.get("/tiles/holes/10/503/340.png").status == 200);
    const auto empty = f.get("/tiles/holes/10/504/341.png");
    CHECK(empty.status == 204);
    CHECK(empty.header("access-control-allow-origin") == "*");
    CHECK(f.get("/tiles/holes/10/505/340.png").status == 404);  // east of the bounds
    CHECK(f.get("/tiles/holes/10/503/339.png").status == 404);  // north of the bounds
    CHECK(f.get("/tiles/holes/9/251/170.png").status == 404);   // zoom not in the set
    CHECK(f.get("/tiles/holes/10/503/340.mvt").status == 404);  // wrong format
    CHECK(f.get("/tiles/tiny_net_vector/3/0/0.mvt").status == 404);   // below minzoom
    CHECK(f.get("/tiles/tiny_net_vector/10/0/0.mvt").status == 404);  // far away
    CHECK(f.get("/tiles/tiny_net_vector/25/0/0.mvt").status == 400);
    CHECK(f.get("/tiles/tiny_net_vector/2/4/0.mvt").status == 400);
    CHECK(f.get("/tiles/tiny_net_vector/2/0/4.mvt").status == 400);
    CHECK(f.get("/tiles/tiny_net_vector/a/0/0.mvt").status == 400);
    CHECK(f.get("/tiles/tiny_net_vector/1/-1/0.mvt").status == 400);
    CHECK(f.get("/tiles/tiny_net_vector/1/0/0.jpg").status == 400);
    CHECK(f.get("/tiles/nope/1/0/0.mvt").status == 404);
    // The same store read tile by tile (not held in memory) answers the same.
    serve::TileServiceOptions o;
    o.preload_max_bytes = 0;
    o.render = false;
    const serve::TileService direct(f.dir, nullptr, nullptr, nullptr, o);
    REQUIRE(direct.find("holes"));
    CHECK_FALSE(direct.find("holes")->preloaded);
    serve::TileRequest req{"holes", {10, 503, 340}, 1, "png"};
    CHECK(direct.tile(req).status == 200);
    req.tile = {10, 504, 341};
    CHECK(direct.tile(req).status == 204);
}

TEST_CASE("TileJSON 3.0 with absolute URLs from the Host header", "[serve][tiles]") {
    auto& f = serve_fixture();
    test::RawClient c(f.port);
    c.send("GET /tiles/tiny_net_vector.json HTTP/1.1\r\nHost: maps.example.org:8443\r\n\r\n");
    const auto r = c.read_reply();
    REQUIRE(r.status == 200);
    const json j = json::parse(r.body);
    CHECK(j["tilejson"] == "3.0.0");
    CHECK(j["tiles"][0] == "http://maps.example.org:8443/tiles/tiny_net_vector/{z}/{x}/{y}.mvt");
    CHECK(j["minzoom"] == 6);
    CHECK(j["maxzoom"] == 15);
    CHECK(j["vector_layers"].size() == 2);
    const auto raster = parse(f.get("/tiles/tiny_net_asset_index.json"));
    CHECK(raster["tiles"][0].get<std::string>().find("/tiles/tiny_net_asset_index/{z}/{x}/{y}.png") !=
          std::string::npos);
    CHECK(raster["maxzoom"] == 18);
    CHECK(f.get("/tiles/nope.json").status == 404);
    CHECK(f.get("/tiles/tiny_net_vector.json?x=1").status == 400);
}

TEST_CASE("raster tiles beyond the archive are rendered on demand and cached",
          "[serve][tiles][raster]") {
    auto& f = serve_fixture();
    // The archive holds z10–14; z15–18 are rendered (the tiny areas at 51.587 N, 2.995 W).
    const auto archived = f.get("/tiles/tiny_net_asset_index/14/8055/5442.png");
    CHECK(archived.status == 200);
    const auto t = tiles::tile_at({-2.9955, 51.5870}, 17);
    const std::string url = "/tiles/tiny_net_asset_index/17/" + std::to_string(t.x) + "/" +
                            std::to_string(t.y) + ".png";
    const auto first = f.get(url);
    REQUIRE(first.status == 200);
    CHECK(first.header("content-type") == "image/png");
    CHECK(png_width(first.body) == 256);
    const auto second = f.get(url);  // from the LRU
    CHECK(second.body == first.body);
    CHECK(second.header("etag") == first.header("etag"));
    CHECK(f.get(url, "If-None-Match: " + first.header("etag") + "\r\n").status == 304);
    std::string at2x = url;
    at2x.replace(at2x.size() - 4, 4, "@2x.png");
    const auto big = f.get(at2x);
    REQUIRE(big.status == 200);
    CHECK(png_width(big.body) == 512);
    // A rendered-only indicator, at a zoom no archive has.
    const auto& column = f.state->atlas->indicators().front();
    CHECK(f.get("/tiles/tiny_net_" + column + "/16/" + std::to_string(t.x / 2) + "/" +
                std::to_string(t.y / 2) + ".png")
              .status == 200);
    CHECK(f.get("/tiles/tiny_net_asset_index/19/0/0.png").status == 404);  // above render max
    CHECK(f.state->tiles->cache_entries() >= 2);
}

TEST_CASE("OGC API - Features: landing page, conformance, OpenAPI, collections",
          "[serve][ogcapi]") {
    auto& f = serve_fixture();
    const json landing = parse(f.get("/ogcapi"));
    std::set<std::string> rels;
    for (const auto& l : landing["links"]) rels.insert(l["rel"]);
    for (const char* rel : {"self", "service-desc", "conformance", "data"}) CHECK(rels.count(rel));
    const json conf = parse(f.get("/ogcapi/conformance"));
    const auto classes = conf["conformsTo"].get<std::vector<std::string>>();
    CHECK(std::count(classes.begin(), classes.end(),
                     "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core") == 1);
    CHECK(std::count(classes.begin(), classes.end(),
                     "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson") == 1);
    CHECK(std::count(classes.begin(), classes.end(),
                     "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30") == 1);
    const auto api = f.get("/ogcapi/api");
    CHECK(api.header("content-type") == "application/vnd.oai.openapi+json;version=3.0");
    const json doc = json::parse(api.body);
    CHECK(doc["openapi"] == "3.0.3");
    CHECK(doc["paths"].contains("/collections/{collectionId}/items"));
    CHECK(doc["paths"].contains("/collections/areas/items"));
    CHECK(doc["components"]["parameters"]["limit"]["schema"]["maximum"] == 10000);
    CHECK(doc["servers"][0]["url"] == "http://127.0.0.1/ogcapi");
    const json cols = parse(f.get("/ogcapi/collections"));
    std::vector<std::string> ids;
    for (const auto& c : cols["collections"]) ids.push_back(c["id"]);
    CHECK(ids == std::vector<std::string>{"areas", "assets", "asset_footprints", "catchments",
                                          "population_points"});
    // Queryables (Part 3): every property with its title and type, titles from column_info.
    const auto qr = f.get("/ogcapi/collections/areas/queryables");
    CHECK(qr.header("content-type") == "application/schema+json");
    const json q = json::parse(qr.body);
    CHECK(q["type"] == "object");
    const auto atlas = atlas::read_atlas((f.dir / "tiny_net.gpkg").string());
    CHECK(q["properties"].size() == atlas.areas().fields.size());
    CHECK(q["properties"]["population"]["type"] == "integer");  // counts are integers
    CHECK(q["properties"]["area_km2"]["type"] == "number");
    CHECK(q["properties"]["code"]["type"] == "string");
    for (const auto& [name, prop] : q["properties"].items()) CHECK(!prop["title"].get<std::string>().empty());
    const json areas = parse(f.get("/ogcapi/collections/areas"));
    CHECK(areas["extent"]["spatial"]["crs"] == "http://www.opengis.net/def/crs/OGC/1.3/CRS84");
    const auto bbox = areas["extent"]["spatial"]["bbox"][0];
    // cs2cs EPSG:27700 OGC:CRS84 of the south-west corner (331000, 188000):
    // -2.99732011 51.58661178.
    CHECK(bbox[0].get<double>() == Approx(-2.99732011).margin(1e-7));
    CHECK(bbox[1].get<double>() == Approx(51.58661178).margin(1e-7));
}

TEST_CASE("OGC API - Features: items, paging, bbox, filters, one feature", "[serve][ogcapi]") {
    auto& f = serve_fixture();
    const auto atlas = atlas::read_atlas((f.dir / "tiny_net.gpkg").string());
    const auto& areas = atlas.areas();
    const auto r = f.get("/ogcapi/collections/areas/items");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/geo+json");
    CHECK(r.header("content-crs") == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");
    const json fc = json::parse(r.body);
    CHECK(fc["type"] == "FeatureCollection");
    CHECK(fc["numberMatched"] == areas.rows.size());
    CHECK(fc["numberReturned"] == areas.rows.size());
    REQUIRE(fc["features"].size() == areas.rows.size());
    // Every column is a property, with the GeoPackage's value.
    for (std::size_t row = 0; row < areas.rows.size(); ++row) {
        const auto& feat = fc["features"][row];
        CHECK(feat["id"] == atlas::Atlas::text(areas, row, atlas::Atlas::field(areas, "code")));
        CHECK(feat["properties"].size() == areas.fields.size());
        for (std::size_t k = 0; k < areas.fields.size(); ++k) {
            INFO(areas.fields[k].name);
            const auto& p = feat["properties"][areas.fields[k].name];
            if (const auto n = atlas::Atlas::number(areas, row, k)) {
                CHECK(p.get<double>() == Approx(*n).epsilon(1e-12));
            } else if (areas.fields[k].type == io::FieldType::string) {
                CHECK(p.get<std::string>() == atlas::Atlas::text(areas, row, k));
            } else {
                CHECK(p.is_null());
            }
        }
    }
    // A1 is the 100 m square from (331000, 188000): that corner is one of its vertices.
    const json a1 = parse(f.get("/ogcapi/collections/areas/items/A1"));
    CHECK(a1["geometry"]["type"] == "MultiPolygon");
    bool corner = false;
    for (const auto& pos : a1["geometry"]["coordinates"][0][0])
        corner = corner || (std::abs(pos[0].get<double>() - -2.99732011) < 2e-7 &&
                            std::abs(pos[1].get<double>() - 51.58661178) < 2e-7);
    CHECK(corner);
    CHECK(f.get("/ogcapi/collections/areas/items/NOPE").status == 404);

    // Paging: limit 2 over the assets, next/prev links carry the offset.
    const json all = parse(f.get("/ogcapi/collections/assets/items?limit=10000"));
    const std::size_t n = all["numberMatched"];
    REQUIRE(n >= 3);
    const json p1 = parse(f.get("/ogcapi/collections/assets/items?limit=2"));
    CHECK(p1["numberReturned"] == 2);
    std::string next, prev;
    for (const auto& l : p1["links"]) {
        if (l["rel"] == "next") next = l["href"];
        if (l["rel"] == "prev") prev = l["href"];
    }
    CHECK(prev.empty());
    CHECK(next == "http://127.0.0.1/ogcapi/collections/assets/items?limit=2&offset=2");
    const json p2 = parse(f.get("/ogcapi/collections/assets/items?limit=2&offset=2"));
    CHECK(p2["features"][0]["id"] == all["features"][2]["id"]);
    bool has_prev = false;
    for (const auto& l : p2["links"]) has_prev = has_prev || l["rel"] == "prev";
    CHECK(has_prev);
    const json past = parse(f.get("/ogcapi/collections/assets/items?offset=100000"));
    CHECK(past["numberReturned"] == 0);
    CHECK(parse(f.get("/ogcapi/collections/assets/items?limit=99999"))["numberReturned"] == n);

    // Property filters: equality, numbers compared as numbers.
    const json lib = parse(f.get("/ogcapi/collections/assets/items?category=bus_stop"));
    std::size_t expect = 0;
    for (const auto& feat : all["features"]) expect += feat["properties"]["category"] == "bus_stop";
    CHECK(lib["numberMatched"] == expect);
    for (const auto& feat : lib["features"]) CHECK(feat["properties"]["category"] == "bus_stop");
    const json pop = parse(f.get("/ogcapi/collections/areas/items?population=" +
                                 a1["properties"]["population"].dump()));
    CHECK(pop["numberMatched"] >= 1);
    // bbox: a box around A1's south-west corner only meets A1.
    const json box = parse(f.get("/ogcapi/collections/areas/items?bbox=-2.99740,51.58655,-2.99725,51.58665"));
    REQUIRE(box["numberMatched"] == 1);
    CHECK(box["features"][0]["id"] == "A1");
    const json none = parse(f.get("/ogcapi/collections/areas/items?bbox=10,10,11,11"));
    CHECK(none["numberMatched"] == 0);
    CHECK(f.get("/ogcapi/collections/areas/items?datetime=2020-01-01T00:00:00Z").status == 200);
}

TEST_CASE("/api/areas, /api/areas/{code} and /api/atlas", "[serve][api]") {
    auto& f = serve_fixture();
    const auto atlas = atlas::read_atlas((f.dir / "tiny_net.gpkg").string());
    const json list = parse(f.get("/api/areas"));
    CHECK(list["study"] == "tiny_net");
    REQUIRE(list["areas"].size() == atlas.areas().rows.size());
    CHECK(list["areas"][0]["code"] == "A1");
    CHECK(list["areas"][0]["domain_scores"].contains("community"));
    CHECK(list["areas"][0]["bbox"].size() == 4);

    const auto r = f.get("/api/areas/A1");
    REQUIRE(r.status == 200);
    CHECK(r.header("cache-control") == "public, max-age=60");
    const json a = json::parse(r.body);
    CHECK(a["code"] == "A1");
    CHECK(a["name"] == "Area one");
    CHECK(a["parent_code"] == "P1");
    CHECK(a["measures"].size() == atlas.areas().fields.size());
    CHECK(a["units"]["population"] == "residents");
    std::vector<std::string> comparators;
    for (const auto& c : a["comparators"]) comparators.push_back(c["id"]);
    CHECK(comparators == std::vector<std::string>{"study", "P1"});
    REQUIRE(!a["indicators"].empty());
    for (const auto& line : a["indicators"]) {
        INFO(line.dump());
        CHECK(a["measures"][line["column"].get<std::string>()] == line["value"]);
        CHECK(a["units"][line["column"].get<std::string>()] == line["unit"]);
        REQUIRE(line["comparators"].size() == 2);
        for (const auto& c : line["comparators"]) {
            // The spider chart's number by hand: value ÷ comparator (comparator ÷ value when
            // lower is better), null when either is null or the divisor 0.
            if (line["value"].is_null() || c["value"].is_null()) {
                CHECK(c["ratio"].is_null());
                continue;
            }
            const double v = line["value"], cv = c["value"];
            const bool lower = line["lower_is_better"];
            const double divisor = lower ? v : cv;
            if (divisor == 0)
                CHECK(c["ratio"].is_null());
            else
                CHECK(c["ratio"].get<double>() == Approx(lower ? cv / v : v / cv));
        }
    }
    CHECK(a["assets"].contains("individual"));
    CHECK(a["assets"].contains("community"));
    CHECK(a["assets"].contains("structural"));
    std::size_t in_a1 = 0;
    const auto& assets = atlas.assets();
    for (std::size_t row = 0; row < assets.rows.size(); ++row)
        in_a1 += atlas::Atlas::text(assets, row, atlas::Atlas::field(assets, "area_code")) == "A1";
    CHECK(a["assets"]["individual"].size() + a["assets"]["community"].size() +
              a["assets"]["structural"].size() ==
          in_a1);
    CHECK(f.get("/api/areas/Z9").status == 404);
    CHECK(f.get("/api/areas/A1?x=1").status == 400);

    const json info = parse(f.get("/api/atlas"));
    CHECK(info["study"] == "tiny_net");
    CHECK(info["indicators"].size() == atlas.indicators().size());
    for (const auto& i : info["indicators"]) {
        CHECK(!i["title"].get<std::string>().empty());
        CHECK(i["title"] != i["column"]);  // a human title, not the column name
    }
    CHECK(info["near"]["available"] == true);
    CHECK(info["near"]["modes"][0] == "walk");
    CHECK(info["tilesets"].size() == f.state->tiles->tilesets().size());
    CHECK(parse(f.get("/healthz"))["status"] == "ok");
}

TEST_CASE("/api/near answers from the walking network held in memory", "[serve][api][near]") {
    auto& f = serve_fixture();
    // As tests/cli/test_cli.sh: from the island of the hand-made network every asset but a6
    // (beyond the 500 m snap limit) is reachable, nearest first, at 80 m a minute.
    const auto r = f.get("/api/near?lon=-2.9985&lat=51.5853");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/geo+json");
    const json fc = json::parse(r.body);
    CHECK(fc["type"] == "FeatureCollection");
    CHECK(fc["query"]["minutes"] == 15.0);
    const auto& feats = fc["features"];
    REQUIRE(feats.size() == 6);
    double last = 0;
    for (const auto& ft : feats) {
        CHECK(ft["properties"]["asset_id"] != "pharmacy:survey:a6");
        const double walk = ft["properties"]["walk_m"];
        CHECK(walk >= last);
        last = walk;
        CHECK(ft["properties"]["minutes"].get<double>() == Approx(walk / 80.0).margin(0.01));
        CHECK(ft["geometry"]["type"] == "Point");
    }
    // The same query through the library call gives the same assets in the same order (the
    // server's wiring: CRS84 → metric, filters, order, rounding).
    const auto& near = *f.state->near;
    const atlas::NearbyFinder finder(near.data(), near.taxonomy());
    const io::CrsTransform to_metric("OGC:CRS84", near.data().metric_crs);
    atlas::NearbyQuery q;
    q.at = *to_metric.to_metric(-2.9985, 51.5853);
    const auto reference = finder.find(q);
    REQUIRE(reference.size() == feats.size());
    for (std::size_t i = 0; i < reference.size(); ++i) {
        CHECK(feats[i]["properties"]["asset_id"] == near.data().assets[reference[i].asset].id);
        CHECK(feats[i]["properties"]["walk_m"].get<double>() ==
              Approx(reference[i].walk_m).margin(0.05));
    }
    const json dom = parse(f.get("/api/near?lon=-2.9985&lat=51.5853&domain=community"));
    for (const auto& ft : dom["features"]) CHECK(ft["properties"]["domain"] == "community");
    const json cat = parse(f.get("/api/near?lon=-2.9985&lat=51.5853&category=bus_stop&minutes=60"));
    for (const auto& ft : cat["features"]) CHECK(ft["properties"]["category"] == "bus_stop");
    CHECK(f.get("/api/near?lon=-3.5&lat=51.0").status == 422);
    CHECK(f.get("/api/near?lon=-2.9985").status == 400);
    CHECK(f.get("/api/near?lon=-2.9985&lat=51.5853&minutes=0").status == 400);
    CHECK(f.get("/api/near?lon=-2.9985&lat=51.5853&minutes=61").status == 400);
    CHECK(f.get("/api/near?lon=-2.9985&lat=51.5853&category=pubs").status == 400);
    CHECK(f.get("/api/near?lon=-2.9985&lat=51.5853&mode=teleport").status == 400);
}

TEST_CASE("the web bundle is a fixed table of files", "[serve][static]") {
    auto& f = serve_fixture();
    const auto index = f.get("/");
    CHECK(index.status == 200);
    CHECK(index.header("content-type") == "text/html; charset=utf-8");
    CHECK(index.body.find("<p>page</p>") != std::string::npos);
    CHECK(index.header("cache-control") == "no-cache");
    const auto gz = f.get("/", "Accept-Encoding: gzip\r\n");
    CHECK(gz.header("content-encoding") == "gzip");
    CHECK(*serve::gzip_decompress(gz.body) == index.body);
    CHECK(f.get("/index.html").body == index.body);
    CHECK(f.get("/assets/app.js").header("content-type") == "text/javascript; charset=utf-8");
    CHECK(f.get("/.secret").status == 404);
    CHECK(f.get("/assets/").status == 404);
    CHECK(f.get("/nothing.js").status == 404);
    // No bundle: the placeholder page.
    const serve::StaticFiles none(f.dir / "no_such_folder");
    REQUIRE(none.find("/"));
    CHECK(none.find("/")->bytes->find("/ogcapi") != std::string::npos);
    CHECK_FALSE(none.find("/app.js"));
}

TEST_CASE("the state can be swapped while serving", "[serve][state]") {
    auto& f = serve_fixture();
    const auto before = parse(f.get("/healthz"));
    serve::ServeConfig config;
    config.atlas_gpkg = f.dir / "tiny_net.gpkg";
    config.web_dir = f.dir / "no_such_folder";
    config.near = false;
    config.tiles.render = false;
    auto other = serve::load_state(config, {});
    f.service->swap_state(other);
    const auto after = parse(f.get("/healthz"));
    CHECK(after["near"] == false);
    CHECK(after["web_bundle"] == false);
    CHECK(f.get("/api/near?lon=-2.9985&lat=51.5853").status == 503);
    f.service->swap_state(f.state);
    CHECK(parse(f.get("/healthz"))["near"] == true);
    CHECK(before["near"] == true);
}
