#pragma once
/// @file Where an area's name goes: one fixed point per area, computed once, so that every
/// metatile places the label at the same spot (Mapnik's own "interior" placement depends on
/// the view and can differ between neighbouring metatiles, cutting labels at their edges).

#include <assetmap/core/geometry.hpp>

namespace assetmap::tiles {

/// A point inside the largest polygon of `shape` (by area, holes subtracted), far from its
/// edges along a horizontal line: the middle of the widest inside interval among horizontal
/// lines at 50, 35, 65, 20 and 80 % of that polygon's height (earlier lines win ties).
/// Coordinates are those of `shape` (any planar CRS; Web Mercator in the tiles module).
/// Falls back to the centroid for degenerate input.
PointM label_point(const MultiPolygonM& shape);

}  // namespace assetmap::tiles
