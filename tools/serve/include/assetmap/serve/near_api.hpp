#pragma once
/// @file `/api/near`: "what is within N minutes' walk of here", answered from the walking
/// network held in memory (atlas::NearbyFinder, built once). Other travel modes plug in by
/// name (add_mode), e.g. a public-transport search.

#include <assetmap/atlas/nearby.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/serve/http_types.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::io {
class CrsTransform;
}

namespace assetmap::serve {

/// A travel mode: the assets reachable within query.minutes of query.at (metric CRS),
/// nearest first, with NearbyAsset::asset indexing StudyData::assets. Throws config_error
/// (→ 400) for a bad query, input_error (→ 422) for a place it cannot start from.
using NearMode = std::function<std::vector<atlas::NearbyAsset>(const atlas::NearbyQuery&)>;

/// The study's ingested data, its walking network and the modes. Thread-safe once built.
class NearService {
public:
    static constexpr double max_minutes = 60.0;

    /// Takes the ingested study (with its network) and builds the walking finder: mode
    /// "walk". Throws config_error when the study has no walking network.
    NearService(StudyData data, Taxonomy taxonomy);
    /// After asset edits: the service over `data`'s assets (the network, areas and points of
    /// `data` are not needed), sharing `same_network`'s walking graph, snapper, taxonomy and
    /// coordinate transformations. Its extra modes are not carried over.
    NearService(StudyData data, const NearService& same_network);
    ~NearService();

    /// Adds or replaces a travel mode (before the service is shared between threads).
    void add_mode(const std::string& name, NearMode mode);
    /// The mode names, sorted ("walk" first).
    std::vector<std::string> modes() const;

    /// GET /api/near?lon=&lat=[&minutes=15][&category=a,b | &domain=d][&mode=walk]: a GeoJSON
    /// FeatureCollection (README, "/api/near"). 400 for a missing, malformed or unknown
    /// parameter; 422 when the place is too far from the network.
    Response handle(const Request& request) const;

    const StudyData& data() const noexcept { return *data_; }
    const Taxonomy& taxonomy() const noexcept { return *taxonomy_; }

private:
    std::unique_ptr<StudyData> data_;
    std::shared_ptr<const Taxonomy> taxonomy_;
    std::unique_ptr<atlas::NearbyFinder> finder_;
    std::map<std::string, NearMode> modes_;
    std::vector<std::optional<LonLat>> asset_lonlat_;  ///< per asset, CRS84
    /// CRS84 → metric transformations, reused between requests (PROJ objects are not
    /// thread-safe and cost ~50 ms to create); shared with the services made after edits.
    struct TransformPool {
        std::mutex mu;
        std::vector<std::unique_ptr<io::CrsTransform>> free;
    };
    std::shared_ptr<TransformPool> pool_;
    std::unique_ptr<io::CrsTransform> take_transform() const;
    void give_back(std::unique_ptr<io::CrsTransform> t) const;
};

}  // namespace assetmap::serve
