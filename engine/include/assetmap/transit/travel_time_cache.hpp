#pragma once
/// @file Travel-time medians kept between searches, so that a change to one group's targets
/// (an asset added, moved or retired) is applied without searching again from every origin.
///
/// The cache keeps every departure's travel time per (origin, window, group). The time to a
/// group is the minimum over its targets, so when a group's targets change from T to
/// T − R + A (R removed, A added):
/// - an (origin, departure) whose journey could end at a removed target — a search to R
///   alone reaches R no later than the kept arrival — is "dirty": that origin is searched
///   again in full for the group (T − R + A);
/// - every other (origin, departure) kept a journey to a target still there, and removing
///   targets cannot make one faster, so its new time is min(kept, the time to A); the
///   search to A only looks for arrivals before the kept one (RangeRaptor's known arrivals),
///   which is what makes it short.
/// The result is the same, to the second, as a full search of the new targets
/// (tests/unit/transit/test_travel_time_cache.cpp); the medians are taken from it as
/// travel_time_medians takes them.

#include <assetmap/transit/range_raptor.hpp>
#include <assetmap/transit/travel_times.hpp>

#include <map>
#include <string>

namespace assetmap::transit {

class TravelTimeCache {
public:
    /// Borrows `model` (it must outlive the cache).
    explicit TravelTimeCache(const TransitModel& model) : model_(model) {}

    /// travel_time_medians(model, TargetGroups(model, groups), origins, threads, progress,
    /// windows, max_trip_s) with `names[g]` naming group g: a group met before under the same
    /// name (with the same origins, windows and max_trip) is updated from its kept times;
    /// the others are searched in full together. Groups not named are kept for a later call.
    /// Throws std::invalid_argument when a name appears twice.
    TravelTimes medians(const std::vector<PointM>& origins, const std::vector<std::string>& names,
                        const std::vector<std::vector<PointM>>& groups, unsigned threads = 1,
                        const ProgressFn& progress = {},
                        const std::vector<std::size_t>& windows = {}, std::int32_t max_trip_s = 0);

    /// What the last medians() did: groups searched in full, groups updated, origins searched
    /// in full for an update (dirty), and groups reused unchanged.
    struct Work {
        std::size_t full_groups = 0, updated_groups = 0, dirty_origins = 0, reused_groups = 0;
    };
    const Work& last_work() const noexcept { return work_; }

private:
    struct Group {
        std::vector<PointM> targets;          ///< sorted
        std::vector<std::int32_t> seconds;    ///< DepartureTimes::seconds of the group
    };
    void update(Group& group, const std::vector<PointM>& targets, unsigned threads);
    /// Per window (index into windows_): into each stop, the fastest ride from the stop
    /// before it on any route, and the transfer walks (reversed), for lower bounds.
    struct ReverseLinks {
        std::vector<std::uint32_t> first;  ///< CSR over stops
        std::vector<Link> links;           ///< `to` = the stop the link comes from
    };
    const ReverseLinks& reverse_links(std::size_t wi);
    std::vector<ReverseLinks> reverse_;

    const TransitModel& model_;
    std::vector<PointM> origins_;
    std::vector<std::size_t> windows_;
    std::int32_t max_trip_s_ = 0;
    std::vector<std::size_t> offset_;
    std::size_t stride_ = 0;
    std::vector<OriginAccess> access_;
    std::vector<WalkPlace> places_;           ///< per origin, made by the first update
    std::vector<AccessLinks> access_links_;   ///< per origin, made by the first update
    /// [origin · windows + window]: RangeRaptor::departure_candidates, made when first needed
    std::vector<std::vector<std::int32_t>> candidates_;
    std::vector<char> candidates_known_;
    std::size_t raptor_runs_ = 0;
    std::map<std::string, Group> groups_;
    Work work_;
};

}  // namespace assetmap::transit
