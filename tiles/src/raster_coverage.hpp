#pragma once
// Where a raster style can draw anything (internal to the raster renderer): the areas'
// polygons and the asset points, in Web Mercator metres. A box that meets none of them, once
// widened by the render buffer, renders fully transparent: the renderer skips it.

#include <assetmap/core/geometry.hpp>
#include <assetmap/tiles/tile_math.hpp>

#include <vector>

namespace assetmap::tiles::detail {

class RasterCoverage {
  public:
    /// `areas`: the choropleth's polygons (copied); `points`: every point symbol (assets); all
    /// in Web Mercator metres.
    RasterCoverage(const std::vector<const MultiPolygonM*>& areas, const std::vector<PointM>& points);

    /// False when no polygon meets `box` (boundary included) and no point lies in it: then
    /// nothing of the data is drawn there, as long as `box` is widened by at least the
    /// farthest a symbol, label or outline reaches from its feature (the render buffer).
    bool may_draw(const BoxMercator& box) const;

  private:
    struct Polygon {
        BoxM box;
        std::vector<RingM> rings;  // outer ring first
    };
    std::vector<Polygon> polygons_;
    std::vector<PointM> points_;  // sorted by x
};

}  // namespace assetmap::tiles::detail
