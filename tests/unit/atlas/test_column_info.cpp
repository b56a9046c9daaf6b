// Column titles, descriptions and units (atlas/column_info.hpp): hand cases for each column
// family, and every column of every layer of a real atlas (the tiny study with its walking
// network) described, with titles unique within a layer.
#include <assetmap/atlas/column_info.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <memory>
#include <set>

using namespace assetmap;
using atlas::ColumnFamily;

namespace {

atlas::ColumnContext taxonomy_context() {
    return atlas::column_context(io::load_taxonomy(test::source_dir() + "/datasets/taxonomy.toml"));
}

}  // namespace

TEST_CASE("measure columns: title, unit, category and key", "[atlas][columns]") {
    const auto ctx = taxonomy_context();
    auto c = atlas::describe_column("areas", "bus_stop_coverage_pct_400", ctx);
    CHECK(c.family == ColumnFamily::measure);
    CHECK(c.title == "Bus stops: residents within 400 m (%)");
    CHECK(c.unit == "% of residents");
    CHECK(c.category == "bus_stop");
    REQUIRE(c.measure);
    CHECK(c.measure->kind == measure::MeasureKind::coverage_pct);
    CHECK(c.measure->threshold_m == 400.0);
    CHECK(c.measure->column() == "bus_stop_coverage_pct_400");
    CHECK(c.description.find("Bus stops (bus_stop, structural domain)") != std::string::npos);
    CHECK(c.description.find("Unit: % of residents.") != std::string::npos);

    c = atlas::describe_column("areas", "gp_doctors_net_nearest_m", ctx);
    CHECK(c.family == ColumnFamily::measure);
    CHECK(c.measure->kind == measure::MeasureKind::net_nearest_m);
    CHECK(c.title == "GP surgeries: walk to the nearest (m)");
    CHECK(c.unit == "metres walked");

    c = atlas::describe_column("comparators", "green_space_m2_per_person", ctx);
    CHECK(c.title == "Green space: m² per resident");
    CHECK(c.unit == "m² per resident");

    c = atlas::describe_column("areas", "bus_stop_net_coverage_pct_402p5", ctx);
    CHECK(c.measure->kind == measure::MeasureKind::net_coverage_pct);
    CHECK(c.measure->threshold_m == 402.5);
    CHECK(c.title == "Bus stops: residents within a 402.5 m walk (%)");

    c = atlas::describe_column("areas", "pharmacy_count", ctx);
    CHECK(c.unit == "assets");
    CHECK(c.title == "Pharmacies: number in the area");
}

TEST_CASE("data coverage, partial flags, scores, index, rank and decile", "[atlas][columns]") {
    const auto ctx = taxonomy_context();
    auto c = atlas::describe_column("areas", "green_space_partial_data", ctx);
    CHECK(c.family == ColumnFamily::partial_data);
    CHECK(c.category == "green_space");
    CHECK(c.title == "Green space: partial data (1 = yes)");
    c = atlas::describe_column("areas", "green_space_data_coverage_pct", ctx);
    CHECK(c.family == ColumnFamily::data_coverage);
    CHECK(c.unit == "% of residents");
    CHECK(atlas::describe_column("areas", "community_score", ctx).family ==
          ColumnFamily::domain_score);
    CHECK(atlas::describe_column("areas", "community_score", ctx).title ==
          "Community domain score");
    CHECK(atlas::describe_column("areas", "asset_index", ctx).family == ColumnFamily::asset_index);
    CHECK(atlas::describe_column("areas", "asset_index_rank", ctx).family ==
          ColumnFamily::asset_index_rank);
    CHECK(atlas::describe_column("areas", "asset_index_decile", ctx).title ==
          "Asset index decile (1 = lowest tenth)");
    CHECK(atlas::describe_column("areas", "population", ctx).unit == "residents");
    // A column this version does not know is named, not invented.
    c = atlas::describe_column("areas", "something_else", ctx);
    CHECK(c.family == ColumnFamily::unknown);
    CHECK(c.title == "something_else");
    CHECK(c.description.empty());
    // Measure suffixes mean nothing in the assets layer.
    CHECK(atlas::describe_column("assets", "x_count", ctx).family == ColumnFamily::unknown);
}

TEST_CASE("category ids are matched longest first, then by the leftmost measure suffix",
          "[atlas][columns]") {
    // A category whose id ends like the start of a net_ measure.
    atlas::ColumnContext ctx{{{"x_net", "X net", "community", ""}, {"x", "X", "community", ""}}};
    auto split = atlas::split_category_column("x_net_nearest_m", ctx);
    REQUIRE(split);
    CHECK(split->first == "x_net");
    CHECK(split->second == "nearest_m");
    // Without a category list: the leftmost split whose suffix is a measure.
    split = atlas::split_category_column("x_net_nearest_m", {});
    REQUIRE(split);
    CHECK(split->first == "x");
    CHECK(split->second == "net_nearest_m");
    const auto c = atlas::describe_column("areas", "food_shop_cumulative_800", {});
    CHECK(c.category == "food_shop");
    CHECK(c.title == "Food shop: number within 800 m");  // label made from the id
    CHECK_FALSE(atlas::split_category_column("asset_index", {}));
    CHECK_FALSE(atlas::split_category_column("bus_stop_coverage_pct_", {}));
    CHECK_FALSE(atlas::split_category_column("bus_stop_coverage_pct_4x", {}));
}

TEST_CASE("the categories of a finished atlas come from its metadata", "[atlas][columns]") {
    const std::map<std::string, std::string> meta = {
        {"measure.bus_stop.label", "Bus stops"},
        {"measure.bus_stop.domain", "structural"},
        {"measure.bus_stop.thresholds_m", "400"}};
    const auto ctx = atlas::column_context(meta);
    REQUIRE(ctx.categories.size() == 1);
    CHECK(ctx.categories[0].id == "bus_stop");
    CHECK(ctx.categories[0].domain == "structural");
    CHECK(atlas::describe_column("areas", "bus_stop_nearest_m", ctx).title ==
          "Bus stops: distance to the nearest (m)");
}

TEST_CASE("every column of every atlas layer is described", "[atlas][columns]") {
    unsetenv("ASSETMAP_DATA_DIR");
    const auto dir = test::temp_dir("column_info");
    const auto path = (dir / "net.gpkg").string();
    atlas::RunOptions options;
    options.timestamp_utc = "2026-01-01T00:00:00Z";
    io::ExportOptions out;
    out.destination = path;
    atlas::run_study(test::fixture("tiny/study_net.toml"), options, out);

    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    // The context a server would build from the atlas alone.
    std::map<std::string, std::string> meta;
    for (auto& f : *ds->GetLayerByName("metadata"))
        meta[f->GetFieldAsString("key")] = f->GetFieldAsString("value");
    const auto ctx = atlas::column_context(meta);
    CHECK(ctx.categories.size() == 21);  // every category of datasets/taxonomy.toml
    std::size_t columns = 0;
    for (auto* layer : ds->GetLayers()) {
        const std::string name = layer->GetName();
        if (name == "layer_styles") continue;  // QGIS's own table
        std::set<std::string> titles;
        for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i) {
            const std::string col = layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef();
            const auto info = atlas::describe_column(name, col, ctx);
            INFO(name << "." << col);
            CHECK(info.family != ColumnFamily::unknown);
            CHECK_FALSE(info.description.empty());
            CHECK(info.title != col);
            CHECK(titles.insert(info.title).second);  // unique within the layer
            ++columns;
        }
    }
    CHECK(columns > 600);
}
