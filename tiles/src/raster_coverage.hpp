#pragma once
// Where a raster style can draw anything (internal to the raster renderer): the areas'
// polygons and the asset points, in Web Mercator metres. A box that meets none of them, once
// widened by the render buffer, renders fully transparent: the renderer skips it.

#include <assetmap/core/geometry.hpp>
#include <assetmap/tiles/tile_math.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

namespace assetmap::tiles::detail {

class RasterCoverage {
  public:
    /// `areas`: the choropleth's polygons (copied; an area's index is its place here);
    /// `points`: every point symbol (assets); `label_points`: where area names are anchored;
    /// all in Web Mercator metres.
    RasterCoverage(const std::vector<const MultiPolygonM*>& areas, const std::vector<PointM>& points,
                   const std::vector<PointM>& label_points = {});
    /// The polygons of `polygons_from` (shared, not copied) with other points.
    RasterCoverage(const RasterCoverage& polygons_from, std::vector<PointM> points,
                   std::vector<PointM> label_points);

    /// False when no polygon meets `box` (boundary included) and no point lies in it: then
    /// nothing of the data is drawn there, as long as `box` is widened by at least the
    /// farthest a symbol, label or outline reaches from its feature (the render buffer).
    bool may_draw(const BoxMercator& box) const;

    /// The area that alone covers `box`: exactly one polygon contains it, no polygon's
    /// boundary meets it and no point or label point lies in it (boundary included). Then,
    /// with `box` widened by the render buffer's reach, only that area's fill is drawn there.
    std::optional<std::size_t> sole_area(const BoxMercator& box) const;

  private:
    struct Polygon {
        BoxM box;
        std::vector<RingM> rings;  // outer ring first
        std::size_t area = 0;
    };
    /// Whether any of the sorted points lies in `b`.
    static bool any_point_in(const std::vector<PointM>& sorted, const BoxMercator& b);
    /// Where a polygon stands to a box: an edge meets it, or the box lies inside or outside.
    enum class Relation { crosses, inside, outside };
    static Relation relate(const Polygon& p, const BoxMercator& b);
    std::shared_ptr<const std::vector<Polygon>> polygons_;
    std::vector<PointM> points_;  // sorted by x
    std::vector<PointM> label_points_;  // sorted by x
};

}  // namespace assetmap::tiles::detail
