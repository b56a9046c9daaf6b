#include <assetmap/core/temp_path.hpp>

#include <catch2/catch.hpp>

using namespace assetmap;

TEST_CASE("a TempPath is registered for its life and moves with its owner", "[core][temp]") {
    const std::size_t before = registered_temp_paths();
    {
        TempPath a("/tmp/assetmap_test_a.tmp");
        CHECK(registered_temp_paths() == before + 1);
        TempPath b(std::move(a));
        CHECK(registered_temp_paths() == before + 1);
        CHECK(a.path().empty());
        b.reset("/tmp/assetmap_test_b.tmp");
        CHECK(registered_temp_paths() == before + 1);
        b.reset();
        CHECK(registered_temp_paths() == before);
        TempPath c("/tmp/assetmap_test_c.tmp");
        TempPath d("/tmp/assetmap_test_c.tmp");  // the same path twice is counted twice
        CHECK(registered_temp_paths() == before + 2);
    }
    CHECK(registered_temp_paths() == before);
}
