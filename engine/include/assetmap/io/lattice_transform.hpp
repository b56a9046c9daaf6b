#pragma once
/// @file A fast stand-in for a PROJ transformation where a bound on the error is enough:
/// bilinear interpolation in a lattice of exact PROJ results, with a per-cell bound.

#include <assetmap/core/geometry.hpp>
#include <assetmap/io/crs_transform.hpp>

#include <cstdint>
#include <vector>

namespace assetmap::io {

/// Interpolates a CrsTransform from a geographic source CRS (lon/lat degrees) in a lattice
/// of `cell_deg` cells whose corners PROJ transforms exactly, built lazily per cell. Each
/// cell also transforms its centre and the middles of its 4 sides exactly and compares them
/// with the interpolation; its error bound is 4 × the largest difference + 1 mm (bilinear
/// interpolation of a smooth map errs most near the centre and the side middles, so the
/// factor 4 covers the points between). A cell where PROJ fails at any of those 9 points is
/// not interpolated. One per thread (it uses the thread's CrsTransform); not thread-safe.
class LatticeTransform {
  public:
    /// `exact` must outlive this object. For a projected source nothing is interpolated.
    explicit LatticeTransform(const CrsTransform& exact, double cell_deg = 0.02);

    /// The interpolated metric point of (lon, lat) and the bound of its distance to PROJ's
    /// result (metres, in x and in y); false when the point's cell cannot be interpolated
    /// (then use the exact transform).
    bool approximate(double lon, double lat, PointM& out, double& bound_m);

    /// Cells built so far (each cost 9 exact transforms).
    std::size_t cells_built() const noexcept { return cells_.size(); }

  private:
    struct Cell {
        double x[4], y[4];  ///< corners: (0,0), (1,0), (0,1), (1,1)
        double bound_m = 0.0;
        bool ok = false;
    };
    /// 64 × 64 cells: indexes (+1) into cells_, 0 = not built yet.
    struct Tile {
        std::int64_t tx = 0, ty = 0;
        std::vector<std::uint32_t> index;
    };
    const Cell& cell(std::int64_t ix, std::int64_t iy);
    Cell build(std::int64_t ix, std::int64_t iy) const;

    const CrsTransform& exact_;
    double cell_deg_;
    bool enabled_;
    std::vector<Cell> cells_;
    std::vector<Tile> tiles_;  ///< most recently used first
};

}  // namespace assetmap::io
