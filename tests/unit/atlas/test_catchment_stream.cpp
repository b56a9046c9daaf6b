// Catchments traced while their layer is written (atlas/catchment_stream.hpp): the streamed
// export equals the export of the catchments held in memory, byte for byte, in GeoPackage
// and FlatGeobuf, with 1 and 2 threads; categories come in category order; a failure while
// the layer is written stops the tracing and is reported.
#include <assetmap/atlas/catchment_stream.hpp>
#include <assetmap/atlas/nearby.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

using namespace assetmap;
namespace fs = std::filesystem;

namespace {

std::string bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

atlas::RunResult run_net(const fs::path& dest, unsigned threads, bool in_memory) {
    unsetenv("ASSETMAP_DATA_DIR");
    atlas::RunOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    options.threads = threads;
    options.catchments_in_memory = in_memory;
    io::ExportOptions e;
    e.destination = dest.string();
    return atlas::run_study(test::fixture("tiny/study_net.toml"), options, e);
}

}  // namespace

TEST_CASE("streamed catchments: the same bytes as the catchments held in memory",
          "[atlas][catchment][stream]") {
    // Expected: the in-memory path (walking_catchments, then add_catchments_layer), whose
    // polygons test_catchment_reference.cpp checks against GDALPolygonize.
    const auto dir = test::temp_dir("catchment_stream_bytes");
    for (const char* ext : {"gpkg", "fgb"}) {
        INFO(ext);
        for (const char* d : {"memory", "stream1", "stream2"}) fs::create_directories(dir / ext / d);
        const std::string name = std::string("net.") + ext;
        const auto held = run_net(dir / ext / "memory" / name, 1, true);
        const auto one = run_net(dir / ext / "stream1" / name, 1, false);
        const auto two = run_net(dir / ext / "stream2" / name, 2, false);
        REQUIRE(!held.catchments.empty());
        CHECK(one.catchments.empty());  // streamed: not kept
        CHECK(one.catchment_rows == held.catchments.size());
        CHECK(two.catchment_rows == held.catchment_rows);
        CHECK(one.catchment_vertices == held.catchment_vertices);
        CHECK(held.catchment_vertices > 4 * held.catchment_rows);
        const std::string file = std::string(ext) == "gpkg" ? name : "net_catchments.fgb";
        const std::string expected = bytes(dir / ext / "memory" / file);
        CHECK(expected.size() > 1000);
        CHECK(bytes(dir / ext / "stream1" / file) == expected);
        CHECK(bytes(dir / ext / "stream2" / file) == expected);
    }
    // The layer is there and holds every catchment.
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(
        (dir / "gpkg" / "stream2" / "net.gpkg").string().c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* l = ds->GetLayerByName("catchments");
    REQUIRE(l);
    const auto held = run_net(dir / "again.gpkg", 1, true);
    CHECK(l->GetFeatureCount() == GIntBig(held.catchments.size()));
}

namespace {

struct Net {
    Study study;
    Taxonomy taxonomy;
    StudyData data;
    std::unique_ptr<atlas::NearbyFinder> walking;
    std::vector<std::string> categories;
    Net() {
        unsetenv("ASSETMAP_DATA_DIR");
        study = io::load_study(test::fixture("tiny/study_net.toml"));
        taxonomy = io::load_taxonomy(study.taxonomy_path);
        data = ingest::ingest_study(study, taxonomy, {});
        walking = std::make_unique<atlas::NearbyFinder>(data, taxonomy);
        for (const auto& c : taxonomy.categories()) categories.push_back(c.id);
    }
};

}  // namespace

TEST_CASE("catchments come category by category in category order, whatever the threads",
          "[atlas][catchment][stream]") {
    const Net net;
    const auto held = atlas::walking_catchments(net.data, net.categories, *net.walking, 1);
    REQUIRE(held.size() >= 6);
    const std::size_t levels = net.data.catchment_minutes.size();
    REQUIRE(levels >= 2);
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        INFO(threads << " threads");
        std::vector<atlas::Catchment> got;
        std::size_t calls = 0;
        atlas::for_each_category_catchments(
            net.data, net.categories, *net.walking, threads,
            [&](std::vector<atlas::Catchment>&& set) {
                ++calls;
                REQUIRE(set.size() == levels);  // one category, every level
                const std::string category = set.front().category;
                for (auto& c : set) {
                    CHECK(c.category == category);
                    got.push_back(std::move(c));
                }
            });
        CHECK(calls == held.size() / levels);
        REQUIRE(got.size() == held.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].category == held[i].category);
            CHECK(got[i].minutes == held[i].minutes);
            CHECK(got[i].polygon.size() == held[i].polygon.size());
            CHECK(area_m2(got[i].polygon) == area_m2(held[i].polygon));
        }
    }
}

TEST_CASE("a failure while catchments are taken stops the tracing and is rethrown",
          "[atlas][catchment][stream]") {
    const Net net;
    for (unsigned threads : {1u, 2u}) {
        std::size_t calls = 0;
        CHECK_THROWS_WITH(atlas::for_each_category_catchments(
                              net.data, net.categories, *net.walking, threads,
                              [&](std::vector<atlas::Catchment>&&) {
                                  if (++calls == 2) throw std::runtime_error("disk full");
                              }),
                          "disk full");
        CHECK(calls == 2);
    }
}
