// Hermetic environment for every test binary, set before main (PROJ test/unit/CMakeLists.txt
// does the same through ctest): PROJ and GDAL data from the system packages and no user
// files. Values already set by the caller win. (ctest's ENVIRONMENT property cannot carry a
// list through catch_discover_tests, so the binaries set it themselves.)
#include <cstdlib>

namespace {
const bool environment_ready = [] {
    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);
    setenv("PROJ_DATA", "/usr/share/proj", 0);
    setenv("GDAL_DATA", "/usr/share/gdal", 0);
    return true;
}();
}  // namespace
