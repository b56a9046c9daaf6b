// The main job on the real default study: determinism (same bytes twice; 2 threads equal 1)
// and the shape of the results. Values are checked against GeoPandas by
// tests/integration/check_default_measures.py.
#include <assetmap/atlas/study_run.hpp>

#include "../support/paths.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace assetmap;

namespace {
std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
atlas::RunResult run_newport(const std::string& out, unsigned threads,
                             bool catchments_in_memory = false) {
    atlas::RunOptions options;
    options.catchments_in_memory = catchments_in_memory;
    options.data_dir = test::shared_data();
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    options.threads = threads;
    io::ExportOptions export_options;
    export_options.destination = out;
    return atlas::run_study(test::source_dir() + "/datasets/newport/study.toml", options,
                            export_options);
}
}  // namespace

TEST_CASE("Newport run is deterministic and parallel equals serial", "[data]") {
    if (!std::filesystem::exists(test::shared_data())) {
        WARN("shared data not present; skipped");
        return;
    }
    const auto dir = test::temp_dir("newport_run");
    const auto a = (dir / "a.gpkg").string();
    const auto b = (dir / "b.gpkg").string();
    const auto r = run_newport(a, 2);
    run_newport(b, 1);
    CHECK(bytes(a) == bytes(b));
    // The catchments traced while the layer is written (the default) give the bytes of the
    // catchments traced first and held in memory.
    const auto held_path = (dir / "c.gpkg").string();
    const auto held = run_newport(held_path, 1, true);
    CHECK(held.catchments.size() >= 30);
    CHECK(r.catchment_rows == held.catchments.size());
    CHECK(r.catchment_vertices == held.catchment_vertices);
    CHECK(bytes(a) == bytes(held_path));

    // 20 areas; comparators: the study, Newport (W06000022) and Wales (the region: all 410
    // Welsh MSOAs and their 10,036 OA points).
    CHECK(r.measures.areas.row_ids.size() == 20);
    CHECK(r.measures.comparators.row_ids ==
          std::vector<std::string>{"study", "W06000022", "Wales"});
    CHECK(r.measures.comparator_kinds ==
          std::vector<std::string>{"study", "parent", "region"});
    REQUIRE(r.measures.region);
    CHECK(r.measures.region->areas == 410);
    CHECK(r.measures.region->population == 3063456.0);  // the 2011 census total of Wales
    // The OSM extract covers central Newport only: Newport 001–004 (W02000347–350) have 0% of
    // their residents inside it (SOURCES.md) and are partial for OSM-only categories (green
    // space); GP practices now come from the NHS list too, which covers all of Wales.
    const auto& cats = r.measures.categories;
    const auto index_of = [&](const char* c) {
        return static_cast<std::size_t>(std::find(cats.begin(), cats.end(), c) - cats.begin());
    };
    const auto gp = index_of("gp_doctors"), bus = index_of("bus_stop"),
               green = index_of("green_space");
    CHECK(r.measures.partial_data[0][green]);
    CHECK(r.measures.coverage_pct[0][green] == Approx(0.0));
    CHECK_FALSE(r.measures.partial_data[0][gp]);
    CHECK_FALSE(r.measures.partial_data[0][bus]);
    // Wales has GP and bus-stop values; green space has none (no Wales-wide source).
    CHECK(r.measures.region->null_reason[gp].empty());
    CHECK(r.measures.region->null_reason[green].find("no source of green_space covers Wales") ==
          0);
    // With the Wales-wide sources every area has data in every domain: all 20 are indexed
    // (11 were not when only central Newport had OSM data).
    std::size_t indexed = 0;
    for (const auto& v : r.indicators.asset_index) indexed += v.has_value();
    CHECK(indexed == 20);
}
