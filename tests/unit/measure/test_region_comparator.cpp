// The region comparator (README, "The region comparator") on a hand-made strip of three
// 100 m areas; every expected value derived by hand below.

#include <assetmap/measure/measure_engine.hpp>

#include "../../support/shapes.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace assetmap;
using namespace assetmap::measure;
using assetmap::test::kX0;
using assetmap::test::kY0;

namespace {

// Metres from (kX0, kY0) in EPSG:27700:
//
//   y=100 +---------+---------+---------+
//         |  A (P1) |  B (P1) |  E (P2) |   A, B: the study (its `parents` = P1)
//         |  a1 ●   |  b1 ●   |  e1 ●   |   E: an area of the areas source outside the study
//   y=0   +---------+---------+---------+
//        x=0      x=100     x=200     x=300
//
// Points (no population field: P_a = Σ w_p): a1 (50,50) w 100, b1 (150,50) w 100,
// e1 (250,50) w 200 → the region's residents 400, the study's 200.
// Sources and extents:
//   local            box [0,200]×[0,100]: a1, b1 inside, e1 not → 200/400 = 50% of the
//                    region: it does not cover it (95% needed); provides gp_doctors, pharmacy
//   national         `extent = "areas"` (100%); provides gp_doctors; complete
//   national_partial `extent = "areas"` (100%); provides library; partial ("chains only")
// Assets:
//   gp1 (50,60) A, local only; gp3 (60,50) A, local and national merged; gp2 (250,50) E,
//   national; lib1 (150,50) B, national_partial; ph1 (50,50) A, local.
PointM at(double x, double y) { return {kX0 + x, kY0 + y}; }

RingM rect(double x0, double y0, double x1, double y1) {
    return {at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)};
}

Area make_area(std::string code, std::string parent, double x0) {
    Area a;
    a.code = std::move(code);
    a.parent_code = std::move(parent);
    a.geometry = {PolygonM{rect(x0, 0, x0 + 100, 100), {}}};
    a.area_m2 = area_m2(a.geometry);
    return a;
}

Asset make_asset(std::string category, std::string id, double x, double y, std::string area,
                 std::vector<std::string> sources) {
    Asset a;
    a.category = std::move(category);
    a.id = a.category + ":" + sources.front() + ":" + id;
    a.name = id;
    a.location = at(x, y);
    for (auto& s : sources) a.sources.push_back({std::move(s), id});
    a.region_area_code = area;
    if (area != "E") a.area_code = std::move(area);
    return a;
}

SourceExtent extent(std::string source, std::vector<std::string> categories, bool partial) {
    SourceExtent e;
    e.source = std::move(source);
    e.kind = ExtentKind::areas;
    e.declared = true;
    e.categories = std::move(categories);
    for (const auto& c : e.categories)
        e.completeness[c] = {partial ? Completeness::partial : Completeness::complete,
                             partial ? "chains only" : ""};
    return e;
}

StudyData strip() {
    StudyData d;
    d.areas = {make_area("A", "P1", 0), make_area("B", "P1", 100)};
    d.population_points = {{"a1", "A", 100.0, at(50, 50)}, {"b1", "B", 100.0, at(150, 50)}};
    d.region.emplace();
    d.region->id = "R";
    d.region->areas = {make_area("E", "P2", 200)};
    d.region->population_points = {{"e1", "E", 200.0, at(250, 50)}};
    d.assets = {make_asset("gp_doctors", "gp1", 50, 60, "A", {"local"}),
                make_asset("gp_doctors", "gp3", 60, 50, "A", {"local", "national"}),
                make_asset("gp_doctors", "gp2", 250, 50, "E", {"national"}),
                make_asset("library", "lib1", 150, 50, "B", {"national_partial"}),
                make_asset("pharmacy", "ph1", 50, 50, "A", {"local"})};
    SourceExtent local = extent("local", {"gp_doctors", "pharmacy"}, false);
    local.kind = ExtentKind::box;
    local.ring = rect(0, 0, 200, 100);
    d.extents = {local, extent("national", {"gp_doctors"}, false),
                 extent("national_partial", {"library"}, true)};
    return d;
}

Category make_category(std::string id, Domain domain, double threshold_m) {
    Category c;
    c.id = std::move(id);
    c.label = c.id;
    c.domain = domain;
    c.threshold_m = threshold_m;
    return c;
}

Taxonomy taxonomy() {
    return Taxonomy({make_category("gp_doctors", Domain::structural, 100.0),
                     make_category("library", Domain::individual, 100.0),
                     make_category("pharmacy", Domain::structural, 100.0),
                     make_category("bus_stop", Domain::structural, 400.0)});
}

std::optional<double> value(const MeasureTable& t, const std::string& row,
                            const std::string& column) {
    const std::size_t col = t.find(column);
    REQUIRE(col < t.keys.size());
    for (std::size_t r = 0; r < t.row_ids.size(); ++r)
        if (t.row_ids[r] == row) return t.at(r, col);
    FAIL("no row " << row);
    return std::nullopt;
}

std::size_t category(const MeasureResults& r, const std::string& id) {
    for (std::size_t c = 0; c < r.categories.size(); ++c)
        if (r.categories[c] == id) return c;
    FAIL("no category " << id);
    return 0;
}

}  // namespace

TEST_CASE("region comparator: rows, kinds and source coverage", "[measure][region]") {
    const MeasureResults r = compute_measures(strip(), taxonomy(), {});
    CHECK(r.comparators.row_ids == std::vector<std::string>{"study", "P1", "R"});
    CHECK(r.comparator_kinds == std::vector<std::string>{"study", "parent", "region"});
    REQUIRE(r.region);
    CHECK(r.region->id == "R");
    CHECK(r.region->areas == 3);
    CHECK(r.region->population == 400.0);
    CHECK(r.region->population_points == 3);
    REQUIRE(r.region->source_coverage_pct.size() == 3);
    CHECK(r.region->source_coverage_pct[0].second == 50.0);  // local: 200 of 400
    CHECK(r.region->source_coverage_pct[1].second == 100.0);
    CHECK(r.region->source_coverage_pct[2].second == 100.0);
}

// gp_doctors in the region: only `national` covers it, so its assets are gp3 (merged with a
// national record) and gp2; gp1 (local only) is left out.
//   d: a1 → gp3 10 m; b1 → gp3 90 m (gp2 is 100 m); e1 → gp2 0 m.
//   nearest_m = (100·10 + 100·90 + 200·0) / 400 = 25; coverage_pct_100 = 100;
//   count = 2 (gp3 in A, gp2 in E); per_1000 = 1000 · 2 / 400 = 5; per_km2 = 2 / 0.03.
// The study comparator keeps every source: a1 → 10 m (gp1 and gp3), b1 → 90 m:
//   nearest_m = (100·10 + 100·90) / 200 = 50; count 2 (gp1, gp3).
TEST_CASE("region comparator: values from the covering sources only", "[measure][region]") {
    const MeasureResults r = compute_measures(strip(), taxonomy(), {});
    const auto& t = r.comparators;
    CHECK(*value(t, "R", "gp_doctors_nearest_m") == Approx(25.0));
    CHECK(*value(t, "R", "gp_doctors_coverage_pct_100") == Approx(100.0));
    CHECK(*value(t, "R", "gp_doctors_count") == 2.0);
    CHECK(*value(t, "R", "gp_doctors_per_1000") == Approx(5.0));
    CHECK(*value(t, "R", "gp_doctors_per_km2") == Approx(2.0 / 0.03));
    CHECK(*value(t, "study", "gp_doctors_nearest_m") == Approx(50.0));
    CHECK(*value(t, "study", "gp_doctors_count") == 2.0);
    const auto gp = category(r, "gp_doctors");
    CHECK(r.region->sources[gp] == std::vector<std::string>{"national"});
    CHECK(r.region->null_reason[gp].empty());
    CHECK(r.region->completeness[gp].completeness == Completeness::complete);
    CHECK(r.region->areas_left_out[gp] == 0);
}

// library: national_partial covers the region; lib1 (150,50):
//   a1 100 m, b1 0 m, e1 100 m → nearest_m = (100·100 + 0 + 200·100) / 400 = 75;
//   coverage_pct_100 = 100 (100 ≤ 100); marked partial with the source's note.
TEST_CASE("region comparator: a partial source gives a value marked partial",
          "[measure][region]") {
    const MeasureResults r = compute_measures(strip(), taxonomy(), {});
    CHECK(*value(r.comparators, "R", "library_nearest_m") == Approx(75.0));
    CHECK(*value(r.comparators, "R", "library_coverage_pct_100") == Approx(100.0));
    const auto lib = category(r, "library");
    CHECK(r.region->completeness[lib].completeness == Completeness::partial);
    CHECK(r.region->completeness[lib].note == "national_partial: chains only");
    CHECK(r.completeness[lib].completeness == Completeness::partial);
    CHECK(r.completeness[category(r, "gp_doctors")].completeness == Completeness::complete);
}

// pharmacy: only `local` provides it and it covers 50% of the region: null, with the reason.
// bus_stop: no source at all.
TEST_CASE("region comparator: a category without region-wide data is null with the reason",
          "[measure][region]") {
    const MeasureResults r = compute_measures(strip(), taxonomy(), {});
    CHECK_FALSE(value(r.comparators, "R", "pharmacy_nearest_m"));
    CHECK_FALSE(value(r.comparators, "R", "pharmacy_count"));
    CHECK(value(r.comparators, "study", "pharmacy_count"));
    const auto ph = category(r, "pharmacy");
    CHECK(r.region->sources[ph].empty());
    CHECK(r.region->null_reason[ph] ==
          "no source of pharmacy covers R (at least 95.0% of its residents inside the extent): "
          "local covers 50.0%");
    CHECK(r.region->null_reason[category(r, "bus_stop")] == "no source provides bus_stop");
    CHECK_FALSE(value(r.comparators, "R", "bus_stop_count"));
}

// A lower coverage_min_pct lets `local` cover the region (50% ≥ 40%); then e1 lies outside
// its extent, E is left out of the region's pharmacy values (as partial areas are left out
// of the study comparator): ph1 (50,50): a1 0 m, b1 100 m → nearest (0 + 100·100) / 200 = 50.
TEST_CASE("region comparator: areas outside the covering extents are left out",
          "[measure][region]") {
    MeasureOptions o;
    o.coverage_min_pct = 40.0;
    const MeasureResults r = compute_measures(strip(), taxonomy(), o);
    const auto ph = category(r, "pharmacy");
    CHECK(r.region->sources[ph] == std::vector<std::string>{"local"});
    CHECK(r.region->areas_left_out[ph] == 1);
    CHECK(*value(r.comparators, "R", "pharmacy_nearest_m") == Approx(50.0));
    CHECK(*value(r.comparators, "R", "pharmacy_count") == 1.0);
}

TEST_CASE("no region: no region row", "[measure][region]") {
    StudyData d = strip();
    d.region.reset();
    const MeasureResults r = compute_measures(d, taxonomy(), {});
    CHECK(r.comparators.row_ids == std::vector<std::string>{"study", "P1"});
    CHECK_FALSE(r.region);
}
