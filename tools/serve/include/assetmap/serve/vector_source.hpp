#pragma once
/// @file Vector tiles of an atlas encoded on request (after edits, where the archive `run`
/// wrote is stale): the same layers and attributes as `assetmap tiles vector` — `areas`
/// (code, name, parent_code, every indicator, the domain scores, the asset index with its
/// rank and decile, and `<c>_partial_data` of each indicator's category) and `assets`
/// (asset_id, category, domain, name; from z12) — MVT 2.1, extent 4096, buffer 64,
/// gzip-compressed.

#include <assetmap/serve/geo_layers.hpp>
#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/vector_layer.hpp>

#include <optional>
#include <string>
#include <vector>

namespace assetmap::serve {

/// Encodes single vector tiles of one atlas. Immutable; thread-safe.
class VectorSource {
public:
    /// `areas` and `assets` are the atlas's layers in CRS84 (projected to Web Mercator here).
    VectorSource(const atlas::Atlas& atlas, const LayerLonLat& areas, const LayerLonLat* assets);

    /// The gzip-compressed MVT of `tile`; nullopt when no feature meets it.
    std::optional<std::string> encode(const tiles::TileId& tile) const;

    const std::vector<tiles::VtLayer>& layers() const noexcept { return layers_; }

private:
    std::vector<tiles::VtLayer> layers_;
    /// Per layer, per feature: its Web Mercator box (with the buffer, it selects the features
    /// a tile encodes).
    std::vector<std::vector<BoxM>> boxes_;
};

}  // namespace assetmap::serve
