// Fuzz target: GTFS stops.txt as the ingest reads it (a study whose only asset source is the
// fuzzed stops.txt, over the tiny fixture's areas).
#include "fuzz_support.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#ifndef ASSETMAP_FUZZ_FIXTURES
#error "ASSETMAP_FUZZ_FIXTURES (datasets/fixtures) must be defined"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assetmap;
    fuzz::setup();
    static const Taxonomy taxonomy =
        io::load_taxonomy(std::string(ASSETMAP_FUZZ_FIXTURES) + "/../taxonomy.toml");
    static const Study study = [] {
        Study s;
        s.name = "fuzz";
        s.file = (fuzz::scratch() / "study.toml").string();
        s.data_dir = fuzz::scratch().string();
        s.areas.path = std::string(ASSETMAP_FUZZ_FIXTURES) + "/tiny/areas.geojson";
        s.areas.code_field = "code";
        AssetSource stops;
        stops.name = "gtfs";
        stops.format = AssetSource::Format::gtfs;
        stops.path = (fuzz::scratch() / "stops.txt").string();
        stops.category = "bus_stop";
        s.assets.push_back(stops);
        return s;
    }();
    fuzz::write_input("stops.txt", data, size);
    try {
        (void)ingest::ingest_study(study, taxonomy, {});
    } catch (const error&) {
    }
    return 0;
}
