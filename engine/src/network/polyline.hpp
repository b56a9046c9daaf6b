#pragma once
/// @file Internal: an edge's polyline (from node, shape vertices, to node) in the metric CRS.

#include <assetmap/core/geometry.hpp>

#include <cstddef>
#include <vector>

namespace assetmap::network::detail {

/// Vertex `i` of the polyline from, shape..., to (i in [0, shape.size() + 1]).
inline const PointM& vertex(const PointM& from, const std::vector<PointM>& shape,
                            const PointM& to, std::size_t i) {
    if (i == 0) return from;
    if (i <= shape.size()) return shape[i - 1];
    return to;
}

/// Length of the polyline along its vertices, metres.
inline double geometric_length(const PointM& from, const std::vector<PointM>& shape,
                               const PointM& to) {
    double total = 0.0;
    const std::size_t segments = shape.size() + 1;
    for (std::size_t i = 0; i < segments; ++i)
        total += distance_m(vertex(from, shape, to, i), vertex(from, shape, to, i + 1));
    return total;
}

/// Geometric length of the first `k` segments, metres.
inline double length_before(const PointM& from, const std::vector<PointM>& shape,
                            const PointM& to, std::size_t k) {
    double total = 0.0;
    for (std::size_t i = 0; i < k; ++i)
        total += distance_m(vertex(from, shape, to, i), vertex(from, shape, to, i + 1));
    return total;
}

/// The point `s` metres along the polyline (clamped to its ends).
inline PointM point_at(const PointM& from, const std::vector<PointM>& shape, const PointM& to,
                       double s) {
    if (!(s > 0.0)) return from;
    const std::size_t segments = shape.size() + 1;
    double walked = 0.0;
    for (std::size_t i = 0; i < segments; ++i) {
        const PointM& a = vertex(from, shape, to, i);
        const PointM& b = vertex(from, shape, to, i + 1);
        const double len = distance_m(a, b);
        if (walked + len >= s && len > 0.0) {
            const double t = (s - walked) / len;
            return PointM{a.x_m + t * (b.x_m - a.x_m), a.y_m + t * (b.y_m - a.y_m)};
        }
        walked += len;
    }
    return to;
}

}  // namespace assetmap::network::detail
