// Ingest of the hand-made study datasets/fixtures/tiny: a row of 100 m squares in
// EPSG:27700 with deliberate problems. Every expected value is derived in the comments.
#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <fstream>
#include <iterator>
#include <map>

using namespace assetmap;

namespace {

StudyData ingest_tiny(bool strict = false) {
    unsetenv("ASSETMAP_DATA_DIR");  // the fixture's own data_dir applies
    const auto study = io::load_study(test::fixture("tiny/study.toml"));
    const auto taxonomy = io::load_taxonomy(study.taxonomy_path);
    ingest::IngestOptions options;
    options.strict = strict;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    return ingest::ingest_study(study, taxonomy, options);
}

const Asset* find_asset(const StudyData& d, const std::string& id) {
    for (const auto& a : d.assets)
        if (a.id == id) return &a;
    return nullptr;
}

}  // namespace

TEST_CASE("areas: parent filter - duplicates - null geometry - repair - population", "[ingest]") {
    const auto d = ingest_tiny();
    // parents = ["P1"] keeps A2, A1, A3, the second A1 and A4; B1 (P2) is outside the study.
    // A4 has null geometry and the second A1 is a duplicate: both reported, not used.
    // Sorted by code: A1, A2, A3.
    REQUIRE(d.areas.size() == 3);
    CHECK(d.areas[0].code == "A1");
    CHECK(d.areas[0].name == "Area one");  // the first A1 feature wins
    CHECK(d.areas[1].code == "A2");
    CHECK(d.areas[2].code == "A3");
    // 100 m × 100 m squares.
    CHECK(d.areas[0].area_m2 == Approx(10000.0));
    // A3 is a bow tie (331200,188000)-(331300,188100)-(331300,188000)-(331200,188100):
    // the edges cross at (331250,188050); MakeValid gives two triangles, each with a
    // 100 m base and 50 m height: 2 × ½ × 100 × 50 = 5000 m².
    CHECK(d.areas[2].area_m2 == Approx(5000.0));
    // population.csv: A1 100, A2 50 (the later A2 row is a duplicate), A3 0.
    CHECK(*d.areas[0].population == 100);
    CHECK(*d.areas[1].population == 50);
    CHECK(*d.areas[2].population == 0);
}

TEST_CASE("population points: bad rows reported with line numbers", "[ingest]") {
    const auto d = ingest_tiny();
    // p1, p2 (A1) and p3 (A2) are good; p4 has x 'abc' (line 5), p5 weight -3 (line 6),
    // the second p1 is a duplicate (line 7), p6 is in B1 (outside the study by design),
    // p7's area ZZ is in no source (line 9).
    REQUIRE(d.population_points.size() == 3);
    double a1 = 0;
    for (const auto& p : d.population_points)
        if (p.area_code == "A1") a1 += p.weight;
    CHECK(a1 == 100);  // 60 + 40 = A1's population
    std::map<std::string, std::string> by_line;
    for (const auto& p : d.problems.problems())
        if (p.source.find("points.csv") != std::string::npos) by_line[p.feature] = to_string(p.kind);
    CHECK(by_line["line 5"] == "bad_value");
    CHECK(by_line["line 6"] == "bad_value");
    CHECK(by_line["line 7"] == "duplicate_id");
    CHECK(by_line["line 9"] == "unmatched_code");
    CHECK(by_line.size() == 4);
}

TEST_CASE("assets: categories - aliases - merge across sources - edge rule", "[ingest]") {
    const auto d = ingest_tiny();
    // Kept: a1, a2, a6, a7 (alias civic_other:cinema → cinema), a8, a9 from the survey;
    // S2 from the GTFS stops. S1 lies ~7.1 m from a8 (both bus_stop) → merged into a8.
    // S3 is outside every area (inside_areas_only), S4 is a station (location_type 1).
    REQUIRE(d.assets.size() == 7);
    std::map<std::string, int> per_category;
    for (const auto& a : d.assets) ++per_category[a.category];
    CHECK(per_category == std::map<std::string, int>{
                              {"bus_stop", 2}, {"cinema", 1}, {"community_centre", 2},
                              {"food_shop", 1}, {"pharmacy", 1}});

    const Asset* stop = find_asset(d, "bus_stop:survey:a8");
    REQUIRE(stop);
    REQUIRE(stop->sources.size() == 2);
    CHECK(stop->sources[1].source == "naptan");
    CHECK(stop->sources[1].id == "S1");
    CHECK(stop->area_code == "A2");
    CHECK(stop->domain == "structural");

    // a9 at (331100, 188050) lies on the edge shared by A1 and A2: the lowest code wins.
    CHECK(find_asset(d, "community_centre:survey:a9")->area_code == "A1");
    CHECK(find_asset(d, "community_centre:survey:a9")->name == "Hall, upstairs");
    // a6 at (331500, 188050) is outside every area: kept, flagged.
    CHECK(find_asset(d, "pharmacy:survey:a6")->area_code.empty());
    CHECK(find_asset(d, "cinema:survey:a7")->area_code == "A2");
    // S2 converted from lon/lat (cs2cs of 331190 188090) lands back within a millimetre.
    const Asset* s2 = find_asset(d, "bus_stop:naptan:S2");
    REQUIRE(s2);
    CHECK(s2->location.x_m == Approx(331190).margin(0.01));
    CHECK(s2->location.y_m == Approx(188090).margin(0.01));

    for (const auto& s : d.sources)
        if (s.name == "naptan") {
            CHECK(s.records_read == 4);
            CHECK(s.outside_study == 2);  // S3 outside the areas, S4 a station
            CHECK(s.merged == 1);
        }
}

TEST_CASE("every problem is listed - by kind", "[ingest]") {
    const auto d = ingest_tiny();
    // areas: empty_geometry (A4), duplicate_id (A1), invalid_geometry_repaired (A3);
    // population.csv: unmatched_code (ZZ), duplicate_id (A2);
    // points: bad_value ×2, duplicate_id, unmatched_code;
    // assets: unknown_category (civic_other:toilets), duplicate_id (a1), bad_value (nan),
    // outside_areas (a6).  Total 13.
    const auto counts = d.problems.counts_by_kind();
    CHECK(counts == std::map<std::string, std::size_t>{{"bad_value", 3},
                                                       {"duplicate_id", 4},
                                                       {"empty_geometry", 1},
                                                       {"invalid_geometry_repaired", 1},
                                                       {"outside_areas", 1},
                                                       {"unknown_category", 1},
                                                       {"unmatched_code", 2}});
    CHECK(d.problems.size() == 13);
}

TEST_CASE("strict mode makes problems fatal", "[ingest]") {
    CHECK_THROWS_AS(ingest_tiny(true), strict_error);
}

TEST_CASE("the GeoPackage has every layer and is byte-identical across runs", "[ingest]") {
    unsetenv("ASSETMAP_DATA_DIR");
    const auto dir = test::temp_dir("gpkg");
    ingest::IngestOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    const auto a = (dir / "a.gpkg").string();
    const auto b = (dir / "b.gpkg").string();
    ingest::ingest_to_geopackage(test::fixture("tiny/study.toml"), a, options);
    ingest::ingest_to_geopackage(test::fixture("tiny/study.toml"), b, options);

    auto bytes = [](const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    CHECK(bytes(a) == bytes(b));

    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(a.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    const std::map<std::string, GIntBig> expected = {
        {"areas", 3}, {"population_points", 3}, {"assets", 7}, {"asset_footprints", 0},
        {"problems", 13}};
    for (const auto& [name, n] : expected) {
        OGRLayer* l = ds->GetLayerByName(name.c_str());
        INFO(name);
        REQUIRE(l);
        CHECK(l->GetFeatureCount() == n);
    }
    OGRLayer* meta = ds->GetLayerByName("metadata");
    REQUIRE(meta);
    CHECK(meta->GetFeatureCount() > 10);
    CHECK(std::string(ds->GetLayerByName("assets")->GetSpatialRef()->GetAuthorityCode(nullptr)) ==
          "27700");
    // No half-written file is left beside the output.
    CHECK_FALSE(std::filesystem::exists(a + ".tmp"));
}

TEST_CASE("a read-only or missing output folder is an io_error", "[ingest]") {
    ingest::IngestOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    CHECK_THROWS_AS(ingest::ingest_to_geopackage(test::fixture("tiny/study.toml"),
                                                 "/nonexistent/dir/out.gpkg", options),
                    io_error);
}

TEST_CASE("a source without a category field is categorised by the taxonomy's selectors",
          "[ingest]") {
    unsetenv("ASSETMAP_DATA_DIR");
    auto study = io::load_study(test::fixture("tiny/study.toml"));
    AssetSource src;
    src.name = "tagged";
    src.format = AssetSource::Format::vector;
    src.path = test::fixture("tiny/tagged.geojson");
    src.columns.id = "ref";
    src.columns.name = "name";
    src.columns.capacity = "staff";
    study.assets = {src};
    const auto taxonomy = io::load_taxonomy(study.taxonomy_path);
    const auto d = ingest::ingest_study(study, taxonomy, {});
    // t1 amenity=pharmacy → pharmacy; t2 amenity=post_office + shop=convenience → both
    // post_office and food_shop; t3 amenity=toilets matches nothing → unknown_category;
    // t4 leisure=park polygon → green_space with its footprint, located at its centroid
    // (331020, 188020): the middle of the 40 m square.
    std::map<std::string, std::string> got;
    for (const auto& a : d.assets) got[a.id] = a.area_code;
    CHECK(got == std::map<std::string, std::string>{{"pharmacy:tagged:t1", "A1"},
                                                    {"post_office:tagged:t2", "A2"},
                                                    {"food_shop:tagged:t2", "A2"},
                                                    {"green_space:tagged:t4", "A1"}});
    const Asset* park = find_asset(d, "green_space:tagged:t4");
    REQUIRE(park->footprint);
    CHECK(area_m2(*park->footprint) == Approx(1600.0));  // 40 m × 40 m
    CHECK(park->location.x_m == Approx(331020.0));
    CHECK(park->location.y_m == Approx(188020.0));
    // Capacity (fca2 supply) from the field "staff": t1 has 3; t2's "lots" is a bad_value
    // (reported; the default 1 applies); t4 has none.
    CHECK(*find_asset(d, "pharmacy:tagged:t1")->capacity == 3);
    CHECK_FALSE(find_asset(d, "food_shop:tagged:t2")->capacity);
    std::map<std::string, std::string> problems;
    for (const auto& p : d.problems.problems())
        if (p.source.find("tagged") != std::string::npos)
            problems[p.feature + " " + to_string(p.kind)] = p.field;
    CHECK(problems == std::map<std::string, std::string>{{"fid 1 bad_value", "staff"},
                                                         {"fid 2 unknown_category", ""}});
}

TEST_CASE("each asset source records its data extent and categories", "[ingest]") {
    const auto d = ingest_tiny();
    REQUIRE(d.extents.size() == 2);
    // survey declares no extent: the hull of the records it read (spatial::records_hull):
    // a1 (331050,188050), its duplicate (331051,188051), a2 (331150,188060), a6 (331500,
    // 188050), a7 (331120,188080), a8 (331110,188010), a9 (331100,188050); a3 and a5 were
    // rejected. Distances to the second-nearest other record, by hand: a1 50, a1' 49.01,
    // a9 41.23, a7 36.06, a2 50.99, a8 64.03, a6 381.2 → median 50 m. No outlier: a6's bar is
    // max(2 km, 10 × 64.03 m), the others' 90th percentile. The edge limit, max(2 km, 10 ×
    // 381.2 m), keeps every Delaunay triangle: the shape is the records' convex hull, grown
    // by 50 m to 50 m beyond the extreme records: x 331000..331550, y 187960..188130.
    const auto& survey = d.extents[0];
    CHECK_FALSE(survey.declared);
    CHECK(survey.kind == ExtentKind::hull);
    CHECK(survey.categories == std::vector<std::string>{"bus_stop", "cinema", "community_centre",
                                                        "food_shop", "pharmacy"});
    CHECK(survey.hull_records == 7);
    CHECK(survey.hull_outliers == 0);
    CHECK(survey.hull_spacing_m == Approx(50.0));
    const BoxM b = bounds(survey.polygon);
    CHECK(b.min_x_m == Approx(331000).margin(0.01));
    CHECK(b.max_x_m == Approx(331550).margin(0.01));
    CHECK(b.min_y_m == Approx(187960).margin(0.01));
    CHECK(b.max_y_m == Approx(188130).margin(0.01));
    // naptan: S1, S2 and S3 (read, then left out as outside the areas); S4 is a station.
    // cs2cs EPSG:4326 → EPSG:27700: S1 (331115.0, 188015.0), S2 (331190.0, 188090.0),
    // S3 (340000, 200000). Three records: k = 1; S3's nearest is ~14.8 km away, S1 and S2
    // are 106.07 m apart → S3 is an outlier (its bar: max(2 km, 10 × 106.07 m)), and the
    // extent is the S1–S2 edge grown by 106.07 m: x ≤ 331190 + 106.07 — a bounding box would
    // have reached S3's 340000.
    const auto& naptan = d.extents[1];
    CHECK(naptan.categories == std::vector<std::string>{"bus_stop"});
    CHECK(naptan.hull_records == 3);
    CHECK(naptan.hull_outliers == 1);
    CHECK(naptan.hull_spacing_m == Approx(106.066).margin(0.01));
    const BoxM n = bounds(naptan.polygon);
    CHECK(n.max_x_m == Approx(331296.07).margin(0.05));
    CHECK(n.max_y_m == Approx(188196.07).margin(0.05));
}

TEST_CASE("a declared lon/lat extent becomes a densified ring in the metric CRS", "[ingest]") {
    unsetenv("ASSETMAP_DATA_DIR");
    auto study = io::load_study(test::fixture("tiny/study.toml"));
    // echo "51.58 -3.0" | cs2cs -f %.3f EPSG:4326 EPSG:27700 → 330804.277 187267.211
    study.assets[0].extent = BoxLonLat{-3.0, 51.58, -2.99, 51.59};
    const auto taxonomy = io::load_taxonomy(study.taxonomy_path);
    const auto d = ingest::ingest_study(study, taxonomy, {});
    const auto& e = d.extents[0];
    CHECK(e.declared);
    CHECK(e.kind == ExtentKind::box);
    REQUIRE(e.ring.size() == 65);  // 4 edges × 16 steps + the closing point
    CHECK(e.ring.front().x_m == Approx(330804.277).margin(0.001));
    CHECK(e.ring.front().y_m == Approx(187267.211).margin(0.001));
    CHECK(e.ring.back() == e.ring.front());
}

// datasets/fixtures/schemas: real rows of the Wales-wide Geofabrik POI layer and NaPTAN CSV.
// NaPTAN: BCT and BCS are bus stops, RLY a rail station, the RSE entrance is filtered out.
// Geofabrik: post_office, pharmacy and convenience (a food shop) by `fclass`; the doctors row
// is filtered out (`fclass!=doctors`); the bench passes the filter but matches no selector:
// an unknown_category problem.
TEST_CASE("Geofabrik fclass and NaPTAN StopType select categories; filters leave rows out",
          "[ingest]") {
    unsetenv("ASSETMAP_DATA_DIR");
    const auto study = io::load_study(test::fixture("schemas/study.toml"));
    const auto taxonomy = io::load_taxonomy(study.taxonomy_path);
    const auto d = ingest::ingest_study(study, taxonomy, {});
    std::map<std::string, std::string> category_of;
    for (const auto& a : d.assets) category_of[a.sources.front().id] = a.category;
    CHECK(category_of == std::map<std::string, std::string>{
                             {"5310ANZ12863", "bus_stop"},
                             {"5310AWB32202", "bus_stop"},
                             {"9100NWPTRTG", "rail_station"},
                             {"544459103", "post_office"},
                             {"571836336", "pharmacy"},
                             {"1241319504", "food_shop"}});
    REQUIRE(d.sources.size() == 2 + 1);  // areas, naptan, geofabrik
    const auto& naptan = d.sources[1];
    CHECK(naptan.name == "naptan");
    CHECK(naptan.records_read == 4);
    CHECK(naptan.filtered == 1);
    CHECK(naptan.records_used == 3);
    const auto& geofabrik = d.sources[2];
    CHECK(geofabrik.records_read == 5);
    CHECK(geofabrik.filtered == 1);
    CHECK(geofabrik.records_used == 3);
    std::vector<std::string> unknown;
    for (const auto& p : d.problems.problems())
        if (p.kind == ProblemKind::unknown_category) unknown.push_back(p.feature);
    CHECK(unknown == std::vector<std::string>{"fid 3"});  // the bench
    // The metadata records the filters and the counts they left out.
    std::map<std::string, std::string> meta(d.metadata.begin(), d.metadata.end());
    CHECK(meta["source.naptan.filter"] == "StopType=BCT|BCS|RLY");
    CHECK(meta["source.naptan.records_filtered"] == "1");
    CHECK(meta["source.geofabrik.filter"] == "fclass!=doctors");
}
