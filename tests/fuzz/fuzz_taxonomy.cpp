// Fuzz target: the taxonomy reader (TOML, categories, OSM selectors, the Taxonomy checks).
#include "fuzz_support.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/taxonomy_file.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assetmap;
    fuzz::setup();
    const auto path = fuzz::write_input("taxonomy.toml", data, size);
    try {
        const Taxonomy t = io::load_taxonomy(path);
        (void)t.match_osm({{"amenity", "pharmacy"}, {"name", "x"}});
        (void)t.match_value("community_centre");
    } catch (const error&) {
    }
    return 0;
}
