#pragma once
/// @file How much memory the walking catchments will take while they are traced, estimated
/// before any work, so that a study whose catchments cannot fit is refused with the fix
/// instead of being killed by the system minutes later.
///
/// A category's catchments are traced on a grid of `catchment_cell_m` cells kept in tiles
/// of SparseGridM::kTile² cells, made only where the reached network (plus 50 m) passes.
/// The estimate counts, per category, the grid tiles that hold some of the network and lie
/// within the largest catchment distance + 50 m of one of its assets (straight line: an
/// upper bound of the walk), and charges each tile kBytesPerTile: the tile, the distances
/// and the traced rings around it (measured on the generated England-and-Wales study at
/// 25 m: 8.2 GiB for two categories of 59,000 tiles each traced at once). `threads`
/// categories are traced at once, so the estimate is the sum of the largest `threads`.

#include <assetmap/core/study_data.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace assetmap::atlas {

struct CatchmentMemory {
    static constexpr std::uint64_t kBytesPerTile = 72 * 1024;

    double tile_m = 0.0;              ///< side of a grid tile, metres (64 cells)
    std::vector<std::size_t> tiles;   ///< per category, in the order asked
    unsigned at_once = 0;             ///< categories traced at once
    std::uint64_t bytes = 0;          ///< the largest `at_once` categories × kBytesPerTile
};

/// The estimate for `categories` traced on `threads` threads (see the file comment). Zero
/// when the study has no catchment minutes or no walking network.
CatchmentMemory estimate_catchment_memory(const StudyData& data,
                                          const std::vector<std::string>& categories,
                                          unsigned threads);

/// Throws config_error, naming the estimate and the fixes (a coarser catchment_cell_m, with
/// the one that would fit; fewer threads; catchment_minutes = []), when the estimate for
/// `categories` exceeds `available_bytes`.
void check_catchment_memory(const StudyData& data, const std::vector<std::string>& categories,
                            unsigned threads, std::uint64_t available_bytes);

}  // namespace assetmap::atlas
