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
atlas::RunResult run_newport(const std::string& out, unsigned threads) {
    atlas::RunOptions options;
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

    // 20 areas; comparators: the study and Newport (W06000022).
    CHECK(r.measures.areas.row_ids.size() == 20);
    CHECK(r.measures.comparators.row_ids ==
          std::vector<std::string>{"study", "W06000022"});
    // The OSM extract covers central Newport only: Newport 001–004 (W02000347–350) have 0% of
    // their residents inside it (SOURCES.md) and are partial for OSM-only categories; bus
    // stops come from the GTFS feed too, which covers all of Newport.
    const auto& cats = r.measures.categories;
    const auto gp = std::find(cats.begin(), cats.end(), "gp_doctors") - cats.begin();
    const auto bus = std::find(cats.begin(), cats.end(), "bus_stop") - cats.begin();
    CHECK(r.measures.partial_data[0][gp]);
    CHECK(r.measures.coverage_pct[0][gp] == Approx(0.0));
    CHECK_FALSE(r.measures.partial_data[0][bus]);
    // Every area gets an asset index only where all three domains have data.
    std::size_t indexed = 0;
    for (const auto& v : r.indicators.asset_index) indexed += v.has_value();
    CHECK(indexed > 0);
    CHECK(indexed < 20);
}
