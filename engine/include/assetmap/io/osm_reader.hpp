#pragma once
/// @file Assets from OpenStreetMap .osm.pbf / .osm files (libosmium), categorised by the
/// taxonomy from raw tags, with multipolygon assembly for area assets.

#include <assetmap/core/problem.hpp>
#include <assetmap/core/progress.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/raw_asset.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace assetmap::io {

/// Counts from one OSM read, for the source summary.
struct OsmReadStats {
    std::size_t nodes = 0;
    std::size_t ways = 0;
    std::size_t relations = 0;
    std::size_t matched_objects = 0;  ///< objects matching at least one category
};

/// Reads every asset of `path` (.osm.pbf or .osm, chosen by extension): tagged nodes become
/// point assets; closed ways and multipolygon relations are assembled into areas (area
/// categories keep the polygon as footprint, point categories use its centroid); tagged
/// open ways become their vertex centroid. An object matching several categories yields one
/// asset per category. Ids are "n<id>", "w<id>", "r<id>". Coordinates are transformed with
/// `to_metric` (whose source CRS is WGS84 lon/lat). Objects with missing node locations
/// (clipped extracts) or broken multipolygons are reported as `incomplete_geometry`.
/// Throws input_error for an unreadable, truncated or malformed file.
std::vector<RawAsset> read_osm_assets(const std::string& path, const std::string& source_name,
                                      const Taxonomy& taxonomy, const CrsTransform& to_metric,
                                      ProblemReport& problems, OsmReadStats* stats = nullptr,
                                      const ProgressFn& progress = {});

}  // namespace assetmap::io
