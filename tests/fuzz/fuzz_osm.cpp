// Fuzz target: the OSM asset reader (libosmium), XML or PBF: the first input byte chooses
// (even: .osm, odd: .osm.pbf), the rest is the file.
#include "fuzz_support.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/osm_reader.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#ifndef ASSETMAP_FUZZ_FIXTURES
#error "ASSETMAP_FUZZ_FIXTURES (datasets/fixtures) must be defined"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assetmap;
    if (size == 0) return 0;
    fuzz::setup();
    static const Taxonomy taxonomy =
        io::load_taxonomy(std::string(ASSETMAP_FUZZ_FIXTURES) + "/../taxonomy.toml");
    static const io::CrsTransform to_metric("OGC:CRS84", "EPSG:27700");
    const bool pbf = data[0] % 2 == 1;
    const auto path = fuzz::write_input(pbf ? "input.osm.pbf" : "input.osm", data + 1, size - 1);
    try {
        ProblemReport problems;
        (void)io::read_osm_assets(path, "osm", taxonomy, to_metric, problems);
    } catch (const error&) {
    }
    return 0;
}
