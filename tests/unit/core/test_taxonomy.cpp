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

// Geofabrik's free shapefiles carry `fclass`; NaPTAN's CSV `StopType`. Fixture rows below are
// real rows of wales_osm_2021-01-17_pois.geojson and wales_naptan_stops_2026-07-24.csv.
TEST_CASE("select: categories from any field (Geofabrik fclass, NaPTAN StopType)", "[core]") {
    Category pharmacy = make("pharmacy", Domain::structural, {"amenity=pharmacy"});
    pharmacy.select.push_back(parse_selector("fclass=pharmacy"));
    Category bus = make("bus_stop", Domain::structural, {"highway=bus_stop"});
    bus.select.push_back(parse_selector("StopType=BCT|BCS"));
    Category rail = make("rail_station", Domain::structural, {"railway=station|halt"});
    rail.select.push_back(parse_selector("StopType=RLY"));
    rail.select.push_back(parse_selector("fclass=railway_station"));
    const Taxonomy t({pharmacy, bus, rail});
    auto ids = [&](const TagList& fields) {
        std::vector<std::string> out;
        for (const auto* c : t.match_fields(fields)) out.push_back(c->id);
        return out;
    };
    // A Geofabrik POI row (osm_id, code, fclass, name).
    CHECK(ids({{"osm_id", "50049260"}, {"code", "2101"}, {"fclass", "pharmacy"},
               {"name", "J.A. Davies"}}) == std::vector<std::string>{"pharmacy"});
    CHECK(ids({{"fclass", "railway_station"}, {"name", "Rhyl"}}) ==
          std::vector<std::string>{"rail_station"});
    // NaPTAN: 5110ABC99960 … StopType BCT; a rail station access area is RLY; an entrance RSE.
    CHECK(ids({{"ATCOCode", "5110ABC99960"}, {"StopType", "BCT"}, {"BusStopType", "MKD"}}) ==
          std::vector<std::string>{"bus_stop"});
    CHECK(ids({{"StopType", "RLY"}}) == std::vector<std::string>{"rail_station"});
    CHECK(ids({{"StopType", "RSE"}}).empty());
    CHECK(ids({{"fclass", "bench"}}).empty());
    // OSM tags still match through `osm`; `select` is never used on OSM tags.
    CHECK(ids({{"amenity", "pharmacy"}}) == std::vector<std::string>{"pharmacy"});
    CHECK(t.match_osm({{"fclass", "pharmacy"}}).empty());
    CHECK(t.osm_keys() == std::vector<std::string>{"amenity", "highway", "railway"});
}

TEST_CASE("!= conditions and source filters", "[core]") {
    const auto ne = parse_selector("fclass!=doctors|library");
    REQUIRE(ne.all_of.size() == 1);
    CHECK(ne.all_of[0].negated);
    CHECK(ne.all_of[0].values == std::vector<std::string>{"doctors", "library"});
    CHECK_FALSE(ne.has_positive());
    CHECK(selector_matches(ne, {{"fclass", "pharmacy"}}));
    CHECK_FALSE(selector_matches(ne, {{"fclass", "library"}}));
    CHECK(selector_matches(ne, {{"name", "no fclass at all"}}));  // absent key: holds
    const auto absent = parse_selector("Status!=*");
    CHECK(selector_matches(absent, {{"a", "b"}}));
    CHECK_FALSE(selector_matches(absent, {{"Status", "active"}}));
    const auto both = parse_selector("StopType=BCT & BusStopType!=FLX");
    CHECK(both.has_positive());
    CHECK(selector_matches(both, {{"StopType", "BCT"}, {"BusStopType", "MKD"}}));
    CHECK_FALSE(selector_matches(both, {{"StopType", "BCT"}, {"BusStopType", "FLX"}}));
    const std::vector<TagSelector> filter{parse_selector("Status=active"),
                                          parse_selector("Status!=*")};
    CHECK(any_selector_matches(filter, {{"Status", "active"}}));
    CHECK(any_selector_matches(filter, {}));
    CHECK_FALSE(any_selector_matches(filter, {{"Status", "inactive"}}));
    CHECK_FALSE(any_selector_matches({}, {{"Status", "active"}}));
    CHECK_THROWS_AS(parse_selector("!=x"), config_error);
    CHECK_THROWS_AS(parse_selector("a!="), config_error);
    // A category selector must select something by value.
    Category c = make("x", Domain::community, {});
    c.select.push_back(ne);
    CHECK_THROWS_AS(Taxonomy({c}), config_error);
}
