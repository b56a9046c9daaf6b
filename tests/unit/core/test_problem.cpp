#include <assetmap/core/problem.hpp>

#include <catch2/catch.hpp>

using namespace assetmap;

TEST_CASE("problem report keeps every problem and counts by kind", "[core]") {
    ProblemReport r;
    CHECK(r.empty());
    r.add(ProblemKind::duplicate_id, "a.csv", "line 3", "id", "again");
    r.add(ProblemKind::duplicate_id, "a.csv", "line 9", "id", "again");
    r.add(ProblemKind::outside_areas, "osm", "n1", "", "outside");
    CHECK(r.size() == 3);
    const auto counts = r.counts_by_kind();
    CHECK(counts.at("duplicate_id") == 2);
    CHECK(counts.at("outside_areas") == 1);
    CHECK(r.problems()[1].feature == "line 9");
    CHECK(std::string(to_string(ProblemKind::invalid_geometry_repaired)) ==
          "invalid_geometry_repaired");
}
