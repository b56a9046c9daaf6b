#pragma once
/// @file The walking network from OpenStreetMap (.osm.pbf / .osm) via libosmium.

#include <assetmap/core/network_data.hpp>
#include <assetmap/core/problem.hpp>
#include <assetmap/core/progress.hpp>
#include <assetmap/io/crs_transform.hpp>

#include <string>

namespace assetmap::io {

/// Reads the ways a pedestrian can use (README, "Walking network"): highway = footway, path,
/// pedestrian, steps, living_street, residential, service, unclassified, tertiary,
/// secondary, primary and their _link, trunk/trunk_link unless foot=no, track, cycleway,
/// bridleway, and never motorway; excluding foot=no|private, and access=no|private unless
/// foot=yes|designated|permissive. Ways are split at shared nodes (junctions) so nodes are
/// way ends and junctions; intermediate vertices stay as edge shape. Lengths in metres in the
/// metric CRS of `to_metric` (source WGS84). Ways with missing node locations are split
/// where nodes are missing and reported (incomplete_geometry, once per way, feature "w<id>");
/// a way with nodes that cannot be transformed is split there too (bad_coordinate).
/// Nodes and edges come in (way id, position) order, so the same file gives the same network.
/// `ways_used` counts the walkable ways that gave at least one edge. Progress stages:
/// "network read" (bytes) and "network build" (ways). Throws input_error for an unreadable,
/// truncated or malformed file, or one with no walkable ways (or none with located nodes).
NetworkData read_walking_network(const std::string& path, const CrsTransform& to_metric,
                                 ProblemReport& problems, const ProgressFn& progress = {});

}  // namespace assetmap::io
