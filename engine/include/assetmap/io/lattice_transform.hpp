#pragma once
/// @file A fast stand-in for a PROJ transformation where a bound on the error is enough:
/// bilinear interpolation in a lattice of exact PROJ results, with a per-cell bound.

#include <assetmap/core/geometry.hpp>
#include <assetmap/io/crs_transform.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace assetmap::io {

/// The exact PROJ results at the nodes of a lattice of half-cells, made once and shared by
/// the threads' LatticeTransforms (thread-safe).
class LatticeNodes {
  public:
    /// `prototype` is cloned (its own PROJ context). `cell_deg`: the interpolation cell.
    LatticeNodes(const CrsTransform& prototype, double cell_deg);

    double cell_deg() const noexcept { return cell_deg_; }
    bool geographic() const noexcept { return geographic_; }
    /// The metric points of nodes (i, j) (lon = i · cell/2, lat = j · cell/2), NaN where PROJ
    /// fails; transforms the ones not made yet.
    void get(const std::int64_t* i, const std::int64_t* j, std::size_t n, double* x, double* y);
    std::size_t size() const;

  private:
    CrsTransform exact_;
    double cell_deg_;
    bool geographic_;
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::pair<double, double>> nodes_;
};

/// Interpolates a CrsTransform from a geographic source CRS (lon/lat degrees) in cells of
/// LatticeNodes::cell_deg whose corners PROJ transforms exactly. Each cell is checked where
/// bilinear interpolation of a smooth map errs most, its centre and the middles of its four
/// sides, against PROJ: the cell's error bound is 4 × the largest difference + 1 mm; a cell
/// where PROJ fails at any of those 9 nodes, or whose bound reaches 10 m (PROJ switching
/// between operations inside it), is not interpolated. One per thread (cells are cached per
/// thread; the nodes are shared).
class LatticeTransform {
  public:
    explicit LatticeTransform(std::shared_ptr<LatticeNodes> nodes);

    /// The interpolated metric point of (lon, lat) and the bound of its distance to PROJ's
    /// result (metres, in x and in y); false when the point's cell cannot be interpolated
    /// (then use the exact transform).
    bool approximate(double lon, double lat, PointM& out, double& bound_m);

    /// Cells this object has set up.
    std::size_t cells_built() const noexcept { return cells_.size(); }

  private:
    struct Cell {
        double x[4], y[4];  ///< corners: (0,0), (1,0), (0,1), (1,1)
        double bound_m = 0.0;
        bool ok = false;
    };
    /// 64 × 64 cells: indexes (+1) into cells_, 0 = not set up yet.
    struct Tile {
        std::int64_t tx = 0, ty = 0;
        std::vector<std::uint32_t> index;
    };
    const Cell& cell(std::int64_t ix, std::int64_t iy);
    Cell build(std::int64_t ix, std::int64_t iy);

    std::shared_ptr<LatticeNodes> nodes_;
    double cell_deg_;
    bool enabled_;
    std::vector<Cell> cells_;
    std::vector<Tile> tiles_;
    std::size_t last_tile_ = 0;  ///< the tile of the last lookup
};

}  // namespace assetmap::io
