/// @file WalkGraph: CSR adjacency (two half-edges per undirected edge) and connected
/// components numbered by size.

#include <assetmap/network/walk_graph.hpp>

#include "polyline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace assetmap::network {

WalkGraph::WalkGraph(NetworkData data) : data_(std::move(data)) {
    const std::size_t n = data_.nodes.size();
    const std::size_t m = data_.edges.size();
    constexpr std::size_t max_id = std::numeric_limits<std::uint32_t>::max();
    if (n >= max_id || 2 * m >= max_id)
        throw std::length_error("WalkGraph: more than 2^32 nodes or half-edges");
    for (std::size_t e = 0; e < m; ++e) {
        const NetworkEdge& edge = data_.edges[e];
        if (edge.from >= n || edge.to >= n)
            throw std::invalid_argument("WalkGraph: edge " + std::to_string(e) +
                                        " refers to a node that does not exist");
        if (!(edge.length_m >= 0.0) || !std::isfinite(edge.length_m))
            throw std::invalid_argument("WalkGraph: edge " + std::to_string(e) +
                                        " has a negative or non-finite length");
    }

    // CSR: half-edges of each node in edge id order (a self-loop gives its node two).
    offsets_.assign(n + 1, 0);
    for (const NetworkEdge& edge : data_.edges) {
        ++offsets_[edge.from + 1];
        ++offsets_[edge.to + 1];
    }
    std::partial_sum(offsets_.begin(), offsets_.end(), offsets_.begin());
    targets_.resize(2 * m);
    edge_ids_.resize(2 * m);
    lengths_.resize(2 * m);
    std::vector<std::uint32_t> cursor(offsets_.begin(), offsets_.end() - 1);
    for (std::uint32_t e = 0; e < m; ++e) {
        const NetworkEdge& edge = data_.edges[e];
        const std::uint32_t a = cursor[edge.from]++;
        targets_[a] = edge.to;
        edge_ids_[a] = e;
        lengths_[a] = edge.length_m;
        const std::uint32_t b = cursor[edge.to]++;
        targets_[b] = edge.from;
        edge_ids_[b] = e;
        lengths_[b] = edge.length_m;
    }

    // Components by BFS in node order: each raw component's first node is its lowest.
    constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> raw(n, none);
    std::vector<std::size_t> raw_sizes;
    std::vector<std::uint32_t> queue;
    queue.reserve(n);
    for (std::uint32_t s = 0; s < n; ++s) {
        if (raw[s] != none) continue;
        const auto label = static_cast<std::uint32_t>(raw_sizes.size());
        queue.clear();
        queue.push_back(s);
        raw[s] = label;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::uint32_t u = queue[head];
            for (std::uint32_t h = offsets_[u]; h < offsets_[u + 1]; ++h) {
                const std::uint32_t v = targets_[h];
                if (raw[v] != none) continue;
                raw[v] = label;
                queue.push_back(v);
            }
        }
        raw_sizes.push_back(queue.size());
    }
    // Largest first; equal sizes keep discovery order (= lowest node first).
    std::vector<std::uint32_t> by_size(raw_sizes.size());
    std::iota(by_size.begin(), by_size.end(), 0U);
    std::stable_sort(by_size.begin(), by_size.end(), [&](std::uint32_t a, std::uint32_t b) {
        return raw_sizes[a] > raw_sizes[b];
    });
    std::vector<std::uint32_t> rank(raw_sizes.size());
    component_sizes_.resize(raw_sizes.size());
    for (std::uint32_t r = 0; r < by_size.size(); ++r) {
        rank[by_size[r]] = r;
        component_sizes_[r] = raw_sizes[by_size[r]];
    }
    component_.resize(n);
    for (std::uint32_t v = 0; v < n; ++v) component_[v] = rank[raw[v]];
}

PointM WalkGraph::point_along(std::uint32_t e, double t) const {
    const NetworkEdge& edge = data_.edges.at(e);
    const PointM& a = data_.nodes[edge.from];
    const PointM& b = data_.nodes[edge.to];
    if (!(t > 0.0)) return a;  // also NaN
    if (t >= 1.0) return b;
    const double total = detail::geometric_length(a, edge.shape, b);
    return detail::point_at(a, edge.shape, b, t * total);
}

}  // namespace assetmap::network
