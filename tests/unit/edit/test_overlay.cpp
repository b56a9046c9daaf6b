// The edit overlay on the hand-made tiny study (datasets/fixtures/tiny, a row of 100 m squares
// in EPSG:27700): add, move across an area boundary, recategorise, retire and undo, each
// followed by the measures of `run` (compute_measures). Every expected value is derived in
// the comments from the fixture's coordinates (see tests/unit/ingest/test_ingest_fixture.cpp
// for what ingest keeps):
//   areas   A1 [331000,331100]×[188000,188100], A2 [331100,331200]×[188000,188100],
//           A3 a repaired bow tie east of A2 (no population points; P = 0);
//   points  p1 (331050,188050) w 60 and p2 (331020,188020) w 40 in A1; p3 (331150,188050)
//           w 50 in A2;
//   assets  community_centre a1 (331050,188050) A1 and a9 (331100,188050) A1 (shared edge:
//           the lowest code); food_shop a2 A2; cinema a7 (331120,188080) A2; bus_stop a8
//           (331110,188010) A2 (with NaPTAN S1 merged) and S2 (331190,188090) A2; pharmacy
//           a6 outside every area.
#include <assetmap/edit/overlay.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/measure/measure_engine.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace assetmap;
using edit::AssetEdit;
using edit::AssetState;
using edit::EditAction;

namespace {

struct Tiny {
    Study study;
    Taxonomy taxonomy;
    StudyData data;
    Tiny() {
        unsetenv("ASSETMAP_DATA_DIR");
        study = io::load_study(test::fixture("tiny/study.toml"));
        taxonomy = io::load_taxonomy(study.taxonomy_path);
        ingest::IngestOptions o;
        o.timestamp_utc = "2026-01-01T00:00:00Z";
        data = ingest::ingest_study(study, taxonomy, o);
    }
};

const Tiny& tiny() {
    static const Tiny t;
    return t;
}

AssetState state(const std::string& category, const std::string& name, double x, double y) {
    AssetState s;
    s.category = category;
    s.name = name;
    s.location = {x, y};
    s.lonlat = {-3.0, 51.5};  // not used by the overlay
    return s;
}

AssetEdit make(std::int64_t id, EditAction action, const std::string& asset,
               std::optional<AssetState> after, std::int64_t undoes = 0) {
    AssetEdit e;
    e.id = id;
    e.action = action;
    e.asset_id = asset;
    e.after = std::move(after);
    e.editor = "alice";
    e.time_utc = "2026-02-01T10:00:00Z";
    e.undoes = undoes;
    return e;
}

/// The study with `edits` applied, measured as `run` measures it.
struct Edited {
    StudyData data;
    measure::MeasureResults m;
    double value(const std::string& area, const std::string& column) const {
        const std::size_t row = std::find(m.areas.row_ids.begin(), m.areas.row_ids.end(), area) -
                                m.areas.row_ids.begin();
        const std::size_t col = m.areas.find(column);
        REQUIRE(row < m.areas.row_ids.size());
        REQUIRE(col < m.areas.keys.size());
        const auto v = m.areas.at(row, col);
        return v ? *v : std::nan("");
    }
};

Edited apply(const std::vector<AssetEdit>& edits) {
    const Tiny& t = tiny();
    Edited out;
    out.data = t.data;
    const edit::Overlay overlay(t.data.areas, t.data.assets, t.taxonomy);
    edit::apply_to_study(out.data, overlay, edits);
    measure::MeasureOptions o;
    o.categories = {"community_centre", "cinema", "bus_stop", "library", "playground"};
    out.m = measure::compute_measures(out.data, t.taxonomy, o);
    return out;
}

const Asset* find(const StudyData& d, const std::string& id) {
    for (const auto& a : d.assets)
        if (a.id == id) return &a;
    return nullptr;
}

}  // namespace

TEST_CASE("no edits: the sources as ingested", "[edit]") {
    const auto e = apply({});
    CHECK(e.data.assets.size() == tiny().data.assets.size());
    CHECK(e.value("A1", "community_centre_count") == 2);  // a1, a9
    CHECK(e.value("A2", "bus_stop_count") == 2);           // a8, S2
    // A1: p1 has a1 at 0 m; p2 (331020,188020) has a1 at √(30²+30²) = 42.4264 m.
    // (60·0 + 40·42.4264) / 100 = 16.9706 m.
    CHECK(e.value("A1", "community_centre_nearest_m") == Approx(16.970563).margin(1e-6));
}

TEST_CASE("add: a library appears in its area's count and nearest distance", "[edit]") {
    // A library at p3's place (331150,188050), in A2.
    const auto e = apply({make(1, EditAction::add, edit::community_asset_id("library", 1),
                               state("library", "Chapel library", 331150, 188050))});
    const Asset* a = find(e.data, "library:community:1");
    REQUIRE(a);
    CHECK(a->area_code == "A2");
    CHECK(a->domain == "individual");
    CHECK(a->edited_by == "alice");
    REQUIRE(a->sources.size() == 1);
    CHECK(a->sources[0].source == "community");
    CHECK(a->sources[0].id == "1");
    CHECK(e.value("A2", "library_count") == 1);
    CHECK(e.value("A1", "library_count") == 0);
    // A2: p3 is on it, 0 m. A1: p1 at 100 m, p2 at √(130²+30²) = √17800 = 133.4166 m:
    // (60·100 + 40·133.4166) / 100 = 113.3666 m.
    CHECK(e.value("A2", "library_nearest_m") == 0);
    CHECK(e.value("A1", "library_nearest_m") == Approx(113.366652).margin(1e-6));
    CHECK(e.value("A1", "library_coverage_pct_1200") == 100);
    // Before the edit the study had no library: nulls, and it was listed as such.
    const auto before = apply({});
    CHECK(std::isnan(before.value("A1", "library_nearest_m")));
    CHECK(std::count(before.m.categories_without_assets.begin(),
                     before.m.categories_without_assets.end(), "library") == 1);
    CHECK(std::count(e.m.categories_without_assets.begin(), e.m.categories_without_assets.end(),
                     "library") == 0);
    // The metadata counts the edits.
    bool counted = false;
    for (const auto& [k, v] : e.data.metadata)
        if (k == "edits") counted = v == "1";
    CHECK(counted);
}

TEST_CASE("add outside every area: kept, flagged, covering nearby residents", "[edit]") {
    // A playground at (331450,188050), east of every area (threshold 400 m): p1 at exactly
    // 400 m (covered: d ≤ T), p2 at √(430²+30²) = 431.04 m (not), p3 at 300 m.
    // A1: 100·60/100 = 60 %; A2: 100 %.
    const auto e = apply({make(1, EditAction::add, edit::community_asset_id("playground", 1),
                               state("playground", "Swings", 331450, 188050))});
    const Asset* a = find(e.data, "playground:community:1");
    REQUIRE(a);
    CHECK(a->area_code.empty());
    CHECK(e.value("A1", "playground_count") == 0);
    CHECK(e.value("A1", "playground_coverage_pct_400") == Approx(60.0));
    CHECK(e.value("A2", "playground_coverage_pct_400") == Approx(100.0));
    std::size_t flagged = 0;
    for (const auto& p : e.data.problems.problems())
        flagged += p.kind == ProblemKind::outside_areas && p.source == "community";
    CHECK(flagged == 1);
}

TEST_CASE("move across an area boundary: counts and distances follow", "[edit]") {
    // a1 moves from (331050,188050) in A1 to (331160,188050) in A2.
    const auto e = apply({make(1, EditAction::correct, "community_centre:survey:a1",
                               state("community_centre", "Hall", 331160, 188050))});
    CHECK(e.value("A1", "community_centre_count") == 1);  // a9 stays
    CHECK(e.value("A2", "community_centre_count") == 1);
    // A2: p3 (331150,188050) had a9 at 50 m; now a1 at 10 m.
    CHECK(e.value("A2", "community_centre_nearest_m") == Approx(10.0));
    // A1: p1 now has a9 at 50 m; p2 has a9 at √(80²+30²) = √7300 = 85.4400 m (a1 is at
    // √(140²+30²) = 143.2 m): (60·50 + 40·85.4400) / 100 = 64.1760 m.
    CHECK(e.value("A1", "community_centre_nearest_m") == Approx(64.176015).margin(1e-6));
    const Asset* a = find(e.data, "community_centre:survey:a1");
    REQUIRE(a);
    CHECK(a->area_code == "A2");
    // The source record is kept, the edit's added: provenance.
    REQUIRE(a->sources.size() == 2);
    CHECK(a->sources[0].source == "survey");
    CHECK(a->sources[1].source == "community");
    // It keeps its place in the list (the measures see the same order as the sources).
    CHECK(e.data.assets.front().id == tiny().data.assets.front().id);
}

TEST_CASE("recategorise: the asset leaves one category for another", "[edit]") {
    // a7 (cinema, A2) becomes a community centre.
    const auto before = apply({});
    const auto e = apply({make(1, EditAction::correct, "cinema:survey:a7",
                               state("community_centre", "Pictures", 331120, 188080))});
    CHECK(before.value("A2", "cinema_count") == 1);
    CHECK(e.value("A2", "cinema_count") == 0);
    CHECK(e.value("A2", "community_centre_count") == 1);
    CHECK(e.value("A1", "community_centre_count") == 2);
    CHECK(std::isnan(e.value("A2", "cinema_nearest_m")));  // no cinema left in the study
    CHECK(find(e.data, "cinema:survey:a7")->domain == "community");
    CHECK(edit::changed_categories(before.data.assets, e.data.assets) ==
          std::set<std::string>{"cinema", "community_centre"});
}

TEST_CASE("retire, then undo: gone from the measures, then back in its place", "[edit]") {
    const Tiny& t = tiny();
    const edit::Overlay overlay(t.data.areas, t.data.assets, t.taxonomy);
    const std::string s2 = "bus_stop:naptan:S2";
    const auto restored = overlay.state_of(s2, {});
    REQUIRE(restored);
    CHECK(restored->location.x_m == Approx(331190).margin(0.01));

    std::vector<AssetEdit> edits = {make(1, EditAction::retire, s2, std::nullopt)};
    const auto retired = apply(edits);
    CHECK(find(retired.data, s2) == nullptr);
    CHECK(retired.value("A2", "bus_stop_count") == 1);
    CHECK_FALSE(overlay.state_of(s2, edits));

    edits.push_back(make(2, EditAction::undo, s2, restored, 1));
    const auto back = apply(edits);
    CHECK(back.value("A2", "bus_stop_count") == 2);
    // Back at its index: the asset list is the sources' again (S2's record gains the edit).
    REQUIRE(back.data.assets.size() == t.data.assets.size());
    for (std::size_t i = 0; i < t.data.assets.size(); ++i)
        CHECK(back.data.assets[i].id == t.data.assets[i].id);
    // Every measure equals the unedited study's (the same points in the same order).
    const auto none = apply({});
    CHECK(back.m.areas.values == none.m.areas.values);
    CHECK(edit::changed_categories(none.data.assets, back.data.assets).empty());
}

TEST_CASE("undo an add; edits the overlay cannot use are reported, not applied", "[edit]") {
    const std::string id = edit::community_asset_id("library", 1);
    const auto e = apply({make(1, EditAction::add, id, state("library", "L", 331150, 188050)),
                          make(2, EditAction::undo, id, std::nullopt, 1),
                          make(3, EditAction::add, "x:community:3",
                               state("not_a_category", "X", 331150, 188050)),
                          make(4, EditAction::retire, "no:such:asset", std::nullopt)});
    CHECK(find(e.data, id) == nullptr);
    CHECK(e.value("A2", "library_count") == 0);
    std::size_t bad = 0;
    for (const auto& p : e.data.problems.problems())
        bad += p.kind == ProblemKind::bad_value && p.source == "community";
    CHECK(bad == 2);
}

TEST_CASE("with a region comparator, edited assets get the region's area as ingest gives it",
          "[edit][region]") {
    // A1 is the study; A2 stands for an area of the region outside the study.
    const Tiny& t = tiny();
    std::vector<Area> study_areas, region_areas;
    for (const Area& a : t.data.areas)
        (a.code == "A1" ? study_areas : region_areas).push_back(a);
    REQUIRE(study_areas.size() == 1);
    RegionData region;
    region.id = "Region";
    for (const Area& a : region_areas)
        if (a.code == "A2") region.areas.push_back(a);
    const edit::Overlay overlay(study_areas, t.data.assets, t.taxonomy, &region);
    ProblemReport problems;
    const auto assets = overlay.apply(
        {make(1, EditAction::add, edit::community_asset_id("library", 1),
              state("library", "In the study", 331050, 188050)),
         make(2, EditAction::add, edit::community_asset_id("library", 2),
              state("library", "In the region", 331150, 188050)),
         make(3, EditAction::add, edit::community_asset_id("library", 3),
              state("library", "Beyond", 340000, 190000)),
         make(4, EditAction::correct, "cinema:survey:a7",
              state("cinema", "Pictures", 331060, 188060))},
        &problems);
    auto get = [&](const std::string& id) {
        for (const auto& a : assets)
            if (a.id == id) return a;
        FAIL("no asset " << id);
        return Asset{};
    };
    const Asset in = get(edit::community_asset_id("library", 1));
    CHECK(in.area_code == "A1");
    CHECK(in.region_area_code == "A1");
    const Asset region_asset = get(edit::community_asset_id("library", 2));
    CHECK(region_asset.area_code.empty());
    CHECK(region_asset.region_area_code == "A2");  // counts for the region, not a problem
    const Asset beyond = get(edit::community_asset_id("library", 3));
    CHECK(beyond.region_area_code.empty());
    CHECK(get("cinema:survey:a7").region_area_code == "A1");  // moved from A2 into A1
    std::size_t outside = 0;
    for (const auto& p : problems.problems()) outside += p.kind == ProblemKind::outside_areas;
    CHECK(outside == 1);  // only the one beyond every area

    // Without a region the field is left as ingest left it (empty).
    const edit::Overlay plain(t.data.areas, t.data.assets, t.taxonomy);
    for (const auto& a : plain.apply({make(1, EditAction::add, edit::community_asset_id("library", 1),
                                           state("library", "In the study", 331050, 188050))},
                                     nullptr))
        CHECK(a.region_area_code.empty());
}
