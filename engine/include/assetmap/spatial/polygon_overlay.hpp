#pragma once
/// @file Polygon union and intersection areas (GEOS), for area assets such as green space.

#include <assetmap/core/geometry.hpp>

#include <vector>

namespace assetmap::spatial {

/// The union of `polygons` (overlaps count once, also between parts of one multipolygon).
/// Invalid inputs are repaired first (spatial::make_valid); what cannot be repaired is left
/// out. Throws assetmap::error if GEOS fails. Output rings are closed.
MultiPolygonM union_all(const std::vector<MultiPolygonM>& polygons);

/// For each area, the area in m² of its intersection with `cover` (areas and cover in the
/// metric CRS), measured by the shoelace sums of core's area_m2. Uses an STR-tree over the
/// parts of `cover` so each area only meets the parts near it; a `cover` whose parts
/// overlap is unioned first so overlaps count once. Invalid areas are repaired first.
/// Throws assetmap::error if GEOS fails.
std::vector<double> intersection_areas_m2(const std::vector<MultiPolygonM>& areas,
                                          const MultiPolygonM& cover);

}  // namespace assetmap::spatial
