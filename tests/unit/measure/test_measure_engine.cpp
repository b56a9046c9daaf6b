// compute_measures on a hand-made 2 × 2 grid of 100 m areas, every expected value derived
// by hand below; then serial vs parallel runs and a brute-force check on a random study.

#include <assetmap/core/error.hpp>
#include <assetmap/measure/measure_engine.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace assetmap;
using namespace assetmap::measure;
using assetmap::test::kX0;
using assetmap::test::kY0;

namespace {

// ---- the hand-made study -------------------------------------------------------------------
//
// Coordinates are metres from (kX0, kY0) in EPSG:27700. Areas are 100 m squares
// (area 10,000 m² = 0.01 km²):
//
//   y=200 +---------+---------+
//         |  C (P2) |  D (P2) |     C: population 0, no points (centroid (50,150), w 0)
//         |         |         |     D: population 500, no points (centroid (150,150), w 500)
//   y=100 +---------+---------+
//         |  A (P1) |  B (P1) |     A: population 400; points a1 (50,50) w 100, a2 (90,50) w 300
//         |         |         |     B: no population field (P = Σ w = 200); point b1 (150,50) w 200
//   y=0   +---------+---------+
//        x=0      x=100     x=200
//
// A point z1 (50,50) w 1000 has an area code outside the study ("ZZ"): it is not used
// (its weight would show in every fca2 demand and comparator if it were).
//
// Measured points, in order: a1, a2 (A), b1 (B), cC (C's centroid), cD (D's centroid).
// Study totals: Σ P = 400 + 200 + 0 + 500 = 1,100; Σ area = 40,000 m² = 0.04 km².
// Parents: P1 = {A, B} (P 600, 0.02 km²), P2 = {C, D} (P 500, 0.02 km²).
//
// Data extents:
//   "osm_all"   [-1000,1000]² provides gp_doctors and green_space: every point inside, so
//               coverage 100 everywhere (C by point count, its weight being 0).
//   "bus_data"  [0,150]×[0,60] provides bus_stop: a1, a2 inside, b1 on the edge x = 150
//               (boundary counts inside), cC and cD outside → A 100, B 100, C 0, D 0:
//               C and D are partial_data for bus_stop.
//   "pharm_data" [0,70]×[0,100] provides pharmacy: only a1 inside → A 100·100/400 = 25,
//               B, C, D 0: every area partial for pharmacy.
//   library: no source provides it → 0 coverage, partial everywhere.

PointM at(double x, double y) { return {kX0 + x, kY0 + y}; }

RingM rect(double x0, double y0, double x1, double y1) {
    return {at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)};
}

MultiPolygonM box(double x0, double y0, double x1, double y1) {
    return {PolygonM{rect(x0, y0, x1, y1), {}}};
}

Area make_area(std::string code, std::string parent, std::optional<double> population,
               double x0, double y0) {
    Area a;
    a.code = std::move(code);
    a.name = "Area " + a.code;
    a.parent_code = std::move(parent);
    a.population = population;
    a.geometry = box(x0, y0, x0 + 100.0, y0 + 100.0);
    a.area_m2 = area_m2(a.geometry);
    return a;
}

PopulationPoint make_point(std::string id, std::string code, double w, double x, double y) {
    PopulationPoint p;
    p.id = std::move(id);
    p.area_code = std::move(code);
    p.weight = w;
    p.location = at(x, y);
    return p;
}

Asset make_asset(std::string category, std::string id, double x, double y, std::string code,
                 std::optional<double> capacity = std::nullopt,
                 std::optional<MultiPolygonM> footprint = std::nullopt) {
    Asset a;
    a.category = std::move(category);
    a.id = a.category + ":test:" + id;
    a.name = id;
    a.location = at(x, y);
    a.area_code = std::move(code);
    a.capacity = capacity;
    a.footprint = std::move(footprint);
    return a;
}

Category make_category(std::string id, Domain domain, double threshold_m, double beta,
                       bool is_area = false) {
    Category c;
    c.id = std::move(id);
    c.label = c.id;
    c.domain = domain;
    c.threshold_m = threshold_m;
    c.decay_beta_per_m = beta;
    c.is_area = is_area;
    return c;
}

// bus_stop decay: β = ln 2 / 10 per metre, so exp(−β d) = 2^(−d/10).
const double kBusBeta = std::log(2.0) / 10.0;

Taxonomy hand_taxonomy() {
    return Taxonomy({make_category("gp_doctors", Domain::structural, 100.0, 0.0),
                     make_category("bus_stop", Domain::structural, 400.0, kBusBeta),
                     make_category("green_space", Domain::structural, 50.0, 0.0, true),
                     make_category("library", Domain::individual, 1200.0, 0.000578),
                     make_category("pharmacy", Domain::structural, 1000.0, 0.0)});
}

StudyData hand_study() {
    StudyData d;
    d.study_name = "grid";
    d.metric_crs = "EPSG:27700";
    d.areas = {make_area("A", "P1", 400.0, 0.0, 0.0),
               make_area("B", "P1", std::nullopt, 100.0, 0.0),
               make_area("C", "P2", 0.0, 0.0, 100.0),
               make_area("D", "P2", 500.0, 100.0, 100.0)};
    // Deliberately not in area order: the engine groups points by area, keeping input order.
    d.population_points = {make_point("b1", "B", 200.0, 150.0, 50.0),
                           make_point("z1", "ZZ", 1000.0, 50.0, 50.0),
                           make_point("a1", "A", 100.0, 50.0, 50.0),
                           make_point("a2", "A", 300.0, 90.0, 50.0)};
    d.assets = {
        // gp_doctors: g0 just across the A|B edge (counts in B, nearest for a2 in A), with
        // capacity 2; g1 north of the study, outside every area (no area code, capacity 1).
        make_asset("gp_doctors", "g0", 105.0, 50.0, "B", 2.0),
        make_asset("gp_doctors", "g1", 150.0, 250.0, ""),
        // bus_stop: s0 in A, s1 in B, s2 far east outside every area.
        make_asset("bus_stop", "s0", 50.0, 80.0, "A"),
        make_asset("bus_stop", "s1", 150.0, 90.0, "B"),
        make_asset("bus_stop", "s2", 800.0, 50.0, ""),
        // green_space: two overlapping 60 m squares (gs1 reaches into B) and one in D.
        make_asset("green_space", "gs0", 50.0, 50.0, "A", std::nullopt, box(20, 20, 80, 80)),
        make_asset("green_space", "gs1", 90.0, 50.0, "A", std::nullopt, box(60, 20, 120, 80)),
        make_asset("green_space", "gs2", 175.0, 175.0, "D", std::nullopt,
                   box(150, 150, 200, 200)),
        // pharmacy: one in A (its data extent covers only part of A).
        make_asset("pharmacy", "ph0", 60.0, 60.0, "A"),
    };
    SourceExtent all;
    all.source = "osm_all";
    all.declared = true;
    all.ring = rect(-1000, -1000, 1000, 1000);
    all.categories = {"gp_doctors", "green_space"};
    SourceExtent bus;
    bus.source = "bus_data";
    bus.declared = true;
    bus.ring = rect(0, 0, 150, 60);
    bus.categories = {"bus_stop"};
    SourceExtent pharm;
    pharm.source = "pharm_data";
    pharm.declared = true;
    pharm.ring = rect(0, 0, 70, 100);
    pharm.categories = {"pharmacy"};
    d.extents = {all, bus, pharm};
    return d;
}

MeasureOptions hand_options() {
    MeasureOptions o;
    o.thresholds_m["bus_stop"] = {60.0, 30.0, 60.0};  // → 30, 60
    return o;
}

std::size_t row_of(const MeasureTable& t, const std::string& row) {
    for (std::size_t r = 0; r < t.row_ids.size(); ++r) {
        if (t.row_ids[r] == row) return r;
    }
    FAIL("no row " << row);
    return 0;
}

std::optional<double> value(const MeasureTable& t, const std::string& row,
                            const std::string& column) {
    const std::size_t col = t.find(column);
    INFO("column " << column);
    REQUIRE(col < t.keys.size());
    return t.at(row_of(t, row), col);
}

void check(const MeasureTable& t, const std::string& row, const std::string& column,
           double expected) {
    INFO(row << " / " << column);
    const auto v = value(t, row, column);
    REQUIRE(v.has_value());
    CHECK(*v == Approx(expected).epsilon(1e-12).margin(1e-12));
}

void check_null(const MeasureTable& t, const std::string& row, const std::string& column) {
    INFO(row << " / " << column);
    CHECK_FALSE(value(t, row, column).has_value());
}

double two_pow(double e) { return std::pow(2.0, e); }

}  // namespace

TEST_CASE("columns: order, names and thresholds", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    CHECK(r.categories ==
          std::vector<std::string>{"gp_doctors", "bus_stop", "green_space", "library", "pharmacy"});
    std::vector<std::string> names;
    for (const MeasureKey& k : r.areas.keys) names.push_back(k.column());
    const std::vector<std::string> expected{
        "gp_doctors_count", "gp_doctors_per_1000", "gp_doctors_per_km2",
        "gp_doctors_nearest_m", "gp_doctors_coverage_pct_100", "gp_doctors_cumulative_100",
        "gp_doctors_gravity", "gp_doctors_fca2_100",
        "bus_stop_count", "bus_stop_per_1000", "bus_stop_per_km2", "bus_stop_nearest_m",
        "bus_stop_coverage_pct_30", "bus_stop_cumulative_30", "bus_stop_coverage_pct_60",
        "bus_stop_cumulative_60", "bus_stop_gravity", "bus_stop_fca2_30", "bus_stop_fca2_60",
        "green_space_count", "green_space_per_1000", "green_space_per_km2",
        "green_space_nearest_m", "green_space_coverage_pct_50", "green_space_cumulative_50",
        "green_space_gravity", "green_space_fca2_50", "green_space_area_pct",
        "green_space_m2_per_person",
        "library_count", "library_per_1000", "library_per_km2", "library_nearest_m",
        "library_coverage_pct_1200", "library_cumulative_1200", "library_gravity",
        "library_fca2_1200",
        "pharmacy_count", "pharmacy_per_1000", "pharmacy_per_km2", "pharmacy_nearest_m",
        "pharmacy_coverage_pct_1000", "pharmacy_cumulative_1000", "pharmacy_gravity",
        "pharmacy_fca2_1000"};
    CHECK(names == expected);
    CHECK(r.areas.row_ids == std::vector<std::string>{"A", "B", "C", "D"});
    CHECK(r.areas.values.size() == 4 * expected.size());
    CHECK(r.comparators.keys.size() == expected.size());
    CHECK(r.comparators.row_ids == std::vector<std::string>{"study", "P1", "P2"});
    CHECK(r.comparator_kinds == std::vector<std::string>{"study", "parent", "parent"});
    CHECK(r.areas.keys[12].kind == MeasureKind::coverage_pct);
    CHECK(r.areas.keys[12].threshold_m == 30.0);
}

TEST_CASE("area facts: P_a, point weights and centroid stand-ins", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    REQUIRE(r.facts.size() == 4);
    // A: population field 400 = Σ w (100 + 300); 2 points.
    CHECK(r.facts[0].code == "A");
    CHECK(r.facts[0].parent_code == "P1");
    CHECK(r.facts[0].population == 400.0);
    CHECK(r.facts[0].point_weight == 400.0);
    CHECK(r.facts[0].points == 2);
    CHECK_FALSE(r.facts[0].centroid_fallback);
    CHECK(r.facts[0].area_m2 == Approx(10000.0));
    // B: no population field → P = Σ w = 200.
    CHECK(r.facts[1].population == 200.0);
    CHECK(r.facts[1].point_weight == 200.0);
    CHECK(r.facts[1].points == 1);
    // C: population 0, no points → its centroid stands in with weight 0.
    CHECK(r.facts[2].population == 0.0);
    CHECK(r.facts[2].points == 0);
    CHECK(r.facts[2].centroid_fallback);
    // D: population 500, no points → its centroid stands in with weight 500.
    CHECK(r.facts[3].population == 500.0);
    CHECK(r.facts[3].point_weight == 0.0);
    CHECK(r.facts[3].points == 0);
    CHECK(r.facts[3].centroid_fallback);
}

TEST_CASE("data coverage and partial_data", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    // [area][category], categories gp_doctors, bus_stop, green_space, library, pharmacy.
    // See the extents in the comment at the top.
    using Row = std::vector<double>;
    REQUIRE(r.coverage_pct.size() == 4);
    CHECK(r.coverage_pct[0] == Row{100.0, 100.0, 100.0, 0.0, 25.0});
    CHECK(r.coverage_pct[1] == Row{100.0, 100.0, 100.0, 0.0, 0.0});  // b1 on the bus edge
    CHECK(r.coverage_pct[2] == Row{100.0, 0.0, 100.0, 0.0, 0.0});    // by point count (w 0)
    CHECK(r.coverage_pct[3] == Row{100.0, 0.0, 100.0, 0.0, 0.0});
    using Flags = std::vector<bool>;
    CHECK(r.partial_data[0] == Flags{false, false, false, true, true});
    CHECK(r.partial_data[1] == Flags{false, false, false, true, true});
    CHECK(r.partial_data[2] == Flags{false, true, false, true, true});
    CHECK(r.partial_data[3] == Flags{false, true, false, true, true});
    CHECK(r.categories_without_assets == std::vector<std::string>{"library"});

    // A lower minimum lets A's 25 % pharmacy coverage pass.
    MeasureOptions lenient = hand_options();
    lenient.coverage_min_pct = 20.0;
    const MeasureResults l = compute_measures(hand_study(), hand_taxonomy(), lenient);
    CHECK_FALSE(l.partial_data[0][4]);
    CHECK(l.partial_data[1][4]);
}

// gp_doctors, T = 100 m, β = 0 (gravity null). Assets g0 (105,50) in B, capacity 2;
// g1 (150,250) outside every area, capacity 1.
//   a1 (50,50)   g0: 55                    g1: √(100²+200²) = 223.6   d = 55
//   a2 (90,50)   g0: 15                    g1: √(60²+200²)  = 208.8   d = 15 (asset in B)
//   b1 (150,50)  g0: 45                    g1: 200                    d = 45
//   cC (50,150)  g0: √(55²+100²) = 114.1   g1: √(100²+100²) = 141.4   (weight 0)
//   cD (150,150) g0: √(45²+100²) = 109.7   g1: 100                    d = 100 (outside asset)
// nearest_m: A (100·55 + 300·15)/400 = 10000/400 = 25; B 45; C null (Σ w = 0); D 100.
// coverage_pct_100: A, B 100; D 100 (d = 100 = T, inclusive). cumulative_100: 1 each
//   (D: g1 at exactly 100; g0 at 109.7 is beyond).
// fca2_100, step 1: g0 serves a1, a2, b1 → demand 100 + 300 + 200 = 600, R0 = 2/600;
//   g1 serves cD → 500, R1 = 1/500.
//   Step 2: A 1000·(100 + 300)·(2/600)/400 = 1000/300; B 1000·200·(2/600)/200 = 1000/300;
//   D 1000·500·(1/500)/500 = 2.
// count: B 1 (g0); g1 is in no area. per_1000: A 0/400 = 0, B 1000·1/200 = 5, C null
//   (P = 0), D 0. per_km2: B 1/0.01 = 100, others 0.
TEST_CASE("gp_doctors: edge asset, outside asset, capacity fca2, null gravity",
          "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    const MeasureTable& t = r.areas;
    check(t, "A", "gp_doctors_count", 0);
    check(t, "B", "gp_doctors_count", 1);
    check(t, "C", "gp_doctors_count", 0);
    check(t, "D", "gp_doctors_count", 0);
    check(t, "A", "gp_doctors_per_1000", 0);
    check(t, "B", "gp_doctors_per_1000", 5);
    check_null(t, "C", "gp_doctors_per_1000");
    check(t, "D", "gp_doctors_per_1000", 0);
    check(t, "A", "gp_doctors_per_km2", 0);
    check(t, "B", "gp_doctors_per_km2", 100);
    check(t, "C", "gp_doctors_per_km2", 0);
    check(t, "A", "gp_doctors_nearest_m", 25);
    check(t, "B", "gp_doctors_nearest_m", 45);
    check_null(t, "C", "gp_doctors_nearest_m");
    check(t, "D", "gp_doctors_nearest_m", 100);
    for (const char* a : {"A", "B", "D"}) {
        check(t, a, "gp_doctors_coverage_pct_100", 100);
        check(t, a, "gp_doctors_cumulative_100", 1);
        check_null(t, a, "gp_doctors_gravity");
    }
    check_null(t, "C", "gp_doctors_coverage_pct_100");
    check_null(t, "C", "gp_doctors_cumulative_100");
    check_null(t, "C", "gp_doctors_fca2_100");
    check(t, "A", "gp_doctors_fca2_100", 1000.0 / 300.0);
    check(t, "B", "gp_doctors_fca2_100", 1000.0 / 300.0);
    check(t, "D", "gp_doctors_fca2_100", 2);
}

// Comparators for gp_doctors (no area partial):
//   study: count 1; per_1000 1000/1100; per_km2 1/0.04 = 25;
//          nearest (100·55 + 300·15 + 200·45 + 0 + 500·100)/1100 = 69000/1100;
//          coverage 100; cumulative 1; fca2 1000·(400·2/600 + 200·2/600 + 500/500)/1100
//          = 1000·3/1100 (all 3 units of supply reach the 1,100 residents).
//   P1 {A,B}: count 1; per_1000 1000/600; per_km2 1/0.02 = 50; nearest (10000 + 9000)/600;
//          fca2 1000·2/600.
//   P2 {C,D}: count 0; per_1000 0/500 = 0; per_km2 0; nearest (0·114.1 + 500·100)/500 = 100;
//          fca2 1000·1/500 = 2.
TEST_CASE("gp_doctors comparators: study and parents", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    const MeasureTable& t = r.comparators;
    check(t, "study", "gp_doctors_count", 1);
    check(t, "study", "gp_doctors_per_1000", 1000.0 / 1100.0);
    check(t, "study", "gp_doctors_per_km2", 25);
    check(t, "study", "gp_doctors_nearest_m", 69000.0 / 1100.0);
    check(t, "study", "gp_doctors_coverage_pct_100", 100);
    check(t, "study", "gp_doctors_cumulative_100", 1);
    check_null(t, "study", "gp_doctors_gravity");
    check(t, "study", "gp_doctors_fca2_100", 3000.0 / 1100.0);
    check(t, "P1", "gp_doctors_count", 1);
    check(t, "P1", "gp_doctors_per_1000", 1000.0 / 600.0);
    check(t, "P1", "gp_doctors_per_km2", 50);
    check(t, "P1", "gp_doctors_nearest_m", 19000.0 / 600.0);
    check(t, "P1", "gp_doctors_fca2_100", 2000.0 / 600.0);
    check(t, "P2", "gp_doctors_count", 0);
    check(t, "P2", "gp_doctors_per_1000", 0);
    check(t, "P2", "gp_doctors_per_km2", 0);
    check(t, "P2", "gp_doctors_nearest_m", 100);
    check(t, "P2", "gp_doctors_coverage_pct_100", 100);
    check(t, "P2", "gp_doctors_fca2_100", 2);
}

// bus_stop, T = 30 and 60 m (options {60, 30, 60}), β = ln 2 / 10, so exp(−β d) = 2^(−d/10);
// the gravity radius ln(1e9)/β = 299.0 m leaves s2 (≥ 650 m from every point) out.
// Stops s0 (50,80) in A, s1 (150,90) in B, s2 (800,50) outside.
//   a1 (50,50)   s0: 30               s1: √(100²+40²) = √11600   d = 30
//   a2 (90,50)   s0: √(40²+30²) = 50  s1: √(60²+40²)  = √5200    d = 50
//   b1 (150,50)  s0: √(100²+30²) = √10900               s1: 40   d = 40
//   cD (150,150) s0: √(100²+70²) = √14900               s1: 60   d = 60
// nearest_m: A (100·30 + 300·50)/400 = 45; B 40; D 60 (D's values are computed though D is
//   partial). coverage_pct_30: A 100·100/400 = 25 (a1 at exactly 30); B 0; D 0.
//   coverage_pct_60: 100 for A, B, D. cumulative_30: A 100·1/400 = 0.25; B, D 0.
//   cumulative_60: A (100·1 + 300·1)/400 = 1; B 1; D 1 (s1 at exactly 60).
// gravity: A (100·(2^−3 + 2^(−√11600/10)) + 300·(2^−5 + 2^(−√5200/10)))/400;
//   B 2^(−√10900/10) + 2^−4; D 2^(−√14900/10) + 2^−6.
// fca2_30: s0 serves a1 (100) → R = 1/100; s1, s2 serve nobody within 30.
//   A 1000·100·(1/100)/400 = 2.5; B 0; D 0.
// fca2_60: s0 serves a1, a2 → 400, R = 1/400; s1 serves b1, cD → 700, R = 1/700.
//   A 1000·(100 + 300)/400/400 = 2.5; B 1000·200/700/200 = 1000/700; D 1000/700.
// count: A 1, B 1. per_1000: A 1000/400 = 2.5; B 1000/200 = 5; C null; D 0.
// per_km2: A, B 100; C, D 0.
TEST_CASE("bus_stop: two thresholds, inclusive T, gravity", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    const MeasureTable& t = r.areas;
    check(t, "A", "bus_stop_count", 1);
    check(t, "B", "bus_stop_count", 1);
    check(t, "C", "bus_stop_count", 0);
    check(t, "D", "bus_stop_count", 0);
    check(t, "A", "bus_stop_per_1000", 2.5);
    check(t, "B", "bus_stop_per_1000", 5);
    check_null(t, "C", "bus_stop_per_1000");
    check(t, "D", "bus_stop_per_1000", 0);
    check(t, "A", "bus_stop_per_km2", 100);
    check(t, "D", "bus_stop_per_km2", 0);
    check(t, "A", "bus_stop_nearest_m", 45);
    check(t, "B", "bus_stop_nearest_m", 40);
    check(t, "D", "bus_stop_nearest_m", 60);
    check(t, "A", "bus_stop_coverage_pct_30", 25);
    check(t, "B", "bus_stop_coverage_pct_30", 0);
    check(t, "D", "bus_stop_coverage_pct_30", 0);
    check(t, "A", "bus_stop_coverage_pct_60", 100);
    check(t, "B", "bus_stop_coverage_pct_60", 100);
    check(t, "D", "bus_stop_coverage_pct_60", 100);
    check(t, "A", "bus_stop_cumulative_30", 0.25);
    check(t, "B", "bus_stop_cumulative_30", 0);
    check(t, "A", "bus_stop_cumulative_60", 1);
    check(t, "B", "bus_stop_cumulative_60", 1);
    check(t, "D", "bus_stop_cumulative_60", 1);
    const double g_a =
        (100.0 * (two_pow(-3) + two_pow(-std::sqrt(11600.0) / 10.0)) +
         300.0 * (two_pow(-5) + two_pow(-std::sqrt(5200.0) / 10.0))) / 400.0;
    const double g_b = two_pow(-std::sqrt(10900.0) / 10.0) + two_pow(-4);
    const double g_d = two_pow(-std::sqrt(14900.0) / 10.0) + two_pow(-6);
    check(t, "A", "bus_stop_gravity", g_a);
    check(t, "B", "bus_stop_gravity", g_b);
    check(t, "D", "bus_stop_gravity", g_d);
    check_null(t, "C", "bus_stop_gravity");
    check(t, "A", "bus_stop_fca2_30", 2.5);
    check(t, "B", "bus_stop_fca2_30", 0);
    check(t, "D", "bus_stop_fca2_30", 0);
    check(t, "A", "bus_stop_fca2_60", 2.5);
    check(t, "B", "bus_stop_fca2_60", 1000.0 / 700.0);
    check(t, "D", "bus_stop_fca2_60", 1000.0 / 700.0);
}

// Comparators for bus_stop: C and D are partial_data for it and left out.
//   study = P1 = {A, B}: count 2; per_1000 2000/600; per_km2 2/0.02 = 100;
//     nearest (100·30 + 300·50 + 200·40)/600 = 26000/600; coverage_30 100·100/600;
//     coverage_60 100; cumulative_30 100/600; cumulative_60 600/600 = 1;
//     gravity (400·g_A + 200·g_B)/600 (g_A, g_B the area values above);
//     fca2_30 1000·(100/100)/600; fca2_60 1000·(100/400 + 300/400 + 200/700)/600.
//   P2 = {C, D}: both partial → every bus_stop value null, count included.
TEST_CASE("bus_stop comparators leave partial areas out", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    const MeasureTable& t = r.comparators;
    const double g_a =
        (100.0 * (two_pow(-3) + two_pow(-std::sqrt(11600.0) / 10.0)) +
         300.0 * (two_pow(-5) + two_pow(-std::sqrt(5200.0) / 10.0))) / 400.0;
    const double g_b = two_pow(-std::sqrt(10900.0) / 10.0) + two_pow(-4);
    for (const char* row : {"study", "P1"}) {
        check(t, row, "bus_stop_count", 2);
        check(t, row, "bus_stop_per_1000", 2000.0 / 600.0);
        check(t, row, "bus_stop_per_km2", 100);
        check(t, row, "bus_stop_nearest_m", 26000.0 / 600.0);
        check(t, row, "bus_stop_coverage_pct_30", 100.0 * 100.0 / 600.0);
        check(t, row, "bus_stop_coverage_pct_60", 100);
        check(t, row, "bus_stop_cumulative_30", 100.0 / 600.0);
        check(t, row, "bus_stop_cumulative_60", 1);
        check(t, row, "bus_stop_gravity", (400.0 * g_a + 200.0 * g_b) / 600.0);
        check(t, row, "bus_stop_fca2_30", 1000.0 / 600.0);
        check(t, row, "bus_stop_fca2_60", 1000.0 * (1.0 + 200.0 / 700.0) / 600.0);
    }
    const std::size_t p2 = row_of(t, "P2");
    const std::size_t first = t.find(std::string("bus_stop_count"));
    const std::size_t last = t.find(std::string("bus_stop_fca2_60"));
    for (std::size_t c = first; c <= last; ++c) {
        INFO(t.keys[c].column());
        CHECK_FALSE(t.at(p2, c).has_value());
    }
}

// green_space, T = 50 m, β = 0; footprints gs0 [20,80]² and gs1 [60,120]×[20,80] overlap
// in [60,80]×[20,80] (1,200 m²): union [20,120]×[20,80] = 3600 + 3600 − 1200 = 6,000 m²,
// of which A holds [20,100]×[20,80] = 4,800 and B [100,120]×[20,80] = 1,200; gs2
// [150,200]² = 2,500 m² lies in D.
//   area_pct: A 100·4800/10000 = 48; B 12; C 0; D 25.
//   m2_per_person: A 4800/400 = 12; B 1200/200 = 6; C null (P = 0); D 2500/500 = 5.
// count (by the assets' points): A 2 (gs0 at (50,50), gs1 at (90,50)); B 0; D 1.
// per_1000: A 1000·2/400 = 5; B 0; D 1000/500 = 2. per_km2: A 200; D 100.
// Distances from the assets' points: a1 → gs0 0, gs1 40; a2 → gs1 0, gs0 40;
//   b1 → gs1 60, gs0 100; cD → gs2 √(25²+25²) = √1250, gs1 √(60²+100²).
// nearest_m: A 0; B 60; D √1250. coverage_pct_50: A 100; B 0; D 100.
// cumulative_50: a1 2, a2 2, b1 0, cD 1 → A (200 + 600)/400 = 2; B 0; D 1.
// fca2_50: gs0 and gs1 each serve a1 and a2 (demand 400, R = 1/400); gs2 serves cD (R 1/500).
//   A 1000·(100·2/400 + 300·2/400)/400 = 5; B 0; D 1000·(500/500)/500 = 2.
TEST_CASE("green_space: overlapping footprints count once", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    const MeasureTable& t = r.areas;
    check(t, "A", "green_space_area_pct", 48);
    check(t, "B", "green_space_area_pct", 12);
    check(t, "C", "green_space_area_pct", 0);
    check(t, "D", "green_space_area_pct", 25);
    check(t, "A", "green_space_m2_per_person", 12);
    check(t, "B", "green_space_m2_per_person", 6);
    check_null(t, "C", "green_space_m2_per_person");
    check(t, "D", "green_space_m2_per_person", 5);
    check(t, "A", "green_space_count", 2);
    check(t, "B", "green_space_count", 0);
    check(t, "D", "green_space_count", 1);
    check(t, "A", "green_space_per_1000", 5);
    check(t, "D", "green_space_per_1000", 2);
    check(t, "A", "green_space_per_km2", 200);
    check(t, "D", "green_space_per_km2", 100);
    check(t, "A", "green_space_nearest_m", 0);
    check(t, "B", "green_space_nearest_m", 60);
    check(t, "D", "green_space_nearest_m", std::sqrt(1250.0));
    check(t, "A", "green_space_coverage_pct_50", 100);
    check(t, "B", "green_space_coverage_pct_50", 0);
    check(t, "D", "green_space_coverage_pct_50", 100);
    check(t, "A", "green_space_cumulative_50", 2);
    check(t, "B", "green_space_cumulative_50", 0);
    check(t, "D", "green_space_cumulative_50", 1);
    check(t, "A", "green_space_fca2_50", 5);
    check(t, "B", "green_space_fca2_50", 0);
    check(t, "D", "green_space_fca2_50", 2);
    check_null(t, "A", "green_space_gravity");
}

// Comparators for green_space (no area partial):
//   study: count 3; per_1000 3000/1100; per_km2 3/0.04 = 75;
//     nearest (0 + 0 + 200·60 + 500·√1250)/1100; coverage_50 100·(100 + 300 + 500)/1100;
//     cumulative_50 (200 + 600 + 0 + 500)/1100; fca2 1000·(0.5 + 1.5 + 0 + 1)/1100;
//     area_pct 100·(4800 + 1200 + 0 + 2500)/40000 = 21.25; m2_per_person 8500/1100.
//   P1: count 2; per_1000 2000/600; per_km2 100; nearest 12000/600 = 20; coverage 100·400/600;
//     cumulative 800/600; fca2 1000·2/600; area_pct 100·6000/20000 = 30; m2_per_person 10.
//   P2: count 1; per_1000 2; per_km2 50; nearest √1250; coverage 100; cumulative 1; fca2 2;
//     area_pct 100·2500/20000 = 12.5; m2_per_person 2500/500 = 5.
TEST_CASE("green_space comparators pool the intersection areas", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    const MeasureTable& t = r.comparators;
    check(t, "study", "green_space_count", 3);
    check(t, "study", "green_space_per_1000", 3000.0 / 1100.0);
    check(t, "study", "green_space_per_km2", 75);
    check(t, "study", "green_space_nearest_m", (12000.0 + 500.0 * std::sqrt(1250.0)) / 1100.0);
    check(t, "study", "green_space_coverage_pct_50", 100.0 * 900.0 / 1100.0);
    check(t, "study", "green_space_cumulative_50", 1300.0 / 1100.0);
    check(t, "study", "green_space_fca2_50", 3000.0 / 1100.0);
    check(t, "study", "green_space_area_pct", 21.25);
    check(t, "study", "green_space_m2_per_person", 8500.0 / 1100.0);
    check(t, "P1", "green_space_count", 2);
    check(t, "P1", "green_space_per_1000", 2000.0 / 600.0);
    check(t, "P1", "green_space_per_km2", 100);
    check(t, "P1", "green_space_nearest_m", 20);
    check(t, "P1", "green_space_coverage_pct_50", 100.0 * 400.0 / 600.0);
    check(t, "P1", "green_space_cumulative_50", 800.0 / 600.0);
    check(t, "P1", "green_space_fca2_50", 2000.0 / 600.0);
    check(t, "P1", "green_space_area_pct", 30);
    check(t, "P1", "green_space_m2_per_person", 10);
    check(t, "P2", "green_space_count", 1);
    check(t, "P2", "green_space_per_1000", 2);
    check(t, "P2", "green_space_per_km2", 50);
    check(t, "P2", "green_space_nearest_m", std::sqrt(1250.0));
    check(t, "P2", "green_space_coverage_pct_50", 100);
    check(t, "P2", "green_space_cumulative_50", 1);
    check(t, "P2", "green_space_fca2_50", 2);
    check(t, "P2", "green_space_area_pct", 12.5);
    check(t, "P2", "green_space_m2_per_person", 5);
}

// library: no asset anywhere. count is 0 (a number) everywhere; per_1000 0 where P > 0 and
// null for C; per_km2 0; every access measure null. No source provides it, so every area
// is partial and every comparator value is null.
// pharmacy: one asset ph0 (60,60) in A; only 25 % of A is inside its data extent, so all
// areas are partial. A's values are still reported: count 1; per_1000 1000/400 = 2.5;
// nearest (100·√(10²+10²) + 300·√(30²+10²))/400 = (100·√200 + 300·√1000)/400;
// coverage_pct_1000 100. Comparators: null.
TEST_CASE("no-asset category and fully partial category", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    for (const char* a : {"A", "B", "C", "D"}) {
        check(r.areas, a, "library_count", 0);
        check(r.areas, a, "library_per_km2", 0);
        for (const char* m : {"library_nearest_m", "library_coverage_pct_1200",
                              "library_cumulative_1200", "library_gravity",
                              "library_fca2_1200"}) {
            check_null(r.areas, a, m);
        }
    }
    check(r.areas, "A", "library_per_1000", 0);
    check_null(r.areas, "C", "library_per_1000");

    check(r.areas, "A", "pharmacy_count", 1);
    check(r.areas, "A", "pharmacy_per_1000", 2.5);
    check(r.areas, "A", "pharmacy_nearest_m",
          (100.0 * std::sqrt(200.0) + 300.0 * std::sqrt(1000.0)) / 400.0);
    check(r.areas, "A", "pharmacy_coverage_pct_1000", 100);
    check_null(r.areas, "A", "pharmacy_gravity");  // β = 0

    for (const std::string& row : r.comparators.row_ids) {
        for (std::size_t c = 0; c < r.comparators.keys.size(); ++c) {
            const std::string& cat = r.comparators.keys[c].category;
            if (cat != "library" && cat != "pharmacy") continue;
            INFO(row << " / " << r.comparators.keys[c].column());
            CHECK_FALSE(r.comparators.at(row_of(r.comparators, row), c).has_value());
        }
    }
}

TEST_CASE("no value is NaN and area counts are always numbers", "[measure][engine]") {
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), hand_options());
    for (const auto* table : {&r.areas, &r.comparators}) {
        for (const auto& v : table->values) {
            if (v) CHECK(std::isfinite(*v));
        }
    }
    for (std::size_t c = 0; c < r.areas.keys.size(); ++c) {
        if (r.areas.keys[c].kind != MeasureKind::count) continue;
        for (std::size_t a = 0; a < r.areas.row_ids.size(); ++a) {
            CHECK(r.areas.at(a, c).has_value());
        }
    }
}

TEST_CASE("options: category subset, thresholds, errors, progress", "[measure][engine]") {
    MeasureOptions o = hand_options();
    o.categories = {"pharmacy", "gp_doctors"};  // measured in taxonomy order
    o.thresholds_m["gp_doctors"] = {200.0, 402.5};
    std::vector<std::string> stages;
    o.progress = [&](std::string_view stage, std::size_t, std::size_t) {
        stages.emplace_back(stage);
    };
    const MeasureResults r = compute_measures(hand_study(), hand_taxonomy(), o);
    CHECK(r.categories == std::vector<std::string>{"gp_doctors", "pharmacy"});
    CHECK(r.areas.find(std::string("gp_doctors_coverage_pct_402p5")) < r.areas.keys.size());
    CHECK(r.areas.find(std::string("gp_doctors_coverage_pct_100")) == r.areas.keys.size());
    CHECK(r.areas.find(std::string("bus_stop_count")) == r.areas.keys.size());
    CHECK(r.coverage_pct[0].size() == 2);
    CHECK_FALSE(stages.empty());
    CHECK(stages.back() == "measures");
    // At 402.5 m every point of A, B, D reaches g0 or g1 (d ≤ 100): coverage 100; and
    // cumulative: a1 reaches g0 (55) and g1 (223.6) → 2; a2: 2; b1: 2; cD: 2 → 2 everywhere.
    check(r.areas, "A", "gp_doctors_cumulative_402p5", 2);
    check(r.areas, "D", "gp_doctors_cumulative_402p5", 2);

    MeasureOptions bad = hand_options();
    bad.categories = {"no_such_category"};
    CHECK_THROWS_AS(compute_measures(hand_study(), hand_taxonomy(), bad), config_error);
    MeasureOptions bad_t = hand_options();
    bad_t.thresholds_m["bus_stop"] = {-5.0};
    CHECK_THROWS_AS(compute_measures(hand_study(), hand_taxonomy(), bad_t), config_error);
    MeasureOptions bad_key = hand_options();
    bad_key.thresholds_m["bus_stops"] = {400.0};
    CHECK_THROWS_AS(compute_measures(hand_study(), hand_taxonomy(), bad_key), config_error);
}

namespace {

// ---- a random study: 4 × 4 areas of 250 m, 3,000 points, 500 stops, 60 GPs, parks ---------

Taxonomy random_taxonomy() {
    return Taxonomy({make_category("bus_stop", Domain::structural, 250.0, 0.01),
                     make_category("gp_doctors", Domain::structural, 400.0, 0.002),
                     make_category("green_space", Domain::structural, 300.0, 0.0, true)});
}

std::string cell_code(int col, int row) {
    return "R" + std::to_string(row) + std::to_string(col);
}

StudyData random_study() {
    std::mt19937_64 rng(77);
    std::uniform_real_distribution<double> inside(0.0, 1000.0);
    std::uniform_real_distribution<double> around(-200.0, 1200.0);
    std::uniform_real_distribution<double> weight(0.0, 50.0);
    StudyData d;
    for (int row = 0; row < 4; ++row) {
        for (int col = 0; col < 4; ++col) {
            Area a;
            a.code = cell_code(col, row);
            a.parent_code = row < 2 ? "LA1" : "LA2";
            a.geometry = box(250.0 * col, 250.0 * row, 250.0 * (col + 1), 250.0 * (row + 1));
            a.area_m2 = area_m2(a.geometry);
            d.areas.push_back(a);
        }
    }
    std::sort(d.areas.begin(), d.areas.end(),
              [](const Area& a, const Area& b) { return a.code < b.code; });
    auto code_at = [](double x, double y) -> std::string {
        if (x < 0 || y < 0 || x >= 1000 || y >= 1000) return "";
        return cell_code(static_cast<int>(x / 250.0), static_cast<int>(y / 250.0));
    };
    for (int i = 0; i < 3000; ++i) {
        const double x = inside(rng), y = inside(rng);
        d.population_points.push_back(
            make_point("p" + std::to_string(i), code_at(x, y), weight(rng), x, y));
    }
    for (int i = 0; i < 500; ++i) {
        const double x = around(rng), y = around(rng);
        d.assets.push_back(make_asset("bus_stop", "s" + std::to_string(i), x, y, code_at(x, y)));
    }
    for (int i = 0; i < 60; ++i) {
        const double x = around(rng), y = around(rng);
        d.assets.push_back(make_asset("gp_doctors", "g" + std::to_string(i), x, y, code_at(x, y),
                                      1.0 + static_cast<double>(i % 4)));
    }
    for (int i = 0; i < 40; ++i) {
        const double x = around(rng), y = around(rng);
        d.assets.push_back(make_asset("green_space", "gs" + std::to_string(i), x + 20, y + 20,
                                      code_at(x + 20, y + 20), std::nullopt,
                                      box(x, y, x + 40, y + 40)));
    }
    SourceExtent all;
    all.source = "all";
    all.ring = rect(-500, -500, 1500, 1500);
    all.categories = {"bus_stop", "gp_doctors", "green_space"};
    d.extents = {all};
    return d;
}

}  // namespace

TEST_CASE("serial and parallel runs are bit-identical", "[measure][engine][threads]") {
    const StudyData data = random_study();
    MeasureOptions o;
    o.thresholds_m["bus_stop"] = {100.0, 250.0};
    o.threads = 1;
    const MeasureResults serial = compute_measures(data, random_taxonomy(), o);
    for (const unsigned threads : {2u, 3u}) {
        o.threads = threads;
        const MeasureResults par = compute_measures(data, random_taxonomy(), o);
        INFO("threads " << threads);
        CHECK(par.areas.values == serial.areas.values);  // exact, not approximate
        CHECK(par.comparators.values == serial.comparators.values);
        CHECK(par.coverage_pct == serial.coverage_pct);
        CHECK(par.partial_data == serial.partial_data);
        CHECK(par.areas.row_ids == serial.areas.row_ids);
        CHECK(par.comparators.row_ids == serial.comparators.row_ids);
    }
    // The hand study too (fewer points than a work chunk: one worker runs).
    MeasureOptions h = hand_options();
    const MeasureResults hs = compute_measures(hand_study(), hand_taxonomy(), h);
    h.threads = 2;
    CHECK(compute_measures(hand_study(), hand_taxonomy(), h).areas.values == hs.areas.values);
}

TEST_CASE("random study agrees with a brute-force computation", "[measure][engine]") {
    // Independent check of the definitions: plain loops over every point and asset.
    const StudyData data = random_study();
    MeasureOptions o;
    o.thresholds_m["bus_stop"] = {100.0, 250.0};
    o.threads = 2;
    const MeasureResults r = compute_measures(data, random_taxonomy(), o);
    const double beta = 0.01;
    const double cutoff = std::log(1e9) / beta;

    std::vector<const Asset*> stops;
    for (const Asset& a : data.assets) {
        if (a.category == "bus_stop") stops.push_back(&a);
    }
    auto dist = [](const PointM& a, const PointM& b) {
        const double dx = a.x_m - b.x_m, dy = a.y_m - b.y_m;
        return std::sqrt(dx * dx + dy * dy);
    };
    // fca2 step 1 at T = 250 over all points.
    std::vector<double> ratio(stops.size(), 0.0);
    for (std::size_t j = 0; j < stops.size(); ++j) {
        double demand = 0.0;
        for (const PopulationPoint& p : data.population_points) {
            if (dist(p.location, stops[j]->location) <= 250.0) demand += p.weight;
        }
        if (demand > 0.0) ratio[j] = 1.0 / demand;
    }
    for (const Area& area : data.areas) {
        double w = 0, near = 0, cov = 0, cum = 0, grav = 0, fca = 0;
        for (const PopulationPoint& p : data.population_points) {
            if (p.area_code != area.code) continue;
            double d = 1e300;
            double c100 = 0, g = 0, f = 0;
            for (std::size_t j = 0; j < stops.size(); ++j) {
                const double dj = dist(p.location, stops[j]->location);
                d = std::min(d, dj);
                if (dj <= 100.0) c100 += 1;
                if (dj <= cutoff) g += std::exp(-beta * dj);
                if (dj <= 250.0) f += ratio[j];
            }
            w += p.weight;
            near += p.weight * d;
            if (d <= 250.0) cov += p.weight;
            cum += p.weight * c100;
            grav += p.weight * g;
            fca += p.weight * f;
        }
        INFO(area.code);
        const auto approx = [](double x) { return Approx(x).epsilon(1e-9).margin(1e-12); };
        CHECK(*value(r.areas, area.code, "bus_stop_nearest_m") == approx(near / w));
        CHECK(*value(r.areas, area.code, "bus_stop_coverage_pct_250") == approx(100 * cov / w));
        CHECK(*value(r.areas, area.code, "bus_stop_cumulative_100") == approx(cum / w));
        CHECK(*value(r.areas, area.code, "bus_stop_gravity") == approx(grav / w));
        CHECK(*value(r.areas, area.code, "bus_stop_fca2_250") == approx(1000 * fca / w));
    }
}
