#include <assetmap/core/error.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace assetmap;

namespace {
std::string write(const std::string& name, const std::string& text) {
    const auto dir = test::temp_dir("taxonomy");
    const auto path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
}
}  // namespace

TEST_CASE("the project taxonomy has every category of DESIGN.md", "[io][taxonomy]") {
    const auto t = io::load_taxonomy(test::source_dir() + "/datasets/taxonomy.toml");
    const std::pair<const char*, Domain> expected[] = {
        {"community_centre", Domain::community}, {"place_of_worship", Domain::community},
        {"social_facility", Domain::community},  {"arts_centre", Domain::community},
        {"theatre", Domain::community},          {"cinema", Domain::community},
        {"sports_pitch", Domain::community},     {"sports_leisure", Domain::community},
        {"playground", Domain::community},       {"allotments", Domain::community},
        {"library", Domain::individual},         {"education", Domain::individual},
        {"green_space", Domain::structural},     {"bus_stop", Domain::structural},
        {"rail_station", Domain::structural},    {"bus_station", Domain::structural},
        {"gp_doctors", Domain::structural},      {"pharmacy", Domain::structural},
        {"food_shop", Domain::structural},       {"post_office", Domain::structural}};
    for (const auto& [id, domain] : expected) {
        INFO(id);
        const auto* c = t.find(id);
        REQUIRE(c);
        CHECK(c->domain == domain);
        CHECK(c->threshold_m > 0);
        CHECK_FALSE(c->osm.empty());
    }
    // Thresholds from DESIGN.md's table.
    CHECK(t.find("green_space")->threshold_m == 300);
    CHECK(t.find("green_space")->is_area);
    CHECK(t.find("bus_stop")->threshold_m == 400);
    CHECK(t.find("playground")->threshold_m == 400);
    CHECK(t.find("gp_doctors")->threshold_m == 1000);
    CHECK(t.find("library")->threshold_m == 1200);
    CHECK(t.match_osm({{"healthcare", "doctor"}}).front()->id == "gp_doctors");
    CHECK(t.match_value("civic_other:social_facility")->id == "social_facility");
}

TEST_CASE("taxonomy file errors name the file - line and fix", "[io][taxonomy]") {
    auto expect_error = [](const std::string& text, const std::string& needle) {
        const auto path = write("t.toml", text);
        try {
            io::load_taxonomy(path);
            FAIL("no exception for: " << text);
        } catch (const config_error& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find(needle) != std::string::npos);
        }
    };
    expect_error("[[category]]\nid='a'\ndomain='social'\nthreshold_m=100\n", "domain 'social'");
    expect_error("[[category]]\nid='a'\ndomain='community'\n", "threshold_m");
    expect_error("[[category]]\nid='a'\ndomain='community'\nthreshold_m=1\ntreshold=2\n",
                 "unknown key 'treshold'");
    expect_error("[[category]]\nid='a'\ndomain='community'\nthreshold_m=1\nosm=['amenity']\n",
                 "bad selector");
    expect_error("[[category]\n", "line 1");
    expect_error("", "no [[category]]");
    expect_error("category = 3\n", "no [[category]]");
    expect_error("category = [1]\n", "[[category]] must be a table");
    expect_error("[[category]]\nid='a'\ndomain='community'\nthreshold_m='far'\n",
                 "t.toml:line 4: 'threshold_m' must be a number");
    expect_error("[[category]]\nid='a'\ndomain='community'\nthreshold_m=1\n[[category]]\n"
                 "id='b'\nx=1\n",
                 "t.toml:line 7: unknown key 'x' in [category]");
    // Hostile input that toml++ 3.3 turned into undefined behaviour or an assertion.
    expect_error("[[category]]\nid = 'a'\xc2\xa9\n", "t.toml:line 2");
    expect_error("[.category]\n", "t.toml:line 1");
    CHECK_THROWS_AS(io::load_taxonomy("/nonexistent/taxonomy.toml"), input_error);
}

TEST_CASE("the project taxonomy maps Geofabrik and NaPTAN classes", "[io][taxonomy]") {
    const auto t = io::load_taxonomy(test::source_dir() + "/datasets/taxonomy.toml");
    auto ids = [&](const TagList& fields) {
        std::vector<std::string> out;
        for (const auto* c : t.match_fields(fields)) out.push_back(c->id);
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(ids({{"fclass", "pharmacy"}}) == V{"pharmacy"});
    CHECK(ids({{"fclass", "post_office"}}) == V{"post_office"});
    CHECK(ids({{"fclass", "christian_methodist"}}) == V{"place_of_worship"});
    CHECK(ids({{"fclass", "railway_station"}}) == V{"rail_station"});
    CHECK(ids({{"fclass", "hospital"}}) == V{"hospital"});
    CHECK(ids({{"StopType", "BCT"}}) == V{"bus_stop"});
    CHECK(ids({{"StopType", "BCS"}}) == V{"bus_stop"});
    CHECK(ids({{"StopType", "RLY"}}) == V{"rail_station"});
    CHECK(ids({{"StopType", "RSE"}}).empty());
    CHECK(ids({{"fclass", "bench"}}).empty());
    const auto* h = t.find("hospital");
    REQUIRE(h);
    CHECK(h->domain == Domain::structural);
    CHECK(h->threshold_m == 5000);
}

TEST_CASE("taxonomy select selectors are checked like osm ones", "[io][taxonomy]") {
    const auto path = write("t.toml", "[[category]]\nid='a'\ndomain='community'\n"
                                      "threshold_m=1\nselect=['fclass']\n");
    CHECK_THROWS_WITH(io::load_taxonomy(path), Catch::Contains("category 'a': bad selector"));
    const auto ok = write("t.toml", "[[category]]\nid='a'\ndomain='community'\nthreshold_m=1\n"
                                    "select=['StopType=BCT & BusStopType!=FLX']\n");
    const auto t = io::load_taxonomy(ok);
    REQUIRE(t.find("a")->select.size() == 1);
    CHECK(t.find("a")->osm.empty());
}
