#include <assetmap/tiles/label_point.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace assetmap::tiles {

namespace {

/// x where each ring edge crosses the horizontal line y (half-open rule: no double counts
/// at vertices).
void crossings(const RingM& ring, double y, std::vector<double>& xs) {
    const std::size_t n = ring.size();
    if (n < 3) return;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const PointM& a = ring[i];
        const PointM& b = ring[j];
        if ((a.y_m > y) != (b.y_m > y)) {
            xs.push_back(a.x_m + (y - a.y_m) * (b.x_m - a.x_m) / (b.y_m - a.y_m));
        }
    }
}

}  // namespace

PointM label_point(const MultiPolygonM& shape) {
    const PolygonM* best = nullptr;
    double best_area = -1.0;
    for (const PolygonM& p : shape) {
        const double a = area_m2(MultiPolygonM{p});
        if (a > best_area) {
            best_area = a;
            best = &p;
        }
    }
    if (!best || !(best_area > 0.0)) return centroid(shape);

    const BoxM box = bounds(MultiPolygonM{*best});
    PointM out = centroid(MultiPolygonM{*best});
    double widest = -1.0;
    std::vector<double> xs;
    for (double f : {0.5, 0.35, 0.65, 0.2, 0.8}) {
        const double y = box.min_y_m + f * (box.max_y_m - box.min_y_m);
        xs.clear();
        crossings(best->outer, y, xs);
        for (const RingM& h : best->holes) crossings(h, y, xs);
        std::sort(xs.begin(), xs.end());
        for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
            const double w = xs[i + 1] - xs[i];
            if (w > widest) {
                widest = w;
                out = PointM{0.5 * (xs[i] + xs[i + 1]), y};
            }
        }
    }
    return out;
}

}  // namespace assetmap::tiles
