/// @file The state after edits (live_state.hpp).

#include <assetmap/serve/live_state.hpp>

#include <assetmap/serve/geo_layers.hpp>

#include <assetmap/io/crs_transform.hpp>

namespace assetmap::serve {

std::map<std::string, LayerLonLat> relayer(const atlas::Atlas& atlas,
                                           const std::map<std::string, LayerLonLat>* previous,
                                           const io::CrsTransform& to_lonlat) {
    std::map<std::string, LayerLonLat> out;
    for (const auto& layer : atlas.layers()) {
        if (layer.geometry == io::LayerGeometry::none) continue;
        const LayerLonLat* prev = nullptr;
        if (previous) {
            const auto it = previous->find(layer.name);
            if (it != previous->end()) prev = &it->second;
        }
        out.emplace(layer.name, reproject_layer(layer, to_lonlat, prev));
    }
    return out;
}

std::shared_ptr<const ServeState> next_state(const ServeState& previous, NextState next) {
    auto state = std::make_shared<ServeState>();
    state->atlas_gpkg = previous.atlas_gpkg;
    state->folder = previous.folder;
    state->atlas = std::move(next.atlas);
    const atlas::Atlas& atlas = *state->atlas;
    state->layers = std::move(next.layers);
    state->ogc = next.ogc ? std::move(next.ogc)
                          : std::make_unique<OgcFeatures>(atlas, state->layers, previous.ogc.get());
    state->near = next.near ? std::move(next.near) : previous.near;
    state->near_unavailable = previous.near_unavailable;
    state->taxonomy = previous.taxonomy;
    state->areas = std::make_unique<AreaApi>(atlas, state->layers, state->taxonomy.get());
    const auto areas_it = state->layers.find("areas");
    const auto assets_it = state->layers.find("assets");
    state->tiles = std::make_unique<TileService>(
        *previous.tiles, &atlas, areas_it == state->layers.end() ? nullptr : &areas_it->second,
        assets_it == state->layers.end() ? nullptr : &assets_it->second, next.stale,
        next.changed, next.version);
    state->web = previous.web;
    state->version = next.version;

    prepare_atlas_json(*state);
    return state;
}

}  // namespace assetmap::serve
