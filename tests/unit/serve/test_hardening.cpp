// Malformed and hostile requests, table-driven: each row is the raw bytes sent and the 4xx
// expected (RFC 9110/9112 and OGC API – Features – Part 1 for the OGC rules). Every error
// body is JSON and names no file path, no exception and no stack.
#include "serve_fixture.hpp"

#include <catch2/catch.hpp>

using namespace assetmap;

namespace {

struct Case {
    const char* what;
    std::string request;  ///< raw bytes
    int status;
};

std::string get(const std::string& target, const std::string& headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

}  // namespace

TEST_CASE("malformed requests get the right 4xx and leak nothing", "[serve][hardening]") {
    auto& f = test::serve_fixture();
    const std::vector<Case> cases = {
        // request line and framing
        {"garbage request line", "HELLO\r\n\r\n", 400},
        {"no HTTP version", "GET /\r\nHost: x\r\n\r\n", 400},
        {"HTTP/2.0 version", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505},
        {"no Host in HTTP/1.1", "GET /healthz HTTP/1.1\r\n\r\n", 400},
        {"two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        {"Host with a slash", "GET /healthz HTTP/1.1\r\nHost: a/b:80\r\n\r\n", 400},
        {"Host with a bad port", "GET /healthz HTTP/1.1\r\nHost: a:99999\r\n\r\n", 400},
        {"request line too long", get("/" + std::string(6000, 'a')), 414},
        {"target above 4 KB", get("/tiles/" + std::string(4200, 'a')), 414},
        {"header fields too large", get("/", "X-Big: " + std::string(20000, 'b') + "\r\n"), 431},
        {"body too large",
         "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n" + std::string(10, 'x'),
         413},
        {"Content-Length with Transfer-Encoding",
         "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        {"bad header field name", "GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n", 400},
        // targets
        {"dot-dot segment", get("/../etc/passwd"), 400},
        {"encoded dot-dot", get("/%2e%2e/%2e%2e/etc/passwd"), 400},
        {"dot-dot in tiles", get("/tiles/../../tiny_net.gpkg"), 400},
        {"backslash", get("/tiles\\..\\x"), 400},
        {"encoded NUL", get("/index.html%00.png"), 400},
        {"encoded CR LF", get("/a%0d%0aSet-Cookie:%20x"), 400},
        {"bad percent escape", get("/api/areas/%zz"), 400},
        {"not origin-form", get("tiles"), 400},
        // methods
        {"POST to a tile", "POST /tiles/tiny_net_vector/0/0/0.mvt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405},
        {"DELETE", "DELETE /api/areas/A1 HTTP/1.1\r\nHost: x\r\n\r\n", 405},
        {"PUT", "PUT /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx", 405},
        // tiles
        {"zoom 25", get("/tiles/tiny_net_vector/25/0/0.mvt"), 400},
        {"x beyond 2^z", get("/tiles/tiny_net_vector/3/8/0.mvt"), 400},
        {"negative y", get("/tiles/tiny_net_vector/3/0/-1.mvt"), 400},
        {"non-numeric x", get("/tiles/tiny_net_vector/3/x/0.mvt"), 400},
        {"huge x", get("/tiles/tiny_net_vector/3/99999999999/0.mvt"), 400},
        {"unknown extension", get("/tiles/tiny_net_vector/3/0/0.exe"), 400},
        {"unknown tileset", get("/tiles/tiny_net_gpkg/3/0/0.png"), 404},
        {"tileset name with a dot", get("/tiles/.hidden/3/0/0.png"), 404},
        {"outside the bounds", get("/tiles/tiny_net_vector/10/0/0.mvt"), 404},
        // OGC API – Features
        {"OAPIF unknown parameter", get("/ogcapi/collections/areas/items?foo=1"), 400},
        {"OAPIF limit 0", get("/ogcapi/collections/areas/items?limit=0"), 400},
        {"OAPIF limit not a number", get("/ogcapi/collections/areas/items?limit=ten"), 400},
        {"OAPIF negative offset", get("/ogcapi/collections/areas/items?offset=-1"), 400},
        {"OAPIF bbox of 3 numbers", get("/ogcapi/collections/areas/items?bbox=1,2,3"), 400},
        {"OAPIF bbox south above north", get("/ogcapi/collections/areas/items?bbox=-3,52,-2,51"), 400},
        {"OAPIF bbox latitude 95", get("/ogcapi/collections/areas/items?bbox=-3,51,-2,95"), 400},
        {"OAPIF bbox NaN", get("/ogcapi/collections/areas/items?bbox=nan,51,-2,52"), 400},
        {"OAPIF other CRS", get("/ogcapi/collections/areas/items?bbox-crs=EPSG:27700"), 400},
        {"OAPIF repeated parameter", get("/ogcapi/collections/areas/items?limit=1&limit=2"), 400},
        {"OAPIF number filter not a number", get("/ogcapi/collections/areas/items?population=many"), 400},
        {"OAPIF f=html", get("/ogcapi/collections/areas/items?f=html"), 400},
        {"OAPIF unknown collection", get("/ogcapi/collections/measures/items"), 404},
        {"OAPIF unknown feature", get("/ogcapi/collections/areas/items/ZZ9"), 404},
        {"OAPIF parameter on landing", get("/ogcapi?x=1"), 400},
        // JSON API
        {"near without lat", get("/api/near?lon=-2.9"), 400},
        {"near lat 91", get("/api/near?lon=-2.9&lat=91"), 400},
        {"near minutes inf", get("/api/near?lon=-2.9&lat=51.5&minutes=inf"), 400},
        {"near minutes 1e9", get("/api/near?lon=-2.9&lat=51.5&minutes=1e9"), 400},
        {"near unknown domain", get("/api/near?lon=-2.9&lat=51.5&domain=spiritual"), 400},
        {"near far from the network", get("/api/near?lon=-3.5&lat=51.0"), 422},
        {"areas unknown parameter", get("/api/areas?sort=name"), 400},
        {"unknown area", get("/api/areas/%2Fetc%2Fpasswd"), 404},
        {"unknown API", get("/api/secrets"), 404},
        {"unknown file", get("/tiny_net.gpkg"), 404},
        {"hidden file", get("/.secret"), 404},
    };
    REQUIRE(cases.size() >= 30);
    for (const auto& c : cases) {
        INFO(c.what);
        test::RawClient client(f.port);
        client.send(c.request);
        const auto r = client.read_reply();
        CHECK(r.status == c.status);
        if (r.status >= 400) {
            CHECK(r.header("content-type") == "application/json");
            CHECK(r.body.find("\"status\":" + std::to_string(r.status)) != std::string::npos);
        }
        for (const std::string& leak : {f.dir.string(), std::string("/work/"), std::string("/tmp/"),
                                       std::string(".cpp"), std::string("std::"),
                                       std::string("exception"), std::string("boost")})
            CHECK(r.body.find(leak) == std::string::npos);
        if (r.status == 405) CHECK(r.header("allow") == "GET, HEAD, OPTIONS");
    }
}

TEST_CASE("CORS preflight and the Allow header", "[serve][hardening]") {
    auto& f = test::serve_fixture();
    test::RawClient c(f.port);
    c.send("OPTIONS /tiles/tiny_net_vector/0/0/0.mvt HTTP/1.1\r\nHost: x\r\nOrigin: http://a.example\r\n"
           "Access-Control-Request-Method: GET\r\n\r\n");
    const auto r = c.read_reply();
    CHECK(r.status == 204);
    CHECK(r.header("access-control-allow-origin") == "*");
    CHECK(r.header("access-control-allow-methods") == "GET, HEAD, OPTIONS");
    CHECK(r.header("access-control-allow-headers").find("If-None-Match") != std::string::npos);
}
