#pragma once
/// @file Internal: a bounded multi-source Dijkstra over a WalkGraph with reusable scratch.

#include <assetmap/network/walk_graph.hpp>

#include "radix_heap.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace assetmap::network::detail {

/// Distances in metres from any number of seeds (node, starting distance). Scratch is sized
/// once per graph; `reset` restores it in time proportional to what the last search touched,
/// so many small bounded searches (one per source) stay cheap.
class Dijkstra {
public:
    static constexpr double inf = std::numeric_limits<double>::infinity();

    explicit Dijkstra(const WalkGraph& graph) : graph_(graph), dist_(graph.node_count(), inf) {}

    /// Offers node `n` at distance `d_m` (kept if shorter than what it has).
    void seed(std::uint32_t n, double d_m) {
        if (!(d_m < dist_[n])) return;
        if (dist_[n] == inf) touched_.push_back(n);
        dist_[n] = d_m;
        heap_.push(d_m, n);
    }

    /// Settles every node within `limit_m` of the seeds, nearest first, calling
    /// `settled(node, distance_m)` once for each. Nodes farther than the limit may keep a
    /// tentative distance (always > limit_m).
    template <class F>
    void run(double limit_m, F&& settled) {
        const std::uint32_t* targets = graph_.targets().data();
        const double* lengths = graph_.lengths().data();
        while (!heap_.empty()) {
            const auto [d, u] = heap_.pop();
            if (d > dist_[u]) continue;  // stale entry
            if (d > limit_m) {
                heap_.clear();
                break;
            }
            settled(u, d);
            const std::uint32_t end = graph_.first_out(u + 1);
            for (std::uint32_t h = graph_.first_out(u); h < end; ++h) {
                const std::uint32_t v = targets[h];
                const double dv = d + lengths[h];
                if (dv < dist_[v]) {
                    if (dist_[v] == inf) touched_.push_back(v);
                    dist_[v] = dv;
                    heap_.push(dv, v);
                }
            }
        }
    }

    /// Settles everything within `limit_m` (see run) with no callback.
    void run(double limit_m) {
        run(limit_m, [](std::uint32_t, double) {});
    }

    /// Current distance of node `n` (final for nodes settled by run; `inf` if untouched).
    double dist(std::uint32_t n) const { return dist_[n]; }
    const std::vector<double>& distances() const noexcept { return dist_; }

    /// Forgets the last search.
    void reset() {
        for (const std::uint32_t n : touched_) dist_[n] = inf;
        touched_.clear();
        heap_.clear();
    }

private:
    const WalkGraph& graph_;
    std::vector<double> dist_;
    std::vector<std::uint32_t> touched_;
    RadixHeap heap_;
};

}  // namespace assetmap::network::detail
