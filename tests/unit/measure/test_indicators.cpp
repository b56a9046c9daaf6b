// Indicators, domain scores and the asset index on a hand-made result table. Expected normal
// scores from Python's statistics.NormalDist().inv_cdf (an independent implementation):
//   inv_cdf(0.125) = -1.1503493803760079, inv_cdf(1/6) = -0.9674215661017014,
//   inv_cdf(0.975) = 1.9599639845400536, inv_cdf(1e-10) = -6.361340902404056.
#include <assetmap/core/error.hpp>
#include <assetmap/measure/indicators.hpp>

#include <catch2/catch.hpp>

using namespace assetmap;
using namespace assetmap::measure;

namespace {

Category cat(const std::string& id, Domain d) {
    Category c;
    c.id = id;
    c.domain = d;
    return c;
}

/// 4 areas × 3 columns: hall_coverage_pct_800 (community), gp_nearest_m (structural),
/// library_per_1000 (individual); area D is partial_data for library.
MeasureResults sample() {
    MeasureResults r;
    r.categories = {"hall", "gp", "library"};
    r.areas.keys = {{"hall", MeasureKind::coverage_pct, 800.0},
                    {"gp", MeasureKind::nearest_m, 0.0},
                    {"library", MeasureKind::per_1000, 0.0}};
    r.areas.row_ids = {"A", "B", "C", "D"};
    const std::optional<double> none;
    r.areas.values = {10.0, 100.0, 5.0,   //
                      20.0, 300.0, 5.0,   //
                      20.0, none,  5.0,   //
                      40.0, 200.0, 5.0};
    r.partial_data = {{false, false, false},
                      {false, false, false},
                      {false, false, false},
                      {false, false, true}};
    r.coverage_pct.assign(4, {100.0, 100.0, 100.0});
    return r;
}

Taxonomy taxonomy() {
    return Taxonomy({cat("hall", Domain::community), cat("gp", Domain::structural),
                     cat("library", Domain::individual)});
}

}  // namespace

TEST_CASE("normal_quantile matches an independent implementation", "[measure][indicators]") {
    CHECK(normal_quantile(0.5) == Approx(0.0).margin(1e-15));
    CHECK(normal_quantile(0.125) == Approx(-1.1503493803760079).epsilon(1e-14));
    CHECK(normal_quantile(1.0 / 6.0) == Approx(-0.9674215661017014).epsilon(1e-14));
    CHECK(normal_quantile(0.975) == Approx(1.9599639845400536).epsilon(1e-14));
    CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-12));
    CHECK(std::isnan(normal_quantile(0.0)));
}

TEST_CASE("indicator ranks - normal scores - domain scores - asset index", "[measure][indicators]") {
    const auto results = sample();
    const auto tax = taxonomy();
    const auto inds = indicators_from_columns(
        {"hall_coverage_pct_800", "gp_nearest_m", "library_per_1000"}, results, tax);
    REQUIRE(inds.size() == 3);
    CHECK(inds[1].negated);  // nearest_m: lower is better
    const auto r = compute_indicators(results, inds);

    // hall: values 10, 20, 20, 40 → ranks 1, 2.5, 2.5, 4 of n = 4:
    //   Φ⁻¹(0.5/4) = -1.15035, Φ⁻¹(2/4) = 0, Φ⁻¹(3.5/4) = +1.15035.
    CHECK(*r.normal_score[0][0] == Approx(-1.1503493803760079));
    CHECK(*r.normal_score[1][0] == Approx(0.0).margin(1e-12));
    CHECK(*r.normal_score[2][0] == Approx(0.0).margin(1e-12));
    CHECK(*r.normal_score[3][0] == Approx(1.1503493803760079));
    // gp nearest_m 100, 300, null, 200 → oriented -100, -300, -200 → ranks 3, 1, 2 of n = 3.
    CHECK(*r.value[0][1] == -100.0);
    CHECK_FALSE(r.normal_score[2][1]);
    CHECK(*r.normal_score[0][1] == Approx(0.9674215661017014));
    CHECK(*r.normal_score[1][1] == Approx(-0.9674215661017014));
    CHECK(*r.normal_score[3][1] == Approx(0.0).margin(1e-12));
    // library: all 5, D partial → three tied at rank 2 of 3 → Φ⁻¹(0.5) = 0; D null.
    CHECK(*r.normal_score[0][2] == Approx(0.0).margin(1e-12));
    CHECK_FALSE(r.normal_score[3][2]);

    // Domain scores (individual, community, structural) and the index:
    // A: (0, -1.15035, 0.96742) → index -0.0609759380914355
    // B: (0, 0, -0.96742)       → index -0.3224738553672338
    // C: structural null → no index; D: individual null → no index.
    CHECK(*r.domain_score[0][1] == Approx(-1.1503493803760079));
    CHECK(*r.asset_index[0] == Approx(-0.0609759380914355));
    CHECK(*r.asset_index[1] == Approx(-0.3224738553672338));
    CHECK_FALSE(r.asset_index[2]);
    CHECK_FALSE(r.asset_index[3]);
    // Rank 1 = lowest index (B), rank 2 = A; deciles ceil(10·r/2) = 5, 10.
    CHECK(*r.asset_index_rank[1] == 1);
    CHECK(*r.asset_index_rank[0] == 2);
    CHECK(*r.asset_index_decile[1] == 5);
    CHECK(*r.asset_index_decile[0] == 10);
}

TEST_CASE("default indicators and unknown indicator columns", "[measure][indicators]") {
    const auto results = sample();
    const auto inds = default_indicators(results, taxonomy());
    REQUIRE(inds.size() == 1);  // only hall has a coverage column here
    CHECK(inds[0].column == "hall_coverage_pct_800");
    CHECK_THROWS_WITH(indicators_from_columns({"hall_coverage_pct_900"}, results, taxonomy()),
                      Catch::Contains("hall_coverage_pct_800"));
}

// The structural domain has three indicators (gp, pharm, bus); the areas have 3, 2 and 1 of
// them (nulls where a measure is null). With the default share 0.5 an area needs
// 0.5 × 3 = 1.5, i.e. 2 indicators: C (1 of 3) gets no structural score.
// Ranks (ascending; n = areas with a value), normal scores from Python's
// statistics.NormalDist().inv_cdf:
//   gp    30, 20, 10 → ranks A 3, B 2, C 1 of 3: inv_cdf(2.5/3) = 0.9674215661017014, 0,
//         inv_cdf(0.5/3) = -0.9674215661017014;
//   pharm 5, 15 → ranks A 1, B 2 of 2: inv_cdf(0.25) = -0.6744897501960817, +0.6744897501960817;
//   bus   50 → rank 1 of 1: inv_cdf(0.5) = 0.
// A: (0.96742 − 0.67449 + 0) / 3 = 0.0976439386352066; B: (0 + 0.67449) / 2 = 0.3372448750980408.
TEST_CASE("domain scores need at least half of the domain's indicators", "[measure][indicators]") {
    MeasureResults r;
    r.categories = {"gp", "pharm", "bus"};
    r.areas.keys = {{"gp", MeasureKind::coverage_pct, 1000.0},
                    {"pharm", MeasureKind::coverage_pct, 1000.0},
                    {"bus", MeasureKind::coverage_pct, 400.0}};
    r.areas.row_ids = {"A", "B", "C"};
    const std::optional<double> none;
    r.areas.values = {30.0, 5.0,  50.0,  //
                      20.0, 15.0, none,  //
                      10.0, none, none};
    r.partial_data.assign(3, {false, false, false});
    r.coverage_pct.assign(3, {100.0, 100.0, 100.0});
    const Taxonomy tax({cat("gp", Domain::structural), cat("pharm", Domain::structural),
                        cat("bus", Domain::structural)});
    const auto inds = default_indicators(r, tax);
    REQUIRE(inds.size() == 3);

    const auto d = compute_indicators(r, inds);
    CHECK(d.indicators_in_domain == std::vector<int>{0, 0, 3});
    CHECK(d.indicators_used[0] == std::vector<int>{0, 0, 3});
    CHECK(d.indicators_used[1] == std::vector<int>{0, 0, 2});
    CHECK(d.indicators_used[2] == std::vector<int>{0, 0, 1});
    CHECK(*d.domain_score[0][2] == Approx(0.0976439386352066));
    CHECK(*d.domain_score[1][2] == Approx(0.3372448750980408));
    CHECK_FALSE(d.domain_score[2][2]);  // 1 of 3 < 1.5
    CHECK(d.full_set == std::vector<bool>{true, false, false});

    // A lower share lets C's single indicator stand (1 ≥ 0.3 × 3 = 0.9).
    const auto low = compute_indicators(r, inds, 0.3);
    CHECK(*low.domain_score[2][2] == Approx(-0.9674215661017014));
    // All indicators required: only A.
    const auto all = compute_indicators(r, inds, 1.0);
    CHECK(all.domain_score[0][2]);
    CHECK_FALSE(all.domain_score[1][2]);
    CHECK_THROWS_AS(compute_indicators(r, inds, 0.0), config_error);
    CHECK_THROWS_AS(compute_indicators(r, inds, 1.5), config_error);
}
