// The whole job on the hand-made tiny study: layers, and determinism (two runs, same bytes;
// two threads equal one).
#include <assetmap/atlas/study_run.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
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

namespace {

/// The tiny study with its walking network, and `network_extra` appended to [network],
/// written beside the test's output (data and taxonomy by absolute path).
atlas::RunResult run_tiny_net(const std::filesystem::path& dir, const std::string& network_extra) {
    unsetenv("ASSETMAP_DATA_DIR");
    std::string text = bytes(test::fixture("tiny/study_net.toml"));
    const auto swap = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    swap("data_dir = \".\"", "data_dir = \"" + test::fixture("tiny") + "\"");
    swap("taxonomy = \"../../taxonomy.toml\"",
         "taxonomy = \"" + test::source_dir() + "/datasets/taxonomy.toml\"");
    text += network_extra;
    const auto study = (dir / "study.toml").string();
    std::ofstream(study) << text;
    atlas::RunOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    options.catchments_in_memory = true;  // the polygons are compared below
    io::ExportOptions export_options;
    export_options.destination = (dir / "net.gpkg").string();
    return atlas::run_study(study, options, export_options);
}

double perimeter_m(const MultiPolygonM& mp) {
    double sum = 0;
    for (const auto& p : mp)
        for (std::size_t r = 0; r <= p.holes.size(); ++r) {
            const RingM& ring = r == 0 ? p.outer : p.holes[r - 1];
            for (std::size_t i = 1; i < ring.size(); ++i)
                sum += std::hypot(ring[i].x_m - ring[i - 1].x_m, ring[i].y_m - ring[i - 1].y_m);
        }
    return sum;
}

}  // namespace

TEST_CASE("catchment_cell_m sets the catchments' grid; catchment_minutes = [] turns them off",
          "[atlas][catchment]") {
    // Expected: the same reached network traced on a 25 m grid instead of 10 m; the outline
    // moves by at most about a cell's diagonal, so the area differs by at most the perimeter
    // times that, and the polygons are not the 10 m ones.
    const auto fine = run_tiny_net(test::temp_dir("catchment_cell_10"), "");
    const auto coarse =
        run_tiny_net(test::temp_dir("catchment_cell_25"), "catchment_cell_m = 25\n");
    REQUIRE(!fine.catchments.empty());
    REQUIRE(fine.catchments.size() == coarse.catchments.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < fine.catchments.size(); ++i) {
        const auto& a = fine.catchments[i];
        const auto& b = coarse.catchments[i];
        INFO(a.category << " " << a.minutes << " min");
        CHECK(a.category == b.category);
        CHECK(a.minutes == b.minutes);
        const double area_a = area_m2(a.polygon), area_b = area_m2(b.polygon);
        CHECK(area_a > 0);
        CHECK(std::abs(area_a - area_b) <= perimeter_m(a.polygon) * 25.0 * std::sqrt(2.0));
        differ += area_a != area_b;
    }
    CHECK(differ > 0);
    // Off: no catchments and no catchments layer.
    const auto dir = test::temp_dir("catchment_off");
    const auto off = run_tiny_net(dir, "catchment_minutes = []\n");
    CHECK(off.catchments.empty());
    std::unique_ptr<GDALDataset> ds(
        GDALDataset::Open((dir / "net.gpkg").string().c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    CHECK(ds->GetLayerByName("catchments") == nullptr);
    CHECK(ds->GetLayerByName("areas") != nullptr);
}
