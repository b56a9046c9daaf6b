/// @file Building the RAPTOR timetable (see timetable.hpp).

#include <assetmap/transit/timetable.hpp>

#include <assetmap/transit/service_calendar.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace assetmap::transit {

StopSet StopSet::merge(const std::vector<GtfsFeed>& feeds) {
    StopSet out;
    std::unordered_map<std::string, std::uint32_t> by_id;
    for (std::uint32_t f = 0; f < feeds.size(); ++f) {
        const GtfsFeed& feed = feeds[f];
        auto& local = out.of_feed.emplace_back(feed.stops.size(), npos);
        for (std::uint32_t i = 0; i < feed.stops.size(); ++i) {
            const GtfsStop& s = feed.stops[i];
            if (s.location_type != 0) continue;
            if (!std::isfinite(s.location.x_m) || !std::isfinite(s.location.y_m)) continue;
            const auto [it, fresh] =
                by_id.emplace(s.id, static_cast<std::uint32_t>(out.stops.size()));
            if (fresh) out.stops.push_back({s.id, s.name, s.lonlat, s.location, f, i});
            local[i] = it->second;
        }
    }
    return out;
}

namespace {

/// One running trip before grouping: its calls, shifted.
struct Instance {
    TripRef ref;
    std::vector<std::uint32_t> stops;
    std::vector<Timetable::Event> events;
    std::vector<std::uint8_t> flags;
};

/// Elementwise: `a` never later than `b` at any call (so b may follow a in a route).
bool not_after(const Instance& a, const Instance& b) {
    for (std::size_t p = 0; p < a.events.size(); ++p)
        if (a.events[p].arrival_s > b.events[p].arrival_s ||
            a.events[p].departure_s > b.events[p].departure_s)
            return false;
    return true;
}

}  // namespace

Timetable::Timetable(const std::vector<GtfsFeed>& feeds, const StopSet& stops, const Date& date,
                     std::int32_t from_s, std::int32_t to_s)
    : date_(date) {
    constexpr std::int32_t day_s = 86400;
    const Date yesterday = date.plus_days(-1);
    // Patterns → the trips that follow them; std::map: deterministic order. A pattern is the
    // stop sequence and, per call, whether one may board and alight: RAPTOR takes the
    // earliest catchable trip of a route as the best, which holds only when every trip of the
    // route lets riders on and off at the same stops.
    std::map<std::pair<std::vector<std::uint32_t>, std::vector<std::uint8_t>>,
             std::vector<Instance>>
        patterns;

    for (std::uint32_t f = 0; f < feeds.size(); ++f) {
        const GtfsFeed& feed = feeds[f];
        std::vector<std::vector<const GtfsFrequency*>> freq(feed.trips.size());
        for (const GtfsFrequency& q : feed.frequencies) freq[q.trip].push_back(&q);
        std::vector<char> today(feed.services.size()), before(feed.services.size());
        for (std::size_t s = 0; s < feed.services.size(); ++s) {
            today[s] = runs_on(feed.services[s], date);
            before[s] = runs_on(feed.services[s], yesterday);
        }
        for (std::uint32_t t = 0; t < feed.trips.size(); ++t) {
            const GtfsTrip& trip = feed.trips[t];
            if (trip.stop_time_count < 2) continue;
            const GtfsStopTime* calls = feed.stop_times.data() + trip.first_stop_time;
            const std::uint32_t n = trip.stop_time_count;
            bool usable = true;
            std::vector<std::uint32_t> seq(n);
            for (std::uint32_t p = 0; p < n; ++p) {
                seq[p] = stops.of_feed[f][calls[p].stop];
                usable = usable && seq[p] != StopSet::npos;
            }
            if (!usable) continue;
            // Starts of the trip relative to its GTFS times: one, or one per frequency.
            std::vector<std::int32_t> offsets;
            if (freq[t].empty()) {
                offsets.push_back(0);
            } else {
                const std::int32_t base = calls[0].departure_s;
                for (const GtfsFrequency* q : freq[t])
                    for (std::int32_t start = q->start_s; start < q->end_s; start += q->headway_s)
                        offsets.push_back(start - base);
            }
            for (int day = 0; day < 2; ++day) {
                if (!(day == 0 ? today : before)[trip.service]) continue;
                const std::int32_t day_shift = day == 0 ? 0 : -day_s;
                for (const std::int32_t offset : offsets) {
                    const std::int32_t shift = day_shift + offset;
                    if (calls[0].departure_s + shift > to_s) continue;
                    if (calls[n - 1].arrival_s + shift < from_s) continue;
                    Instance inst;
                    inst.ref = {f, t, shift};
                    inst.stops = seq;
                    inst.events.resize(n);
                    inst.flags.resize(n);
                    for (std::uint32_t p = 0; p < n; ++p) {
                        inst.events[p] = {calls[p].arrival_s + shift, calls[p].departure_s + shift};
                        inst.flags[p] = static_cast<std::uint8_t>((calls[p].pickup ? 1u : 0u) |
                                                                  (calls[p].drop_off ? 2u : 0u));
                    }
                    patterns[{seq, inst.flags}].push_back(std::move(inst));
                }
            }
        }
    }

    for (auto& [pattern, instances] : patterns) {
        const std::vector<std::uint32_t>& seq = pattern.first;
        // First departure, then every event, then the trip's identity: a total order.
        std::sort(instances.begin(), instances.end(), [](const Instance& a, const Instance& b) {
            for (std::size_t p = 0; p < a.events.size(); ++p) {
                if (a.events[p].departure_s != b.events[p].departure_s)
                    return a.events[p].departure_s < b.events[p].departure_s;
                if (a.events[p].arrival_s != b.events[p].arrival_s)
                    return a.events[p].arrival_s < b.events[p].arrival_s;
            }
            if (a.ref.feed != b.ref.feed) return a.ref.feed < b.ref.feed;
            if (a.ref.trip != b.ref.trip) return a.ref.trip < b.ref.trip;
            return a.ref.shift_s < b.ref.shift_s;
        });
        // First fit into routes whose trips never overtake.
        std::vector<std::vector<const Instance*>> groups;
        for (const Instance& inst : instances) {
            bool placed = false;
            for (auto& g : groups)
                if (not_after(*g.back(), inst)) {
                    g.push_back(&inst);
                    placed = true;
                    break;
                }
            if (!placed) groups.push_back({&inst});
        }
        for (const auto& g : groups) {
            Route r;
            r.first_stop = static_cast<std::uint32_t>(route_stops_.size());
            r.stop_count = static_cast<std::uint32_t>(seq.size());
            r.first_trip = static_cast<std::uint32_t>(trips_.size());
            r.trip_count = static_cast<std::uint32_t>(g.size());
            r.first_event = static_cast<std::uint32_t>(events_.size());
            route_stops_.insert(route_stops_.end(), seq.begin(), seq.end());
            for (const Instance* inst : g) {
                trips_.push_back(inst->ref);
                events_.insert(events_.end(), inst->events.begin(), inst->events.end());
                flags_.insert(flags_.end(), inst->flags.begin(), inst->flags.end());
            }
            routes_.push_back(r);
        }
    }

    // Routes at each stop (CSR).
    const std::size_t n_stops = stops.stops.size();
    stop_routes_first_.assign(n_stops + 1, 0);
    for (const Route& r : routes_)
        for (std::uint32_t p = 0; p < r.stop_count; ++p) ++stop_routes_first_[stop_at(r, p) + 1];
    for (std::size_t s = 0; s < n_stops; ++s) stop_routes_first_[s + 1] += stop_routes_first_[s];
    stop_routes_.resize(stop_routes_first_[n_stops]);
    std::vector<std::uint32_t> cursor(stop_routes_first_.begin(), stop_routes_first_.end() - 1);
    for (std::uint32_t ri = 0; ri < routes_.size(); ++ri)
        for (std::uint32_t p = 0; p < routes_[ri].stop_count; ++p)
            stop_routes_[cursor[stop_at(routes_[ri], p)]++] = {ri, p};
}

std::uint32_t Timetable::earliest_trip(const Route& r, std::uint32_t position,
                                       std::int32_t time_s) const {
    // Departures at `position` are sorted over the route's trips (no overtaking).
    std::uint32_t lo = 0, hi = r.trip_count;
    while (lo < hi) {
        const std::uint32_t mid = (lo + hi) / 2;
        if (event(r, mid, position).departure_s < time_s)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo < r.trip_count && !can_board(r, lo, position)) ++lo;
    return lo;
}

std::vector<std::uint32_t> Timetable::departures_between(std::int32_t from_s,
                                                         std::int32_t to_s) const {
    std::vector<std::uint32_t> out(stop_count(), 0);
    for (const Route& r : routes_)
        for (std::uint32_t t = 0; t < r.trip_count; ++t)
            for (std::uint32_t p = 0; p + 1 < r.stop_count; ++p) {  // not at the last stop
                const std::int32_t d = event(r, t, p).departure_s;
                if (d >= from_s && d < to_s && can_board(r, t, p)) ++out[stop_at(r, p)];
            }
    return out;
}

}  // namespace assetmap::transit
