#pragma once
/// @file One asset record as a reader hands it over, before merging across sources.

#include <assetmap/core/geometry.hpp>

#include <optional>
#include <string>

namespace assetmap::io {

/// An asset record of one source, already in the metric CRS and categorised.
struct RawAsset {
    std::string source_id;   ///< id in its source ("n123", "w456", "r789", an ATCO code, a fid)
    std::string category;    ///< taxonomy id
    std::string name;        ///< may be empty
    PointM location;         ///< the point; area-weighted centroid for polygons
    std::optional<MultiPolygonM> footprint;  ///< polygon for area categories
    LonLat lonlat;           ///< the point in WGS84 (for extent checks)
    std::optional<double> capacity;  ///< supply for fca2, when the source gives one
};

}  // namespace assetmap::io
