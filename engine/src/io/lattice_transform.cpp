/// @file Bilinear interpolation of a PROJ transformation with a per-cell error bound (see
/// lattice_transform.hpp).

#include <assetmap/io/lattice_transform.hpp>

#include <algorithm>
#include <cmath>

namespace assetmap::io {

LatticeTransform::LatticeTransform(const CrsTransform& exact, double cell_deg)
    : exact_(exact), cell_deg_(cell_deg), enabled_(exact.source_is_geographic() && cell_deg > 0) {}

LatticeTransform::Cell LatticeTransform::build(std::int64_t ix, std::int64_t iy) const {
    Cell c;
    const double lon0 = static_cast<double>(ix) * cell_deg_;
    const double lat0 = static_cast<double>(iy) * cell_deg_;
    // Corners, then the centre and the side middles, in cell units.
    const double u[9] = {0, 1, 0, 1, 0.5, 0.5, 0, 0.5, 1};
    const double v[9] = {0, 0, 1, 1, 0.5, 0, 0.5, 1, 0.5};
    double x[9], y[9];
    for (int k = 0; k < 9; ++k) {
        x[k] = lon0 + u[k] * cell_deg_;
        y[k] = lat0 + v[k] * cell_deg_;
    }
    exact_.to_metric_batch(x, y, 9);
    c.ok = std::all_of(x, x + 9, [](double d) { return std::isfinite(d); }) &&
           std::all_of(y, y + 9, [](double d) { return std::isfinite(d); });
    for (int k = 0; k < 4; ++k) {
        c.x[k] = x[k];
        c.y[k] = y[k];
    }
    double worst = 0.0;
    for (int k = 4; c.ok && k < 9; ++k) {
        const double a = (1 - u[k]) * (1 - v[k]), b = u[k] * (1 - v[k]);
        const double cc = (1 - u[k]) * v[k], d = u[k] * v[k];
        const double ex = a * x[0] + b * x[1] + cc * x[2] + d * x[3];
        const double ey = a * y[0] + b * y[1] + cc * y[2] + d * y[3];
        worst = std::max({worst, std::abs(ex - x[k]), std::abs(ey - y[k])});
    }
    c.bound_m = 4.0 * worst + 0.001;
    if (!(c.bound_m < 10.0)) c.ok = false;  // not smooth here (PROJ switched operations?)
    return c;
}

const LatticeTransform::Cell& LatticeTransform::cell(std::int64_t ix, std::int64_t iy) {
    const std::int64_t tx = ix >> 6, ty = iy >> 6;
    std::size_t t = 0;
    while (t < tiles_.size() && (tiles_[t].tx != tx || tiles_[t].ty != ty)) ++t;
    if (t == tiles_.size()) tiles_.push_back(Tile{tx, ty, std::vector<std::uint32_t>(64 * 64, 0)});
    if (t > 0) std::swap(tiles_[t], tiles_[t - 1]), --t;  // move towards the front
    std::uint32_t& slot = tiles_[t].index[static_cast<std::size_t>((iy & 63) * 64 + (ix & 63))];
    if (slot == 0) {
        cells_.push_back(build(ix, iy));
        slot = static_cast<std::uint32_t>(cells_.size());
    }
    return cells_[slot - 1];
}

bool LatticeTransform::approximate(double lon, double lat, PointM& out, double& bound_m) {
    if (!enabled_ || !std::isfinite(lon) || !std::isfinite(lat)) return false;
    const double fx = std::floor(lon / cell_deg_), fy = std::floor(lat / cell_deg_);
    const Cell& c = cell(static_cast<std::int64_t>(fx), static_cast<std::int64_t>(fy));
    if (!c.ok) return false;
    const double u = lon / cell_deg_ - fx, v = lat / cell_deg_ - fy;
    const double a = (1 - u) * (1 - v), b = u * (1 - v), cc = (1 - u) * v, d = u * v;
    out = PointM{a * c.x[0] + b * c.x[1] + cc * c.x[2] + d * c.x[3],
                 a * c.y[0] + b * c.y[1] + cc * c.y[2] + d * c.y[3]};
    bound_m = c.bound_m;
    return true;
}

}  // namespace assetmap::io
