#pragma once
/// @file Range RAPTOR (Delling, Pajor, Werneck 2012, §4: rRAPTOR) from one origin over a
/// grid of departure times, to groups of targets (e.g. one group per asset category).
///
/// A journey is: walk to a stop (access), then 1 … max_transfers + 1 trips with a walk
/// between stops (or none) at each change, then a walk from the last stop to a target
/// (egress); or a walk straight to a target (walk-only). Each walk is one leg: walks are
/// never chained without a trip between them. There is no minimum change time (the feeds
/// have no transfers.txt): a trip departing at the minute another arrives can be caught.
/// The travel time for a departure t is the earliest arrival at any target of the group
/// minus t (waiting at the origin or the stop included); times above max_trip are not
/// reached.
///
/// rRAPTOR runs RAPTOR once per departure time that matters, latest first, keeping the
/// labels between runs (a journey that leaves later is also a journey for an earlier
/// departure). The times that matter are those at which some trip can just be caught at an
/// access stop: for a grid minute t the transit part equals that of the first such time
/// ≥ t, so one run serves every grid minute that maps to it. Deterministic: the result
/// depends only on the input.

#include <assetmap/transit/link_table.hpp>
#include <assetmap/transit/timetable.hpp>

#include <cstdint>
#include <vector>

namespace assetmap::transit {

/// Limits of every search.
struct RaptorLimits {
    int max_transfers = 3;             ///< trips = max_transfers + 1
    std::int32_t max_trip_s = 90 * 60; ///< door to door, waiting at the origin included
};

/// One origin's walks to stops.
using AccessLinks = std::vector<Link>;

/// Range RAPTOR with its scratch memory: one per thread; the timetable and tables are
/// borrowed and must outlive it.
class RangeRaptor {
public:
    /// `transfers`: stop → stops; `egress`: stop → target groups (the walk to the nearest
    /// target of the group, seconds).
    RangeRaptor(const Timetable& timetable, const LinkTable& transfers, const LinkTable& egress,
                std::size_t group_count, const RaptorLimits& limits);

    /// Travel times from one origin: `departures_s` ascending (seconds after midnight),
    /// `access` its walks to stops, `direct_s[g]` the walk-only time to group g
    /// (unreachable_s when beyond the walk limit). `out` gets, for group g and departure d,
    /// `out[g * departures_s.size() + d]` = the travel time in seconds, or unreachable_s.
    ///
    /// `known_arrival_s`, when given (same layout as `out`), is an arrival at the group the
    /// caller already has for each departure (seconds after midnight; ascending with the
    /// departure, as every search's arrivals are): the search only looks for arrivals
    /// before it, and `out` is then min(that arrival, the search's) − departure. This is
    /// how a change of one group's targets is applied without a full search
    /// (TravelTimeCache).
    ///
    /// `candidates_s`, when given, is departure_candidates(access, departures_s) kept by the
    /// caller from an earlier run of the same origin (it depends on nothing else).
    void run(const AccessLinks& access, const std::vector<std::int32_t>& direct_s,
             const std::vector<std::int32_t>& departures_s, std::vector<std::int32_t>& out,
             const std::vector<std::int32_t>* known_arrival_s = nullptr,
             const std::vector<std::int32_t>* candidates_s = nullptr);

    /// The departure times that matter for an origin with `access` over `departures_s`: the
    /// times at which some trip can just be caught at an access stop (ascending, unique).
    void departure_candidates(const AccessLinks& access,
                              const std::vector<std::int32_t>& departures_s,
                              std::vector<std::int32_t>& out) const;

    /// Optional, borrowed: per stop, a lower bound of the seconds from being at the stop to
    /// reaching a target (riding without waiting, walking without the one-walk rule, then
    /// the egress walk; unreachable_s when none): a label that cannot arrive before the best
    /// arrival with it is not kept. The times found are the same; the search is shorter.
    void set_lower_bounds(const std::vector<std::int32_t>* to_target_s) noexcept {
        lower_bound_s_ = to_target_s;
    }

    /// RAPTOR runs made by the last run() (≤ the number of departures).
    std::size_t last_runs() const noexcept { return runs_; }
    /// Work counters since construction: route scans and the stops they visited.
    std::size_t route_scans() const noexcept { return route_scans_; }
    std::size_t stop_visits() const noexcept { return stop_visits_; }

private:
    void reset();
    void run_at(const AccessLinks& access, std::int32_t depart_s);
    void improve_board(std::size_t round, std::uint32_t stop, std::int32_t t);
    std::int32_t target_bound() const;
    /// A label at `stop` at time `t` cannot lead to an arrival at or before `bound`.
    bool beyond(std::uint32_t stop, std::int32_t t, std::int32_t bound) const {
        if (t > bound) return true;
        if (!lower_bound_s_) return false;
        const std::int32_t lb = (*lower_bound_s_)[stop];
        return lb == unreachable_s || static_cast<std::int64_t>(t) + lb > bound;
    }

    const Timetable& tt_;
    const LinkTable& transfers_;
    const LinkTable& egress_;
    std::size_t groups_;
    RaptorLimits limits_;
    std::size_t rounds_;                        // trips allowed
    std::size_t n_stops_;
    std::vector<std::int32_t> arrive_;          // [round][stop], rounds 1…K: by trip (≤ k trips)
    std::vector<std::int32_t> board_;           // [round][stop], rounds 0…K: ready to board
    std::vector<std::int32_t> best_;            // [group]: earliest arrival
    std::vector<char> has_egress_;              // [group]: some stop leads to it
    std::vector<std::uint32_t> marked_, next_marked_, alighted_;
    std::vector<std::int32_t> marked_old_;      // per marked stop: its label before this round
    std::vector<char> is_marked_, is_next_marked_, is_alighted_, is_touched_;
    std::vector<std::uint32_t> touched_;        // stops with a label since the last reset
    void touch(std::uint32_t s) {
        if (!is_touched_[s]) {
            is_touched_[s] = 1;
            touched_.push_back(s);
        }
    }
    std::vector<std::uint32_t> route_from_;     // [route]: earliest marked position
    std::vector<std::uint32_t> queued_routes_;
    std::vector<std::int32_t> candidates_;
    const std::vector<std::int32_t>* lower_bound_s_ = nullptr;
    std::size_t runs_ = 0;
    std::size_t route_scans_ = 0, stop_visits_ = 0;
};

}  // namespace assetmap::transit
