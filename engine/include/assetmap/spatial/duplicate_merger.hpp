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

/// The same rule with a merge distance per source: a candidate merges into a kept one within
/// the larger of their two sources' distances (`distance_m_by_rank[source_rank]`, metres;
/// e.g. wider for a source placed at postcode centroids). Ranks beyond the vector use its
/// last value; an empty vector merges nothing.
std::vector<std::size_t> merge_duplicates(const std::vector<MergeCandidate>& candidates,
                                          const std::vector<double>& distance_m_by_rank);

}  // namespace assetmap::spatial
