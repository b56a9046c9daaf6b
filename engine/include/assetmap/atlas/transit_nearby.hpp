#pragma once
/// @file "What can I reach from here by bus and train": the assets reachable by walk + public
/// transport from a place, leaving at a given time, with the journey to each (used by
/// `assetmap near --mode transit` and the server).

#include <assetmap/core/date.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>
#include <assetmap/transit/journey_planner.hpp>
#include <assetmap/transit/transit_model.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::atlas {

/// What to look for.
struct TransitNearbyQuery {
    PointM at;                            ///< the place, metric CRS
    std::int32_t depart_s = 8 * 3600;     ///< leaving time, seconds after midnight
    std::optional<Date> date;             ///< none = the study's transit date
    double minutes = 30.0;                ///< door-to-door limit (≤ the study's max_trip)
    std::vector<std::string> categories;  ///< only these categories (empty = all)
    std::vector<std::string> domains;     ///< only these domains (empty = all)
};

/// One reachable asset and the best journey to it (earliest arrival, then fewest trips;
/// walking when it arrives no later).
struct TransitNearbyAsset {
    std::size_t asset = 0;            ///< index into StudyData::assets
    double minutes = 0.0;             ///< door to door, waiting at the start included
    std::int32_t arrival_s = 0;       ///< seconds after midnight of the date
    int trips = 0;                    ///< vehicles used; 0 = walk only
    std::vector<transit::JourneyLeg> legs;
};

/// The answer: the assets, how the place was located and the date searched.
struct TransitNearbyResult {
    std::vector<TransitNearbyAsset> assets;  ///< soonest first (ties: category, name, id)
    bool on_network = false;                 ///< the place walks on the network
    std::size_t stops_in_reach = 0;          ///< stops within the walk limit of the place
    Date date;
};

/// Holds the study's timetables and walks; answers many queries. The StudyData, graph and
/// snapper must outlive it. Safe to query from several threads (a day's timetable is built
/// on first use, under a lock).
class TransitNearbyFinder {
public:
    /// `graph`/`snapper` may be null (no walking network: straight lines × detour factor).
    /// Throws config_error when the study has no [transit] section.
    TransitNearbyFinder(const StudyData& data, const Taxonomy& taxonomy,
                        const network::WalkGraph* graph, const network::Snapper* snapper,
                        unsigned threads = 1);
    ~TransitNearbyFinder();

    /// Throws config_error for an unknown category or domain, minutes ≤ 0 or beyond the
    /// study's max_trip_minutes, or a leaving time outside 00:00–47:59.
    TransitNearbyResult find(const TransitNearbyQuery& query) const;

    const transit::TransitModel& model() const;
    /// The name of a stop of the model, and the route (short name, else long name) and
    /// headsign of a trip.
    const transit::TransitStop& stop(std::uint32_t stop) const;
    std::string route_name(const transit::TripRef& trip) const;
    std::string headsign(const transit::TripRef& trip) const;
    /// GTFS route_type of a trip (3 bus, 2 rail, …).
    int route_type(const transit::TripRef& trip) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::atlas
