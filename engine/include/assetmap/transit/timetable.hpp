#pragma once
/// @file The RAPTOR timetable of one service date: stops merged across feeds, trips grouped
/// into routes (Delling, Pajor, Werneck 2012, §3.1).
///
/// A RAPTOR route is a set of trips that call at the same stops in the same order, let riders
/// board and alight at the same calls (pickup_type/drop_off_type), and never overtake one
/// another: for trips t < t' of a route, every arrival and departure of t is at
/// or before the same event of t'. Trips with the same stops that would overtake are split
/// into further routes (first-fit in order of first departure), so a route's trips are
/// sorted at every stop and the earliest catchable trip is found by binary search.
/// Times are seconds after midnight of the date; the previous day's trips that run past
/// midnight (GTFS times ≥ 24:00) appear shifted by −24 h, and frequency-based trips are
/// expanded into one trip per start (first start at start_time, then every headway while
/// before end_time).

#include <assetmap/core/date.hpp>
#include <assetmap/core/gtfs_feed.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace assetmap::transit {

/// A stop of the study: stops of several feeds with the same stop_id are one stop (the first
/// feed's name and position are kept).
struct TransitStop {
    std::string id;
    std::string name;
    LonLat lonlat;
    PointM location;              ///< metric CRS
    std::uint32_t feed = 0;       ///< the first feed that has it
    std::uint32_t feed_stop = 0;  ///< its index in that feed
};

/// Stops merged by id across feeds (stations and entrances, location_type ≥ 1, left out: no
/// trip calls at them).
struct StopSet {
    std::vector<TransitStop> stops;
    std::vector<std::vector<std::uint32_t>> of_feed;  ///< [feed][feed stop] → stop (or npos)
    static constexpr std::uint32_t npos = 0xffffffffu;

    /// Merges the stops of `feeds` (in feed order). Stops without a finite metric location
    /// are left out.
    static StopSet merge(const std::vector<GtfsFeed>& feeds);
};

/// Which GTFS trip a RAPTOR trip is.
struct TripRef {
    std::uint32_t feed = 0;
    std::uint32_t trip = 0;       ///< index into GtfsFeed::trips
    std::int32_t shift_s = 0;     ///< added to the GTFS times (−86400 for yesterday's trips;
                                  ///< the frequency offset for frequency-based trips)
};

class Timetable {
public:
    /// One RAPTOR route.
    struct Route {
        std::uint32_t first_stop = 0;   ///< into route_stops()
        std::uint32_t stop_count = 0;
        std::uint32_t first_trip = 0;   ///< into trip refs
        std::uint32_t trip_count = 0;
        std::uint32_t first_event = 0;  ///< events of trip t at position p:
                                        ///< first_event + t · stop_count + p
    };
    /// One call: seconds after midnight of the timetable's date.
    struct Event {
        std::int32_t arrival_s = 0;
        std::int32_t departure_s = 0;
    };
    /// A route calling at a stop, and where in the route.
    struct RouteAt {
        std::uint32_t route = 0;
        std::uint32_t position = 0;
    };

    Timetable() = default;
    /// The trips of `feeds` running on `date` (and yesterday's still running) that have a
    /// call between `from_s` and `to_s` (seconds after midnight of `date`, inclusive).
    Timetable(const std::vector<GtfsFeed>& feeds, const StopSet& stops, const Date& date,
              std::int32_t from_s, std::int32_t to_s);

    const Date& date() const noexcept { return date_; }
    std::size_t stop_count() const noexcept { return stop_routes_first_.empty() ? 0 : stop_routes_first_.size() - 1; }
    std::size_t route_count() const noexcept { return routes_.size(); }
    std::size_t trip_count() const noexcept { return trips_.size(); }
    std::size_t event_count() const noexcept { return events_.size(); }

    const Route& route(std::uint32_t r) const { return routes_[r]; }
    std::uint32_t stop_at(const Route& r, std::uint32_t position) const {
        return route_stops_[r.first_stop + position];
    }
    const Event& event(const Route& r, std::uint32_t trip, std::uint32_t position) const {
        return events_[r.first_event + trip * r.stop_count + position];
    }
    bool can_board(const Route& r, std::uint32_t trip, std::uint32_t position) const {
        return flags_[r.first_event + trip * r.stop_count + position] & 1u;
    }
    bool can_alight(const Route& r, std::uint32_t trip, std::uint32_t position) const {
        return flags_[r.first_event + trip * r.stop_count + position] & 2u;
    }
    const TripRef& trip_ref(const Route& r, std::uint32_t trip) const {
        return trips_[r.first_trip + trip];
    }
    /// The routes calling at `stop` (a route that calls twice is listed twice).
    std::pair<const RouteAt*, const RouteAt*> routes_at(std::uint32_t stop) const {
        return {stop_routes_.data() + stop_routes_first_[stop],
                stop_routes_.data() + stop_routes_first_[stop + 1]};
    }
    /// The earliest trip of route `r` that one can board at `position` at or after `time_s`,
    /// or r.trip_count when none.
    std::uint32_t earliest_trip(const Route& r, std::uint32_t position, std::int32_t time_s) const;

    /// Boardable departures per stop with departure_s in [from_s, to_s).
    std::vector<std::uint32_t> departures_between(std::int32_t from_s, std::int32_t to_s) const;

private:
    Date date_;
    std::vector<Route> routes_;
    std::vector<std::uint32_t> route_stops_;
    std::vector<Event> events_;
    std::vector<std::uint8_t> flags_;  ///< bit 0: can board, bit 1: can alight
    std::vector<TripRef> trips_;
    std::vector<std::uint32_t> stop_routes_first_;
    std::vector<RouteAt> stop_routes_;
};

}  // namespace assetmap::transit
