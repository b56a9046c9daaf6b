// Asset editing over HTTP (README, "Asset editing") on the tiny study with its walking
// network: tokens (401/403), field-named 400s, duplicates (409), the rate limit (429), the
// body limit (413); an add changes /api/areas/{code}'s count and the bytes of the tiles over
// it; move, retire, undo, import (all or nothing), the audit; a restart applies the store.
#include "edit_fixture.hpp"

#include <assetmap/tiles/tile_math.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace assetmap;
using namespace assetmap::test;
using json = nlohmann::json;

namespace {

json body_of(const HttpReply& r) { return json::parse(r.body); }

double area_value(const EditServer& s, const std::string& code, const std::string& column) {
    const auto r = s.get("/api/areas/" + code);
    REQUIRE(r.status == 200);
    const json j = body_of(r);
    const json& v = j["measures"][column];
    return v.is_null() ? -1.0 : v.get<double>();
}

std::string tile_path(const std::string& set, double x, double y, std::uint8_t z,
                      const char* ext) {
    const auto t = tiles::tile_at(tiny_lonlat(x, y), z);
    return "/tiles/" + set + "/" + std::to_string(z) + "/" + std::to_string(t.x) + "/" +
           std::to_string(t.y) + "." + ext;
}

}  // namespace

TEST_CASE("editing needs a token: none 401, wrong 403; reads stay public", "[serve][edit]") {
    EditServer s("tokens");
    const std::string body = asset_body("library", "Chapel library", 331150, 188050);
    const auto none = http_send(s.port, "POST", "/api/assets", body);
    CHECK(none.status == 401);
    CHECK(none.header("www-authenticate").find("Bearer") == 0);
    CHECK(body_of(none)["error"] == "unauthorized");
    CHECK(s.send("POST", "/api/assets", body, "wrong-token-0123456789abcdef").status == 403);
    // Not a Bearer header: 401.
    {
        RawClient c(s.port);
        c.send("POST /api/assets HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
               "Authorization: Basic YWxpY2U6eA==\r\nContent-Type: application/json\r\n"
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        CHECK(c.read_reply().status == 401);
    }
    CHECK(s.send("DELETE", "/api/assets/food_shop:survey:a2", "", "").status == 401);
    CHECK(s.send("PATCH", "/api/assets/food_shop:survey:a2", "{\"name\":\"x\"}", "").status == 401);
    CHECK(s.send("POST", "/api/audit/1/undo", "", "").status == 401);
    CHECK(s.send("POST", "/api/assets/import", "lon,lat,category,name\n", "", "text/csv").status == 401);
    // Reads without a token.
    CHECK(s.get("/api/audit").status == 200);
    CHECK(s.get("/api/assets/food_shop:survey:a2").status == 200);
    CHECK(s.get("/api/areas/A2").status == 200);
    // whoami says who a token is.
    const auto me = s.get("/api/whoami", bob_token);
    REQUIRE(me.status == 200);
    CHECK(body_of(me)["name"] == "bob");
    CHECK(s.get("/api/whoami").status == 401);
    // Nothing was written by the refused requests.
    CHECK(body_of(s.get("/api/audit"))["count"] == 0);
    // The CORS preflight of an editing URL allows the writes and the Authorization header.
    const auto pre = http_send(s.port, "OPTIONS", "/api/assets");
    CHECK(pre.status == 204);
    CHECK(pre.header("access-control-allow-methods").find("PATCH") != std::string::npos);
    CHECK(pre.header("access-control-allow-headers").find("Authorization") != std::string::npos);
}

TEST_CASE("bad bodies: 400 naming the field", "[serve][edit]") {
    EditServer s("bad_bodies");
    struct Case {
        std::string body, field;
    };
    const LonLat in = tiny_lonlat(331150, 188050);
    auto with = [&](const std::string& members) { return "{" + members + "}"; };
    const std::string place = "\"lon\":" + std::to_string(in.lon_deg) +
                              ",\"lat\":" + std::to_string(in.lat_deg);
    const std::vector<Case> cases = {
        {"not json", "body"},
        {"[1,2]", "body"},
        {with(place + ",\"category\":\"library\""), "name"},
        {with(place + ",\"name\":\"X\""), "category"},
        {with("\"lat\":51.5,\"category\":\"library\",\"name\":\"X\""), "lon"},
        {with("\"lon\":-3,\"category\":\"library\",\"name\":\"X\""), "lat"},
        {with("\"lon\":\"west\",\"lat\":51.5,\"category\":\"library\",\"name\":\"X\""), "lon"},
        {with("\"lon\":-300,\"lat\":51.5,\"category\":\"library\",\"name\":\"X\""), "lon"},
        {with("\"lon\":-3,\"lat\":95,\"category\":\"library\",\"name\":\"X\""), "lat"},
        {with(place + ",\"category\":\"spaceport\",\"name\":\"X\""), "category"},
        {with(place + ",\"category\":\"library\",\"name\":\"\""), "name"},
        {with(place + ",\"category\":\"library\",\"name\":\"   \""), "name"},
        {with(place + ",\"category\":\"library\",\"name\":\"" + std::string(201, 'a') + "\""), "name"},
        {with(place + ",\"category\":\"library\",\"name\":\"two\\nlines\""), "name"},
        {with(place + ",\"category\":\"library\",\"name\":\"bell\\u0007\""), "name"},
        {with(place + ",\"category\":\"library\",\"name\":7"), "name"},
        {with(place + ",\"category\":\"library\",\"name\":\"X\",\"capacity\":-2"), "capacity"},
        {with(place + ",\"category\":\"library\",\"name\":\"X\",\"capacity\":\"many\""), "capacity"},
        {with(place + ",\"category\":\"library\",\"name\":\"X\",\"force\":\"yes\""), "force"},
        {with(place + ",\"category\":\"library\",\"name\":\"X\",\"colour\":\"red\""), "colour"},
        // Far outside the study areas (the centre of Cardiff).
        {with("\"lon\":-3.18,\"lat\":51.48,\"category\":\"library\",\"name\":\"X\""), "lon"},
    };
    for (const auto& c : cases) {
        INFO(c.body.substr(0, 120));
        const auto r = s.send("POST", "/api/assets", c.body);
        CHECK(r.status == 400);
        if (r.status != 400) continue;
        const auto j = body_of(r);
        CHECK(j["field"] == c.field);
        CHECK(j["error"] == "bad_request");
        CHECK_FALSE(j["message"].get<std::string>().empty());
    }
    // 200 characters are fine, counted as characters: 200 × "ŵ" is 400 bytes of UTF-8.
    std::string welsh;
    for (int i = 0; i < 200; ++i) welsh += "\xc5\xb5";
    CHECK(s.send("POST", "/api/assets", asset_body("library", welsh, 331150, 188050)).status == 201);
    // A JSON body to the CSV import, or CSV to the JSON URL: 415.
    CHECK(s.send("POST", "/api/assets", "lon,lat\n", alice_token, "text/csv").status == 415);
    // PATCH needs something to change; lon goes with lat.
    CHECK(body_of(s.send("PATCH", "/api/assets/food_shop:survey:a2", "{}"))["field"] == "body");
    CHECK(body_of(s.send("PATCH", "/api/assets/food_shop:survey:a2", "{\"lon\":-3}"))["field"] ==
          "lat");
    CHECK(s.send("PATCH", "/api/assets/no:such:asset", "{\"name\":\"x\"}").status == 404);
    CHECK(s.send("DELETE", "/api/assets/no:such:asset", "").status == 404);
    CHECK(s.send("POST", "/api/audit/999/undo", "").status == 404);
    CHECK(s.send("PUT", "/api/assets", "{}").status == 405);
    // Only the one good add was stored.
    CHECK(body_of(s.get("/api/audit"))["count"] == 1);
}

TEST_CASE("a body above 1 MB is refused with 413 before it is read whole", "[serve][edit]") {
    EditServer s("big_body");
    const std::string big = "{\"name\":\"" + std::string((1 << 20) + 10, 'a') + "\"}";
    const auto r = s.send("POST", "/api/assets", big);
    CHECK(r.status == 413);
    CHECK(body_of(s.get("/api/audit"))["count"] == 0);
}

TEST_CASE("an add changes the area's counts, the OGC item and the tiles over it",
          "[serve][edit]") {
    EditServer s("add");
    const std::string vec = tile_path("tiny_net_vector", 331150, 188050, 14, "mvt");
    const std::string ras = tile_path("tiny_net_asset_index", 331150, 188050, 15, "png");
    const auto vec_before = s.get(vec);
    const auto ras_before = s.get(ras);
    REQUIRE(vec_before.status == 200);
    CHECK(area_value(s, "A2", "library_count") == 0);
    CHECK(area_value(s, "A1", "library_count") == 0);

    const auto r = s.send("POST", "/api/assets", asset_body("library", "Chapel library", 331150, 188050,
                                                             "\"capacity\":2,\"note\":\"Tuesdays\""));
    REQUIRE(r.status == 201);
    const auto j = body_of(r);
    const std::string id = j["asset_id"];
    CHECK(id == "library:community:1");
    CHECK(j["audit_id"] == 1);
    CHECK(j["asset"]["area_code"] == "A2");
    CHECK(j["asset"]["source"] == "community");
    CHECK(j["asset"]["edited_by"] == "alice");
    CHECK(j["version"] == 1);
    CHECK(r.header("location") == "/api/assets/library%3Acommunity%3A1");
    // The areas whose values changed (every area: the library is the study's first, so
    // every nearest distance and the ranks move).
    CHECK(std::find(j["areas_changed"].begin(), j["areas_changed"].end(), "A2") !=
          j["areas_changed"].end());
    CHECK(j["categories_remeasured"] == json::array({"library"}));

    // /api/areas/{code} follows at once.
    CHECK(area_value(s, "A2", "library_count") == 1);
    CHECK(area_value(s, "A1", "library_count") == 0);
    // Sent as lon/lat, so back in metres within a millimetre of p3.
    CHECK(area_value(s, "A2", "library_nearest_m") == Approx(0).margin(0.005));
    // The asset is in OGC API – Features with its provenance.
    const auto item = s.get("/ogcapi/collections/assets/items/" + id);
    REQUIRE(item.status == 200);
    const auto props = body_of(item)["properties"];
    CHECK(props["source"] == "community");
    CHECK(props["edited_by"] == "alice");
    CHECK(props["name"] == "Chapel library");
    // The tiles over it are drawn again: other bytes (the vector tile now holds the asset,
    // the raster tile its symbol).
    const auto vec_after = s.get(vec);
    const auto ras_after = s.get(ras);
    REQUIRE(vec_after.status == 200);
    CHECK(vec_after.body != vec_before.body);
    CHECK(vec_after.header("etag") != vec_before.header("etag"));
    REQUIRE(ras_after.status == 200);
    CHECK(ras_after.body != ras_before.body);
    // The TileJSON's URLs carry the version, so clients fetch the new tiles.
    CHECK(s.get("/tiles/tiny_net_vector.json").body.find("?v=1") != std::string::npos);
    // The asset's history.
    const auto info = body_of(s.get("/api/assets/" + id));
    CHECK(info["retired"] == false);
    CHECK(info["note"] == "Tuesdays");
    REQUIRE(info["history"].size() == 1);
    CHECK(info["history"][0]["action"] == "add");
    CHECK_FALSE(info["history"][0].contains("client"));  // addresses only with a token
    CHECK(body_of(s.get("/api/assets/" + id, bob_token))["history"][0]["client"] == "127.0.0.1");
}

TEST_CASE("duplicates: 409 naming force and the asset; force adds it", "[serve][edit]") {
    EditServer s("duplicates");
    // a8 (bus_stop, 331110,188010) is 10 m away: within the tiny study's 25 m.
    const auto r = s.send("POST", "/api/assets", asset_body("bus_stop", "Stop", 331110, 188020));
    REQUIRE(r.status == 409);
    const auto j = body_of(r);
    CHECK(j["field"] == "force");
    CHECK(j["duplicate_of"] == "bus_stop:survey:a8");
    CHECK(j["distance_m"].get<double>() == Approx(10.0).margin(0.05));
    // Another category at the same place is no duplicate; force adds the stop.
    CHECK(s.send("POST", "/api/assets", asset_body("pharmacy", "Chemist", 331110, 188020)).status == 201);
    CHECK(s.send("POST", "/api/assets", asset_body("bus_stop", "Stop", 331110, 188020, "\"force\":true")).status == 201);
    CHECK(area_value(s, "A2", "bus_stop_count") == 3);
}

TEST_CASE("the per-token rate limit answers 429 with Retry-After", "[serve][edit]") {
    EditServer s("rate", true, 3);  // 3 edits a minute
    for (int i = 0; i < 3; ++i) {
        const auto r = s.send("POST", "/api/assets",
                              asset_body("library", "L" + std::to_string(i), 331110 + 30 * i, 188050));
        CHECK(r.status == 201);
    }
    const auto over = s.send("POST", "/api/assets", asset_body("library", "L9", 331190, 188090));
    CHECK(over.status == 429);
    CHECK(std::stoi(over.header("retry-after")) >= 1);
    // Each token has its own budget; refused requests store nothing.
    CHECK(s.send("POST", "/api/assets", asset_body("library", "L9", 331190, 188090), bob_token).status == 201);
    CHECK(body_of(s.get("/api/audit"))["count"] == 4);
}

TEST_CASE("move, rename, recategorise, retire and undo, with the audit", "[serve][edit]") {
    EditServer s("lifecycle");
    const std::string a1 = "community_centre:survey:a1";
    REQUIRE(area_value(s, "A1", "community_centre_count") == 2);
    // Move a1 across the A1/A2 boundary.
    const LonLat to = tiny_lonlat(331160, 188050);
    const auto moved = s.send("PATCH", "/api/assets/" + a1,
                              "{\"lon\":" + std::to_string(to.lon_deg) + ",\"lat\":" +
                                  std::to_string(to.lat_deg) + "}");
    REQUIRE(moved.status == 200);
    CHECK(body_of(moved)["asset"]["area_code"] == "A2");
    CHECK(area_value(s, "A1", "community_centre_count") == 1);
    CHECK(area_value(s, "A2", "community_centre_count") == 1);
    // Rename only: no measure changes.
    const auto renamed = s.send("PATCH", "/api/assets/" + a1, "{\"name\":\"Village hall\"}", bob_token);
    REQUIRE(renamed.status == 200);
    CHECK(body_of(renamed)["categories_remeasured"].empty());
    // Undo of the move is refused while the rename is the latest change (409).
    const auto early = s.send("POST", "/api/audit/1/undo", "");
    CHECK(early.status == 409);
    CHECK(body_of(early)["latest"] == 2);
    // Recategorise the cinema, retire S2.
    REQUIRE(s.send("PATCH", "/api/assets/cinema:survey:a7", "{\"category\":\"community_centre\"}").status == 200);
    CHECK(area_value(s, "A2", "cinema_count") == 0);
    CHECK(area_value(s, "A2", "community_centre_count") == 2);
    REQUIRE(s.send("DELETE", "/api/assets/bus_stop:naptan:S2", "").status == 200);
    CHECK(area_value(s, "A2", "bus_stop_count") == 1);
    CHECK(s.send("DELETE", "/api/assets/bus_stop:naptan:S2", "").status == 404);  // already
    // The retired asset keeps its history.
    const auto info = body_of(s.get("/api/assets/bus_stop:naptan:S2"));
    CHECK(info["retired"] == true);
    CHECK(info["history"][0]["action"] == "retire");
    // Undo the retire: back in the count.
    const auto undo = s.send("POST", "/api/audit/4/undo", "");
    REQUIRE(undo.status == 201);
    CHECK(body_of(undo)["action"] == "undo");
    CHECK(area_value(s, "A2", "bus_stop_count") == 2);
    // The audit: every edit with who, what, before and after.
    const auto audit = body_of(s.get("/api/audit"));
    REQUIRE(audit["count"] == 5);
    const auto& e = audit["entries"];
    CHECK(e[0]["action"] == "correct");
    CHECK(e[0]["token_name"] == "alice");
    CHECK(e[0]["before"]["name"] == "Hall");
    CHECK(e[1]["token_name"] == "bob");
    CHECK(e[1]["after"]["name"] == "Village hall");
    CHECK(e[3]["action"] == "retire");
    CHECK(e[3]["after"].is_null());
    CHECK(e[3]["undone_by"] == 5);
    CHECK(e[4]["undoes"] == 4);
    CHECK(e[4]["can_undo"] == true);
    CHECK(e[3]["can_undo"] == false);
    // since= pages.
    const auto later = body_of(s.get("/api/audit?since=3&limit=1"));
    CHECK(later["entries"][0]["id"] == 4);
    CHECK(later["next_since"] == 4);
    CHECK(body_of(s.get("/api/audit?asset=cinema:survey:a7"))["count"] == 1);
    CHECK(s.get("/api/audit?since=-1").status == 400);
    CHECK(s.get("/api/audit?colour=red").status == 400);
}

TEST_CASE("CSV import: every bad row reported with its line, and all rows or none",
          "[serve][edit]") {
    EditServer s("import");
    auto row = [](const std::string& cat, const std::string& name, double x, double y,
                  const std::string& rest = "") {
        const LonLat ll = tiny_lonlat(x, y);
        return std::to_string(ll.lon_deg) + "," + std::to_string(ll.lat_deg) + "," + cat + "," +
               name + rest + "\n";
    };
    const std::string bad = "lon,lat,category,name,capacity\n" +
                            row("library", "Good one", 331150, 188050, ",") +
                            row("spaceport", "Bad category", 331150, 188050, ",") +
                            row("library", "\"\"", 331160, 188050, ",") +
                            row("library", "Too many", 331170, 188050, ",-5") +
                            row("library", "Far away", 339000, 188050, ",");
    const auto r = s.send("POST", "/api/assets/import", bad, alice_token, "text/csv");
    REQUIRE(r.status == 400);
    const auto j = body_of(r);
    REQUIRE(j["rows"].size() == 4);
    CHECK(j["rows"][0]["line"] == 3);
    CHECK(j["rows"][0]["field"] == "category");
    CHECK(j["rows"][1]["line"] == 4);
    CHECK(j["rows"][1]["field"] == "name");
    CHECK(j["rows"][2]["line"] == 5);
    CHECK(j["rows"][2]["field"] == "capacity");
    CHECK(j["rows"][3]["line"] == 6);
    CHECK(j["rows"][3]["field"] == "lon");
    CHECK(body_of(s.get("/api/audit"))["count"] == 0);  // nothing imported
    CHECK(area_value(s, "A2", "library_count") == 0);

    // A header without name: line 1.
    const auto no_name = s.send("POST", "/api/assets/import", "lon,lat,category\n1,2,library\n",
                                alice_token, "text/csv");
    CHECK(body_of(no_name)["rows"][0]["line"] == 1);
    // Two rows of one file at the same place are duplicates of each other.
    const auto twice = s.send("POST", "/api/assets/import",
                              "lon,lat,category,name\n" + row("library", "A", 331150, 188050) +
                                  row("library", "B", 331150, 188052),
                              alice_token, "text/csv");
    CHECK(twice.status == 400);
    CHECK(body_of(twice)["rows"][0]["field"] == "force");

    const std::string good = "lon,lat,category,name,note\n" +
                             row("library", "\"Library, upstairs\"", 331150, 188050, ",Tuesdays") +
                             row("library", "Reading room", 331050, 188050, ",");
    const auto ok = s.send("POST", "/api/assets/import", good, alice_token, "text/csv");
    REQUIRE(ok.status == 201);
    CHECK(body_of(ok)["imported"] == 2);
    CHECK(body_of(ok)["edits"][0]["asset"]["name"] == "Library, upstairs");
    CHECK(area_value(s, "A2", "library_count") == 1);
    CHECK(area_value(s, "A1", "library_count") == 1);
    CHECK(body_of(s.get("/api/audit"))["count"] == 2);
}

TEST_CASE("a restart applies the stored edits: the same answers", "[serve][edit]") {
    std::string areas_before, audit_before;
    {
        EditServer s("restart");
        REQUIRE(s.send("POST", "/api/assets", asset_body("library", "Chapel", 331150, 188050)).status == 201);
        REQUIRE(s.send("DELETE", "/api/assets/bus_stop:naptan:S2", "").status == 200);
        areas_before = s.get("/api/areas").body;
        audit_before = s.get("/api/audit").body;
    }
    EditServer again("restart", false);
    CHECK(again.get("/api/areas").body == areas_before);
    CHECK(again.get("/api/audit").body == audit_before);
    CHECK(area_value(again, "A2", "library_count") == 1);
    // Ids continue after the stored ones.
    const auto next = again.send("POST", "/api/assets", asset_body("pharmacy", "P", 331150, 188050));
    CHECK(body_of(next)["audit_id"] == 3);
}
