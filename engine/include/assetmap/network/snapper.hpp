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

/// Index over edge segments. Immutable after construction; safe to query from threads.
class Snapper {
public:
    explicit Snapper(const WalkGraph& graph);
    ~Snapper();
    Snapper(Snapper&&) noexcept;
    Snapper& operator=(Snapper&&) noexcept;

    /// Nearest point on any edge within `max_distance_m`; nullopt when none (the caller
    /// reports it). Ties go to the lower edge id.
    std::optional<Snap> snap(const PointM& p, double max_distance_m) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::network
