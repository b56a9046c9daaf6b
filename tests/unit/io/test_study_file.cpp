#include <assetmap/core/error.hpp>
#include <assetmap/io/study_file.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace assetmap;

TEST_CASE("the default Newport study file parses", "[io][study]") {
    const auto s = io::load_study(test::source_dir() + "/datasets/newport/study.toml",
                                  test::source_dir());  // any existing folder as data dir
    CHECK(s.name == "newport");
    CHECK(s.metric_crs == "EPSG:27700");
    CHECK(s.areas.code_field == "MSOA11CD");
    CHECK(s.areas.parents == std::vector<std::string>{"W06000022"});
    CHECK(s.areas.path == test::source_dir() + "/wales_msoa11_bgc.geojson");
    REQUIRE(s.population_points);
    CHECK(s.population_points->columns.weight == "pop2011");
    REQUIRE(s.assets.size() == 2);
    CHECK(s.assets[0].format == AssetSource::Format::osm);
    REQUIRE(s.assets[0].extent);
    CHECK(s.assets[0].extent->min_lon_deg == Approx(-3.0764));
    CHECK(s.assets[1].format == AssetSource::Format::gtfs);
    CHECK(s.assets[1].category == "bus_stop");
    CHECK(s.assets[1].inside_areas_only);
    CHECK(s.dedupe_distance_m == 25);
    CHECK(s.taxonomy_path == test::source_dir() + "/datasets/taxonomy.toml");
}

TEST_CASE("study file errors name the file - line - key and fix", "[io][study]") {
    unsetenv("ASSETMAP_DATA_DIR");
    const auto dir = test::temp_dir("study");
    const auto path = (dir / "s.toml").string();
    auto expect = [&](const std::string& text, const std::string& needle) {
        std::ofstream(path) << text;
        try {
            io::load_study(path);
            FAIL("no exception for:\n" << text);
        } catch (const error& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find(needle) != std::string::npos);
        }
    };
    const std::string head = "[study]\nname='x'\ntaxonomy='t.toml'\ndata_dir='.'\n";
    const std::string areas = "[areas]\npath='a.geojson'\ncode_field='c'\n";
    expect("[study]\nname='x'\n", "needs key 'taxonomy'");
    expect(head, "missing section [areas]");
    expect(head + "[areas]\npath='a.geojson'\n", "needs key 'code_field'");
    expect(head + areas + "colour='red'\n", "unknown key 'colour'");
    expect(head + areas + "[[assets]]\nname='a'\nformat='shp'\npath='x'\n", "format 'shp'");
    expect(head + areas +
               "[[assets]]\nname='a'\nformat='vector'\npath='x'\ncategory='a'\n"
               "category_field='b'\n",
           "keep one");
    expect(head + areas + "[[assets]]\nname='a'\nformat='osm'\npath='x'\nextent=[1,2,3]\n",
           "extent must be");
    expect(head + areas + "[population_points]\npath='p.csv'\nweight='w'\nx='x'\ny='y'\n",
           "needs 'crs'");
    expect("[study]\nname='x'\ntaxonomy='t.toml'\ndata_dir='/nonexistent/data'\n" + areas,
           "data directory not found");
    expect("[study\n", "s.toml:line 1");
    CHECK_THROWS_AS(io::load_study((dir / "missing.toml").string()), input_error);
}

TEST_CASE("ASSETMAP_DATA_DIR and the override move the data directory", "[io][study]") {
    const auto dir = test::temp_dir("study_env");
    const auto path = (dir / "s.toml").string();
    std::ofstream(path) << "[study]\nname='x'\ntaxonomy='t.toml'\ndata_dir='/nonexistent'\n"
                           "[areas]\npath='a.geojson'\ncode_field='c'\n";
    const auto s = io::load_study(path, dir.string());
    CHECK(s.data_dir == dir.string());
    CHECK(s.areas.path == (dir / "a.geojson").string());
    setenv("ASSETMAP_DATA_DIR", dir.string().c_str(), 1);
    CHECK(io::load_study(path).data_dir == dir.string());
    unsetenv("ASSETMAP_DATA_DIR");
}

TEST_CASE("the [measures] section sets categories - thresholds and indicators", "[io][study]") {
    unsetenv("ASSETMAP_DATA_DIR");
    const auto dir = test::temp_dir("study_measures");
    const auto path = (dir / "s.toml").string();
    const std::string head = "[study]\nname='x'\ntaxonomy='t.toml'\ndata_dir='.'\n"
                             "[areas]\npath='a.geojson'\ncode_field='c'\n";
    std::ofstream(path) << head
                        << "[measures]\ncategories=['bus_stop','gp_doctors']\n"
                           "indicators=['bus_stop_coverage_pct_400']\n"
                           "[measures.thresholds_m]\nbus_stop=[400, 800]\ngp_doctors=1000\n";
    const auto s = io::load_study(path);
    CHECK(s.measures.categories == std::vector<std::string>{"bus_stop", "gp_doctors"});
    CHECK(s.measures.thresholds_m.at("bus_stop") == std::vector<double>{400, 800});
    CHECK(s.measures.thresholds_m.at("gp_doctors") == std::vector<double>{1000});
    CHECK(s.measures.indicators == std::vector<std::string>{"bus_stop_coverage_pct_400"});
    std::ofstream(path) << head << "[measures.thresholds_m]\nbus_stop=[-5]\n";
    CHECK_THROWS_WITH(io::load_study(path), Catch::Contains("must be > 0"));
}
