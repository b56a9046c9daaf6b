// The live study (atlas/live_study.hpp) against `run_study` with the same edits: after each
// edit, only the categories whose assets changed are measured again, and the result must be
// exactly — bit for bit — what a whole run with every edit gives (`run --edits` reproduces
// the server). On the tiny study with its hand-made walking network, so the net_ measures,
// the catchments and the off-network problems are spliced too.
#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/live_study.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

using namespace assetmap;
using edit::AssetEdit;
using edit::AssetState;
using edit::EditAction;

namespace {

AssetState state(const std::string& category, const std::string& name, double x, double y) {
    AssetState s;
    s.category = category;
    s.name = name;
    s.location = {x, y};
    s.lonlat = {-3.0, 51.5};
    return s;
}

AssetEdit make(std::int64_t id, EditAction action, const std::string& asset,
               std::optional<AssetState> after, std::int64_t undoes = 0) {
    AssetEdit e;
    e.id = id;
    e.action = action;
    e.asset_id = asset;
    e.after = std::move(after);
    e.editor = id % 2 ? "alice" : "bob";
    e.time_utc = "2026-02-01T10:00:0" + std::to_string(id % 10) + "Z";
    e.undoes = undoes;
    return e;
}

/// Every row of every layer but the metadata (whose run time and study path differ).
void check_same_layers(const atlas::Atlas& a, const atlas::Atlas& b) {
    for (const auto& la : a.layers()) {
        if (la.name == "metadata") continue;
        INFO("layer " << la.name);
        const io::OutputLayer* lb = b.layer(la.name);
        REQUIRE(lb);
        REQUIRE(la.fields.size() == lb->fields.size());
        for (std::size_t f = 0; f < la.fields.size(); ++f) CHECK(la.fields[f].name == lb->fields[f].name);
        REQUIRE(la.rows.size() == lb->rows.size());
        for (std::size_t r = 0; r < la.rows.size(); ++r) {
            INFO("row " << r);
            CHECK(la.rows[r] == lb->rows[r]);
        }
        REQUIRE(la.points.size() == lb->points.size());
        for (std::size_t r = 0; r < la.points.size(); ++r) {
            const PointM& x = la.points[r];
            const PointM& y = lb->points[r];
            const bool both_nan = std::isnan(x.x_m) && std::isnan(y.x_m);
            CHECK((both_nan || x == y));
        }
        REQUIRE(la.polygons.size() == lb->polygons.size());
        for (std::size_t r = 0; r < la.polygons.size(); ++r) {
            REQUIRE(la.polygons[r].size() == lb->polygons[r].size());
            for (std::size_t p = 0; p < la.polygons[r].size(); ++p)
                CHECK(la.polygons[r][p].outer == lb->polygons[r][p].outer);
        }
    }
    CHECK(a.meta("problems") == b.meta("problems"));
    CHECK(a.meta("categories_without_assets") == b.meta("categories_without_assets"));
    CHECK(a.meta("edits") == b.meta("edits"));
}

/// A tiny study file, ingested and measured live with `threads`.
struct Fixture {
    std::string study_file;
    Study study;
    Taxonomy taxonomy;
    atlas::RunOptions options;
    std::unique_ptr<atlas::LiveStudy> live;
    Fixture(const std::string& fixture, unsigned threads) {
        unsetenv("ASSETMAP_DATA_DIR");
        study_file = test::fixture(fixture);
        study = io::load_study(study_file);
        taxonomy = io::load_taxonomy(study.taxonomy_path);
        options.timestamp_utc = "2026-01-01T00:00:00Z";
        options.threads = threads;
        ingest::IngestOptions io_options;
        io_options.timestamp_utc = options.timestamp_utc;
        live = std::make_unique<atlas::LiveStudy>(
            study, taxonomy, ingest::ingest_study(study, taxonomy, io_options), options);
    }
    /// A whole `run` of the study with `edits`, written to `gpkg` (what `run --edits` does).
    atlas::RunResult run_with(const std::vector<AssetEdit>& edits, const std::string& gpkg) const {
        atlas::RunOptions with = options;
        with.edits = edits;
        with.catchments_in_memory = true;  // for atlas_from_run; the file is the same
        io::ExportOptions out;
        out.destination = gpkg;
        return atlas::run_study(study_file, with, out);
    }
};

}  // namespace

TEST_CASE("live study: each edit measured again equals a whole run with every edit",
          "[atlas][edit]") {
    Fixture f("tiny/study_net.toml", 1);
    const Taxonomy& taxonomy = f.taxonomy;
    atlas::LiveStudy& live = *f.live;
    REQUIRE(live.walking());  // the network is there: net_ columns and catchments

    // A sequence touching several categories: an add, a move across the A1/A2 boundary, a
    // recategorisation, a rename (no measure changes), a retire, an add far from the
    // network (off_network problem), and undos.
    const std::vector<AssetEdit> all = {
        make(1, EditAction::add, edit::community_asset_id("library", 1),
             state("library", "Chapel library", 331150, 188050)),
        make(2, EditAction::correct, "community_centre:survey:a1",
             state("community_centre", "Hall", 331160, 188050)),
        make(3, EditAction::correct, "cinema:survey:a7",
             state("community_centre", "Pictures", 331120, 188080)),
        make(4, EditAction::correct, "food_shop:survey:a2",
             state("food_shop", "Corner shop", 331150, 188060)),
        make(5, EditAction::retire, "bus_stop:naptan:S2", std::nullopt),
        make(6, EditAction::add, edit::community_asset_id("playground", 6),
             state("playground", "Far swings", 333000, 190000)),
        make(7, EditAction::undo, "community_centre:survey:a1",
             live.overlay().state_of("community_centre:survey:a1", {}), 2),
        make(8, EditAction::undo, edit::community_asset_id("library", 1), std::nullopt, 1),
    };
    const auto dir = test::temp_dir("live_study");
    std::vector<AssetEdit> so_far;
    for (const auto& e : all) {
        so_far.push_back(e);
        INFO("after edit " << e.id);
        const atlas::LiveChange change = live.set_edits(so_far);
        if (e.id == 4) {
            CHECK(change.categories.empty());  // a rename changes no measure
            CHECK(change.assets_changed);
        }
        if (e.id == 3) CHECK(change.categories == std::set<std::string>{"cinema", "community_centre"});

        const std::string gpkg = (dir / ("run" + std::to_string(e.id) + ".gpkg")).string();
        const atlas::RunResult run = f.run_with(so_far, gpkg);
        CHECK(run.measures.areas.values == live.result().measures.areas.values);
        CHECK(run.measures.comparators.values == live.result().measures.comparators.values);
        CHECK(run.data.problems.size() == live.result().data.problems.size());
        check_same_layers(atlas::atlas_from_run(run, taxonomy), live.atlas());
        // The exported GeoPackage read back: what `run --edits` shares.
        check_same_layers(atlas::read_atlas(gpkg), live.atlas());
    }
}

TEST_CASE("live study: public-transport measures and isochrones after edits equal a whole run",
          "[atlas][edit][transit]") {
    // The tiny transit study: pt_ measures and isochrones of hospital and community_centre.
    // Each edit updates the kept travel times (transit::TravelTimeCache) instead of searching
    // from every point; the values, the transit_points minutes and the isochrones must equal
    // a whole run with the same edits.
    Fixture f("tiny/study_transit.toml", 2);
    atlas::LiveStudy& live = *f.live;
    const std::vector<AssetEdit> all = {
        // A second hospital by the first stop: faster for the points near it.
        make(1, EditAction::add, edit::community_asset_id("hospital", 1),
             state("hospital", "Minor injuries", 331060, 188060)),
        // The infirmary moves next to the middle stop.
        make(2, EditAction::correct, "hospital:hospitals:h1",
             state("hospital", "Tiny Infirmary", 332000, 188120)),
        // The added hospital closes: the points near it fall back to the moved infirmary.
        make(3, EditAction::retire, edit::community_asset_id("hospital", 1), std::nullopt),
        // A hall moves beside the last stop.
        make(4, EditAction::correct, "community_centre:survey:a9",
             state("community_centre", "Hall, upstairs", 332980, 188120)),
        make(5, EditAction::undo, "hospital:hospitals:h1",
             live.overlay().state_of("hospital:hospitals:h1", {}), 2),
    };
    const auto dir = test::temp_dir("live_study_transit");
    std::vector<AssetEdit> so_far;
    for (const auto& e : all) {
        so_far.push_back(e);
        INFO("after edit " << e.id);
        const atlas::LiveChange change = live.set_edits(so_far);
        CHECK_FALSE(change.categories.empty());
        const std::string gpkg = (dir / ("run" + std::to_string(e.id) + ".gpkg")).string();
        const atlas::RunResult run = f.run_with(so_far, gpkg);
        CHECK(run.measures.areas.values == live.result().measures.areas.values);
        CHECK(run.measures.comparators.values == live.result().measures.comparators.values);
        REQUIRE(run.measures.transit.points.size() == live.result().measures.transit.points.size());
        for (std::size_t i = 0; i < run.measures.transit.points.size(); ++i)
            CHECK(run.measures.transit.points[i].minutes ==
                  live.result().measures.transit.points[i].minutes);
        REQUIRE(run.isochrones.size() == live.result().isochrones.size());
        for (std::size_t i = 0; i < run.isochrones.size(); ++i) {
            CHECK(run.isochrones[i].category == live.result().isochrones[i].category);
            CHECK(run.isochrones[i].minutes == live.result().isochrones[i].minutes);
            CHECK(run.isochrones[i].polygon.size() == live.result().isochrones[i].polygon.size());
        }
        check_same_layers(atlas::read_atlas(gpkg), live.atlas());
    }
}
