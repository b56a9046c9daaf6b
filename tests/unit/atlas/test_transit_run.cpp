// Public transport through the whole job and through "near" on the tiny study with the
// hand-made feed datasets/fixtures/tiny/study_transit.toml (no walking network: straight
// lines × 1.3; walking at 4.8 km/h = 0.75 s per metre, rounded up to a second).
//
// The service date is the feed's first full weekday: its weekday service WK runs every
// Monday–Friday of 2024 (but 6 March) with T1, T2, T4 and F1, so 2024-01-01 (a Monday).
// Trips in weekday_am (07:00–09:00): T1 L1 08:00 → L3 08:10, T2 L1 08:30 → L3 08:40, F1
// every 15 min from 09:00 (L1 → L3 in 10 min). The hospital is 50 m from L3: 65 m, 49 s.
//   p1 (331050,188050): L1 50 m away → 65 m → 49 s. Leaving at 07:00+m (m = 0…119):
//     m ≤ 59 → T1 → arrives 08:10:49: 4249 − 60m s;  60 ≤ m ≤ 89 → T2 → 08:40:49;
//     m ≥ 90 → F1 09:00 → 09:10:49. Times 709 + 60j: j = 0…59 once (T1), j = 0…29 twice
//     (T2, F1); the 60th smallest of the 120 is j = 19: 1849 s = 30.8167 min.
//   p2 (331020,188020): 36.06 m × 1.3 → 36 s: the same trips at the same minutes → 1849 s.
//   p3 (331150,188050): 111.80 m × 1.3 = 145.34 m → 110 s: T1 only until 07:58, T2 until
//     08:28, F1 until 08:58; the 60th smallest is 1909 s = 31.8167 min.
// A1 = p1 (60) + p2 (40): 30.8167 min; A2 = p3 (50): 31.8167 min; coverage at 30 min 0%,
// at 60 min 100%, reachable 100%.

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/profile.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/atlas/transit_nearby.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <fstream>
#include <iterator>

using namespace assetmap;

namespace {

atlas::RunResult run_transit(const std::string& out, unsigned threads) {
    unsetenv("ASSETMAP_DATA_DIR");
    atlas::RunOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    options.threads = threads;
    io::ExportOptions export_options;
    export_options.destination = out;
    return atlas::run_study(test::fixture("tiny/study_transit.toml"), options, export_options);
}

std::optional<double> value(const atlas::RunResult& r, const std::string& area,
                            const std::string& column) {
    const auto& t = r.measures.areas;
    for (std::size_t row = 0; row < t.row_ids.size(); ++row)
        if (t.row_ids[row] == area) return t.at(row, t.find(column));
    FAIL("no area " << area);
    return std::nullopt;
}

std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("pt_ measures of the tiny transit study, by hand", "[atlas][transit]") {
    const auto dir = test::temp_dir("transit_run");
    const auto r = run_transit((dir / "t.gpkg").string(), 1);
    REQUIRE(r.measures.transit.used);
    CHECK(r.measures.transit.window_dates == std::vector<std::string>{"2024-01-01"});
    CHECK(*value(r, "A1", "hospital_pt_minutes_weekday_am") == Approx(1849.0 / 60).epsilon(1e-12));
    CHECK(*value(r, "A2", "hospital_pt_minutes_weekday_am") == Approx(1909.0 / 60).epsilon(1e-12));
    CHECK(*value(r, "A1", "hospital_pt_coverage_pct_weekday_am_30") == 0.0);
    CHECK(*value(r, "A1", "hospital_pt_coverage_pct_weekday_am_60") == 100.0);
    CHECK(*value(r, "A1", "hospital_pt_reachable_pct_weekday_am") == 100.0);
    // Categories not in [transit] categories have no pt_ columns.
    CHECK(r.measures.areas.find(std::string("food_shop_pt_minutes_weekday_am")) ==
          r.measures.areas.keys.size());
    // The study comparator pools the points: (60 + 40) · 1849 + 50 · 1909 over 150.
    const auto& c = r.measures.comparators;
    CHECK(*c.at(0, c.find(std::string("hospital_pt_minutes_weekday_am"))) ==
          Approx((100 * 1849.0 + 50 * 1909.0) / 150 / 60).epsilon(1e-12));
    // Every point is within walking distance of a stop; the layers are written.
    CHECK(r.measures.transit.points_without_stop == 0);
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open((dir / "t.gpkg").c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    for (const char* layer : {"transit_points", "stop_access", "transit_isochrones"}) {
        INFO(layer);
        CHECK(ds->GetLayerByName(layer));
    }
    // stop_access: L1 lies 2 mm south of area A1 (echo "51.5866179 -2.9965985" | cs2cs -f %.4f
    // EPSG:4326 EPSG:27700 → 331050.0039 187999.9979), inside the areas' box widened by the
    // walk limit, so listed without an area; in 07:00–09:00 T1 and T2 leave it: 1 per hour.
    OGRLayer* stops = ds->GetLayerByName("stop_access");
    stops->SetAttributeFilter("stop_id = 'L1'");
    std::unique_ptr<OGRFeature> l1(stops->GetNextFeature());
    REQUIRE(l1);
    CHECK(l1->GetFieldAsDouble("departures_per_hour_weekday_am") == 1.0);
    CHECK_FALSE(l1->IsFieldSetAndNotNull(l1->GetFieldIndex("area_code")));
    CHECK(std::string(l1->GetFieldAsString("walk_model")) == "straight_line");
    CHECK(std::string(l1->GetFieldAsString("routes")) == "1");
}

TEST_CASE("pt_ indicators in an area profile carry their window and minutes", "[atlas][transit]") {
    const auto dir = test::temp_dir("transit_profile");
    const auto r = run_transit((dir / "t.gpkg").string(), 1);
    const auto taxonomy = io::load_taxonomy(test::source_dir() + "/datasets/taxonomy.toml");
    const auto atlas = atlas::atlas_from_run(r, taxonomy);
    const auto profile = atlas::area_profile(atlas, "A1");
    REQUIRE(profile);
    REQUIRE(profile->indicators.size() == 3);
    const auto& coverage = profile->indicators[0];
    CHECK(coverage.column == "hospital_pt_coverage_pct_weekday_am_60");
    CHECK(coverage.category == "hospital");
    CHECK(coverage.domain == "structural");
    CHECK(coverage.measure == "pt_coverage_pct");
    CHECK(coverage.window == "weekday_am");
    CHECK(coverage.threshold_minutes == 60.0);
    CHECK_FALSE(coverage.threshold_m);
    CHECK(coverage.value == 100.0);
    const auto& minutes = profile->indicators[1];
    CHECK(minutes.measure == "pt_minutes");
    CHECK(minutes.window == "weekday_am");
    CHECK_FALSE(minutes.threshold_minutes);
    CHECK(minutes.lower_is_better);
    CHECK(*minutes.value == Approx(1849.0 / 60).epsilon(1e-12));
    CHECK(profile->indicators[2].window.empty());
}

TEST_CASE("the transit run is deterministic and 2 threads equal 1", "[atlas][transit]") {
    const auto dir = test::temp_dir("transit_determinism");
    run_transit((dir / "a.gpkg").string(), 1);
    run_transit((dir / "b.gpkg").string(), 2);
    CHECK(bytes((dir / "a.gpkg").string()) == bytes((dir / "b.gpkg").string()));
}

TEST_CASE("near by public transport: the journey to the hospital", "[atlas][transit]") {
    unsetenv("ASSETMAP_DATA_DIR");
    const Study study = io::load_study(test::fixture("tiny/study_transit.toml"));
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    const StudyData data = ingest::ingest_study(study, taxonomy, {});
    const atlas::TransitNearbyFinder finder(data, taxonomy, nullptr, nullptr);
    atlas::TransitNearbyQuery q;
    q.at = {331050, 188050};  // p1
    q.depart_s = 7 * 3600 + 58 * 60;
    q.minutes = 30;
    q.categories = {"hospital"};
    const auto found = finder.find(q);
    CHECK(found.date == Date{2024, 1, 1});
    CHECK_FALSE(found.on_network);
    CHECK(found.stops_in_reach == 1);
    REQUIRE(found.assets.size() == 1);
    const auto& a = found.assets[0];
    CHECK(data.assets[a.asset].name == "Tiny Infirmary");
    // 07:58 → L1 07:58:49 → T1 08:00 → L3 08:10 → 08:10:49: 12 min 49 s.
    CHECK(a.arrival_s == 8 * 3600 + 10 * 60 + 49);
    CHECK(a.minutes == Approx(12 + 49.0 / 60));
    CHECK(a.trips == 1);
    REQUIRE(a.legs.size() == 3);
    CHECK(finder.stop(a.legs[1].from_stop).id == "L1");
    CHECK(finder.stop(a.legs[1].to_stop).id == "L3");
    CHECK(finder.route_name(a.legs[1].trip) == "1");
    CHECK(finder.headsign(a.legs[1].trip) == "Town, Centre");
    // Leaving at 08:00 the next bus is T2 (08:30): 40 min 49 s, beyond 30 minutes.
    q.depart_s = 8 * 3600;
    CHECK(finder.find(q).assets.empty());
    // On Wednesday 6 March calendar_dates removes WK (T1, T2, F1): nothing runs.
    q.depart_s = 7 * 3600 + 58 * 60;
    q.date = Date{2024, 3, 6};
    CHECK(finder.find(q).assets.empty());
    q.date.reset();
    q.categories = {"nonsense"};
    CHECK_THROWS_AS(finder.find(q), config_error);
    q.categories = {};
    q.minutes = 200;  // beyond max_trip_minutes (90)
    CHECK_THROWS_AS(finder.find(q), config_error);
}
