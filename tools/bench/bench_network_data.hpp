#pragma once
/// @file Inputs of assetmap_bench_network: a synthetic jittered-grid walking network, random
/// points over it, the Newport population points, and the plain shortest-path problem handed
/// to peers (networkx, pgRouting).

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/network_data.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::bench {

/// A jittered grid: `rows` × `cols` nodes `spacing_m` apart, each moved by up to
/// ±`jitter_m` in x and y; of the links between grid neighbours a share `removed` is left
/// out, and one link in five bends through a midpoint pushed sideways (edge shape). Every
/// random choice is a hash of (seed, row, col), so the grid of a smaller rows × cols is
/// exactly the subgraph of a larger one that its nodes induce. EPSG:27700-like metres,
/// origin (0, 0).
struct GridSpec {
    std::size_t rows = 0;
    std::size_t cols = 0;
    double spacing_m = 60.0;
    double jitter_m = 18.0;
    double removed = 0.12;
    std::uint64_t seed = 0;
};

/// The smallest square-ish grid with at least `nodes` nodes.
GridSpec grid_for_nodes(std::size_t nodes, std::uint64_t seed);

/// Builds the grid network (node osm ids = index + 1, highway "residential").
NetworkData make_grid_network(const GridSpec& spec);

/// `n` uniform points over the grid's extent [0, cols·spacing) × [0, rows·spacing), drawn
/// from the stream `stream` (point i depends on seed, stream and i only).
std::vector<PointM> grid_points(const GridSpec& spec, std::size_t n, std::uint64_t stream);

/// The points of `points` inside the extent of the sub-grid `sub` (same origin).
std::vector<PointM> points_inside(const GridSpec& sub, const std::vector<PointM>& points);

/// The Newport population points (wales_oa11_pop2011_centroids.csv rows of LAD W06000022,
/// lon/lat projected into EPSG:27700), with their OA codes and 2011 populations.
struct PopulationPoints {
    std::vector<std::string> codes;
    std::vector<PointM> points;
    std::vector<double> weights;
};
PopulationPoints load_newport_points(const std::string& csv_path);

/// Snaps every point within `limit_m` (nullopt beyond).
std::vector<std::optional<network::Snap>> snap_all(const network::Snapper& snapper,
                                                   const std::vector<PointM>& points,
                                                   double limit_m);
/// The snaps that exist, in order.
std::vector<network::Snap> present(const std::vector<std::optional<network::Snap>>& snaps);

/// Writes the problem `nearest_source_distances(graph, sources, targets)` as a plain
/// single-source one for a peer, in `dir`:
///   edges.csv    "source,target,cost": the graph's edges split at every source and target
///                snap (a virtual node each, chained along the edge by `along_m`), plus an
///                edge from a super source S to each source's node weighted by its snap
///                distance; undirected.
///   targets.csv  "idx,node": target i's virtual node.
///   problem.txt  "super_source=S\nnodes=N\nedges=E\n".
/// A target's distance is then dist(S, node) + its own snap distance, which the caller adds.
struct PeerProblem {
    std::int64_t super_source = 0;
    std::size_t nodes = 0;
    std::size_t edges = 0;
    std::string edges_csv;
    std::string targets_csv;
};
PeerProblem write_peer_problem(const std::string& dir, const network::WalkGraph& graph,
                               const std::vector<network::Snap>& sources,
                               const std::vector<network::Snap>& targets);

/// Reads a peer's "idx,distance" lines (header skipped) into a vector of `n` distances
/// (infinity where absent).
std::vector<double> read_peer_distances(const std::string& path, std::size_t n);

}  // namespace assetmap::bench
