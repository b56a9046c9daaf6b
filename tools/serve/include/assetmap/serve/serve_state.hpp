#pragma once
/// @file Everything the server answers from, as one immutable value: the atlas, its layers
/// in CRS84, the OGC API collections, the area JSON, the tile sets, the walking network and
/// the web bundle. The service holds it through a shared pointer and swaps it whole (an
/// asset edit recomputes a new state; requests in flight keep the old one).

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/serve/area_api.hpp>
#include <assetmap/serve/geo_layers.hpp>
#include <assetmap/serve/near_api.hpp>
#include <assetmap/serve/ogc_features.hpp>
#include <assetmap/serve/static_files.hpp>
#include <assetmap/serve/tile_service.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace assetmap::serve {

/// What to load.
struct ServeConfig {
    std::filesystem::path atlas_gpkg;  ///< the atlas GeoPackage (`run` writes <study>.gpkg)
    std::filesystem::path web_dir;     ///< the web bundle folder (missing → placeholder page)
    std::string data_dir;              ///< data folder for the study's walking network
    bool near = true;                  ///< load the study and its walking network
    TileServiceOptions tiles;          ///< tile sets (styles_dir for rendering)
};

/// The state of a running server. Members are declared in dependency order (what points
/// into the atlas is destroyed before it).
struct ServeState {
    std::filesystem::path atlas_gpkg;
    std::filesystem::path folder;  ///< the atlas folder (tile sets are read from it)
    std::shared_ptr<const atlas::Atlas> atlas;
    std::map<std::string, LayerLonLat> layers;  ///< geometric layers in CRS84, by name
    std::unique_ptr<OgcFeatures> ogc;
    std::shared_ptr<const NearService> near;  ///< null when /api/near is unavailable
    std::string near_unavailable;             ///< why ("" when available)
    std::shared_ptr<const Taxonomy> taxonomy; ///< the study's, when it could be loaded
    std::unique_ptr<AreaApi> areas;
    std::unique_ptr<TileService> tiles;
    std::shared_ptr<const StaticFiles> web;
    PreparedBody atlas_json;  ///< /api/atlas, built once
    std::uint64_t version = 0;  ///< the last asset edit applied (0: none)
};

/// The study file an atlas was made from: metadata `study_file`, absolute or relative to
/// the GeoPackage's folder; "" when the metadata has none or the file is missing.
std::string study_file_of(const atlas::Atlas& atlas, const std::filesystem::path& atlas_gpkg);

/// Builds `state.atlas_json` (/api/atlas) from its areas, tile sets and near service.
void prepare_atlas_json(ServeState& state);

/// Loads the atlas and everything derived from it. `say` gets one line per step (for the
/// console). Throws input_error/io_error/crs_error/render_error for what cannot be loaded;
/// a walking network that cannot be loaded only makes /api/near unavailable (said once).
std::shared_ptr<const ServeState> load_state(const ServeConfig& config,
                                             const std::function<void(const std::string&)>& say);

}  // namespace assetmap::serve
