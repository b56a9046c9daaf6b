#pragma once
// Where tests find the repository, its fixtures and the shared data.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace assetmap::test {

inline std::string source_dir() {
    if (const char* s = std::getenv("ASSETMAP_SOURCE_DIR")) return s;
#ifdef ASSETMAP_TEST_SOURCE_DIR
    return ASSETMAP_TEST_SOURCE_DIR;
#else
    return std::filesystem::weakly_canonical(__FILE__).parent_path().parent_path().parent_path().string();
#endif
}

inline std::string fixture(const std::string& rel) {
    return source_dir() + "/datasets/fixtures/" + rel;
}

/// The shared real data (../shared/data beside the checkout), or ASSETMAP_DATA_DIR.
inline std::string shared_data() {
    if (const char* s = std::getenv("ASSETMAP_DATA_DIR")) return s;
    return (std::filesystem::path(source_dir()).parent_path() / "shared" / "data").string();
}

/// A fresh temporary folder for one test.
inline std::filesystem::path temp_dir(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() /
             ("assetmap_test_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

}  // namespace assetmap::test
