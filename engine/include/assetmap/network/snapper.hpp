#pragma once
/// @file Snapping points to the nearest point on a network edge (not just a node).

#include <assetmap/core/geometry.hpp>
#include <assetmap/network/walk_graph.hpp>

#include <cstdint>
#include <memory>
#include <optional>

namespace assetmap::network {

/// Where a point joins the network.
struct Snap {
    std::uint32_t edge = 0;       ///< edge id
    double along_m = 0.0;         ///< distance from the edge's `from` node along its geometry
    double snap_distance_m = 0.0; ///< straight line from the point to the network, metres
    PointM on_network;            ///< the snapped point
};

/// Index over edge segments (a uniform grid). Immutable after construction; safe to query
/// from threads.
class Snapper {
public:
    /// Indexes every segment of every edge (shape vertices included). `graph` is referenced,
    /// not copied: it must outlive the snapper and stay where it is (not be moved).
    explicit Snapper(const WalkGraph& graph);
    ~Snapper();
    Snapper(Snapper&&) noexcept;
    Snapper& operator=(Snapper&&) noexcept;

    /// Nearest point on any edge within `max_distance_m` (metres, inclusive) of `p` (metric
    /// CRS); nullopt when none, or for a non-finite point or a negative/NaN limit (the caller
    /// reports it). Ties go to the lower edge id, then to the segment nearer `from`.
    /// `along_m` is measured along the geometry and scaled to the edge's `length_m` when the
    /// two differ, so 0 ≤ along_m ≤ length_m.
    std::optional<Snap> snap(const PointM& p, double max_distance_m) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::network
