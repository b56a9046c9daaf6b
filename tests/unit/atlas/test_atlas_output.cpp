// What the atlas GeoPackage says about itself (issue 13, items 9 and 13): whole numbers are
// integers, the metadata's problem count is the problems layer's, no absolute local paths
// (sources and taxonomy relative to the study file, `study_file` relative to the
// GeoPackage's folder), and one run can write several exports; and every layer reads the
// same with SQLite (the tile commands' reader) as with GDAL.
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/geopackage_tables.hpp>

#include "../../support/paths.hpp"
#include "../io/vector_parity.hpp"

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <memory>

using namespace assetmap;
namespace fs = std::filesystem;

namespace {

using DatasetPtr = std::unique_ptr<GDALDataset>;

DatasetPtr open(const fs::path& p) {
    DatasetPtr ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    return ds;
}

std::map<std::string, std::string> metadata(GDALDataset& ds) {
    std::map<std::string, std::string> m;
    for (auto& f : *ds.GetLayerByName("metadata"))
        m[f->GetFieldAsString("key")] = f->GetFieldAsString("value");
    return m;
}

OGRFieldType type_of(GDALDataset& ds, const char* layer, const char* field) {
    OGRLayer* l = ds.GetLayerByName(layer);
    REQUIRE(l);
    const int i = l->GetLayerDefn()->GetFieldIndex(field);
    REQUIRE(i >= 0);
    return l->GetLayerDefn()->GetFieldDefn(i)->GetType();
}

atlas::RunResult run_net(const std::vector<io::ExportOptions>& exports) {
    unsetenv("ASSETMAP_DATA_DIR");
    atlas::RunOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    return atlas::run_study(test::fixture("tiny/study_net.toml"), options, exports);
}

}  // namespace

TEST_CASE("counts and population are integers in every layer that has them", "[atlas][output]") {
    const auto dir = test::temp_dir("atlas_integers");
    io::ExportOptions e;
    e.destination = (dir / "net.gpkg").string();
    run_net({e});
    auto ds = open(dir / "net.gpkg");
    CHECK(type_of(*ds, "areas", "population") == OFTInteger64);
    CHECK(type_of(*ds, "areas", "bus_stop_count") == OFTInteger64);
    CHECK(type_of(*ds, "comparators", "bus_stop_count") == OFTInteger64);
    CHECK(type_of(*ds, "areas", "bus_stop_per_1000") == OFTReal);
    // The tiny fixture's populations (population.csv): A1 100, A2 50, A3 0.
    std::map<std::string, GIntBig> pop;
    for (auto& f : *ds->GetLayerByName("areas"))
        pop[f->GetFieldAsString("code")] = f->GetFieldAsInteger64("population");
    CHECK(pop == std::map<std::string, GIntBig>{{"A1", 100}, {"A2", 50}, {"A3", 0}});

    ingest::IngestOptions io;
    io.timestamp_utc = "2026-01-01T00:00:00Z";
    ingest::ingest_to_geopackage(test::fixture("tiny/study.toml"), (dir / "i.gpkg").string(), io);
    auto ing = open(dir / "i.gpkg");
    CHECK(type_of(*ing, "areas", "population") == OFTInteger64);
}

TEST_CASE("the metadata's problem count is the problems layer's, measure problems included",
          "[atlas][output]") {
    const auto dir = test::temp_dir("atlas_problems");
    io::ExportOptions e;
    e.destination = (dir / "net.gpkg").string();
    const auto r = run_net({e});
    REQUIRE(r.measures.problems.size() > 0);  // a6 is beyond the snap limit: off_network
    auto ds = open(dir / "net.gpkg");
    const auto m = metadata(*ds);
    const GIntBig layer = ds->GetLayerByName("problems")->GetFeatureCount();
    CHECK(m.at("problems") == std::to_string(layer));
    CHECK(std::stoll(m.at("problems.off_network")) >= 1);
    GIntBig by_kind = 0;
    for (const auto& [k, v] : m)
        if (k.rfind("problems.", 0) == 0) by_kind += std::stoll(v);
    CHECK(by_kind == layer);
}

TEST_CASE("metadata paths: sources relative to the study file, study_file to the GeoPackage",
          "[atlas][output]") {
    const auto dir = test::temp_dir("atlas_paths");
    fs::create_directories(dir / "deep" / "er");
    io::ExportOptions e;
    e.destination = (dir / "deep" / "er" / "net.gpkg").string();
    run_net({e});
    auto ds = open(dir / "deep" / "er" / "net.gpkg");
    const auto m = metadata(*ds);
    for (const auto& [k, v] : m) {
        INFO(k << " = " << v);
        CHECK(v.rfind('/', 0) != 0);  // no absolute path anywhere
        CHECK(v.find(dir.string()) == std::string::npos);
    }
    const fs::path study = fs::path(test::fixture("tiny/study_net.toml"));
    const fs::path from_atlas = dir / "deep" / "er" / m.at("study_file");
    CHECK(fs::equivalent(from_atlas, study));
    const fs::path study_dir = study.parent_path();
    CHECK(fs::equivalent(study_dir / m.at("taxonomy"),
                         test::source_dir() + "/datasets/taxonomy.toml"));
    std::size_t sources = 0;
    for (const auto& [k, v] : m) {
        if (k.rfind("source.", 0) != 0 || k.size() < 5 || k.substr(k.size() - 5) != ".path")
            continue;
        INFO(k << " = " << v);
        CHECK(fs::exists(study_dir / v));
        ++sources;
    }
    CHECK(sources >= 4);  // areas, population points, two asset sources, the network
}

TEST_CASE("one run writes the same layers to several exports", "[atlas][output]") {
    const auto dir = test::temp_dir("atlas_exports");
    io::ExportOptions gpkg, fgb;
    gpkg.destination = (dir / "net.gpkg").string();
    fgb.destination = (dir / "net.fgb").string();
    const auto r = run_net({gpkg, fgb});
    REQUIRE(r.export_reports.size() == 2);
    CHECK(r.export_report.outputs == r.export_reports[0].outputs);
    CHECK(r.export_reports[1].format == io::OutputFormat::flatgeobuf);
    auto areas = open(dir / "net_areas.fgb");
    CHECK(areas->GetLayer(0)->GetFeatureCount() == 3);
    CHECK(type_of(*areas, areas->GetLayer(0)->GetName(), "bus_stop_count") == OFTInteger64);
    // The metadata table of the FlatGeobuf export names the study from its own folder.
    auto meta = open(dir / "net_metadata.csv");
    std::map<std::string, std::string> m;
    for (auto& f : *meta->GetLayer(0)) m[f->GetFieldAsString("key")] = f->GetFieldAsString("value");
    CHECK(fs::equivalent(dir / m.at("study_file"), test::fixture("tiny/study_net.toml")));
}

TEST_CASE("every layer of the atlas reads the same with SQLite as with GDAL",
          "[atlas][output][geopackage]") {
    // The tile commands read the atlas with SQLite alone (simple_geopackage.cpp,
    // geopackage_tables.cpp); GDAL's reading of the same file is the oracle.
    const auto dir = test::temp_dir("atlas_sqlite");
    const std::string path = (dir / "net.gpkg").string();
    io::ExportOptions e;
    e.destination = path;
    run_net({e});
    auto ds = open(path);
    CHECK(io::geopackage_key_values(path, "metadata", "key", "value") == metadata(*ds));
    std::size_t layers = 0;
    for (OGRLayer* layer : ds->GetLayers()) {
        const auto type = wkbFlatten(layer->GetGeomType());
        if (type != wkbPoint && type != wkbMultiPoint && type != wkbPolygon &&
            type != wkbMultiPolygon)
            continue;
        const std::string name = layer->GetName();
        INFO(name);
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        const auto columns = io::geopackage_columns(path, name);
        REQUIRE(columns.size() == static_cast<std::size_t>(defn->GetFieldCount()));
        std::vector<std::string> fields;
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            const OGRFieldDefn* f = defn->GetFieldDefn(i);
            fields.push_back(f->GetNameRef());
            CHECK(columns[static_cast<std::size_t>(i)].name == f->GetNameRef());
            CHECK(columns[static_cast<std::size_t>(i)].integer ==
                  (f->GetType() == OFTInteger || f->GetType() == OFTInteger64));
        }
        // As tools/atlas_source.cpp reads it: to Web Mercator, no range check.
        io::VectorRequest r = test::request(path, fields);
        r.layer = name;
        r.target_crs = "EPSG:3857";
        r.check_range = false;
        const std::string reader = test::check_same(r);
        if (name == "areas" || name == "assets") CHECK(reader == "SQLite");
        ++layers;
    }
    CHECK(layers >= 5);
    // The assets within a box, as the raster tiles read them.
    io::VectorRequest assets = test::request(path, {"asset_id", "category", "domain", "name"},
                                             io::GeometryWant::points);
    assets.layer = "assets";
    assets.target_crs = "EPSG:3857";
    assets.check_range = false;
    ProblemReport problems;
    const auto all = io::read_vector(assets, problems);
    REQUIRE(all.features.size() >= 2);
    BoxM box;
    box.expand(all.features[0].point);
    box.expand(all.features[1].point);
    assets.within = box;
    CHECK(test::check_same(assets) == "SQLite");
}
