/// @file Multi-source and bounded shortest paths between snapped points.
///
/// A snapped point on edge (u, v) of length L at `along` a joins the network at u after
/// snap + a and at v after snap + (L − a). A target at b on the same edge e is reached from
/// a search with node distances d as
///     min(d(u) + b, d(v) + (L − b), min over sources s on e of snap_s + |a_s − b|) + snap_t,
/// the same expression (and the same floating-point operations) in every function here, so
/// a count "within T" never disagrees with a nearest distance ≤ T. Float rounding is monotone,
/// so the node distances of one search from all sources equal the minimum of the per-source
/// searches bit for bit.

#include <assetmap/network/shortest_paths.hpp>

#include "dijkstra.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace assetmap::network {

namespace {

using detail::Dijkstra;

void check_snaps(const WalkGraph& graph, const std::vector<Snap>& snaps, const char* what) {
    for (std::size_t i = 0; i < snaps.size(); ++i) {
        const Snap& s = snaps[i];
        if (s.edge >= graph.edge_count())
            throw std::invalid_argument(std::string(what) + " " + std::to_string(i) +
                                        " refers to edge " + std::to_string(s.edge) +
                                        ", but the graph has " +
                                        std::to_string(graph.edge_count()) + " edges");
        if (!std::isfinite(s.along_m) || !std::isfinite(s.snap_distance_m) ||
            s.snap_distance_m < 0.0)
            throw std::invalid_argument(std::string(what) + " " + std::to_string(i) +
                                        " has a non-finite or negative distance");
    }
}

void check_limit(double limit_m) {
    if (std::isnan(limit_m)) throw std::invalid_argument("distance limit is NaN");
}

/// `along` clamped onto the edge.
double along_on(const WalkGraph& graph, const Snap& s) {
    return std::clamp(s.along_m, 0.0, graph.edge(s.edge).length_m);
}

/// Seeds both ends of a snapped point's edge.
void seed(Dijkstra& search, const WalkGraph& graph, const Snap& s) {
    const NetworkEdge& e = graph.edge(s.edge);
    const double a = along_on(graph, s);
    search.seed(e.from, s.snap_distance_m + a);
    search.seed(e.to, s.snap_distance_m + (e.length_m - a));
}

/// Sources grouped by edge (sorted by edge, then input order) for the same-edge paths.
class SourcesByEdge {
public:
    SourcesByEdge(const WalkGraph& graph, const std::vector<Snap>& sources) {
        order_.resize(sources.size());
        std::iota(order_.begin(), order_.end(), 0U);
        std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
            return sources[a].edge < sources[b].edge;
        });
        edges_.reserve(order_.size());
        along_.reserve(order_.size());
        snap_.reserve(order_.size());
        for (const std::uint32_t i : order_) {
            edges_.push_back(sources[i].edge);
            along_.push_back(along_on(graph, sources[i]));
            snap_.push_back(sources[i].snap_distance_m);
        }
    }

    /// min over sources on `edge` of snap_s + |a_s − b| (inf when none).
    double direct(std::uint32_t edge, double b) const {
        auto it = std::lower_bound(edges_.begin(), edges_.end(), edge);
        double best = Dijkstra::inf;
        for (auto k = static_cast<std::size_t>(it - edges_.begin());
             k < edges_.size() && edges_[k] == edge; ++k)
            best = std::min(best, snap_[k] + std::abs(along_[k] - b));
        return best;
    }

private:
    std::vector<std::uint32_t> order_;
    std::vector<std::uint32_t> edges_;
    std::vector<double> along_;
    std::vector<double> snap_;
};

/// The target expression of the file comment, before the limit is applied.
double target_distance(const WalkGraph& graph, const Dijkstra& search, const SourcesByEdge& same,
                       const Snap& t) {
    const NetworkEdge& e = graph.edge(t.edge);
    const double b = along_on(graph, t);
    double d = std::min(search.dist(e.from) + b, search.dist(e.to) + (e.length_m - b));
    d = std::min(d, same.direct(t.edge, b));
    return d + t.snap_distance_m;
}

}  // namespace

std::vector<double> nearest_source_distances(const WalkGraph& graph,
                                             const std::vector<Snap>& sources,
                                             const std::vector<Snap>& targets, double limit_m) {
    check_limit(limit_m);
    check_snaps(graph, sources, "source");
    check_snaps(graph, targets, "target");
    std::vector<double> out(targets.size(), unreachable);
    if (sources.empty() || targets.empty()) return out;

    Dijkstra search(graph);
    for (const Snap& s : sources) seed(search, graph, s);
    search.run(limit_m);
    const SourcesByEdge same(graph, sources);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const double d = target_distance(graph, search, same, targets[i]);
        if (d <= limit_m) out[i] = d;
    }
    return out;
}

std::vector<std::uint32_t> sources_within(const WalkGraph& graph, const std::vector<Snap>& sources,
                                          const std::vector<Snap>& targets, double limit_m) {
    check_limit(limit_m);
    check_snaps(graph, sources, "source");
    check_snaps(graph, targets, "target");
    std::vector<std::uint32_t> counts(targets.size(), 0);
    if (sources.empty() || targets.empty() || !(limit_m >= 0.0)) return counts;

    // Targets by edge (CSR over edge ids) so a settled node visits only the targets on its
    // incident edges.
    const std::size_t m = graph.edge_count();
    std::vector<std::uint32_t> first(m + 1, 0);
    for (const Snap& t : targets) ++first[t.edge + 1];
    std::partial_sum(first.begin(), first.end(), first.begin());
    std::vector<std::uint32_t> by_edge(targets.size());
    {
        std::vector<std::uint32_t> cursor(first.begin(), first.end() - 1);
        for (std::uint32_t i = 0; i < targets.size(); ++i) by_edge[cursor[targets[i].edge]++] = i;
    }
    std::vector<double> along(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) along[i] = along_on(graph, targets[i]);

    Dijkstra search(graph);
    std::vector<double> best(targets.size(), Dijkstra::inf);  // per source, before snap_t
    std::vector<std::uint32_t> touched;
    auto offer = [&](std::uint32_t t, double d) {
        if (best[t] == Dijkstra::inf) touched.push_back(t);
        if (d < best[t]) best[t] = d;
    };
    const std::uint32_t* edge_ids = graph.edge_ids().data();
    for (const Snap& s : sources) {
        seed(search, graph, s);
        search.run(limit_m, [&](std::uint32_t u, double du) {
            const std::uint32_t end = graph.first_out(u + 1);
            for (std::uint32_t h = graph.first_out(u); h < end; ++h) {
                const std::uint32_t e = edge_ids[h];
                if (first[e] == first[e + 1]) continue;
                const NetworkEdge& edge = graph.edge(e);
                // A self-loop lists its edge twice at u; both ends are offered each time.
                for (std::uint32_t k = first[e]; k < first[e + 1]; ++k) {
                    const std::uint32_t t = by_edge[k];
                    if (edge.from == u) offer(t, du + along[t]);
                    if (edge.to == u) offer(t, du + (edge.length_m - along[t]));
                }
            }
        });
        // Targets on the source's own edge: straight along it.
        const double a = along_on(graph, s);
        for (std::uint32_t k = first[s.edge]; k < first[s.edge + 1]; ++k) {
            const std::uint32_t t = by_edge[k];
            offer(t, s.snap_distance_m + std::abs(a - along[t]));
        }
        for (const std::uint32_t t : touched) {
            if (best[t] + targets[t].snap_distance_m <= limit_m) ++counts[t];
            best[t] = Dijkstra::inf;
        }
        touched.clear();
        search.reset();
    }
    return counts;
}

std::vector<double> node_distances(const WalkGraph& graph, const std::vector<Snap>& sources,
                                   double limit_m) {
    check_limit(limit_m);
    check_snaps(graph, sources, "source");
    Dijkstra search(graph);
    for (const Snap& s : sources) seed(search, graph, s);
    search.run(limit_m);
    std::vector<double> out = search.distances();
    for (double& d : out)
        if (!(d <= limit_m)) d = unreachable;
    return out;
}

std::vector<double> distances_from(const WalkGraph& graph, const Snap& origin,
                                   const std::vector<Snap>& sources, double limit_m) {
    // Walking is symmetric: the origin is the one source and the sources are the targets.
    return nearest_source_distances(graph, {origin}, sources, limit_m);
}

}  // namespace assetmap::network
