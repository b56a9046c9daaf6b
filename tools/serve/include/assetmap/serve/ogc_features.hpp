#pragma once
/// @file OGC API – Features – Part 1: Core (OGC 17-069r4), with the GeoJSON and OpenAPI 3.0
/// conformance classes, over the atlas's layers: every column a property, geometry in
/// CRS84. Features are encoded once when the atlas is loaded; a request concatenates them.

#include <assetmap/serve/geo_layers.hpp>
#include <assetmap/serve/http_types.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace assetmap::serve {

/// The collections served and the layer each comes from, in this order (a layer the atlas
/// lacks is left out): areas, assets, asset_footprints, catchments, population_points.
const std::vector<std::string>& ogc_collection_names();

/// The OGC API – Features service under `/ogcapi`. Immutable; thread-safe.
class OgcFeatures {
public:
    static constexpr std::size_t default_limit = 100;
    static constexpr std::size_t max_limit = 10000;

    /// `layers`: the atlas's geometric layers in CRS84, by layer name (they and the atlas
    /// must outlive this).
    /// `previous` (optional, e.g. the service before an asset edit): a feature whose id,
    /// properties and CRS84 geometry are the same there is not encoded again (same bytes).
    OgcFeatures(const atlas::Atlas& atlas, const std::map<std::string, LayerLonLat>& layers,
                const OgcFeatures* previous = nullptr);
    ~OgcFeatures();

    /// Answers a GET below /ogcapi (`rest` is the path after "/ogcapi", e.g. "" or
    /// "/collections/areas/items"); `base_url` is "http://host:port". Unknown paths give
    /// 404, unknown or malformed query parameters 400, as the standard requires.
    Response handle(const std::string& rest, const Request& request,
                    const std::string& base_url) const;

    /// True for requests that may be large (feature pages): run on the worker pool.
    static bool heavy(const std::string& rest);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::serve
