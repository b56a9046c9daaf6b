#pragma once
/// @file Where the tiles of an edited atlas differ from an earlier one's: the boxes of the
/// areas whose columns changed and the points of the assets that were added, moved, changed
/// or retired, per tile set kind. A tile that meets them (with a margin for symbols and
/// labels) is drawn from the new atlas instead of an archive or the cache.

#include <assetmap/serve/geo_layers.hpp>
#include <assetmap/tiles/tile_math.hpp>

#include <map>
#include <string>
#include <vector>

namespace assetmap::serve {

/// A region of change: boxes in CRS84 degrees, or everything.
struct DirtyRegion {
    bool all = false;
    std::vector<BoxLonLat> boxes;  ///< sorted, no duplicates

    bool empty() const { return !all && boxes.empty(); }
    /// True when the tile, grown by half a tile on each side (the raster renderer's buffer:
    /// symbols and labels reach that far), meets the region.
    bool covers(const tiles::TileId& tile) const;
    /// Adds another region's boxes (or everything).
    void merge(const DirtyRegion& other);
    void add(const BoxLonLat& box);
};

/// What changed between two atlases of the same areas.
struct TileChanges {
    DirtyRegion vector;                          ///< vector tiles (any area column, assets)
    std::map<std::string, DirtyRegion> raster;   ///< raster choropleth of each area column
    DirtyRegion assets;                          ///< the changed assets' points alone
    std::vector<std::string> areas_changed;      ///< codes of areas with any column changed

    bool empty() const { return vector.empty() && assets.empty() && areas_changed.empty(); }
    /// The region of a raster tile set of `column` ("" when unknown: every change).
    DirtyRegion raster_region(const std::string& column) const;
    void merge(const TileChanges& other);
};

/// Compares two atlases whose areas are the same rows (their geometry in CRS84 in
/// `areas_*`; assets matched by `asset_id`). A raster column whose quantile classes moved
/// (the renderer's classes: tiles::make_choropleth, 5 quantiles) is dirty everywhere.
TileChanges diff_atlases(const atlas::Atlas& before, const LayerLonLat& areas_before,
                         const LayerLonLat* assets_before, const atlas::Atlas& after,
                         const LayerLonLat& areas_after, const LayerLonLat* assets_after,
                         const std::vector<std::string>& raster_columns);

}  // namespace assetmap::serve
