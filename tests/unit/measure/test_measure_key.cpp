#include <assetmap/measure/measure_key.hpp>
#include <assetmap/measure/measure_table.hpp>

#include <catch2/catch.hpp>

using namespace assetmap::measure;

TEST_CASE("column names are <category>_<measure>[_<T>]", "[measure][key]") {
    CHECK(MeasureKey{"bus_stop", MeasureKind::coverage_pct, 400.0}.column() ==
          "bus_stop_coverage_pct_400");
    CHECK(MeasureKey{"gp_doctors", MeasureKind::fca2, 1000.0}.column() == "gp_doctors_fca2_1000");
    CHECK(MeasureKey{"gp_doctors", MeasureKind::nearest_m, 1000.0}.column() ==
          "gp_doctors_nearest_m");  // no threshold in the name
    CHECK(MeasureKey{"green_space", MeasureKind::m2_per_person}.column() ==
          "green_space_m2_per_person");
    CHECK(MeasureKey{"library", MeasureKind::cumulative, 402.5}.column() ==
          "library_cumulative_402p5");
    CHECK(threshold_label(400.0) == "400");
    CHECK(threshold_label(402.5) == "402p5");
    CHECK(threshold_label(0.0) == "0");
    CHECK(threshold_label(0.25) == "0p25");
    CHECK(threshold_label(1200.0) == "1200");
}

TEST_CASE("measure kinds: names, units, thresholds, orientation", "[measure][key]") {
    CHECK(std::string(to_string(MeasureKind::per_1000)) == "per_1000");
    CHECK(std::string(to_string(MeasureKind::area_pct)) == "area_pct");
    CHECK(std::string(unit_of(MeasureKind::nearest_m)) == "metres");
    CHECK(std::string(unit_of(MeasureKind::coverage_pct)) == "% of residents");
    CHECK(has_threshold(MeasureKind::coverage_pct));
    CHECK(has_threshold(MeasureKind::cumulative));
    CHECK(has_threshold(MeasureKind::fca2));
    CHECK_FALSE(has_threshold(MeasureKind::gravity));
    CHECK_FALSE(has_threshold(MeasureKind::count));
    CHECK(lower_is_better(MeasureKind::nearest_m));
    CHECK_FALSE(lower_is_better(MeasureKind::coverage_pct));
    // Threshold is ignored in equality for measures without one.
    CHECK(MeasureKey{"a", MeasureKind::count, 1.0} == MeasureKey{"a", MeasureKind::count, 2.0});
    CHECK_FALSE(MeasureKey{"a", MeasureKind::fca2, 1.0} == MeasureKey{"a", MeasureKind::fca2, 2.0});
}

TEST_CASE("MeasureTable finds columns by key and by name", "[measure][table]") {
    MeasureTable t;
    t.keys = {{"a", MeasureKind::count, 0.0}, {"a", MeasureKind::coverage_pct, 400.0},
              {"a", MeasureKind::coverage_pct, 800.0}};
    t.row_ids = {"X"};
    t.values.assign(3, std::nullopt);
    t.at(0, 2) = 5.0;
    CHECK(t.find(MeasureKey{"a", MeasureKind::coverage_pct, 800.0}) == 2);
    CHECK(t.find(std::string("a_coverage_pct_400")) == 1);
    CHECK(t.find(std::string("a_gravity")) == 3);
    CHECK(t.find(MeasureKey{"b", MeasureKind::count, 0.0}) == 3);
    CHECK(*t.at(0, t.find(std::string("a_coverage_pct_800"))) == 5.0);
}

TEST_CASE("parse_column reads every column name back", "[measure][key]") {
    const std::vector<std::string> cats = {"bus", "bus_stop", "green_space", "gp_doctors"};
    using K = MeasureKind;
    const std::vector<MeasureKey> keys = {
        {"bus_stop", K::coverage_pct, 400},    {"bus_stop", K::net_coverage_pct, 402.5},
        {"bus", K::count, 0},                  {"green_space", K::m2_per_person, 0},
        {"gp_doctors", K::nearest_m, 0},       {"gp_doctors", K::net_nearest_m, 0},
        {"gp_doctors", K::fca2, 1000},         {"bus_stop", K::net_reachable_pct, 0},
        {"bus_stop", K::cumulative, 0.25},     {"green_space", K::area_pct, 0}};
    for (const auto& k : keys) {
        INFO(k.column());
        const auto back = parse_column(k.column(), cats);
        REQUIRE(back);
        CHECK(*back == k);
        CHECK(back->category == k.category);
    }
    CHECK_FALSE(parse_column("asset_index", cats));
    CHECK_FALSE(parse_column("bus_stop_coverage_pct", cats));       // threshold missing
    CHECK_FALSE(parse_column("bus_stop_coverage_pct_4x0", cats));   // not a number
    CHECK_FALSE(parse_column("bus_stop_coverage_pct_0400", cats));  // not the canonical label
    CHECK_FALSE(parse_column("library_count", cats));               // unknown category
    CHECK_FALSE(parse_column("bus_stop_partial_data", cats));
}

TEST_CASE("public-transport columns carry their window and minutes, and read back",
          "[measure][key]") {
    const std::vector<std::string> cats = {"gp_doctors", "hospital"};
    using K = MeasureKind;
    MeasureKey minutes{"gp_doctors", K::pt_minutes, 0};
    minutes.window = "weekday_am";
    MeasureKey coverage{"hospital", K::pt_coverage_pct, 0};
    coverage.window = "day_2";  // a window name may end in _<digits>: M is after the last '_'
    coverage.threshold_minutes = 60;
    MeasureKey half{"hospital", K::pt_coverage_pct, 0};
    half.window = "sunday";
    half.threshold_minutes = 22.5;
    MeasureKey reach{"gp_doctors", K::pt_reachable_pct, 0};
    reach.window = "evening";
    CHECK(minutes.column() == "gp_doctors_pt_minutes_weekday_am");
    CHECK(coverage.column() == "hospital_pt_coverage_pct_day_2_60");
    CHECK(half.column() == "hospital_pt_coverage_pct_sunday_22p5");
    CHECK(reach.column() == "gp_doctors_pt_reachable_pct_evening");
    for (const auto& k : {minutes, coverage, half, reach}) {
        INFO(k.column());
        const auto back = parse_column(k.column(), cats);
        REQUIRE(back);
        CHECK(*back == k);
        CHECK(back->window == k.window);
        CHECK(back->threshold_minutes == k.threshold_minutes);
    }
    MeasureKey other = coverage;
    other.window = "weekday_am";
    CHECK_FALSE(other == coverage);
    CHECK(lower_is_better(K::pt_minutes));
    CHECK_FALSE(lower_is_better(K::pt_coverage_pct));
    CHECK_FALSE(has_threshold(K::pt_coverage_pct));  // its threshold is minutes, not metres
    CHECK_FALSE(parse_column("hospital_pt_coverage_pct_weekday_am", cats));  // M missing
    CHECK_FALSE(parse_column("hospital_pt_minutes_", cats));                 // window missing
    CHECK_FALSE(parse_column("hospital_pt_minutes_Weekday", cats));          // not a window name
    CHECK_FALSE(parse_column("hospital_pt_coverage_pct_weekday_am_6x", cats));
}
