// Ingest of the real default study (Newport, ../shared/data). Expected values come from the
// commands quoted beside them, run on the same files. Per-category asset counts are checked
// against osmium-tool and GeoPandas by tests/integration/check_default_counts.py.
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/measure/measure_engine.hpp>

#include "../support/paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

using namespace assetmap;

namespace {
const StudyData& newport() {
    static const StudyData data = [] {
        const auto study = io::load_study(test::source_dir() + "/datasets/newport/study.toml",
                                          test::shared_data());
        const auto taxonomy = io::load_taxonomy(study.taxonomy_path);
        ingest::IngestOptions options;
        options.timestamp_utc = "2026-01-01T00:00:00Z";
        return ingest::ingest_study(study, taxonomy, options);
    }();
    return data;
}
}  // namespace

TEST_CASE("Newport: 20 MSOAs with their 2011 population", "[data]") {
    if (!std::filesystem::exists(test::shared_data())) { WARN("shared data not present; skipped"); return; }
    const auto& d = newport();
    // ogrinfo -ro -q -sql "select count(*) from wales_msoa11_bgc where LAD11CD='W06000022'"
    //   wales_msoa11_bgc.geojson → 20
    REQUIRE(d.areas.size() == 20);
    CHECK(d.areas.front().code == "W02000347");
    CHECK(d.areas.back().code == "W02000366");
    // awk -F, '$3=="W06000022"{s+=$5} END{print s}' wales_msoa11_pop2011.csv → 145736
    double total = 0;
    for (const auto& a : d.areas) {
        REQUIRE(a.population);
        total += *a.population;
        CHECK(a.parent_code == "W06000022");
        CHECK(a.area_m2 > 0);
    }
    CHECK(total == 145736);
}

TEST_CASE("Newport: 475 OA points whose weights sum to each MSOA's population", "[data]") {
    if (!std::filesystem::exists(test::shared_data())) { WARN("shared data not present; skipped"); return; }
    const auto& d = newport();
    // awk -F, '$4=="W06000022"{n++; s+=$5} END{print n, s}' wales_oa11_pop2011_centroids.csv
    //   → 475 145736
    CHECK(d.population_points.size() == 475);
    std::map<std::string, double> sum;
    for (const auto& p : d.population_points) sum[p.area_code] += p.weight;
    for (const auto& a : d.areas) CHECK(sum[a.code] == *a.population);
}

TEST_CASE("Newport: assets are categorised - located and traceable", "[data]") {
    if (!std::filesystem::exists(test::shared_data())) { WARN("shared data not present; skipped"); return; }
    const auto& d = newport();
    const auto taxonomy = io::load_taxonomy(test::source_dir() + "/datasets/taxonomy.toml");
    std::set<std::string> ids;
    std::size_t merged = 0;
    for (const auto& a : d.assets) {
        CHECK(taxonomy.find(a.category));
        CHECK(ids.insert(a.id).second);
        CHECK_FALSE(a.sources.empty());
        merged += a.sources.size() > 1;
        // Inside Wales' part of the British National Grid, or a hospital across the border
        // that the NHS Wales site list names (Hereford, Chester, Shrewsbury, Liverpool, …).
        CHECK(a.location.x_m > 150000);
        if (a.category != "hospital") CHECK(a.location.x_m < 360000);
        // With the Wales comparator every asset lies in a Welsh MSOA (region_area_code) or is
        // flagged outside_areas; those in Newport's MSOAs have an area code.
        if (!a.area_code.empty()) CHECK(a.region_area_code == a.area_code);
        if (a.category == "green_space") CHECK(a.footprint);
    }
    REQUIRE(d.region);
    CHECK(d.region->areas.size() == 390);  // the other Welsh MSOAs
    CHECK(d.region->population_points.size() == 10036 - 475);
    // OSM bus stops and their NaPTAN (GTFS) stops are merged.
    CHECK(merged > 100);
    for (const auto& p : d.problems.problems()) CHECK_FALSE(p.message.empty());
}

TEST_CASE("Newport: walking measures searched several categories at once equal a serial run",
          "[data][network][threads]") {
    // Expected: the serial run (one category after another on one thread, as before
    // walk_categories); check_default_network.py checks that run against networkx.
    if (!std::filesystem::exists(test::shared_data())) { WARN("shared data not present; skipped"); return; }
    const auto& d = newport();
    REQUIRE(d.network);
    const auto study = io::load_study(test::source_dir() + "/datasets/newport/study.toml",
                                      test::shared_data());
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    measure::MeasureOptions o;
    o.threads = 1;
    std::vector<std::string> stages;
    o.progress = [&](std::string_view stage, std::size_t, std::size_t) {
        if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
    };
    const measure::MeasureResults serial = measure::compute_measures(d, taxonomy, o);
    REQUIRE(serial.network.used);
    CHECK(std::count(stages.begin(), stages.end(), "walking measures") == 1);
    // The searches did something: net_ values in most columns, and problems to keep in order.
    std::size_t net_values = 0;
    for (std::size_t k = 0; k < serial.areas.keys.size(); ++k)
        if (serial.areas.keys[k].column().find("_net_") != std::string::npos)
            for (std::size_t a = 0; a < serial.areas.row_ids.size(); ++a)
                net_values += serial.areas.values[a * serial.areas.keys.size() + k].has_value();
    CHECK(net_values > 200);
    CHECK(serial.network.region_assets_off_network + serial.problems.size() > 0);
    o.progress = {};
    for (const unsigned threads : {2u, 3u, 8u}) {
        INFO("threads " << threads);
        o.threads = threads;
        const measure::MeasureResults par = measure::compute_measures(d, taxonomy, o);
        CHECK(par.areas.values == serial.areas.values);  // exact
        CHECK(par.comparators.values == serial.comparators.values);
        CHECK(par.asset_problems == serial.asset_problems);
        CHECK(par.network.region_off_network_by_category ==
              serial.network.region_off_network_by_category);
        CHECK(par.network.categories_unreachable == serial.network.categories_unreachable);
        REQUIRE(par.problems.size() == serial.problems.size());
        for (std::size_t i = 0; i < par.problems.size(); ++i) {
            CHECK(par.problems.problems()[i].feature == serial.problems.problems()[i].feature);
            CHECK(par.problems.problems()[i].message == serial.problems.problems()[i].message);
        }
    }
}
