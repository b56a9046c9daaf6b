// The memory estimate of the walking catchments (atlas/catchment_memory.hpp) and the run
// that refuses catchments it cannot hold. Expected tile counts are worked by hand below;
// the bytes per tile were measured on the generated England-and-Wales study (its estimate at
// 25 m, 8.2 GiB for two categories, is what that run took above its measures).
#include <assetmap/atlas/catchment_memory.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/core/error.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace assetmap;
namespace fs = std::filesystem;

namespace {

Asset asset(const std::string& category, double x, double y) {
    Asset a;
    a.id = category + ":" + std::to_string(x);
    a.category = category;
    a.location = PointM{x, y};
    return a;
}

/// One straight street of 6.4 km along y = 0 and a few assets; 10 m cells (640 m tiles),
/// 5 minutes at 4.8 km/h = 400 m, + 50 m: a reach of 450 m.
StudyData street() {
    StudyData d;
    d.catchment_minutes = {5};
    d.walk_speed_kmh = 4.8;
    d.catchment_cell_m = 10;
    NetworkData net;
    net.nodes = {PointM{0, 0}, PointM{6400, 0}};
    NetworkEdge e;
    e.from = 0;
    e.to = 1;
    e.length_m = 6400;
    net.edges = {e};
    d.network = net;
    d.assets = {asset("gp_doctors", 3200, 0), asset("pharmacy", 0, 0), asset("pharmacy", 6400, 0),
                asset("pharmacy", 6400, 10)};
    return d;
}

}  // namespace

TEST_CASE("catchment memory: the network's tiles within reach of each category's assets",
          "[atlas][catchment][memory]") {
    // By hand: the box is the street grown by the reach, x -450..6850, y -450..450, in
    // 640 m tiles from (-450, -450): 12 columns, 2 rows; the street lies in row 0, columns
    // floor((x + 450) / 640) = 0..10. The reach spans ceil(450 / 640) = 1 tile. gp_doctors
    // at x 3200 is in column 5: columns 4..6 hold the street, 3 tiles. pharmacy at x 0
    // (column 0) and x 6400 (column 10, twice): columns 0, 1 and 9, 10, 4 tiles.
    const StudyData d = street();
    const std::vector<std::string> cats = {"gp_doctors", "pharmacy", "library"};
    auto est = atlas::estimate_catchment_memory(d, cats, 2);
    CHECK(est.tile_m == 640.0);
    CHECK(est.tiles == std::vector<std::size_t>{3, 4, 0});
    CHECK(est.at_once == 2);
    CHECK(est.bytes == 7 * atlas::CatchmentMemory::kBytesPerTile);
    est = atlas::estimate_catchment_memory(d, cats, 1);
    CHECK(est.bytes == 4 * atlas::CatchmentMemory::kBytesPerTile);
    CHECK(atlas::estimate_catchment_memory(d, cats, 8).bytes ==
          7 * atlas::CatchmentMemory::kBytesPerTile);  // only 2 categories have tiles

    // 1 m cells: 64 m tiles, counted on 225 m tiles (half the reach) and scaled by
    // (225 / 64)²; never fewer than the tiles the street crosses at 64 m (6400 / 64 = 100).
    StudyData fine = street();
    fine.catchment_cell_m = 1;
    const auto f = atlas::estimate_catchment_memory(fine, {"gp_doctors"}, 1);
    CHECK(f.tile_m == 64.0);
    CHECK(f.tiles[0] >= 14);  // 900 m of street within reach of x 3200
    CHECK(f.tiles[0] <= 5 * 5 * 13);

    // Nothing to trace: no minutes, no network.
    StudyData none = street();
    none.catchment_minutes.clear();
    CHECK(atlas::estimate_catchment_memory(none, cats, 2).bytes == 0);
    none = street();
    none.network.reset();
    CHECK(atlas::estimate_catchment_memory(none, cats, 2).bytes == 0);
}

TEST_CASE("catchment memory: a study that cannot fit is refused with the fixes",
          "[atlas][catchment][memory]") {
    const StudyData d = street();
    const std::vector<std::string> cats = {"gp_doctors", "pharmacy"};
    CHECK_NOTHROW(atlas::check_catchment_memory(d, cats, 2, 7 * atlas::CatchmentMemory::kBytesPerTile));
    try {
        atlas::check_catchment_memory(d, cats, 2, 7 * atlas::CatchmentMemory::kBytesPerTile - 1);
        FAIL("no error");
    } catch (const config_error& e) {
        const std::string m = e.what();
        CHECK_THAT(m, Catch::Contains("walking catchments would need about"));
        CHECK_THAT(m, Catch::Contains("catchment_cell_m = 15"));  // 10 m × √(7/6.99…) → 15
        CHECK_THAT(m, Catch::Contains("--threads 1"));
        CHECK_THAT(m, Catch::Contains("catchment_minutes = []"));
        CHECK_THAT(m, Catch::Contains("2 categories at a time"));
    }
}

TEST_CASE("run_study refuses catchments it cannot hold before the measures, and writes nothing",
          "[atlas][catchment][memory]") {
    unsetenv("ASSETMAP_DATA_DIR");
    const auto dir = test::temp_dir("catchment_memory_run");
    atlas::RunOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    std::vector<std::string> stages;
    options.stage = [&](std::string_view s) { stages.emplace_back(s); };
    options.memory_available = [] { return std::optional<std::uint64_t>(1000); };
    io::ExportOptions e;
    e.destination = (dir / "net.gpkg").string();
    CHECK_THROWS_AS(atlas::run_study(test::fixture("tiny/study_net.toml"), options, e),
                    config_error);
    CHECK(stages == std::vector<std::string>{"ingest", "measure"});  // refused before it
    CHECK(!fs::exists(dir / "net.gpkg"));
    // Enough memory, or no answer: the run goes on.
    options.memory_available = [] { return std::optional<std::uint64_t>(1ull << 40); };
    CHECK(atlas::run_study(test::fixture("tiny/study_net.toml"), options, e).catchment_rows > 0);
    options.memory_available = [] { return std::optional<std::uint64_t>(); };
    CHECK(atlas::run_study(test::fixture("tiny/study_net.toml"), options, e).catchment_rows > 0);
}
