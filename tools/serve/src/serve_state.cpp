#include <assetmap/serve/serve_state.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include <chrono>
#include <cstdio>

namespace assetmap::serve {

namespace fs = std::filesystem;

namespace {

std::string seconds_since(std::chrono::steady_clock::time_point t0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s",
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return buf;
}

}  // namespace

std::string study_file_of(const atlas::Atlas& atlas, const fs::path& atlas_gpkg) {
    const std::string& value = atlas.meta("study_file");
    if (value.empty()) return "";
    fs::path p(value);
    if (p.is_relative()) p = atlas_gpkg.parent_path() / p;
    std::error_code ec;
    return fs::is_regular_file(p, ec) ? p.lexically_normal().string() : "";
}

void prepare_atlas_json(ServeState& state) {
    AtlasFacts facts;
    for (const auto& t : state.tiles->tilesets()) facts.tilesets.push_back(t.name);
    if (state.near) {
        facts.near_modes = state.near->modes();
        facts.walk_speed_kmh = state.near->data().walk_speed_kmh;
    }
    facts.near_unavailable = state.near_unavailable;
    state.atlas_json = prepare_body(state.areas->atlas_json(facts), "application/json");
}

std::shared_ptr<const ServeState> load_state(const ServeConfig& config,
                                             const std::function<void(const std::string&)>& say) {
    auto tell = [&](const std::string& line) {
        if (say) say(line);
    };
    auto state = std::make_shared<ServeState>();
    state->atlas_gpkg = config.atlas_gpkg;
    state->folder = config.atlas_gpkg.parent_path();
    if (state->folder.empty()) state->folder = ".";

    auto t0 = std::chrono::steady_clock::now();
    state->atlas = std::make_shared<const atlas::Atlas>(atlas::read_atlas(config.atlas_gpkg.string()));
    const atlas::Atlas& atlas = *state->atlas;
    for (const auto& layer : atlas.layers())
        if (layer.geometry != io::LayerGeometry::none)
            state->layers.emplace(layer.name, reproject_layer(atlas, layer));
    tell("atlas " + config.atlas_gpkg.string() + ": " + std::to_string(atlas.areas().rows.size()) +
         " areas, " + std::to_string(atlas.assets().rows.size()) + " assets (" +
         seconds_since(t0) + ")");

    t0 = std::chrono::steady_clock::now();
    state->ogc = std::make_unique<OgcFeatures>(atlas, state->layers);

    // The study's walking network for /api/near (and the taxonomy for category labels).
    std::unique_ptr<Taxonomy> taxonomy;
    if (config.near) {
        const std::string study_file = study_file_of(atlas, config.atlas_gpkg);
        if (study_file.empty()) {
            state->near_unavailable =
                "the atlas does not name a study file that exists (metadata study_file)";
        } else {
            try {
                const Study study = io::load_study(study_file, config.data_dir);
                Taxonomy tax = io::load_taxonomy(study.taxonomy_path);
                if (!study.network) {
                    state->near_unavailable = "the study has no [network] section";
                    taxonomy = std::make_unique<Taxonomy>(std::move(tax));
                } else {
                    StudyData data = ingest::ingest_study(study, tax, {});
                    auto near = std::make_shared<NearService>(std::move(data), tax);
                    taxonomy = std::make_unique<Taxonomy>(std::move(tax));
                    state->near = std::move(near);
                    tell("walking network of " + study_file + " (" + seconds_since(t0) + ")");
                }
            } catch (const error& e) {
                state->near_unavailable = "the study could not be loaded";
                tell(std::string("/api/near is unavailable: ") + e.what());
            }
        }
    } else {
        state->near_unavailable = "disabled (--no-near)";
    }
    if (!state->near_unavailable.empty() && state->near_unavailable != "the study could not be loaded")
        tell("/api/near is unavailable: " + state->near_unavailable);

    state->taxonomy = std::move(taxonomy);
    state->areas = std::make_unique<AreaApi>(atlas, state->layers, state->taxonomy.get());
    t0 = std::chrono::steady_clock::now();
    // Every profile computed now (milliseconds per area) unless the atlas is very large; then
    // each is computed on its first request.
    if (atlas.areas().rows.size() <= 5000) {
        state->areas->warm();
        tell(std::to_string(atlas.areas().rows.size()) + " area profiles (" + seconds_since(t0) +
             ")");
    }

    t0 = std::chrono::steady_clock::now();
    const auto areas_it = state->layers.find("areas");
    const auto assets_it = state->layers.find("assets");
    state->tiles = std::make_unique<TileService>(
        state->folder, &atlas, areas_it == state->layers.end() ? nullptr : &areas_it->second,
        assets_it == state->layers.end() ? nullptr : &assets_it->second, config.tiles);
    std::size_t archives = 0;
    for (const auto& t : state->tiles->tilesets()) archives += !t.archive.empty();
    tell(std::to_string(state->tiles->tilesets().size()) + " tile sets (" +
         std::to_string(archives) + " archives in " + state->folder.string() + ", " +
         seconds_since(t0) + ")");

    state->web = std::make_shared<const StaticFiles>(config.web_dir);
    tell(state->web->has_bundle()
             ? "web page: " + std::to_string(state->web->size()) + " files from " +
                   config.web_dir.string()
             : "web page: no bundle in " + config.web_dir.string() + " (placeholder page)");

    prepare_atlas_json(*state);
    return state;
}

}  // namespace assetmap::serve
