#include <assetmap/atlas/nearby.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/network/shortest_paths.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <unordered_map>

namespace assetmap::atlas {

struct NearbyFinder::Impl {
    const StudyData& data;
    const Taxonomy& taxonomy;
    // Shared with finders over the same network; the snapper (which refers to the graph) is
    // released first.
    std::shared_ptr<const network::WalkGraph> graph;
    std::shared_ptr<const network::Snapper> snapper;
    std::vector<std::size_t> asset_index;  ///< per snapped asset: index into data.assets
    std::vector<network::Snap> asset_snaps;
    std::vector<PointM> asset_points;      ///< per snapped asset: the point snapped
    std::vector<PointM> missed_points;     ///< assets beyond the snap limit: their points
    double snap_limit_m = 0.0;             ///< the limit they were snapped with

    Impl(const StudyData& d, const Taxonomy& t) : data(d), taxonomy(t) {}

    /// Snaps every asset; a point `known` snapped already (same graph, same limit) takes its
    /// snap from there — the same result, without the search.
    void snap_assets(const Impl* known) {
        snap_limit_m = data.snap_limit_m;
        std::unordered_map<std::uint64_t, std::size_t> seen;
        const bool reuse = known && known->snap_limit_m == snap_limit_m;
        auto key = [](const PointM& p) {
            std::uint64_t x, y;
            std::memcpy(&x, &p.x_m, sizeof x);
            std::memcpy(&y, &p.y_m, sizeof y);
            return x * 0x9E3779B97F4A7C15ull ^ y;
        };
        std::unordered_map<std::uint64_t, std::size_t> missed;
        if (reuse) {
            for (std::size_t k = 0; k < known->asset_points.size(); ++k)
                seen.emplace(key(known->asset_points[k]), k);
            for (std::size_t k = 0; k < known->missed_points.size(); ++k)
                missed.emplace(key(known->missed_points[k]), k);
        }
        for (std::size_t i = 0; i < data.assets.size(); ++i) {
            const PointM& p = data.assets[i].location;
            std::optional<network::Snap> s;
            bool known_miss = false;
            if (reuse) {
                const auto it = seen.find(key(p));
                if (it != seen.end() && known->asset_points[it->second] == p)
                    s = known->asset_snaps[it->second];
                const auto m = missed.find(key(p));
                known_miss = !s && m != missed.end() && known->missed_points[m->second] == p;
            }
            if (!s && !known_miss) s = snapper->snap(p, data.snap_limit_m);
            if (s) {
                asset_index.push_back(i);
                asset_snaps.push_back(*s);
                asset_points.push_back(p);
            } else {
                missed_points.push_back(p);
            }
        }
    }
};

NearbyFinder::NearbyFinder(const StudyData& data, const Taxonomy& taxonomy)
    : impl_(std::make_unique<Impl>(data, taxonomy)) {
    if (!data.network || data.network->edges.empty())
        throw config_error("the study has no walking network; add a [network] section with the "
                           "path of an OSM extract to the study file");
    impl_->graph = std::make_shared<const network::WalkGraph>(*data.network);
    impl_->snapper = std::make_shared<const network::Snapper>(*impl_->graph);
    impl_->snap_assets(nullptr);
}

NearbyFinder::NearbyFinder(const StudyData& data, const Taxonomy& taxonomy,
                           const NearbyFinder& same_network)
    : impl_(std::make_unique<Impl>(data, taxonomy)) {
    impl_->graph = same_network.impl_->graph;
    impl_->snapper = same_network.impl_->snapper;
    impl_->snap_assets(same_network.impl_.get());
}

NearbyFinder::~NearbyFinder() = default;

const network::WalkGraph& NearbyFinder::graph() const { return *impl_->graph; }
const network::Snapper& NearbyFinder::snapper() const { return *impl_->snapper; }

std::vector<network::Snap> NearbyFinder::snaps_of(const std::string& category) const {
    std::vector<network::Snap> out;
    for (std::size_t k = 0; k < impl_->asset_index.size(); ++k)
        if (impl_->data.assets[impl_->asset_index[k]].category == category)
            out.push_back(impl_->asset_snaps[k]);
    return out;
}

std::vector<NearbyAsset> NearbyFinder::find(const NearbyQuery& q) const {
    const auto& im = *impl_;
    for (const auto& c : q.categories)
        if (!im.taxonomy.find(c))
            throw config_error("unknown category '" + c + "'; see datasets/taxonomy.toml");
    for (const auto& d : q.domains)
        if (!parse_domain(d))
            throw config_error("unknown domain '" + d + "'; use individual, community or "
                                                        "structural");
    if (!(q.minutes > 0)) throw config_error("minutes must be > 0");

    const auto origin = im.snapper->snap(q.at, im.data.snap_limit_m);
    if (!origin) {
        char msg[200];
        std::snprintf(msg, sizeof msg,
                      "the place is more than %.0f m from the walking network of this study; "
                      "choose a place inside the network's extent",
                      im.data.snap_limit_m);
        throw input_error("--at", msg);
    }
    const double speed_m_per_min = im.data.walk_speed_kmh * 1000.0 / 60.0;
    const double limit_m = q.minutes * speed_m_per_min;

    // Only the assets that pass the filters are searched for.
    std::vector<std::size_t> chosen;
    std::vector<network::Snap> targets;
    for (std::size_t k = 0; k < im.asset_index.size(); ++k) {
        const Asset& a = im.data.assets[im.asset_index[k]];
        if (!q.categories.empty() &&
            std::find(q.categories.begin(), q.categories.end(), a.category) == q.categories.end())
            continue;
        if (!q.domains.empty() &&
            std::find(q.domains.begin(), q.domains.end(), a.domain) == q.domains.end())
            continue;
        chosen.push_back(im.asset_index[k]);
        targets.push_back(im.asset_snaps[k]);
    }
    const auto dist = network::distances_from(*im.graph, *origin, targets, limit_m);
    std::vector<NearbyAsset> out;
    for (std::size_t k = 0; k < chosen.size(); ++k)
        if (dist[k] <= limit_m) out.push_back({chosen[k], dist[k], dist[k] / speed_m_per_min});
    std::sort(out.begin(), out.end(), [&](const NearbyAsset& x, const NearbyAsset& y) {
        const Asset& a = im.data.assets[x.asset];
        const Asset& b = im.data.assets[y.asset];
        if (x.walk_m != y.walk_m) return x.walk_m < y.walk_m;
        if (a.category != b.category) return a.category < b.category;
        if (a.name != b.name) return a.name < b.name;
        return a.id < b.id;
    });
    return out;
}

}  // namespace assetmap::atlas
