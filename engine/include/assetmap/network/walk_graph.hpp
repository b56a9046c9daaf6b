#pragma once
/// @file A compact (CSR) undirected walking graph with connected components.

#include <assetmap/core/network_data.hpp>

#include <cstdint>
#include <vector>

namespace assetmap::network {

/// CSR adjacency over NetworkData. Immutable; safe to share between threads.
class WalkGraph {
public:
    WalkGraph() = default;
    /// Builds the CSR and the components. Throws std::invalid_argument for an edge naming a
    /// node that does not exist or with a negative or non-finite length, std::length_error
    /// beyond 2^32 nodes or half-edges.
    explicit WalkGraph(NetworkData data);

    std::size_t node_count() const noexcept { return data_.nodes.size(); }
    std::size_t edge_count() const noexcept { return data_.edges.size(); }
    const NetworkData& data() const noexcept { return data_; }
    const PointM& node(std::uint32_t i) const { return data_.nodes[i]; }
    const NetworkEdge& edge(std::uint32_t e) const { return data_.edges[e]; }

    /// Half-edges leaving node n: [first_out(n), first_out(n+1)) index into targets()/
    /// edge_ids()/lengths().
    std::uint32_t first_out(std::uint32_t n) const { return offsets_[n]; }
    const std::vector<std::uint32_t>& targets() const noexcept { return targets_; }
    const std::vector<std::uint32_t>& edge_ids() const noexcept { return edge_ids_; }
    const std::vector<double>& lengths() const noexcept { return lengths_; }

    /// Connected component of a node (0 = the largest component; then by size, descending;
    /// equal sizes by their lowest node index). A node without edges is a component alone.
    std::uint32_t component(std::uint32_t n) const { return component_[n]; }
    std::size_t component_count() const noexcept { return component_sizes_.size(); }
    /// Nodes per component, largest first.
    const std::vector<std::size_t>& component_sizes() const noexcept { return component_sizes_; }

    /// The point at fraction `t` (0 = from, 1 = to; clamped) along edge `e`'s geometry
    /// (from, shape…, to), metric CRS.
    PointM point_along(std::uint32_t e, double t) const;

private:
    NetworkData data_;
    std::vector<std::uint32_t> offsets_;
    std::vector<std::uint32_t> targets_;
    std::vector<std::uint32_t> edge_ids_;
    std::vector<double> lengths_;
    std::vector<std::uint32_t> component_;
    std::vector<std::size_t> component_sizes_;
};

}  // namespace assetmap::network
