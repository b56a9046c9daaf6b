#pragma once
/// @file Door-to-door travel times by walk + public transport from many origins to groups of
/// targets (one group per asset category): per origin, window and group, the median over the
/// window's departures. One range-RAPTOR search per origin and window answers every group.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/progress.hpp>
#include <assetmap/transit/link_table.hpp>
#include <assetmap/transit/transit_model.hpp>

#include <cstdint>
#include <vector>

namespace assetmap::transit {

/// Targets in groups: where they are, and the walk from each stop to the nearest target of
/// each group (egress).
class TargetGroups {
public:
    /// `groups[g]`: the target points of group g (metric CRS). Egress walks are bounded by
    /// the model's max_walk_m. Parallel over targets; the result does not depend on
    /// `threads`.
    TargetGroups(const TransitModel& model, const std::vector<std::vector<PointM>>& groups,
                 unsigned threads = 1);

    std::size_t size() const noexcept { return group_count_; }
    /// stop → groups, the walk to the group's nearest target (seconds, metres).
    const LinkTable& egress() const noexcept { return egress_; }
    /// Walk-only seconds from `origin` to the nearest target of each group within max_walk_m
    /// (unreachable_s beyond it); `metres` gets the walks (infinite when beyond).
    void direct(const WalkPlace& origin, std::vector<std::int32_t>& seconds,
                std::vector<double>* metres = nullptr) const;

private:
    const TransitModel& model_;
    std::size_t group_count_ = 0;
    std::vector<WalkPlace> places_;
    std::vector<std::uint32_t> group_of_;
    spatial::PointIndex index_;
    LinkTable egress_;
};

/// How an origin reaches the stops.
struct OriginAccess {
    bool on_network = false;          ///< snapped to the walking network (else straight lines)
    std::uint32_t stops_in_reach = 0; ///< stops within max_walk_m
    double nearest_stop_m = 0.0;      ///< the walk to the nearest stop (infinite when none)
};

/// Median travel times: `median_s[(origin · windows + window) · groups + group]`, seconds, or
/// unreachable_s when the median departure cannot reach the group within max_trip.
struct TravelTimes {
    std::size_t origins = 0, windows = 0, groups = 0;
    std::vector<std::int32_t> median_s;
    std::vector<OriginAccess> access;  ///< per origin
    std::size_t raptor_runs = 0;       ///< RAPTOR runs made, over every origin and window
    std::size_t route_scans = 0;       ///< routes scanned in those runs
    std::size_t stop_visits = 0;       ///< stops visited by those scans

    std::int32_t median(std::size_t origin, std::size_t window, std::size_t group) const {
        return median_s[(origin * windows + window) * groups + group];
    }
};

/// Every departure's travel time of a search, per group:
/// `seconds[g][o · stride + offset[w] + d]` for origin o, window w (in the search's window
/// order) and departure d of that window; unreachable_s where none within max_trip.
struct DepartureTimes {
    std::vector<std::size_t> offset;  ///< per window: where its departures start
    std::size_t stride = 0;           ///< departures of every window, per origin
    std::vector<std::vector<std::int32_t>> seconds;
};

/// The median over a window's departures is the lower median: with n departures, the
/// ⌈n/2⌉-th shortest travel time (an unreachable departure counts as the longest), so it is
/// always one real journey's time; unreachable when that departure reaches nothing.
std::int32_t lower_median(std::vector<std::int32_t>& values);

/// Travel times from every origin (metric CRS) to every group, for each of the model's
/// windows (or only the windows listed in `windows`, by index, in that order).
/// `max_trip_s` > 0 lowers the model's max_trip for this call: medians at or below it are
/// unchanged (the lower median only needs the times up to it) and the others become
/// unreachable, so a caller that needs only short times (isochrones) searches less.
/// Thread-parallel over origins; identical for any `threads`. `keep`, when given, gets every
/// departure's time (for TravelTimeCache).
TravelTimes travel_time_medians(const TransitModel& model, const TargetGroups& targets,
                                const std::vector<PointM>& origins, unsigned threads = 1,
                                const ProgressFn& progress = {},
                                const std::vector<std::size_t>& windows = {},
                                std::int32_t max_trip_s = 0, DepartureTimes* keep = nullptr);

}  // namespace assetmap::transit
