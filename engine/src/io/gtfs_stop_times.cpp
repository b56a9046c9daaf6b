/// @file Reading stop_times.txt and building the timetable from it (see
/// gtfs_reader_detail.hpp): rows grouped by trip in stop_sequence order, missing times
/// interpolated, and a trip with any bad stop time dropped whole.

#include "gtfs_reader_detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>
#include <vector>

namespace assetmap::io::detail {

namespace {

/// One stop_times row before grouping.
struct RawCall {
    std::uint32_t trip;
    std::uint32_t sequence;
    std::uint32_t stop;
    std::int32_t arrival_s;    // -1 = empty
    std::int32_t departure_s;  // -1 = empty
    std::uint32_t line;
    bool pickup;
    bool drop_off;
};

/// Approximate metres between two stops (equirectangular; only ratios matter).
double approx_m(const LonLat& a, const LonLat& b) {
    constexpr double rad = M_PI / 180.0;
    const double x = (b.lon_deg - a.lon_deg) * rad * std::cos((a.lat_deg + b.lat_deg) / 2 * rad);
    const double y = (b.lat_deg - a.lat_deg) * rad;
    const double d = std::hypot(x, y) * 6371000.0;
    return std::isfinite(d) ? d : 0.0;
}

}  // namespace

void read_stop_times(const FeedFiles& files, GtfsFeed& feed,
                     const std::unordered_map<std::string, std::uint32_t>& stops,
                     const std::unordered_map<std::string, std::uint32_t>& trips, Reporter& rep) {
    GtfsTable t = files.require("stop_times.txt");
    const std::string source = t.source();
    const std::size_t c_trip = t.require("trip_id");
    const std::size_t c_arr = t.require("arrival_time");
    const std::size_t c_dep = t.require("departure_time");
    const std::size_t c_stop = t.require("stop_id");
    const std::size_t c_seq = t.require("stop_sequence");
    const auto c_pickup = t.find("pickup_type");
    const auto c_drop = t.find("drop_off_type");

    std::vector<RawCall> calls;
    std::vector<char> bad_trip(feed.trips.size(), 0);
    struct Unknown { std::size_t first_line; std::size_t rows; };
    std::map<std::string, Unknown> unknown_trips;
    // Consecutive rows usually belong to one trip: remember the last lookup.
    std::string last_trip_id;
    std::uint32_t last_trip = 0;
    bool last_known = false;
    auto flag = [&](std::string_view v, const char* field, std::uint32_t trip) {
        if (v.empty() || v == "0" || v == "2" || v == "3") return true;
        if (v == "1") return false;
        rep.add(ProblemKind::bad_value, t, field,
                std::string(field) + " '" + std::string(v) + "' is not 0–3; trip '" +
                    feed.trips[trip].id + "' not used");
        bad_trip[trip] = 1;
        return true;
    };
    while (t.next()) {
        const auto trip_id = t.field(c_trip);
        if (!(last_known && trip_id == last_trip_id)) {
            last_trip_id.assign(trip_id.data(), trip_id.size());
            const auto it = trips.find(last_trip_id);
            last_known = it != trips.end();
            if (last_known) last_trip = it->second;
        }
        if (!last_known) {
            auto [it, fresh] = unknown_trips.emplace(last_trip_id, Unknown{t.line(), 0});
            ++it->second.rows;
            continue;
        }
        const std::uint32_t trip = last_trip;
        if (bad_trip[trip]) continue;
        RawCall c{};
        c.trip = trip;
        c.line = static_cast<std::uint32_t>(t.line());
        const auto stop_id = t.field(c_stop);
        const auto stop = stops.find(std::string(stop_id));
        if (stop == stops.end()) {
            rep.add(ProblemKind::unmatched_code, t, "stop_id",
                    "stop_id '" + std::string(stop_id) + "' is not a usable stop in stops.txt; "
                    "trip '" + feed.trips[trip].id + "' not used");
            bad_trip[trip] = 1;
            continue;
        }
        c.stop = stop->second;
        if (feed.stops[c.stop].location_type != 0) {
            rep.add(ProblemKind::bad_value, t, "stop_id",
                    "stop_id '" + std::string(stop_id) + "' is a station or entrance "
                    "(location_type " + std::to_string(feed.stops[c.stop].location_type) +
                    "), where no trip can call; trip '" + feed.trips[trip].id + "' not used");
            bad_trip[trip] = 1;
            continue;
        }
        const auto seq = to_long(t.field(c_seq));
        if (!seq || *seq < 0 || *seq > std::numeric_limits<std::int32_t>::max()) {
            rep.add(ProblemKind::bad_value, t, "stop_sequence",
                    "stop_sequence '" + std::string(t.field(c_seq)) +
                        "' is not a whole number >= 0; trip '" + feed.trips[trip].id +
                        "' not used");
            bad_trip[trip] = 1;
            continue;
        }
        c.sequence = static_cast<std::uint32_t>(*seq);
        const auto arr_text = t.field(c_arr);
        const auto dep_text = t.field(c_dep);
        const auto arr = arr_text.empty() ? std::optional<std::int32_t>(-1) : parse_clock_s(arr_text);
        const auto dep = dep_text.empty() ? std::optional<std::int32_t>(-1) : parse_clock_s(dep_text);
        if (!arr || !dep) {
            rep.add(ProblemKind::bad_value, t, !arr ? "arrival_time" : "departure_time",
                    "time '" + std::string(!arr ? arr_text : dep_text) +
                        "' is not HH:MM:SS; trip '" + feed.trips[trip].id + "' not used");
            bad_trip[trip] = 1;
            continue;
        }
        // One of the two given: the other is the same.
        c.arrival_s = *arr >= 0 ? *arr : *dep;
        c.departure_s = *dep >= 0 ? *dep : *arr;
        c.pickup = flag(t.field(c_pickup), "pickup_type", trip);
        c.drop_off = flag(t.field(c_drop), "drop_off_type", trip);
        calls.push_back(c);
    }
    for (const auto& [id, u] : unknown_trips)
        rep.add(ProblemKind::unmatched_code, source, u.first_line, "trip_id",
                "trip_id '" + id + "' is not a usable trip in trips.txt; its " +
                    std::to_string(u.rows) + " stop_times rows are not used");

    // Group by trip in stop_sequence order (file order breaks ties, then reported).
    const bool sorted = std::is_sorted(calls.begin(), calls.end(), [](const RawCall& a, const RawCall& b) {
        return a.trip != b.trip ? a.trip < b.trip : a.sequence < b.sequence;
    });
    if (!sorted)
        std::stable_sort(calls.begin(), calls.end(), [](const RawCall& a, const RawCall& b) {
            return a.trip != b.trip ? a.trip < b.trip : a.sequence < b.sequence;
        });

    std::vector<GtfsTrip> kept;
    kept.reserve(feed.trips.size());
    std::vector<char> has_calls(feed.trips.size(), 0);
    feed.stop_times.reserve(calls.size());
    std::vector<double> cum;
    for (std::size_t i = 0; i < calls.size();) {
        std::size_t j = i;
        while (j < calls.size() && calls[j].trip == calls[i].trip) ++j;
        const std::uint32_t trip = calls[i].trip;
        has_calls[trip] = 1;
        auto fail = [&](std::size_t k, const char* field, const std::string& why) {
            rep.add(ProblemKind::bad_value, source, calls[k].line, field,
                    why + "; trip '" + feed.trips[trip].id + "' not used");
        };
        bool ok = !bad_trip[trip];
        if (ok && j - i < 2) {
            fail(i, "trip_id", "the trip has only one stop time");
            ok = false;
        }
        for (std::size_t k = i + 1; ok && k < j; ++k)
            if (calls[k].sequence == calls[k - 1].sequence) {
                fail(k, "stop_sequence",
                     "stop_sequence " + std::to_string(calls[k].sequence) + " appears twice");
                ok = false;
            }
        if (ok && (calls[i].departure_s < 0 || calls[j - 1].arrival_s < 0)) {
            fail(calls[i].departure_s < 0 ? i : j - 1, "arrival_time",
                 "the first and last stop times of a trip need times");
            ok = false;
        }
        if (ok) {
            // Interpolate missing times by straight-line distance between timed calls.
            cum.assign(j - i, 0.0);
            for (std::size_t k = i + 1; k < j; ++k)
                cum[k - i] = cum[k - i - 1] + approx_m(feed.stops[calls[k - 1].stop].lonlat,
                                                       feed.stops[calls[k].stop].lonlat);
            std::size_t prev = i;
            for (std::size_t k = i + 1; k < j; ++k) {
                if (calls[k].arrival_s < 0) continue;
                for (std::size_t m = prev + 1; m < k; ++m) {
                    const double span = cum[k - i] - cum[prev - i];
                    const double f = span > 0 ? (cum[m - i] - cum[prev - i]) / span
                                              : double(m - prev) / double(k - prev);
                    const double v = calls[prev].departure_s +
                                     f * (calls[k].arrival_s - calls[prev].departure_s);
                    calls[m].arrival_s = calls[m].departure_s =
                        static_cast<std::int32_t>(std::lround(v));
                }
                prev = k;
            }
            for (std::size_t k = i; ok && k < j; ++k) {
                if (calls[k].departure_s < calls[k].arrival_s) {
                    fail(k, "departure_time", "departure_time is before arrival_time");
                    ok = false;
                } else if (k > i && calls[k].arrival_s < calls[k - 1].departure_s) {
                    fail(k, "arrival_time",
                         "stop_times out of order: arrival " + format_clock(calls[k].arrival_s) +
                             " is before the departure " + format_clock(calls[k - 1].departure_s) +
                             " from the previous stop (stop_sequence " +
                             std::to_string(calls[k - 1].sequence) + ")");
                    ok = false;
                }
            }
        }
        if (ok) {
            GtfsTrip tr = std::move(feed.trips[trip]);
            tr.first_stop_time = static_cast<std::uint32_t>(feed.stop_times.size());
            tr.stop_time_count = static_cast<std::uint32_t>(j - i);
            for (std::size_t k = i; k < j; ++k)
                feed.stop_times.push_back({calls[k].stop, calls[k].arrival_s, calls[k].departure_s,
                                           calls[k].pickup, calls[k].drop_off});
            kept.push_back(std::move(tr));
        }
        i = j;
    }
    for (std::size_t k = 0; k < feed.trips.size(); ++k)
        if (!has_calls[k] && !bad_trip[k])
            rep.problems.add(ProblemKind::bad_value, files.display("trips.txt"), "", "trip_id",
                             "trip '" + feed.trips[k].id + "' has no stop_times; not used");
    // Trips are kept in trip order (their first appearance in trips.txt).
    feed.trips = std::move(kept);
}

}  // namespace assetmap::io::detail
