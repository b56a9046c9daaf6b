#pragma once
/// @file The walking network as plain values, handed from io (OSM reader) to the network
/// module, which builds its compact graph from them.

#include <assetmap/core/geometry.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace assetmap {

/// One walkable segment between two network nodes (walkable both ways: one-way streets
/// restrict vehicles, not people on foot).
struct NetworkEdge {
    std::uint32_t from = 0;      ///< node index
    std::uint32_t to = 0;        ///< node index
    double length_m = 0.0;       ///< length along the geometry, metres (metric CRS)
    std::int64_t way_id = 0;     ///< the OSM way it comes from
    std::string highway;         ///< the way's highway value (footway, residential, …)
    std::vector<PointM> shape;   ///< intermediate vertices between from and to (may be empty)
};

/// A walking network: nodes (decision points: way ends and junctions) and edges.
struct NetworkData {
    std::vector<PointM> nodes;               ///< metric CRS
    std::vector<std::int64_t> node_osm_ids;  ///< per node
    std::vector<NetworkEdge> edges;
    std::size_t ways_read = 0;               ///< ways with a highway tag looked at
    std::size_t ways_used = 0;               ///< walkable ways kept
};

}  // namespace assetmap
