// Tests of io::read_osm_assets on the hand-made fixture datasets/fixtures/osm/small.osm, on
// broken input, and (tag [data]) on the real Newport extract.
//
// Expected metric coordinates come from PROJ's command-line tool (EPSG:4326 takes lat lon):
//
//   printf '51.5810 -3.0020\n51.5810 -3.0010\n51.5816 -3.0010\n51.5816 -3.0020\n' |
//       cs2cs -f %.4f EPSG:4326 EPSG:27700
//   park w-101:  330667.2199 187380.3228 / 330736.5092 187379.3735 /
//                330737.4229 187446.1021 / 330668.1346 187447.0514
//                shoelace area 4624.41 m2, vertex mean (330702.3217, 187413.2125)
//   relation r-201 outer (lat 51.5830..51.5842, lon -3.0100..-3.0080): area 18496.75 m2
//   relation r-201 inner (lat 51.5834..51.5838, lon -3.0095..-3.0085): area  3082.79 m2
//                → net area 15413.96 m2
//   school w-102 (lat 51.5810..51.5815, lon -3.0040..-3.0030): vertex mean
//                (330563.6677, 187409.5521)
//   pharmacy n-1 (51.5800 -3.0000): 330804.2771 187267.2109
//   pitch w-103 nodes (51.5820 -3.0050) (51.5821 -3.0045) (51.5820 -3.0040):
//                330460.8811 187494.3905 / 330495.6778 187505.0358 / 330530.1689 187493.4384
//                mean (330495.5759, 187497.6216)
//
// Areas are compared with a 0.5 % tolerance, points with 0.5 m (the squares are near-perfect
// parallelograms in EPSG:27700, so the area centroid is within centimetres of the vertex mean).

#include <assetmap/core/error.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/osm_reader.hpp>
#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using assetmap::Category;
using assetmap::MultiPolygonM;
using assetmap::ProblemKind;
using assetmap::ProblemReport;
using assetmap::RingM;
using assetmap::Taxonomy;
using assetmap::io::CrsTransform;
using assetmap::io::OsmReadStats;
using assetmap::io::RawAsset;
using assetmap::io::read_osm_assets;

namespace {

fs::path fixtures_dir() {
    if (const char* env = std::getenv("ASSETMAP_FIXTURES"); env && *env) return env;
    return fs::path(assetmap::test::source_dir()) / "datasets" / "fixtures";
}

fs::path newport_pbf() {
    return fs::path(assetmap::test::shared_data()) / "newport_2023-06-13.osm.pbf";
}

Category category(const std::string& id, bool is_area, const std::vector<std::string>& osm) {
    Category c;
    c.id = id;
    c.label = id;
    c.is_area = is_area;
    for (const auto& s : osm) c.osm.push_back(assetmap::parse_selector(s));
    return c;
}

/// The categories the fixture exercises (selectors as in datasets/taxonomy.toml).
Taxonomy fixture_taxonomy() {
    return Taxonomy({
        category("pharmacy", false, {"amenity=pharmacy", "healthcare=pharmacy"}),
        category("bus_stop", false, {"highway=bus_stop", "public_transport=platform & bus=yes"}),
        category("post_office", false, {"amenity=post_office"}),
        category("food_shop", false, {"shop=supermarket|convenience|greengrocer|bakery|butcher"}),
        category("green_space", true,
                 {"leisure=park|garden|nature_reserve|common",
                  "landuse=recreation_ground|village_green"}),
        category("education", false, {"amenity=school|college|university"}),
        category("sports_pitch", false, {"leisure=pitch"}),
        category("library", false, {"amenity=library"}),
    });
}

/// Every category of datasets/taxonomy.toml (as of this test's writing), for the real data.
Taxonomy full_taxonomy() {
    std::vector<Category> cats = {
        category("community_centre", false, {"amenity=community_centre|village_hall"}),
        category("place_of_worship", false, {"amenity=place_of_worship"}),
        category("social_facility", false, {"amenity=social_facility"}),
        category("arts_centre", false, {"amenity=arts_centre"}),
        category("theatre", false, {"amenity=theatre"}),
        category("cinema", false, {"amenity=cinema"}),
        category("sports_pitch", false, {"leisure=pitch"}),
        category("sports_leisure", false, {"leisure=sports_centre|fitness_centre|swimming_pool"}),
        category("playground", false, {"leisure=playground"}),
        category("allotments", true, {"landuse=allotments"}),
        category("library", false, {"amenity=library"}),
        category("education", false, {"amenity=school|college|university"}),
        category("green_space", true,
                 {"leisure=park|garden|nature_reserve|common",
                  "landuse=recreation_ground|village_green"}),
        category("bus_stop", false, {"highway=bus_stop", "public_transport=platform & bus=yes"}),
        category("rail_station", false, {"railway=station|halt"}),
        category("bus_station", false, {"amenity=bus_station"}),
        category("gp_doctors", false, {"amenity=doctors", "healthcare=doctor"}),
        category("pharmacy", false, {"amenity=pharmacy", "healthcare=pharmacy"}),
        category("food_shop", false, {"shop=supermarket|convenience|greengrocer|bakery|butcher"}),
        category("post_office", false, {"amenity=post_office"}),
    };
    return Taxonomy(std::move(cats));
}

const CrsTransform& wgs84_to_bng() {
    static const CrsTransform t("EPSG:4326", "EPSG:27700");
    return t;
}

double ring_area(const RingM& ring) {
    double s = 0.0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        s += ring[i].x_m * ring[i + 1].y_m - ring[i + 1].x_m * ring[i].y_m;
    return std::abs(s) / 2.0;
}

double polygon_area(const MultiPolygonM& mp) {
    double a = 0.0;
    for (const auto& poly : mp) {
        a += ring_area(poly.outer);
        for (const auto& hole : poly.holes) a -= ring_area(hole);
    }
    return a;
}

const RawAsset* find(const std::vector<RawAsset>& assets, const std::string& id,
                     const std::string& category) {
    for (const auto& a : assets)
        if (a.source_id == id && a.category == category) return &a;
    return nullptr;
}

const assetmap::Problem* find_problem(const ProblemReport& report, const std::string& feature) {
    for (const auto& p : report.problems())
        if (p.feature == feature) return &p;
    return nullptr;
}

std::string small_osm() { return (fixtures_dir() / "osm" / "small.osm").string(); }

/// Writes `text` to a file in the temp directory and returns its path.
fs::path write_temp(const std::string& name, const std::string& bytes) {
    const fs::path p = fs::temp_directory_path() / name;
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
}

}  // namespace

TEST_CASE("read_osm_assets: points - areas and open ways from the fixture", "[io][osm]") {
    ProblemReport problems;
    OsmReadStats stats;
    std::set<std::string> stages;
    const auto assets = read_osm_assets(
        small_osm(), "osm", fixture_taxonomy(), wgs84_to_bng(), problems, &stats,
        [&](std::string_view stage, std::size_t, std::size_t) { stages.emplace(stage); });

    SECTION("ids and categories, sorted by type, numeric id, category") {
        std::vector<std::string> got;
        for (const auto& a : assets) got.push_back(a.source_id + " " + a.category);
        const std::vector<std::string> expected = {
            "n-3 food_shop",    "n-3 post_office",  "n-2 bus_stop",     "n-1 pharmacy",
            "w-103 sports_pitch", "w-102 education", "w-101 green_space", "r-201 green_space"};
        CHECK(got == expected);
    }

    SECTION("names") {
        CHECK(find(assets, "n-1", "pharmacy")->name == "Test Pharmacy");
        CHECK(find(assets, "n-2", "bus_stop")->name == "Test Stop");
        CHECK(find(assets, "n-3", "food_shop")->name == "Village Stores and Post Office");
        CHECK(find(assets, "w-101", "green_space")->name == "Square Park");
        CHECK(find(assets, "r-201", "green_space")->name == "Ring Park");
        CHECK(find(assets, "w-103", "sports_pitch")->name.empty());
    }

    SECTION("footprints only for area categories") {
        for (const auto& a : assets) {
            INFO(a.source_id << " " << a.category);
            CHECK(a.footprint.has_value() == (a.category == "green_space"));
        }
    }

    SECTION("closed way park: footprint area and centroid match cs2cs") {
        const RawAsset* park = find(assets, "w-101", "green_space");
        REQUIRE(park != nullptr);
        REQUIRE(park->footprint);
        REQUIRE(park->footprint->size() == 1);
        const auto& outer = park->footprint->front().outer;
        CHECK(outer.size() == 5);
        CHECK(outer.front() == outer.back());
        CHECK(park->footprint->front().holes.empty());
        CHECK(polygon_area(*park->footprint) == Approx(4624.41).epsilon(0.005));
        CHECK(park->location.x_m == Approx(330702.3217).margin(0.5));
        CHECK(park->location.y_m == Approx(187413.2125).margin(0.5));
        CHECK(park->lonlat.lon_deg == Approx(-3.0015).margin(1e-5));
        CHECK(park->lonlat.lat_deg == Approx(51.5813).margin(1e-5));
    }

    SECTION("multipolygon relation: hole subtracted") {
        const RawAsset* ring_park = find(assets, "r-201", "green_space");
        REQUIRE(ring_park != nullptr);
        REQUIRE(ring_park->footprint);
        REQUIRE(ring_park->footprint->size() == 1);
        const auto& poly = ring_park->footprint->front();
        REQUIRE(poly.holes.size() == 1);
        CHECK(ring_area(poly.outer) == Approx(18496.75).epsilon(0.005));
        CHECK(ring_area(poly.holes.front()) == Approx(3082.79).epsilon(0.005));
        CHECK(polygon_area(*ring_park->footprint) == Approx(15413.96).epsilon(0.005));
    }

    SECTION("point category on a closed way: centroid, no footprint") {
        const RawAsset* school = find(assets, "w-102", "education");
        REQUIRE(school != nullptr);
        CHECK_FALSE(school->footprint);
        CHECK(school->location.x_m == Approx(330563.6677).margin(0.5));
        CHECK(school->location.y_m == Approx(187409.5521).margin(0.5));
    }

    SECTION("nodes and open ways") {
        const RawAsset* pharmacy = find(assets, "n-1", "pharmacy");
        REQUIRE(pharmacy != nullptr);
        CHECK(pharmacy->location.x_m == Approx(330804.2771).margin(0.01));
        CHECK(pharmacy->location.y_m == Approx(187267.2109).margin(0.01));
        CHECK(pharmacy->lonlat.lon_deg == Approx(-3.0).margin(1e-9));
        CHECK(pharmacy->lonlat.lat_deg == Approx(51.58).margin(1e-9));

        const RawAsset* pitch = find(assets, "w-103", "sports_pitch");
        REQUIRE(pitch != nullptr);
        CHECK_FALSE(pitch->footprint);
        CHECK(pitch->location.x_m == Approx(330495.5759).margin(0.01));
        CHECK(pitch->location.y_m == Approx(187497.6216).margin(0.01));
    }

    SECTION("problems: clipped way and relation") {
        CHECK(problems.size() == 2);
        const auto* library = find_problem(problems, "w-106");
        REQUIRE(library != nullptr);
        CHECK(library->kind == ProblemKind::incomplete_geometry);
        CHECK(library->source == small_osm());
        CHECK(library->message.find("1 of 4 nodes missing") != std::string::npos);
        CHECK(library->location.has_value());
        CHECK(find(assets, "w-106", "library") == nullptr);

        const auto* garden = find_problem(problems, "r-202");
        REQUIRE(garden != nullptr);
        CHECK(garden->kind == ProblemKind::incomplete_geometry);
        CHECK(garden->message.find("1 of 1 member ways missing") != std::string::npos);
    }

    SECTION("stats and progress") {
        CHECK(stats.nodes == 27);
        CHECK(stats.ways == 6);
        CHECK(stats.relations == 2);
        CHECK(stats.matched_objects == 9);  // 3 nodes, 4 ways (incl. the clipped one), 2 rels
        CHECK(stages == std::set<std::string>{"osm pass 1", "osm pass 2"});
    }
}

TEST_CASE("read_osm_assets: output is deterministic", "[io][osm]") {
    ProblemReport p1;
    ProblemReport p2;
    const auto a = read_osm_assets(small_osm(), "osm", fixture_taxonomy(), wgs84_to_bng(), p1);
    const auto b = read_osm_assets(small_osm(), "osm", fixture_taxonomy(), wgs84_to_bng(), p2);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].source_id == b[i].source_id);
        CHECK(a[i].category == b[i].category);
        CHECK(a[i].location == b[i].location);
    }
    REQUIRE(p1.size() == p2.size());
    for (std::size_t i = 0; i < p1.size(); ++i)
        CHECK(p1.problems()[i].feature == p2.problems()[i].feature);
}

TEST_CASE("read_osm_assets: area categories on nodes and open ways are reported",
          "[io][osm]") {
    const std::string xml = R"(<?xml version='1.0' encoding='UTF-8'?>
<osm version='0.6' generator='test'>
  <node id='1' version='1' lat='51.58' lon='-3.0'><tag k='leisure' v='park'/></node>
  <node id='2' version='1' lat='51.58' lon='-3.001'/>
  <node id='3' version='1' lat='51.581' lon='-3.001'/>
  <way id='10' version='1'><nd ref='2'/><nd ref='3'/>
    <tag k='leisure' v='garden'/><tag k='amenity' v='school'/></way>
</osm>
)";
    const fs::path path = write_temp("assetmap_test_area_points.osm", xml);
    ProblemReport problems;
    const auto assets =
        read_osm_assets(path.string(), "osm", fixture_taxonomy(), wgs84_to_bng(), problems);
    fs::remove(path);
    REQUIRE(assets.size() == 1);
    CHECK(assets[0].source_id == "w10");
    CHECK(assets[0].category == "education");
    REQUIRE(problems.size() == 2);
    CHECK(problems.problems()[0].feature == "n1");
    CHECK(problems.problems()[0].kind == ProblemKind::wrong_geometry_type);
    CHECK(problems.problems()[1].feature == "w10");
    CHECK(problems.problems()[1].kind == ProblemKind::wrong_geometry_type);
}

TEST_CASE("read_osm_assets: broken geometry and coordinates are reported", "[io][osm]") {
    // w20: a bow-tie (self-intersecting) park; r30: a park whose only outer way is not closed;
    // n3: a pharmacy with latitude 95.
    const std::string xml = R"(<?xml version='1.0' encoding='UTF-8'?>
<osm version='0.6' generator='test'>
  <node id='1' version='1' lat='51.580' lon='-3.000'/>
  <node id='2' version='1' lat='51.581' lon='-3.001'/>
  <node id='3' version='1' lat='95.0' lon='-3.0'><tag k='amenity' v='pharmacy'/></node>
  <node id='4' version='1' lat='51.580' lon='-3.001'/>
  <node id='5' version='1' lat='51.581' lon='-3.000'/>
  <way id='20' version='1'><nd ref='1'/><nd ref='2'/><nd ref='4'/><nd ref='5'/><nd ref='1'/>
    <tag k='leisure' v='park'/></way>
  <way id='21' version='1'><nd ref='1'/><nd ref='4'/><nd ref='2'/></way>
  <relation id='30' version='1'><member type='way' ref='21' role='outer'/>
    <tag k='type' v='multipolygon'/><tag k='leisure' v='park'/></relation>
</osm>
)";
    const fs::path path = write_temp("assetmap_test_broken.osm", xml);
    ProblemReport problems;
    const auto assets =
        read_osm_assets(path.string(), "osm", fixture_taxonomy(), wgs84_to_bng(), problems);
    fs::remove(path);
    CHECK(assets.empty());
    REQUIRE(problems.size() == 3);
    const auto* pharmacy = find_problem(problems, "n3");
    REQUIRE(pharmacy != nullptr);
    CHECK(pharmacy->kind == ProblemKind::bad_coordinate);
    const auto* bow_tie = find_problem(problems, "w20");
    REQUIRE(bow_tie != nullptr);
    CHECK(bow_tie->kind == ProblemKind::incomplete_geometry);
    CHECK(bow_tie->message.find("could not be assembled") != std::string::npos);
    const auto* unclosed = find_problem(problems, "r30");
    REQUIRE(unclosed != nullptr);
    CHECK(unclosed->kind == ProblemKind::incomplete_geometry);
    CHECK(unclosed->message.find("could not be assembled") != std::string::npos);
}

TEST_CASE("read_osm_assets: unreadable input throws input_error naming the file",
          "[io][osm]") {
    ProblemReport problems;
    const Taxonomy taxonomy = fixture_taxonomy();

    SECTION("missing file") {
        const std::string path = (fixtures_dir() / "osm" / "no_such_file.osm.pbf").string();
        try {
            read_osm_assets(path, "osm", taxonomy, wgs84_to_bng(), problems);
            FAIL("no exception");
        } catch (const assetmap::input_error& e) {
            CHECK(std::string(e.what()).find(path) != std::string::npos);
            CHECK(e.where() == path);
        }
    }

    SECTION("truncated XML") {
        std::ifstream in(small_osm(), std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), {}};
        const fs::path path = write_temp("assetmap_test_truncated.osm", text.substr(0, 1500));
        try {
            read_osm_assets(path.string(), "osm", taxonomy, wgs84_to_bng(), problems);
            FAIL("no exception");
        } catch (const assetmap::input_error& e) {
            CHECK(std::string(e.what()).find(path.string()) != std::string::npos);
        }
        fs::remove(path);
    }

    SECTION("unknown format") {
        const fs::path path = write_temp("assetmap_test_not_osm.txt", "hello\n");
        CHECK_THROWS_AS(read_osm_assets(path.string(), "osm", taxonomy, wgs84_to_bng(), problems),
                        assetmap::input_error);
        fs::remove(path);
    }

    SECTION("truncated .pbf (first half of the Newport extract)") {
        const fs::path real = newport_pbf();
        if (!fs::exists(real)) {
            WARN("skipped: " << real << " not found");
            return;
        }
        std::ifstream in(real, std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in), {}};
        const fs::path path = write_temp("assetmap_test_truncated.osm.pbf",
                                         bytes.substr(0, bytes.size() / 2));
        try {
            read_osm_assets(path.string(), "osm", taxonomy, wgs84_to_bng(), problems);
            FAIL("no exception");
        } catch (const assetmap::input_error& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find(path.string()) != std::string::npos);
        }
        fs::remove(path);
    }
}

TEST_CASE("read_osm_assets: the Newport extract", "[io][osm][data]") {
    const fs::path path = newport_pbf();
    if (!fs::exists(path)) {
        WARN("skipped: " << path << " not found");
        return;
    }
    const Taxonomy taxonomy = full_taxonomy();
    ProblemReport problems;
    OsmReadStats stats;
    const auto start = std::chrono::steady_clock::now();
    const auto assets =
        read_osm_assets(path.string(), "osm", taxonomy, wgs84_to_bng(), problems, &stats);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::map<std::string, std::size_t> counts;
    for (const auto& a : assets) ++counts[a.category];
    std::map<std::string, std::size_t> problem_counts;
    for (const auto& p : problems.problems())
        ++problem_counts[std::string(assetmap::to_string(p.kind)) + " " + p.feature.substr(0, 1)];

    std::ostringstream summary;
    summary << "Newport: " << assets.size() << " assets in " << seconds << " s; nodes "
            << stats.nodes << ", ways " << stats.ways << ", relations " << stats.relations
            << ", matched objects " << stats.matched_objects << "\n";
    for (const auto& [cat, n] : counts) summary << "  " << cat << ": " << n << "\n";
    for (const auto& [kind, n] : problem_counts)
        summary << "  problem " << kind << ": " << n << "\n";
    WARN(summary.str());

    CHECK(counts["bus_stop"] >= 395);
    for (const auto& a : assets) {
        if (a.category != "green_space") continue;
        INFO(a.source_id);
        CHECK(a.footprint.has_value());
    }
    for (const auto& a : assets) {
        INFO(a.source_id);
        CHECK(std::isfinite(a.location.x_m));
        CHECK(std::isfinite(a.location.y_m));
    }
}
