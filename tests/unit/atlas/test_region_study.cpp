// The whole job on datasets/fixtures/region: a study with a region comparator. Every value
// derived by hand below (metres, EPSG:27700):
//
//   A [331000,331100]×[188000,188100] P1   a1 (331050,188050) w 100
//   B [331100,331200]×[188000,188100] P1   b1 (331150,188050) w 100
//   E [331200,331300]×[188000,188100] P2   e1 (331250,188050) w 200   (outside `parents`)
//
// Sources, in merge order:
//   local     gp1 gp_doctors (331050,188060), ph1 pharmacy (331050,188050); no extent
//             declared: the hull of its two records, 10 m apart (spacing 10 m; no Delaunay
//             triangle, so their edge) — the segment grown by 10 m, which holds a1 only: 100
//             of the region's 400 residents (25%).
//   national  gp3 gp_doctors (331060,188050), gp2 gp_doctors (331250,188050), lib1 library
//             (331150,188050); extent = "areas" (100%); library partial ("chains only").
// gp3 lies 14.14 m from gp1 (≤ 25 m, same category, earlier source): it merges into gp1,
// which keeps gp1's point and both records. The assets: gp1 {local, national} in A, ph1 in A,
// gp2 in E (a region asset outside the study), lib1 in B.
//
// Region R (A, B, E; 400 residents), gp_doctors: local covers 25% < 95%, so only national
// covers R; its assets are gp1 (it has a national record) and gp2.
//   d: a1 → gp1 10 m; b1 → gp2 100 m (gp1 is √(100² + 10²) = 100.50 m); e1 → gp2 0 m.
//   nearest_m = (100·10 + 100·100 + 200·0) / 400 = 27.5; coverage_pct_1000 = 100;
//   count = 2 (gp1 in A, gp2 in E); per_1000 = 1000·2 / 400 = 5.
// The study comparator (A, B; every source): a1 10 m, b1 100 m → nearest_m 55; count 1.
// pharmacy: only local provides it (25% of R): R's values are null, with the reason.
// library: lib1: a1 100 m, b1 0 m, e1 100 m → nearest_m (10000 + 0 + 20000) / 400 = 75,
//   marked partial ("national: chains only").
// bus_stop: no source at all.
#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/profile.hpp>
#include <assetmap/atlas/study_run.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace assetmap;

namespace {

struct RegionRun {
    atlas::RunResult result;
    std::string gpkg;
};

const RegionRun& region_run() {
    static const RegionRun run = [] {
        unsetenv("ASSETMAP_DATA_DIR");
        const auto dir = test::temp_dir("region_study");
        RegionRun r;
        r.gpkg = (dir / "region.gpkg").string();
        atlas::RunOptions options;
        options.timestamp_utc = "2026-01-01T00:00:00Z";
        io::ExportOptions export_options;
        export_options.destination = r.gpkg;
        r.result = atlas::run_study(test::fixture("region/study.toml"), options, export_options);
        return r;
    }();
    return run;
}

std::optional<double> comparator_value(const measure::MeasureResults& m, const std::string& row,
                                       const std::string& column) {
    const std::size_t col = m.comparators.find(column);
    REQUIRE(col < m.comparators.keys.size());
    const auto it = std::find(m.comparators.row_ids.begin(), m.comparators.row_ids.end(), row);
    REQUIRE(it != m.comparators.row_ids.end());
    return m.comparators.at(static_cast<std::size_t>(it - m.comparators.row_ids.begin()), col);
}

}  // namespace

TEST_CASE("region study: ingest keeps the region's areas, points and assets", "[atlas][region]") {
    const auto& d = region_run().result.data;
    REQUIRE(d.areas.size() == 2);
    REQUIRE(d.region);
    CHECK(d.region->id == "R");
    REQUIRE(d.region->areas.size() == 1);
    CHECK(d.region->areas[0].code == "E");
    REQUIRE(d.region->population_points.size() == 1);
    CHECK(d.region->population_points[0].id == "e1");
    CHECK(d.region->assets_outside_study == 1);  // gp2
    REQUIRE(d.assets.size() == 4);
    for (const auto& a : d.assets) {
        INFO(a.id);
        if (a.name == "Far surgery") {
            CHECK(a.area_code.empty());
            CHECK(a.region_area_code == "E");
        } else {
            CHECK(a.region_area_code == a.area_code);
        }
    }
    // No asset is a problem: gp2 lies in an area of the source outside the study.
    for (const auto& p : d.problems.problems()) CHECK(p.kind != ProblemKind::outside_areas);
    REQUIRE(d.extents.size() == 2);
    CHECK(d.extents[0].kind == ExtentKind::hull);
    CHECK(d.extents[0].hull_spacing_m == Approx(10.0));
    CHECK(d.extents[1].kind == ExtentKind::areas);
    CHECK(area_m2(d.extents[1].polygon) == Approx(30000.0));
}

TEST_CASE("region study: hand-computed region values", "[atlas][region]") {
    const auto& m = region_run().result.measures;
    CHECK(m.comparators.row_ids == std::vector<std::string>{"study", "P1", "R"});
    CHECK(m.comparator_kinds == std::vector<std::string>{"study", "parent", "region"});
    CHECK(*comparator_value(m, "R", "gp_doctors_nearest_m") == Approx(27.5));
    CHECK(*comparator_value(m, "R", "gp_doctors_coverage_pct_1000") == Approx(100.0));
    CHECK(*comparator_value(m, "R", "gp_doctors_count") == 2.0);
    CHECK(*comparator_value(m, "R", "gp_doctors_per_1000") == Approx(5.0));
    CHECK(*comparator_value(m, "study", "gp_doctors_nearest_m") == Approx(55.0));
    CHECK(*comparator_value(m, "study", "gp_doctors_count") == 1.0);
    CHECK(*comparator_value(m, "R", "library_nearest_m") == Approx(75.0));
    CHECK_FALSE(comparator_value(m, "R", "pharmacy_nearest_m"));
    CHECK_FALSE(comparator_value(m, "R", "pharmacy_count"));
    CHECK_FALSE(comparator_value(m, "R", "bus_stop_count"));
    REQUIRE(m.region);
    CHECK(m.region->population == 400.0);
    REQUIRE(m.region->source_coverage_pct.size() == 2);
    CHECK(m.region->source_coverage_pct[0].second == Approx(25.0));
    CHECK(m.region->source_coverage_pct[1].second == 100.0);
}

TEST_CASE("region study: names, null reasons and partial sources in the metadata",
          "[atlas][region]") {
    const auto atlas = atlas::read_atlas(region_run().gpkg);
    CHECK(atlas.meta("comparator.R.kind") == "region");
    CHECK(atlas.meta("comparator.R.name") == "Region");
    CHECK(atlas.meta("comparator.R.name_cy") == "Rhanbarth");
    CHECK(atlas.meta("comparator.study.name") == "Study");
    CHECK(atlas.meta("comparator.P1.name") == "Parent one");
    CHECK(atlas.meta("comparator.P1.name_cy") == "Rhiant un");
    CHECK(atlas.meta("comparator.R.pharmacy.null_reason") ==
          "no source of pharmacy covers R (at least 95.0% of its residents inside the extent): "
          "local covers 25.0%");
    CHECK(atlas.meta("comparator.R.bus_stop.null_reason") == "no source provides bus_stop");
    CHECK(atlas.meta("comparator.R.gp_doctors.sources") == "national");
    CHECK(atlas.meta("comparator.R.library.completeness") == "partial");
    CHECK(atlas.meta("category.library.completeness") == "partial");
    CHECK(atlas.meta("category.library.completeness_note") == "national: chains only");
    CHECK(atlas.meta("category.gp_doctors.completeness") == "complete");
    CHECK(atlas.meta("source.local.date") == "2024-01");
    CHECK(atlas.meta("source.national.extent") == "areas");
    CHECK(atlas.meta("source.local.extent") == "hull");

    // The profile of A: study, P1 and R, named; the region's null pharmacy value says why;
    // library is a partial source.
    const auto p = atlas::area_profile(atlas, "A");
    REQUIRE(p);
    REQUIRE(p->comparators.size() == 3);
    CHECK(p->comparators[2].kind == "region");
    CHECK(p->comparators[2].name == "Region");
    CHECK(p->comparators[1].name_cy == "Rhiant un");
    for (const auto& line : p->indicators) {
        INFO(line.column);
        REQUIRE(line.comparator_note.size() == 3);
        if (line.category == "pharmacy") {
            CHECK_FALSE(line.comparator_value[2]);
            CHECK(line.comparator_note[2].find("no source of pharmacy covers R") == 0);
        }
        if (line.category == "library") {
            CHECK(line.partial_source);
            CHECK(line.source_note == "national: chains only");
        }
        if (line.category == "gp_doctors") CHECK_FALSE(line.partial_source);
    }
}

TEST_CASE("region study: the source_extents layer", "[atlas][region]") {
    const auto atlas = atlas::read_atlas(region_run().gpkg);
    const auto* l = atlas.layer("source_extents");
    REQUIRE(l);
    REQUIRE(l->rows.size() == 2);
    const auto col = [&](const char* name) { return atlas::Atlas::field(*l, name); };
    CHECK(atlas::Atlas::text(*l, 0, col("source")) == "local");
    CHECK(atlas::Atlas::text(*l, 0, col("kind")) == "hull");
    CHECK(*atlas::Atlas::number(*l, 0, col("region_coverage_pct")) == Approx(25.0));
    CHECK(atlas::Atlas::text(*l, 0, col("covers_region_for")).empty());
    CHECK(atlas::Atlas::text(*l, 1, col("kind")) == "areas");
    CHECK(atlas::Atlas::text(*l, 1, col("covers_region_for")) == "library,gp_doctors");
    CHECK(atlas::Atlas::text(*l, 1, col("completeness")) == "gp_doctors:complete,library:partial");
    CHECK(*atlas::Atlas::number(*l, 1, col("area_km2")) == Approx(0.03));
}
