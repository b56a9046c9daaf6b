#pragma once
/// @file Mapbox Vector Tile 2.1 encoding of one tile: geometry prepared per zoom (projected to
/// the zoom's grid of tile units, Douglas–Peucker simplified), clipped to the buffered tile,
/// and written with the spec's commands, winding and deduplicated keys/values tables.
///
/// Coordinates: the input is Web Mercator metres (EPSG:3857). A zoom's *grid* counts tile
/// units over the whole world: `extent · 2^z` units per side, x east from the antimeridian,
/// y **down** from the northern edge (the MVT tile coordinate system, continued across
/// tiles). Tile (x, y) covers grid [x·extent, (x+1)·extent) × [y·extent, (y+1)·extent).

#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/vector_layer.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace assetmap::tiles {

/// A vertex on a zoom's grid, tile units (64 bits: z24 × 4096 needs 36).
struct GridPoint {
    std::int64_t x = 0;  ///< tile units east of the antimeridian
    std::int64_t y = 0;  ///< tile units south of the northern edge (y down)
    friend bool operator==(const GridPoint& a, const GridPoint& b) {
        return a.x == b.x && a.y == b.y;
    }
};

/// An open ring on the grid: at least 3 distinct vertices, the closing vertex not repeated.
using GridRing = std::vector<GridPoint>;

/// A polygon on the grid: one outer ring and its holes (winding not yet normalised).
struct GridPolygon {
    GridRing outer;
    std::vector<GridRing> holes;
};

/// A feature's geometry prepared for one zoom: rounded to the grid and, for polygons,
/// simplified. Empty when nothing of the feature survives (or it was not usable).
struct ZoomGeometry {
    std::vector<GridPoint> points;      ///< point features: every point, in input order
    std::vector<GridPolygon> polygons;  ///< polygon features: the rings that survived
    GridPoint min{}, max{};             ///< bounding box of all vertices, tile units

    bool empty() const { return points.empty() && polygons.empty(); }
};

/// Encoder settings. The defaults are those of the vector tile sets.
struct MvtOptions {
    std::uint32_t extent = 4096;  ///< tile units per tile side (MVT `extent`)
    std::uint32_t buffer = 64;    ///< tile units kept around the tile by clipping
    double tolerance = 1.0;       ///< Douglas–Peucker tolerance, tile units; 0 = none
};

/// Projects a feature's Web Mercator coordinates onto zoom `z`'s grid (rounded to whole
/// units) and simplifies each polygon ring with Douglas–Peucker at `tolerance` tile units
/// (the ring is closed for the purpose, so it keeps at least its two farthest-apart
/// vertices and whatever lies farther than the tolerance). Consecutive duplicate vertices
/// are removed. A ring left with fewer than 3 distinct vertices or no area is dropped; a
/// polygon whose outer ring is dropped is dropped with its holes.
ZoomGeometry prepare_geometry(const VtFeature& feature, std::uint8_t z, std::uint32_t extent,
                              double tolerance);

/// Builds the MVT `Layer` message of one layer in one tile (version 2). Keys and values are
/// deduplicated in order of first use; null (monostate) and non-finite values are omitted;
/// integers are written as `uint_value` when ≥ 0, else `sint_value`; doubles as
/// `double_value`.
class MvtLayerBuilder {
  public:
    /// `layer` supplies the name and field names and must outlive the builder.
    MvtLayerBuilder(const VtLayer& layer, const TileId& tile, const MvtOptions& options);
    ~MvtLayerBuilder();
    MvtLayerBuilder(const MvtLayerBuilder&) = delete;
    MvtLayerBuilder& operator=(const MvtLayerBuilder&) = delete;

    /// Adds a feature whose geometry `geometry` was prepared for this tile's zoom (with this
    /// extent). Points outside the buffered tile are dropped; polygon rings are clipped to
    /// it (Sutherland–Hodgman), degenerate rings dropped, outer rings written clockwise in
    /// tile coordinates (positive surveyor's area, y down) and holes counter-clockwise.
    /// Returns false, writing nothing, when nothing of the feature is left.
    bool add(const VtFeature& feature, const ZoomGeometry& geometry);

    /// Features written so far.
    std::size_t feature_count() const;

    /// The layer as it appears in a `Tile` message: field 3 (tag, length, Layer bytes), so
    /// that concatenating several layers' outputs gives a valid `Tile`. Empty when no
    /// feature was added (MVT layers should have features). The builder is spent afterwards.
    std::string finish();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Encodes every feature of every layer active at `tile.z` (VtLayer::min_zoom..max_zoom)
/// into one uncompressed tile, layers in input order; empty layers are left out. A plain
/// reference path (each feature prepared for the tile's zoom); the tiler uses the pieces
/// above with per-zoom bucketing instead.
std::string encode_tile(const std::vector<VtLayer>& layers, const TileId& tile,
                        const MvtOptions& options = {});

}  // namespace assetmap::tiles
