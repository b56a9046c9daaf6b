// Fuzz target: the study file reader (TOML through toml11, then every section's checks).
#include "fuzz_support.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/study_file.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assetmap;
    fuzz::setup();
    const auto path = fuzz::write_input("study.toml", data, size);
    try {
        // The scratch folder stands in for the data directory, so every section is reached.
        (void)io::load_study(path, fuzz::scratch().string());
    } catch (const error&) {
    }
    return 0;
}
