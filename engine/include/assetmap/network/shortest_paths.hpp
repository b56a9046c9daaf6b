#pragma once
/// @file Walking distances: multi-source shortest paths from snapped sources to snapped
/// targets (one search per category, not one per origin), and bounded searches.
///
/// All distances are walking metres (double) and limits inclusive (a distance equal to the
/// limit is within it). The functions agree exactly with one another: a target whose
/// nearest_source_distances value is ≤ T has sources_within(…, T) ≥ 1. Every function throws
/// std::invalid_argument for a snap whose edge is not in the graph or whose distances are
/// not finite, and for a NaN limit. Results depend only on the input (deterministic).

#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>

#include <limits>
#include <vector>

namespace assetmap::network {

constexpr double unreachable = std::numeric_limits<double>::infinity();

/// For every target, the walking distance in metres to the nearest source: the source's snap
/// distance + the path along the network + the target's snap distance. Sources and targets
/// on the same edge connect directly along it. Distances above `limit_m` are `unreachable`
/// (the search stops there). Targets in another component than every source are
/// `unreachable`. One Dijkstra from all sources at once.
std::vector<double> nearest_source_distances(const WalkGraph& graph,
                                             const std::vector<Snap>& sources,
                                             const std::vector<Snap>& targets,
                                             double limit_m = unreachable);

/// For every target, how many sources lie within `limit_m` walking metres (each source's
/// search bounded at limit_m; sources counted once each).
std::vector<std::uint32_t> sources_within(const WalkGraph& graph, const std::vector<Snap>& sources,
                                          const std::vector<Snap>& targets, double limit_m);

/// Network distance from every node to the nearest source (snap distance included), bounded
/// at `limit_m` (`unreachable` beyond): the reached network, for catchments.
std::vector<double> node_distances(const WalkGraph& graph, const std::vector<Snap>& sources,
                                   double limit_m);

/// Distance from one origin to each source (walking metres), bounded at `limit_m`; for
/// "what is near here".
std::vector<double> distances_from(const WalkGraph& graph, const Snap& origin,
                                   const std::vector<Snap>& sources, double limit_m);

}  // namespace assetmap::network
