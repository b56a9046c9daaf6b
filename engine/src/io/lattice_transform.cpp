/// @file Bilinear interpolation of a PROJ transformation with a per-cell error bound (see
/// lattice_transform.hpp).

#include <assetmap/io/lattice_transform.hpp>

#include <algorithm>
#include <cmath>

namespace assetmap::io {

LatticeNodes::LatticeNodes(const CrsTransform& prototype, double cell_deg)
    : exact_(prototype.clone()), cell_deg_(cell_deg),
      geographic_(prototype.source_is_geographic()) {}

void LatticeNodes::get(const std::int64_t* i, const std::int64_t* j, std::size_t n, double* x,
                       double* y) {
    std::lock_guard<std::mutex> lock(mutex_);
    const double half = cell_deg_ / 2;
    for (std::size_t k = 0; k < n; ++k) {
        const std::uint64_t key = (static_cast<std::uint64_t>(i[k]) << 32) ^
                                  static_cast<std::uint64_t>(static_cast<std::uint32_t>(j[k]));
        auto [it, fresh] = nodes_.try_emplace(key);
        if (fresh) {
            double nx = static_cast<double>(i[k]) * half, ny = static_cast<double>(j[k]) * half;
            exact_.to_metric_batch(&nx, &ny, 1);
            it->second = {nx, ny};
        }
        x[k] = it->second.first;
        y[k] = it->second.second;
    }
}

std::size_t LatticeNodes::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return nodes_.size();
}

LatticeTransform::LatticeTransform(std::shared_ptr<LatticeNodes> nodes)
    : nodes_(std::move(nodes)), cell_deg_(nodes_->cell_deg()),
      enabled_(nodes_->geographic() && cell_deg_ > 0) {}

LatticeTransform::Cell LatticeTransform::build(std::int64_t ix, std::int64_t iy) {
    Cell c;
    // Corners, then the centre and the side middles, in half-cell node units.
    const int a[9] = {0, 2, 0, 2, 1, 1, 0, 1, 2};
    const int b[9] = {0, 0, 2, 2, 1, 0, 1, 2, 1};
    std::int64_t ni[9], nj[9];
    for (int k = 0; k < 9; ++k) ni[k] = 2 * ix + a[k], nj[k] = 2 * iy + b[k];
    double x[9], y[9];
    nodes_->get(ni, nj, 9, x, y);
    c.ok = std::all_of(x, x + 9, [](double d) { return std::isfinite(d); }) &&
           std::all_of(y, y + 9, [](double d) { return std::isfinite(d); });
    for (int k = 0; k < 4; ++k) {
        c.x[k] = x[k];
        c.y[k] = y[k];
    }
    double worst = 0.0;
    for (int k = 4; c.ok && k < 9; ++k) {
        const double u = a[k] / 2.0, v = b[k] / 2.0;
        const double w00 = (1 - u) * (1 - v), w10 = u * (1 - v), w01 = (1 - u) * v, w11 = u * v;
        const double ex = w00 * x[0] + w10 * x[1] + w01 * x[2] + w11 * x[3];
        const double ey = w00 * y[0] + w10 * y[1] + w01 * y[2] + w11 * y[3];
        worst = std::max({worst, std::abs(ex - x[k]), std::abs(ey - y[k])});
    }
    c.bound_m = 4.0 * worst + 0.001;
    if (!(c.bound_m < 10.0)) c.ok = false;  // not smooth here (PROJ switched operations?)
    return c;
}

const LatticeTransform::Cell& LatticeTransform::cell(std::int64_t ix, std::int64_t iy) {
    const std::int64_t tx = ix >> 6, ty = iy >> 6;
    // The last tile used, else a scan (a study's points fall in a few tiles). Nothing is
    // reordered: a lookup that wrote the list would make each wait for the one before.
    std::size_t t = last_tile_;
    if (t >= tiles_.size() || tiles_[t].tx != tx || tiles_[t].ty != ty) {
        t = 0;
        while (t < tiles_.size() && (tiles_[t].tx != tx || tiles_[t].ty != ty)) ++t;
        if (t == tiles_.size())
            tiles_.push_back(Tile{tx, ty, std::vector<std::uint32_t>(64 * 64, 0)});
        last_tile_ = t;
    }
    std::uint32_t& slot = tiles_[t].index[static_cast<std::size_t>((iy & 63) * 64 + (ix & 63))];
    if (slot == 0) {
        cells_.push_back(build(ix, iy));
        slot = static_cast<std::uint32_t>(cells_.size());
    }
    return cells_[slot - 1];
}

bool LatticeTransform::approximate(double lon, double lat, PointM& out, double& bound_m) {
    if (!enabled_ || !std::isfinite(lon) || !std::isfinite(lat)) return false;
    // The node positions are multiples of cell/2, so the cell of a point is found in those
    // units too (the same arithmetic as the nodes': corners shared exactly).
    // lon / h / 2 with h = cell / 2 in one division: halving is exact, so both round
    // lon / cell the same way.
    const double h = cell_deg_ / 2;
    const double gx = std::floor(lon / cell_deg_), gy = std::floor(lat / cell_deg_);
    if (!(std::abs(gx) < 1e9 && std::abs(gy) < 1e9)) return false;
    const Cell& c = cell(static_cast<std::int64_t>(gx), static_cast<std::int64_t>(gy));
    if (!c.ok) return false;
    const double x0 = (2 * gx) * h, y0 = (2 * gy) * h;
    const double u = (lon - x0) / cell_deg_, v = (lat - y0) / cell_deg_;
    const double w00 = (1 - u) * (1 - v), w10 = u * (1 - v), w01 = (1 - u) * v, w11 = u * v;
    out = PointM{w00 * c.x[0] + w10 * c.x[1] + w01 * c.x[2] + w11 * c.x[3],
                 w00 * c.y[0] + w10 * c.y[1] + w01 * c.y[2] + w11 * c.y[3]};
    bound_m = c.bound_m;
    return true;
}

}  // namespace assetmap::io
