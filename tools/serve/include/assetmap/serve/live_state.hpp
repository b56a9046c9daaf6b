#pragma once
/// @file The next ServeState after asset edits: the new atlas with its layers in CRS84 (rows
/// whose geometry did not change are reused, not transformed again), OGC API collections,
/// area JSON, the walking service over the edited assets, and the tile sets of the previous
/// state (archives shared) over the new atlas, with what changed drawn afresh.

#include <assetmap/serve/serve_state.hpp>
#include <assetmap/serve/tile_changes.hpp>

#include <map>
#include <memory>
#include <string>

namespace assetmap::io {
class CrsTransform;
}

namespace assetmap::serve {

/// The geometric layers of `atlas` in CRS84. A row of `previous` (by layer name) with the
/// same geometry in the metric CRS gives its CRS84 coordinates; other rows are transformed
/// with `to_lonlat` (metric → CRS84; the caller's, not shared between threads).
std::map<std::string, LayerLonLat> relayer(const atlas::Atlas& atlas,
                                           const std::map<std::string, LayerLonLat>* previous,
                                           const io::CrsTransform& to_lonlat);

/// What changes from one state to the next.
struct NextState {
    std::shared_ptr<const atlas::Atlas> atlas;  ///< the edited atlas
    std::map<std::string, LayerLonLat> layers;  ///< its layers in CRS84 (relayer)
    std::shared_ptr<const NearService> near;    ///< over the edited assets; null: keep
    TileChanges stale;    ///< since the archives were written (accumulated over edits)
    TileChanges changed;  ///< by this step alone (cached tiles to drop)
    std::uint64_t version = 0;  ///< the last edit applied
    /// The OGC API over `atlas` and `layers`, when the caller built it already (beside the
    /// tile diff); null: built here. It points into `layers`' nodes, which a move keeps.
    std::unique_ptr<OgcFeatures> ogc;
};

/// Builds the state after `previous` (whose tile archives, web bundle and taxonomy are
/// shared).
std::shared_ptr<const ServeState> next_state(const ServeState& previous, NextState next);

}  // namespace assetmap::serve
