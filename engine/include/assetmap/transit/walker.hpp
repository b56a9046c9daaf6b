#pragma once
/// @file Walking between places for public-transport journeys: on the walking network where
/// both ends are on it, by straight line × a detour factor elsewhere.
///
/// A place is *on the network* when it snaps to a walking-network edge within the snap
/// limit. The walk between two places is
/// - the shortest walk on the network (snap distances included, as the net_ measures) when
///   both are on the network in the same connected component;
/// - otherwise the straight line × `detour_factor` (an end off the network, a network
///   absent, or two components the clipped extract left apart).
/// Walking seconds are metres ÷ speed, rounded up to a whole second (walk_seconds).

#include <assetmap/core/geometry.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>
#include <assetmap/spatial/point_index.hpp>

#include <cstdint>
#include <vector>

namespace assetmap::transit {

/// A place located for walking.
struct WalkPlace {
    PointM location;              ///< metric CRS
    bool on_network = false;      ///< snapped within the snap limit
    network::Snap snap;           ///< valid when on_network
    std::uint32_t component = 0;  ///< network component of the snapped edge (when on_network)
};

/// One walking link found: the index of the place reached and the walk.
struct WalkLink {
    std::uint32_t to = 0;
    double walk_m = 0.0;
};

/// Places and the walks between them. Immutable; safe to use from several threads.
class Walker {
public:
    /// `graph` and `snapper` may be null (no walking network: straight lines everywhere);
    /// they are borrowed and must outlive the walker.
    Walker(const network::WalkGraph* graph, const network::Snapper* snapper, double snap_limit_m,
           double detour_factor);

    WalkPlace place(const PointM& p) const;
    std::vector<WalkPlace> places(const std::vector<PointM>& points) const;

    /// Every place of `to` (whose locations `index` indexes, in the same order) within
    /// `limit_m` walking metres of `from` (inclusive), by the rule above, sorted by index.
    void within(const WalkPlace& from, const std::vector<WalkPlace>& to,
                const spatial::PointIndex& index, double limit_m,
                std::vector<WalkLink>& out) const;

    /// The walk between two places by the rule above (infinite when on the network but
    /// farther than `limit_m` along it).
    double walk_m(const WalkPlace& a, const WalkPlace& b, double limit_m) const;

    double detour_factor() const noexcept { return detour_factor_; }
    bool has_network() const noexcept { return graph_ != nullptr; }

private:
    const network::WalkGraph* graph_;
    const network::Snapper* snapper_;
    double snap_limit_m_;
    double detour_factor_;
};

/// Whole walking seconds for `walk_m` metres at `speed_kmh`: ceil(walk_m · 3.6 / speed_kmh −
/// 10⁻⁶), i.e. rounded up, float noise below a microsecond ignored.
std::int32_t walk_seconds(double walk_m, double speed_kmh);

}  // namespace assetmap::transit
