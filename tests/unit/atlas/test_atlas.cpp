// The atlas model: a GeoPackage written by run and read back equals the atlas of the same run
// in memory, cell for cell and vertex for vertex; look-ups; a file that is not an atlas.
#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

using namespace assetmap;

namespace {

atlas::RunResult run_tiny(const std::string& out) {
    unsetenv("ASSETMAP_DATA_DIR");
    atlas::RunOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    io::ExportOptions export_options;
    export_options.destination = out;
    return atlas::run_study(test::fixture("tiny/study.toml"), options, export_options);
}

}  // namespace

TEST_CASE("an atlas read back from its GeoPackage equals the run's atlas in memory",
          "[atlas]") {
    const auto dir = test::temp_dir("atlas_model");
    const auto path = (dir / "tiny.gpkg").string();
    const auto run = run_tiny(path);
    const auto study = io::load_study(test::fixture("tiny/study.toml"), "");
    const auto taxonomy = io::load_taxonomy(study.taxonomy_path);
    const atlas::Atlas memory = atlas::atlas_from_run(run, taxonomy);
    const atlas::Atlas file = atlas::read_atlas(path);

    REQUIRE(file.layers().size() == memory.layers().size());
    for (const auto& a : memory.layers()) {
        INFO("layer " << a.name);
        // GDAL may list a GeoPackage's layers in another order: compare by name.
        REQUIRE(file.layer(a.name));
        const auto& b = *file.layer(a.name);
        CHECK(a.geometry == b.geometry);
        REQUIRE(a.fields.size() == b.fields.size());
        for (std::size_t f = 0; f < a.fields.size(); ++f) {
            CHECK(a.fields[f].name == b.fields[f].name);
            CHECK(a.fields[f].type == b.fields[f].type);
        }
        REQUIRE(a.rows.size() == b.rows.size());
        for (std::size_t r = 0; r < a.rows.size(); ++r)
            for (std::size_t f = 0; f < a.fields.size(); ++f) {
                INFO("row " << r << " field " << a.fields[f].name);
                // The writer stores NaN reals as null; compare as the reader sees them.
                const auto& va = a.rows[r][f];
                const auto* d = std::get_if<double>(&va);
                if (d && std::isnan(*d))
                    CHECK(std::holds_alternative<std::monostate>(b.rows[r][f]));
                else
                    CHECK(va == b.rows[r][f]);
            }
        if (a.geometry == io::LayerGeometry::point) {
            REQUIRE(a.points.size() == b.points.size());
            for (std::size_t r = 0; r < a.points.size(); ++r)
                if (std::isfinite(a.points[r].x_m)) CHECK(a.points[r] == b.points[r]);
        }
        if (a.geometry == io::LayerGeometry::multipolygon) {
            REQUIRE(a.polygons.size() == b.polygons.size());
            for (std::size_t r = 0; r < a.polygons.size(); ++r) {
                REQUIRE(a.polygons[r].size() == b.polygons[r].size());
                for (std::size_t p = 0; p < a.polygons[r].size(); ++p)
                    CHECK(a.polygons[r][p].outer == b.polygons[r][p].outer);
            }
        }
    }

    // Look-ups.
    CHECK(file.study_name() == "tiny");
    CHECK(file.metric_crs() == "EPSG:27700");
    CHECK(file.area_row("A1") != atlas::Atlas::npos);
    CHECK(file.area_row("nope") == atlas::Atlas::npos);
    CHECK(file.comparator_row("study") != atlas::Atlas::npos);
    CHECK(file.comparator_row("P1") != atlas::Atlas::npos);
    CHECK(file.indicators() == memory.indicators());
    CHECK_FALSE(file.indicators().empty());
    CHECK(file.categories() == run.measures.categories);
    CHECK(file.indicator_row("A1", file.indicators().front()) != atlas::Atlas::npos);
    // Every asset inside an area is listed under it; none under an unknown code.
    std::size_t listed = 0;
    for (const auto& a : run.data.assets) listed += a.area_code.empty() ? 0 : 1;
    std::size_t found = 0;
    for (const auto& area : run.data.areas) found += file.asset_rows(area.code).size();
    CHECK(found == listed);
    CHECK(file.asset_rows("nope").empty());
}

TEST_CASE("a GeoPackage that is not a measured atlas is refused with the fix", "[atlas]") {
    const auto dir = test::temp_dir("atlas_not");
    io::OutputLayer l;
    l.name = "areas";
    l.fields = {{"code", io::FieldType::string}};
    l.rows = {{std::string("A")}};
    io::ExportOptions o;
    o.destination = (dir / "plain.gpkg").string();
    o.source_crs = "EPSG:27700";
    io::write_layers({l}, o);
    try {
        atlas::read_atlas(o.destination);
        FAIL("expected input_error");
    } catch (const input_error& e) {
        CHECK_THAT(e.what(), Catch::Contains("comparators") && Catch::Contains("assetmap run"));
    }
    CHECK_THROWS_AS(atlas::read_atlas((dir / "missing.gpkg").string()), input_error);
}
