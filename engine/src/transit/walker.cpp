/// @file Walking between places (see walker.hpp).

#include <assetmap/transit/walker.hpp>

#include <assetmap/network/shortest_paths.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace assetmap::transit {

Walker::Walker(const network::WalkGraph* graph, const network::Snapper* snapper,
               double snap_limit_m, double detour_factor)
    : graph_(graph && snapper ? graph : nullptr),
      snapper_(graph && snapper ? snapper : nullptr),
      snap_limit_m_(snap_limit_m),
      detour_factor_(detour_factor) {}

WalkPlace Walker::place(const PointM& p) const {
    WalkPlace out;
    out.location = p;
    if (!snapper_) return out;
    if (auto s = snapper_->snap(p, snap_limit_m_)) {
        out.on_network = true;
        out.snap = *s;
        out.component = graph_->component(graph_->edge(s->edge).from);
    }
    return out;
}

std::vector<WalkPlace> Walker::places(const std::vector<PointM>& points) const {
    std::vector<WalkPlace> out;
    out.reserve(points.size());
    for (const PointM& p : points) out.push_back(place(p));
    return out;
}

void Walker::within(const WalkPlace& from, const std::vector<WalkPlace>& to,
                    const spatial::PointIndex& index, double limit_m,
                    std::vector<WalkLink>& out) const {
    out.clear();
    thread_local std::vector<spatial::PointIndex::Hit> hits;
    // A walk is never shorter than the straight line (on the network: the snaps and the path
    // make a polyline between the two places), so the candidates lie within limit_m.
    index.within(from.location, limit_m, hits);
    thread_local std::vector<network::Snap> snaps;
    thread_local std::vector<std::uint32_t> on_net;
    snaps.clear();
    on_net.clear();
    for (const auto& h : hits) {
        const WalkPlace& t = to[h.index];
        const auto i = static_cast<std::uint32_t>(h.index);
        if (from.on_network && t.on_network && t.component == from.component) {
            snaps.push_back(t.snap);
            on_net.push_back(i);
            continue;
        }
        const double d = h.distance_m * detour_factor_;
        if (d <= limit_m) out.push_back({i, d});
    }
    if (!snaps.empty()) {
        const auto d = network::distances_from(*graph_, from.snap, snaps, limit_m);
        for (std::size_t k = 0; k < snaps.size(); ++k)
            if (d[k] <= limit_m) out.push_back({on_net[k], d[k]});
        std::sort(out.begin(), out.end(),
                  [](const WalkLink& a, const WalkLink& b) { return a.to < b.to; });
    }
}

double Walker::walk_m(const WalkPlace& a, const WalkPlace& b, double limit_m) const {
    if (a.on_network && b.on_network && a.component == b.component) {
        const auto d = network::distances_from(*graph_, a.snap, {b.snap}, limit_m);
        return d[0];
    }
    return distance_m(a.location, b.location) * detour_factor_;
}

std::int32_t walk_seconds(double walk_m, double speed_kmh) {
    // Up to the next whole second, ignoring float noise below a microsecond (96 m at 4.8 km/h
    // is 72 s, not 73).
    const double s = std::ceil(walk_m * 3.6 / speed_kmh - 1e-6);
    return s < 2e9 ? static_cast<std::int32_t>(s) : std::numeric_limits<std::int32_t>::max();
}

}  // namespace assetmap::transit
