// Request-target parsing, strict numbers, entity tags, gzip negotiation and the LRU cache:
// expected values written by hand from RFC 3986 / RFC 9110 and the rules in url.hpp.
#include <assetmap/serve/compression.hpp>
#include <assetmap/serve/etag.hpp>
#include <assetmap/serve/lru_cache.hpp>
#include <assetmap/serve/url.hpp>

#include <catch2/catch.hpp>

using namespace assetmap::serve;

TEST_CASE("parse_target splits and decodes path and query", "[serve][url]") {
    auto t = parse_target("/api/near?lon=-2.99&lat=51.58&category=library%2Cpharmacy&x=a+b");
    REQUIRE(t);
    CHECK(t->path == "/api/near");
    REQUIRE(t->query.size() == 4);
    CHECK(t->query[0] == std::make_pair(std::string("lon"), std::string("-2.99")));
    CHECK(t->query[2].second == "library,pharmacy");
    CHECK(t->query[3].second == "a b");
    CHECK(parse_target("/a%20b")->path == "/a b");
    CHECK(parse_target("/x?flag")->query.at(0).second.empty());
    CHECK(parse_target("http://example.org:8080/tiles?x=1")->path == "/tiles");
    CHECK(parse_target("http://example.org")->path == "/");
}

TEST_CASE("parse_target refuses what could escape a table", "[serve][url]") {
    for (const char* bad : {"", "tiles", "/../etc/passwd", "/a/../b", "/a/./b", "/%2e%2e/x",
                            "/a/%2E%2E", "/a\\b", "/a%5cb", "/a%00b", "/a%0d%0ab", "/a%zz",
                            "/a%4", "/a#frag", "/a b", "/x?q=%ff%"})
        CHECK_FALSE(parse_target(bad));
    CHECK(parse_target("/a..b/c.d"));  // dots inside a segment are fine
}

TEST_CASE("strict numbers", "[serve][url]") {
    CHECK(parse_uint("0") == 0u);
    CHECK(parse_uint("4294967295") == 4294967295u);
    CHECK_FALSE(parse_uint("4294967296"));
    CHECK_FALSE(parse_uint("-1"));
    CHECK_FALSE(parse_uint("+1"));
    CHECK_FALSE(parse_uint(" 1"));
    CHECK_FALSE(parse_uint("1e3"));
    CHECK_FALSE(parse_uint(""));
    CHECK(parse_uint("25", 24) == std::nullopt);
    CHECK(parse_finite("-2.9977") == Approx(-2.9977));
    CHECK(parse_finite("1e3") == 1000.0);
    for (const char* bad : {"nan", "inf", "-inf", "1e999", "0x10", "1,5", "", "1 ", "abc"})
        CHECK_FALSE(parse_finite(bad));
    CHECK(split_commas("a,,b") == std::vector<std::string>{"a", "", "b"});
    CHECK(percent_encode("a b/c:d") == "a%20b%2Fc%3Ad");
    CHECK(is_safe_name("newport_asset-index.v2"));
    CHECK_FALSE(is_safe_name(".hidden"));
    CHECK_FALSE(is_safe_name("a/b"));
    CHECK_FALSE(is_safe_name(""));
}

TEST_CASE("strong entity tags and If-None-Match", "[serve][etag]") {
    // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the reference value of the algorithm).
    CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
    const std::string tag = strong_etag("hello");
    CHECK(tag.front() == '"');
    CHECK(tag.back() == '"');
    CHECK(tag != strong_etag("hello", "gz"));
    CHECK(tag != strong_etag("hellp"));
    CHECK(if_none_match(tag, tag));
    CHECK(if_none_match("\"x\", " + tag, tag));
    CHECK(if_none_match("W/" + tag, tag));  // weak comparison for If-None-Match
    CHECK(if_none_match("*", tag));
    CHECK_FALSE(if_none_match("\"x\"", tag));
    CHECK_FALSE(if_none_match("", tag));
}

TEST_CASE("gzip round trip and Accept-Encoding", "[serve][gzip]") {
    const std::string text(5000, 'x');
    const std::string gz = gzip_compress(text);
    CHECK(gz.size() < 100);
    CHECK(static_cast<unsigned char>(gz[0]) == 0x1f);
    CHECK(static_cast<unsigned char>(gz[1]) == 0x8b);
    CHECK(gzip_decompress(gz) == text);
    CHECK_FALSE(gzip_decompress("not gzip"));
    CHECK_FALSE(gzip_decompress(gz.substr(0, gz.size() / 2)));  // truncated
    CHECK_FALSE(gzip_decompress(gz, 100));                      // bomb cap
    CHECK(accepts_gzip("gzip, deflate, br"));
    CHECK(accepts_gzip("deflate, GZIP;q=0.5"));
    CHECK(accepts_gzip("*"));
    CHECK_FALSE(accepts_gzip("gzip;q=0"));
    CHECK_FALSE(accepts_gzip("gzip;q=0.000, br"));
    CHECK_FALSE(accepts_gzip("identity"));
    CHECK_FALSE(accepts_gzip(""));
}

TEST_CASE("LRU cache evicts the least recently used within its bytes", "[serve][lru]") {
    const std::size_t entry = LruCache::entry_overhead;
    LruCache cache(3 * (entry + 1 + 100));  // room for three 100-byte values with 1-byte keys
    auto v = [](char c) { return std::make_shared<const std::string>(100, c); };
    cache.put("a", v('a'));
    cache.put("b", v('b'));
    cache.put("c", v('c'));
    CHECK(cache.size() == 3);
    CHECK(cache.get("a"));  // a is now the most recent
    cache.put("d", v('d'));  // evicts b
    CHECK_FALSE(cache.get("b"));
    CHECK(cache.get("a"));
    CHECK(cache.get("c"));
    CHECK(cache.get("d"));
    CHECK(cache.bytes() <= cache.capacity());
    cache.put("huge", std::make_shared<const std::string>(10000, 'h'));  // larger than all
    CHECK_FALSE(cache.get("huge"));
    CHECK(cache.size() == 3);
}
