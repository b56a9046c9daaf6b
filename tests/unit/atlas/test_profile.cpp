// Area profiles on a hand-made atlas: every number below is computed by hand from the tables
// in make_atlas().
#include <assetmap/atlas/profile.hpp>

#include <catch2/catch.hpp>

using namespace assetmap;
using io::FieldType;
using io::FieldValue;

namespace {

FieldValue s(const char* v) { return FieldValue{std::string(v)}; }

/// Two areas (A1, A2) of parent P1, a study comparator, the parent and a region "Wales";
/// indicators: bus_stop_coverage_pct_400 (structural, higher is better),
/// library_nearest_m (individual, lower is better), playground_coverage_pct_400 (community;
/// A2 is partial for playground).
atlas::Atlas make_atlas() {
    io::OutputLayer areas;
    areas.name = "areas";
    areas.geometry = io::LayerGeometry::multipolygon;
    areas.fields = {{"code", FieldType::string},
                    {"name", FieldType::string},
                    {"parent_code", FieldType::string},
                    {"population", FieldType::integer},
                    {"area_km2", FieldType::real},
                    {"bus_stop_coverage_pct_400", FieldType::real},
                    {"library_nearest_m", FieldType::real},
                    {"playground_coverage_pct_400", FieldType::real},
                    {"playground_partial_data", FieldType::integer},
                    {"playground_data_coverage_pct", FieldType::real},
                    {"individual_score", FieldType::real},
                    {"community_score", FieldType::real},
                    {"structural_score", FieldType::real},
                    {"asset_index", FieldType::real},
                    {"asset_index_rank", FieldType::integer},
                    {"asset_index_decile", FieldType::integer}};
    areas.rows = {
        {s("A1"), s("Area one"), s("P1"), std::int64_t{1000}, 2.5, 80.0, 500.0, 30.0,
         std::int64_t{0}, 100.0, 0.5, -0.2, 0.1, 0.1333, std::int64_t{2}, std::int64_t{10}},
        {s("A2"), s("Area two"), s("P1"), std::int64_t{500}, 1.0, 40.0, 250.0, 0.0,
         std::int64_t{1}, 12.5, -0.5, FieldValue{}, -0.1, FieldValue{}, FieldValue{},
         FieldValue{}}};
    areas.polygons.resize(2);

    io::OutputLayer cmp;
    cmp.name = "comparators";
    cmp.fields = {{"comparator", FieldType::string},
                  {"kind", FieldType::string},
                  {"bus_stop_coverage_pct_400", FieldType::real},
                  {"library_nearest_m", FieldType::real},
                  {"playground_coverage_pct_400", FieldType::real}};
    cmp.rows = {{s("study"), s("study"), 64.0, 400.0, 30.0},
                {s("P1"), s("parent"), 50.0, 1000.0, 0.0},
                {s("Wales"), s("region"), 100.0, FieldValue{}, 60.0}};

    io::OutputLayer ind;
    ind.name = "indicators";
    ind.fields = {{"area_code", FieldType::string}, {"indicator", FieldType::string},
                  {"category", FieldType::string},  {"domain", FieldType::string},
                  {"value", FieldType::real},       {"normal_score", FieldType::real}};
    ind.rows = {{s("A1"), s("bus_stop_coverage_pct_400"), s("bus_stop"), s("structural"), 80.0, 0.67},
                {s("A1"), s("library_nearest_m"), s("library"), s("individual"), -500.0, -0.67},
                {s("A1"), s("playground_coverage_pct_400"), s("playground"), s("community"), 30.0, 0.0},
                {s("A2"), s("bus_stop_coverage_pct_400"), s("bus_stop"), s("structural"), 40.0, -0.67},
                {s("A2"), s("library_nearest_m"), s("library"), s("individual"), -250.0, 0.67},
                {s("A2"), s("playground_coverage_pct_400"), s("playground"), s("community"), FieldValue{}, FieldValue{}}};

    io::OutputLayer assets;
    assets.name = "assets";
    assets.geometry = io::LayerGeometry::point;
    assets.fields = {{"asset_id", FieldType::string}, {"category", FieldType::string},
                     {"domain", FieldType::string},   {"name", FieldType::string},
                     {"source", FieldType::string},   {"area_code", FieldType::string}};
    assets.rows = {{s("bus_stop:x:2"), s("bus_stop"), s("structural"), s("Stop B"), s("x"), s("A1")},
                   {s("library:x:1"), s("library"), s("individual"), s("Central"), s("x"), s("A1")},
                   {s("bus_stop:x:1"), s("bus_stop"), s("structural"), s("Stop A"), s("x"), s("A1")},
                   {s("playground:x:1"), s("playground"), s("community"), s("Park"), s("x"), s("A2")}};
    assets.points.resize(4);

    io::OutputLayer measures;
    measures.name = "measures";
    measures.fields = {{"area_code", FieldType::string}, {"category", FieldType::string}};
    measures.rows = {{s("A1"), s("library")}, {s("A1"), s("playground")}, {s("A1"), s("bus_stop")}};

    io::OutputLayer meta;
    meta.name = "metadata";
    meta.fields = {{"key", FieldType::string}, {"value", FieldType::string}};
    meta.rows = {{s("study"), s("hand")},
                 {s("title"), s("Hand-made")},
                 {s("indicators"),
                  s("bus_stop_coverage_pct_400,library_nearest_m,playground_coverage_pct_400")},
                 {s("comparator.P1.name"), s("Newport")},
                 {s("comparator.P1.name_cy"), s("Casnewydd")},
                 {s("comparator.Wales.name"), s("Wales")}};
    return atlas::Atlas({areas, assets, measures, cmp, ind, meta}, "hand-made");
}

}  // namespace

TEST_CASE("an area's profile sets each indicator beside every comparator", "[profile]") {
    const auto atlas = make_atlas();
    CHECK_FALSE(atlas::area_profile(atlas, "nope"));
    const auto p = *atlas::area_profile(atlas, "A1");
    CHECK(p.name == "Area one");
    CHECK(p.parent_code == "P1");
    CHECK(*p.population == 1000.0);
    REQUIRE(p.comparators.size() == 3);
    CHECK(p.comparators[0].id == "study");
    CHECK(p.comparators[0].name == "Hand-made");  // no name given: the study title
    CHECK(p.comparators[1].kind == "parent");
    CHECK(p.comparators[1].name == "Newport");
    CHECK(p.comparators[1].name_cy == "Casnewydd");
    CHECK(p.comparators[2].kind == "region");
    CHECK(p.comparators[2].name == "Wales");

    // Grouped by domain: individual (library), community (playground), structural (bus).
    REQUIRE(p.indicators.size() == 3);
    const auto& lib = p.indicators[0];
    const auto& play = p.indicators[1];
    const auto& bus = p.indicators[2];
    CHECK(lib.column == "library_nearest_m");
    CHECK(lib.lower_is_better);
    CHECK(lib.unit == "metres");
    CHECK(lib.measure == "nearest_m");
    CHECK_FALSE(lib.threshold_m);
    CHECK(*lib.normal_score == Approx(-0.67));
    // Lower is better: comparator ÷ value = 400/500, 1000/500; Wales has no value.
    CHECK(*lib.ratio[0] == Approx(0.8));
    CHECK(*lib.ratio[1] == Approx(2.0));
    CHECK_FALSE(lib.ratio[2]);
    CHECK(play.domain == "community");
    CHECK(*play.threshold_m == 400.0);
    CHECK(*play.ratio[0] == Approx(1.0));   // 30/30
    CHECK_FALSE(play.ratio[1]);             // the parent's 0 % cannot divide
    CHECK(*play.ratio[2] == Approx(0.5));   // 30/60
    CHECK(*bus.ratio[0] == Approx(1.25));   // 80/64
    CHECK(*bus.ratio[1] == Approx(1.6));    // 80/50
    CHECK(*bus.ratio[2] == Approx(0.8));    // 80/100
    CHECK(bus.comparator_value[2] == 100.0);

    CHECK(*p.domain_score[0] == 0.5);
    CHECK(*p.asset_index == Approx(0.1333));
    CHECK(*p.asset_index_rank == 2);
    CHECK(*p.asset_index_decile == 10);
    CHECK(p.areas_ranked == 1);
    // Assets by domain, then category, then name.
    REQUIRE(p.assets.size() == 3);
    CHECK(p.assets[0].name == "Central");
    CHECK(p.assets[1].name == "Stop A");
    CHECK(p.assets[2].name == "Stop B");
    CHECK(p.partial_categories.empty());
}

TEST_CASE("partial data is flagged and never highlighted", "[profile]") {
    const auto atlas = make_atlas();
    const auto p = *atlas::area_profile(atlas, "A2");
    REQUIRE(p.indicators.size() == 3);
    const auto& play = p.indicators[1];
    CHECK(play.partial_data);
    CHECK(*play.data_coverage_pct == 12.5);
    CHECK(p.partial_categories == std::vector<std::string>{"playground"});
    CHECK_FALSE(p.asset_index);
    REQUIRE(p.assets.size() == 1);
    // Against the study: library 400/250 = 1.6, bus 40/64 = 0.625; playground is partial.
    const auto h = atlas::profile_highlights(p, 0, 3);
    REQUIRE(h.size() == 2);
    CHECK(h[0].strong);
    CHECK(p.indicators[h[0].indicator].column == "library_nearest_m");
    CHECK_FALSE(h[1].strong);
    CHECK(p.indicators[h[1].indicator].column == "bus_stop_coverage_pct_400");
}

TEST_CASE("highlights: the strongest and weakest by ratio, none twice", "[profile]") {
    atlas::AreaProfile p;
    p.comparators.resize(1);
    const double ratios[] = {1.0, 2.0, 0.5, 3.0, 0.25, 1.5, 0.9, 2.0};
    for (double r : ratios) {
        atlas::IndicatorLine l;
        l.ratio = {r};
        p.indicators.push_back(l);
    }
    const auto h = atlas::profile_highlights(p, 0, 3);
    REQUIRE(h.size() == 6);
    // Strongest: 3.0 (#3), 2.0 (#1, earlier of the tie), 2.0 (#7).
    CHECK(h[0].indicator == 3);
    CHECK(h[1].indicator == 1);
    CHECK(h[2].indicator == 7);
    // Weakest: 0.25 (#4), 0.5 (#2), 0.9 (#6).
    CHECK(h[3].indicator == 4);
    CHECK(h[4].indicator == 2);
    CHECK(h[5].indicator == 6);
    for (std::size_t i = 0; i < 3; ++i) CHECK(h[i].strong);
    for (std::size_t i = 3; i < 6; ++i) CHECK_FALSE(h[i].strong);
    // Three usable indicators: two strongest, one weakest.
    p.indicators.resize(3);
    const auto few = atlas::profile_highlights(p, 0, 3);
    REQUIRE(few.size() == 3);
    CHECK(few[0].indicator == 1);
    CHECK(few[1].indicator == 0);
    CHECK(few[2].indicator == 2);
    CHECK_FALSE(few[2].strong);
}
