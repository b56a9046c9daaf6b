#pragma once
/// @file Walking catchments traced category by category and handed on in category order,
/// so a run holds a few categories' polygons at a time instead of all of them: the
/// `catchments` layer of a national study is written while it is traced.

#include <assetmap/atlas/study_run.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/io/layer_writer.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::atlas {

class NearbyFinder;

/// How far a catchment reaches beside the reached network, metres (the walk's buffer).
constexpr double kCatchmentBufferM = 50.0;

/// The catchment limits in walking metres, one per catchment minute, in the study's order.
std::vector<double> catchment_limits_m(const StudyData& data);

/// Traces the catchments of each of `categories` with assets on the network (as
/// walking_catchments does) and calls `take` with each category's catchments, one per
/// catchment minute in the study's order, in category order, on the calling thread. Up to
/// `threads` categories are traced at once while `take` runs; at most threads + 1
/// categories' polygons are held at any time (traced, waiting or being taken), so memory
/// follows a few categories, not all of them. An exception from tracing or from `take`
/// stops the tracing (the workers are joined) and is rethrown.
void for_each_category_catchments(const StudyData& data,
                                  const std::vector<std::string>& categories,
                                  const NearbyFinder& walking, unsigned threads,
                                  const std::function<void(std::vector<Catchment>&&)>& take);

/// What a catchments stream wrote (the last time it ran).
struct CatchmentTally {
    std::size_t rows = 0;      ///< catchments (layer rows)
    std::size_t vertices = 0;  ///< outline vertices, closing ones included
};

/// The `catchments` layer as add_catchments_layer makes it from walking_catchments — the
/// same rows in the same order, so the same bytes once written — but streamed
/// (io::OutputLayer::stream): each category is traced while the layer is written, one chunk
/// of rows per category, and freed once written. Every export that writes the layer traces
/// it again. `data`, `walking`, `taxonomy` and `tally` must outlive the layer's writing;
/// `tally` (optional) gets the rows and vertices written. nullopt when there is nothing to
/// trace (no catchment minutes, or no category with assets on the network).
std::optional<io::OutputLayer> streamed_catchments_layer(
    const StudyData& data, const std::vector<std::string>& categories,
    const NearbyFinder& walking, const Taxonomy& taxonomy, unsigned threads,
    CatchmentTally* tally = nullptr);

/// The rows and outline vertices of catchments held in memory (as the tally counts them).
CatchmentTally tally_of(const std::vector<Catchment>& catchments);

}  // namespace assetmap::atlas
