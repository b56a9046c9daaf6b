// The whole job on the hand-made tiny study: layers, and determinism (two runs, same bytes;
// two threads equal one).
#include <assetmap/atlas/study_run.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <fstream>
#include <iterator>
#include <map>

using namespace assetmap;

namespace {

std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

atlas::RunResult run_tiny(const std::string& out, unsigned threads) {
    unsetenv("ASSETMAP_DATA_DIR");
    atlas::RunOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    options.threads = threads;
    io::ExportOptions export_options;
    export_options.destination = out;
    return atlas::run_study(test::fixture("tiny/study.toml"), options, export_options);
}

}  // namespace

TEST_CASE("run writes every layer of the atlas", "[atlas]") {
    const auto dir = test::temp_dir("atlas_layers");
    const auto path = (dir / "tiny.gpkg").string();
    const auto result = run_tiny(path, 1);
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    const std::size_t keys = result.measures.areas.keys.size();
    // 3 areas; 7 assets; 13 problems (see test_ingest_fixture.cpp); the long table has one
    // row per area and measure column; one indicator row per area and indicator.
    const std::map<std::string, GIntBig> expected = {
        {"areas", 3},
        {"population_points", 3},
        {"assets", 7},
        {"asset_footprints", 0},
        {"problems", 13},
        {"measures", static_cast<GIntBig>(3 * keys)},
        {"comparators", 2},  // the study and its one parent P1
        {"indicators", static_cast<GIntBig>(3 * result.indicators.indicators.size())}};
    for (const auto& [name, n] : expected) {
        INFO(name);
        OGRLayer* l = ds->GetLayerByName(name.c_str());
        REQUIRE(l);
        CHECK(l->GetFeatureCount() == n);
    }
    OGRLayer* areas = ds->GetLayerByName("areas");
    CHECK(areas->GetLayerDefn()->GetFieldIndex("bus_stop_coverage_pct_400") >= 0);
    CHECK(areas->GetLayerDefn()->GetFieldIndex("asset_index_decile") >= 0);
    REQUIRE(ds->GetLayerByName("metadata"));
}

TEST_CASE("same inputs give the same bytes - and two threads equal one", "[atlas]") {
    const auto dir = test::temp_dir("atlas_determinism");
    const auto a = (dir / "a.gpkg").string();
    const auto b = (dir / "b.gpkg").string();
    const auto c = (dir / "c.gpkg").string();
    run_tiny(a, 1);
    run_tiny(b, 1);
    run_tiny(c, 2);
    CHECK(bytes(a) == bytes(b));
    CHECK(bytes(a) == bytes(c));
}
