#include <assetmap/core/error.hpp>
#include <assetmap/core/taxonomy.hpp>

#include <catch2/catch.hpp>

using namespace assetmap;

namespace {
Category make(std::string id, Domain d, std::vector<std::string> selectors,
              std::vector<std::string> aliases = {}) {
    Category c;
    c.id = std::move(id);
    c.domain = d;
    for (const auto& s : selectors) c.osm.push_back(parse_selector(s));
    c.aliases = std::move(aliases);
    return c;
}
}  // namespace

TEST_CASE("selectors parse key=value - lists - wildcards and conjunctions", "[core]") {
    auto s = parse_selector("shop=supermarket|convenience");
    REQUIRE(s.all_of.size() == 1);
    CHECK(s.all_of[0].key == "shop");
    CHECK(s.all_of[0].values == std::vector<std::string>{"supermarket", "convenience"});
    CHECK(parse_selector("leisure=*").all_of[0].values.empty());
    auto c = parse_selector(" public_transport = platform & bus=yes ");
    REQUIRE(c.all_of.size() == 2);
    CHECK(c.all_of[1].key == "bus");
    CHECK_THROWS_AS(parse_selector("amenity"), config_error);
    CHECK_THROWS_AS(parse_selector("=x"), config_error);
    CHECK_THROWS_AS(parse_selector("a=b|"), config_error);
    CHECK_THROWS_AS(parse_selector("a=b & "), config_error);
}

TEST_CASE("OSM tags map to every matching category - in taxonomy order", "[core]") {
    Taxonomy t({make("bus_stop", Domain::structural,
                     {"highway=bus_stop", "public_transport=platform & bus=yes"}),
                make("food_shop", Domain::structural, {"shop=supermarket|convenience"}),
                make("post_office", Domain::structural, {"amenity=post_office"}),
                make("any_leisure", Domain::community, {"leisure=*"})});
    auto ids = [&](const TagList& tags) {
        std::vector<std::string> out;
        for (const auto* c : t.match_osm(tags)) out.push_back(c->id);
        return out;
    };
    CHECK(ids({{"highway", "bus_stop"}}) == std::vector<std::string>{"bus_stop"});
    // A platform is a bus stop only with bus=yes.
    CHECK(ids({{"public_transport", "platform"}}).empty());
    CHECK(ids({{"public_transport", "platform"}, {"bus", "yes"}}) ==
          std::vector<std::string>{"bus_stop"});
    // A post office in a convenience shop is both.
    CHECK(ids({{"amenity", "post_office"}, {"shop", "convenience"}}) ==
          std::vector<std::string>{"food_shop", "post_office"});
    CHECK(ids({{"leisure", "anything"}}) == std::vector<std::string>{"any_leisure"});
    CHECK(ids({{"shop", "clothes"}}).empty());
    CHECK(ids({}).empty());
    CHECK(t.osm_keys() ==
          std::vector<std::string>{"amenity", "bus", "highway", "leisure", "public_transport",
                                   "shop"});
}

TEST_CASE("field values map by id or alias - unknown values do not", "[core]") {
    Taxonomy t({make("cinema", Domain::community, {}, {"civic_other:cinema"}),
                make("library", Domain::individual, {})});
    REQUIRE(t.match_value("cinema"));
    CHECK(t.match_value("civic_other:cinema")->id == "cinema");
    CHECK(t.match_value("library")->domain == Domain::individual);
    CHECK(t.match_value("civic_other:toilets") == nullptr);
    CHECK(t.find("library"));
    CHECK(t.find("nope") == nullptr);
}

TEST_CASE("taxonomy refuses duplicate ids and aliases", "[core]") {
    CHECK_THROWS_AS(Taxonomy({make("a", Domain::community, {}), make("a", Domain::community, {})}),
                    config_error);
    CHECK_THROWS_AS(Taxonomy({make("a", Domain::community, {}, {"x"}),
                              make("b", Domain::community, {}, {"x"})}),
                    config_error);
    CHECK(parse_domain("structural") == Domain::structural);
    CHECK_FALSE(parse_domain("Structural"));
}
