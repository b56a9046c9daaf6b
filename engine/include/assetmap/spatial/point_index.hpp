#pragma once
/// @file A static 2-D index of points (metric CRS) for nearest and radius queries.

#include <assetmap/core/geometry.hpp>

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace assetmap::spatial {

/// Immutable k-d tree over points in the metric CRS. Safe to query from several threads;
/// queries never allocate (the radius queries may grow the caller's vector).
///
/// Distances are sqrt(dx² + dy²) in double (not std::hypot, which may differ by one ulp),
/// so `within(q, r)` holds exactly the points whose reported distance is ≤ r, and a
/// point nearer than r by `nearest` is always among them. A non-finite query point, or a
/// negative or NaN radius, finds nothing.
class PointIndex {
public:
    PointIndex() = default;
    /// Builds the index; points keep their input positions as indexes. Non-finite points
    /// are never returned.
    explicit PointIndex(std::vector<PointM> points);

    std::size_t size() const noexcept { return points_.size(); }
    const PointM& point(std::size_t i) const { return points_[i]; }

    struct Hit {
        std::size_t index = 0;    ///< position in the input vector
        double distance_m = 0.0;  ///< straight-line distance, metres
    };

    /// The nearest point to `q`; ties (equal squared distance) go to the lower index.
    /// nullopt when empty.
    std::optional<Hit> nearest(const PointM& q) const;

    /// Every point with distance ≤ `radius_m` of `q`, sorted by index (deterministic).
    /// `out` is cleared first.
    void within(const PointM& q, double radius_m, std::vector<Hit>& out) const;

    /// The same hits as `within`, in the tree's own order instead of by index: faster for
    /// large results. The order depends only on the index and `q`, so sums taken over it
    /// are still reproducible run to run and thread to thread. `out` is cleared first.
    void within_unsorted(const PointM& q, double radius_m, std::vector<Hit>& out) const;

    /// Number of points with distance ≤ `radius_m` of `q`.
    std::size_t count_within(const PointM& q, double radius_m) const;

private:
    /// Bounding box of one tree node's points, metres.
    struct NodeBox {
        double min_x_m, min_y_m, max_x_m, max_y_m;
    };
    /// The boxes of an internal node's two children, in one cache line.
    struct alignas(64) ChildBoxes {
        NodeBox child[2];
    };

    std::vector<PointM> points_;           ///< as given (indexes of the hits)
    std::vector<std::size_t> order_;       ///< tree layout: implicit balanced k-d tree over
                                           ///< the finite points; order_[k] = input index
    std::vector<double> xs_;               ///< points_[order_[k]].x_m, contiguous per leaf
    std::vector<double> ys_;               ///< points_[order_[k]].y_m
    NodeBox root_box_{};                   ///< box of all finite points
    std::vector<ChildBoxes> child_boxes_;  ///< per internal node k (heap order: children
                                           ///< 2k+1, 2k+2), its children's boxes
    unsigned depth_ = 0;                   ///< every leaf is at this depth
};

}  // namespace assetmap::spatial
