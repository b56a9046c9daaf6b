#pragma once
/// @file One departure, many targets, with the journeys: plain RAPTOR (Delling, Pajor,
/// Werneck 2012, §3) keeping where each label came from, for "what can I reach from here"
/// (the same journey rules as range_raptor.hpp).

#include <assetmap/transit/link_table.hpp>
#include <assetmap/transit/range_raptor.hpp>
#include <assetmap/transit/timetable.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace assetmap::transit {

/// One leg of a journey.
struct JourneyLeg {
    enum class Kind { walk, ride };
    Kind kind = Kind::walk;
    static constexpr std::uint32_t place = 0xffffffffu;  ///< the origin or the target
    std::uint32_t from_stop = place;  ///< a stop, or `place` (the origin)
    std::uint32_t to_stop = place;    ///< a stop, or `place` (the target)
    std::int32_t depart_s = 0;        ///< seconds after midnight
    std::int32_t arrive_s = 0;
    double walk_m = 0.0;              ///< walks only
    TripRef trip;                     ///< rides only
    std::uint32_t route = 0;          ///< rides only: the RAPTOR route
};

/// The best journey to one target: earliest arrival, then fewest trips; walk-only when it
/// arrives no later.
struct Journey {
    std::int32_t arrival_s = unreachable_s;
    int trips = 0;                    ///< 0 = walk-only
    std::vector<JourneyLeg> legs;
};

/// Plans from one origin at one departure time to many targets. One per thread (scratch
/// memory); the timetable and tables are borrowed.
class JourneyPlanner {
public:
    JourneyPlanner(const Timetable& timetable, const LinkTable& transfers,
                   const RaptorLimits& limits);

    /// `egress`: stop → targets; `direct_m[j]` the walk-only metres to target j (negative
    /// or infinite when beyond the walk limit) and `direct_s[j]` its seconds. Returns one
    /// entry per target: nullopt when not reached within max_trip.
    std::vector<std::optional<Journey>> plan(const AccessLinks& access, std::int32_t depart_s,
                                             const LinkTable& egress,
                                             const std::vector<std::int32_t>& direct_s,
                                             const std::vector<double>& direct_m,
                                             std::size_t target_count);

private:
    struct RideFrom {
        std::uint32_t route = 0, trip = 0, board = 0, alight = 0;
    };
    struct BoardFrom {
        std::uint32_t stop = JourneyLeg::place;  ///< walked from this stop's arrival; place = access
        std::int32_t walk_s = 0;
        float walk_m = 0.0f;
    };
    const Timetable& tt_;
    const LinkTable& transfers_;
    RaptorLimits limits_;
    std::size_t rounds_;
    std::size_t n_stops_;
};

}  // namespace assetmap::transit
