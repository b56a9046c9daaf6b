#pragma once
/// @file "What is near here": the assets reachable on foot from a place, nearest first — the
/// social prescriber's question, as a library call (used by `assetmap near` and the server).

#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::atlas {

/// One reachable asset.
struct NearbyAsset {
    std::size_t asset = 0;   ///< index into StudyData::assets
    double walk_m = 0.0;     ///< walking metres (snap distances included)
    double minutes = 0.0;    ///< at the study's walking speed
};

/// What to look for.
struct NearbyQuery {
    PointM at;                            ///< the place, metric CRS
    double minutes = 15.0;                ///< walking-time limit
    std::vector<std::string> categories;  ///< only these categories (empty = all)
    std::vector<std::string> domains;     ///< only these domains (empty = all)
};

/// Holds the walking graph and the assets snapped to it; answers many queries. The
/// StudyData must outlive it. Safe to query from several threads.
class NearbyFinder {
public:
    /// Throws config_error when the study has no walking network.
    NearbyFinder(const StudyData& data, const Taxonomy& taxonomy);
    /// The same over `data` (e.g. the assets after edits) with the graph and snapper of
    /// `same_network`, which must have been built over the same walking network (they are
    /// shared, not copied). Assets at a point `same_network` snapped take that snap (the
    /// same result, without the search).
    NearbyFinder(const StudyData& data, const Taxonomy& taxonomy,
                 const NearbyFinder& same_network);
    ~NearbyFinder();

    /// Assets within `minutes` on foot of `at`, nearest first (ties by category, then name,
    /// then asset id). Throws input_error when `at` is farther than the snap limit from the
    /// network (the message says how far it is).
    std::vector<NearbyAsset> find(const NearbyQuery& query) const;

    const network::WalkGraph& graph() const;
    const network::Snapper& snapper() const;
    /// The snaps of the assets of one category that lie within the snap limit.
    std::vector<network::Snap> snaps_of(const std::string& category) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::atlas
