#pragma once
/// @file Merging the same asset reported by several sources (an OSM bus stop and its
/// NaPTAN stop): same category, within a distance, different sources.

#include <assetmap/core/geometry.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace assetmap::spatial {

/// One record to consider.
struct MergeCandidate {
    std::size_t source_rank = 0;  ///< position of its source in the study (lower = preferred)
    std::string category;
    PointM location;
};

/// For each candidate, the index of the candidate it is merged into (itself if kept).
///
/// Rule (deterministic, documented in the README): candidates are taken in source order
/// (source_rank, then input order). A candidate merges into the nearest already-kept
/// candidate of the same category from a *different, earlier* source that lies within
/// `distance_m` and has not yet absorbed a record from the candidate's source; ties go
/// to the lower index. Records of one source never merge with each other.
std::vector<std::size_t> merge_duplicates(const std::vector<MergeCandidate>& candidates,
                                          double distance_m);

}  // namespace assetmap::spatial
