/// @file Reading a GTFS feed (see gtfs_reader.hpp).

#include <assetmap/io/gtfs_reader.hpp>

#include <assetmap/core/error.hpp>

#include "gtfs_table.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <unordered_map>

namespace assetmap::io {

namespace {

using detail::GtfsTable;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Where the tables of a feed are: a zip (read in place) or a folder.
class FeedFiles {
public:
    explicit FeedFiles(const std::string& path) : path_(path) {
        VSIStatBufL st{};
        CPLPushErrorHandler(CPLQuietErrorHandler);
        const bool found = VSIStatL(path.c_str(), &st) == 0;
        CPLPopErrorHandler();
        if (!found)
            throw input_error(path, "GTFS feed not found; check the path in [transit] feeds");
        std::string lower = path;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (VSI_ISDIR(st.st_mode)) {
            prefix_ = path + "/";
        } else if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".zip") == 0) {
            prefix_ = "/vsizip/" + path + "/";
        } else {
            throw input_error(path, "not a GTFS feed: give a .zip file or a folder holding "
                                    "stops.txt, routes.txt, trips.txt and stop_times.txt");
        }
    }

    /// The name used in messages: "<path>/<table>".
    std::string display(const std::string& table) const { return path_ + "/" + table; }

    const std::string& path() const noexcept { return path_; }

    bool exists(const std::string& table) const {
        VSIStatBufL st{};
        CPLPushErrorHandler(CPLQuietErrorHandler);
        const bool ok = VSIStatL((prefix_ + table).c_str(), &st) == 0 && !VSI_ISDIR(st.st_mode);
        CPLPopErrorHandler();
        return ok;
    }

    /// The table, or nullopt when the feed has no such file.
    std::optional<GtfsTable> open(const std::string& table) const {
        if (!exists(table)) return std::nullopt;
        GByte* data = nullptr;
        vsi_l_offset size = 0;
        CPLPushErrorHandler(CPLQuietErrorHandler);
        const int ok = VSIIngestFile(nullptr, (prefix_ + table).c_str(), &data, &size, -1);
        CPLPopErrorHandler();
        if (!ok) {
            VSIFree(data);
            throw input_error(display(table), "cannot read the file (" +
                                                  std::string(CPLGetLastErrorMsg()) +
                                                  "); check that the feed is a valid zip");
        }
        std::string text(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
        VSIFree(data);
        return GtfsTable(std::move(text), display(table));
    }

    GtfsTable require(const std::string& table) const {
        auto t = open(table);
        if (!t)
            throw input_error(path_, "GTFS feed has no " + table +
                                         " (required); the tables must be at the top level of "
                                         "the zip or folder");
        return std::move(*t);
    }

private:
    std::string path_;
    std::string prefix_;
};

std::optional<double> to_double(std::string_view s) {
    if (s.empty()) return std::nullopt;
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<long> to_long(std::string_view s) {
    if (s.empty()) return std::nullopt;
    long v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

struct Reporter {
    ProblemReport& problems;
    void add(ProblemKind kind, const GtfsTable& t, std::string field, std::string message) {
        problems.add(kind, t.source(), "line " + std::to_string(t.line()), std::move(field),
                     std::move(message));
    }
    void add(ProblemKind kind, const std::string& source, std::size_t line, std::string field,
             std::string message) {
        problems.add(kind, source, "line " + std::to_string(line), std::move(field),
                     std::move(message));
    }
};

void read_stops(const FeedFiles& files, GtfsFeed& feed,
                std::unordered_map<std::string, std::uint32_t>& index, Reporter& rep) {
    GtfsTable t = files.require("stops.txt");
    const std::size_t c_id = t.require("stop_id");
    const auto c_code = t.find("stop_code");
    const auto c_name = t.find("stop_name");
    const std::size_t c_lat = t.require("stop_lat");
    const std::size_t c_lon = t.require("stop_lon");
    const auto c_type = t.find("location_type");
    const auto c_parent = t.find("parent_station");
    while (t.next()) {
        GtfsStop s;
        s.id = std::string(t.field(c_id));
        if (s.id.empty()) {
            rep.add(ProblemKind::missing_field, t, "stop_id", "empty stop_id; stop not used");
            continue;
        }
        if (index.count(s.id)) {
            rep.add(ProblemKind::duplicate_id, t, "stop_id",
                    "stop_id '" + s.id + "' seen before; the first is used");
            continue;
        }
        const auto type_text = t.field(c_type);
        if (!type_text.empty()) {
            const auto v = to_long(type_text);
            if (!v || *v < 0 || *v > 4) {
                rep.add(ProblemKind::bad_value, t, "location_type",
                        "location_type '" + std::string(type_text) +
                            "' is not 0–4; stop '" + s.id + "' not used");
                continue;
            }
            s.location_type = static_cast<int>(*v);
        }
        const auto lat = to_double(t.field(c_lat));
        const auto lon = to_double(t.field(c_lon));
        if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
            if (s.location_type >= 3) {  // generic nodes and boarding areas need no position
                s.lonlat = {nan, nan};
            } else {
                rep.add(ProblemKind::bad_coordinate, t, "stop_lat",
                        "stop '" + s.id + "' has no usable stop_lat/stop_lon ('" +
                            std::string(t.field(c_lat)) + "', '" + std::string(t.field(c_lon)) +
                            "'); stop not used");
                continue;
            }
        } else {
            s.lonlat = {*lon, *lat};
        }
        s.location = {nan, nan};
        s.code = std::string(t.field(c_code));
        s.name = std::string(t.field(c_name));
        s.parent_station = std::string(t.field(c_parent));
        index.emplace(s.id, static_cast<std::uint32_t>(feed.stops.size()));
        feed.stops.push_back(std::move(s));
    }
}

void read_routes(const FeedFiles& files, GtfsFeed& feed,
                 std::unordered_map<std::string, std::uint32_t>& index, Reporter& rep) {
    GtfsTable t = files.require("routes.txt");
    const std::size_t c_id = t.require("route_id");
    const auto c_agency = t.find("agency_id");
    const auto c_short = t.find("route_short_name");
    const auto c_long = t.find("route_long_name");
    const std::size_t c_type = t.require("route_type");
    while (t.next()) {
        GtfsRoute r;
        r.id = std::string(t.field(c_id));
        if (r.id.empty()) {
            rep.add(ProblemKind::missing_field, t, "route_id", "empty route_id; route not used");
            continue;
        }
        if (index.count(r.id)) {
            rep.add(ProblemKind::duplicate_id, t, "route_id",
                    "route_id '" + r.id + "' seen before; the first is used");
            continue;
        }
        const auto type = to_long(t.field(c_type));
        if (!type || *type < 0) {
            rep.add(ProblemKind::bad_value, t, "route_type",
                    "route_type '" + std::string(t.field(c_type)) +
                        "' is not a GTFS route type; route '" + r.id + "' not used");
            continue;
        }
        r.route_type = static_cast<int>(*type);
        r.agency_id = std::string(t.field(c_agency));
        r.short_name = std::string(t.field(c_short));
        r.long_name = std::string(t.field(c_long));
        index.emplace(r.id, static_cast<std::uint32_t>(feed.routes.size()));
        feed.routes.push_back(std::move(r));
    }
}

std::uint32_t service_index(GtfsFeed& feed, std::unordered_map<std::string, std::uint32_t>& index,
                            std::string_view id) {
    const std::string key(id);
    const auto it = index.find(key);
    if (it != index.end()) return it->second;
    const auto i = static_cast<std::uint32_t>(feed.services.size());
    GtfsService s;
    s.id = key;
    feed.services.push_back(std::move(s));
    index.emplace(key, i);
    return i;
}

void read_calendars(const FeedFiles& files, GtfsFeed& feed,
                    std::unordered_map<std::string, std::uint32_t>& index, Reporter& rep) {
    auto cal = files.open("calendar.txt");
    auto dates = files.open("calendar_dates.txt");
    if (!cal && !dates)
        throw input_error(files.path(), "GTFS feed has neither calendar.txt nor "
                                             "calendar_dates.txt; one is required to know "
                                             "which days trips run");
    if (cal) {
        GtfsTable& t = *cal;
        const std::size_t c_id = t.require("service_id");
        static const char* days[] = {"monday", "tuesday",  "wednesday", "thursday",
                                     "friday", "saturday", "sunday"};
        std::size_t c_day[7];
        for (int d = 0; d < 7; ++d) c_day[d] = t.require(days[d]);
        const std::size_t c_start = t.require("start_date");
        const std::size_t c_end = t.require("end_date");
        std::unordered_map<std::string, bool> seen;
        while (t.next()) {
            const std::string id(t.field(c_id));
            if (id.empty()) {
                rep.add(ProblemKind::missing_field, t, "service_id", "empty service_id; row not used");
                continue;
            }
            if (seen.count(id)) {
                rep.add(ProblemKind::duplicate_id, t, "service_id",
                        "service_id '" + id + "' seen before in calendar.txt; the first is used");
                continue;
            }
            std::uint8_t mask = 0;
            bool ok = true;
            for (int d = 0; d < 7; ++d) {
                const auto v = t.field(c_day[d]);
                if (v == "1")
                    mask |= static_cast<std::uint8_t>(1u << d);
                else if (v != "0") {
                    rep.add(ProblemKind::bad_value, t, days[d],
                            std::string(days[d]) + " is '" + std::string(v) +
                                "', not 0 or 1; service '" + id + "' not used");
                    ok = false;
                    break;
                }
            }
            if (!ok) continue;
            const auto start = parse_date(t.field(c_start));
            const auto end = parse_date(t.field(c_end));
            if (!start || !end || *end < *start) {
                rep.add(ProblemKind::bad_value, t, !start ? "start_date" : "end_date",
                        "service '" + id + "': start_date '" + std::string(t.field(c_start)) +
                            "' / end_date '" + std::string(t.field(c_end)) +
                            "' are not YYYYMMDD dates in order; service not used");
                continue;
            }
            seen.emplace(id, true);
            GtfsService& s = feed.services[service_index(feed, index, id)];
            s.weekdays = mask;
            s.start = start;
            s.end = end;
        }
    }
    if (dates) {
        GtfsTable& t = *dates;
        const std::size_t c_id = t.require("service_id");
        const std::size_t c_date = t.require("date");
        const std::size_t c_type = t.require("exception_type");
        while (t.next()) {
            const auto id = t.field(c_id);
            const auto date = parse_date(t.field(c_date));
            const auto type = t.field(c_type);
            if (id.empty() || !date || (type != "1" && type != "2")) {
                rep.add(ProblemKind::bad_value, t, id.empty() ? "service_id" : !date ? "date" : "exception_type",
                        "calendar_dates row needs a service_id, a YYYYMMDD date and "
                        "exception_type 1 or 2; row not used");
                continue;
            }
            GtfsService& s = feed.services[service_index(feed, index, id)];
            (type == "1" ? s.added : s.removed).push_back(*date);
        }
    }
}

void read_trips(const FeedFiles& files, GtfsFeed& feed,
                const std::unordered_map<std::string, std::uint32_t>& routes,
                const std::unordered_map<std::string, std::uint32_t>& services,
                std::unordered_map<std::string, std::uint32_t>& index, Reporter& rep) {
    GtfsTable t = files.require("trips.txt");
    const std::size_t c_route = t.require("route_id");
    const std::size_t c_service = t.require("service_id");
    const std::size_t c_id = t.require("trip_id");
    const auto c_headsign = t.find("trip_headsign");
    while (t.next()) {
        GtfsTrip trip;
        trip.id = std::string(t.field(c_id));
        if (trip.id.empty()) {
            rep.add(ProblemKind::missing_field, t, "trip_id", "empty trip_id; trip not used");
            continue;
        }
        if (index.count(trip.id)) {
            rep.add(ProblemKind::duplicate_id, t, "trip_id",
                    "trip_id '" + trip.id + "' seen before; the first is used");
            continue;
        }
        const auto route = routes.find(std::string(t.field(c_route)));
        if (route == routes.end()) {
            rep.add(ProblemKind::unmatched_code, t, "route_id",
                    "route_id '" + std::string(t.field(c_route)) + "' of trip '" + trip.id +
                        "' is not a usable route in routes.txt; trip not used");
            continue;
        }
        const auto service = services.find(std::string(t.field(c_service)));
        if (service == services.end()) {
            rep.add(ProblemKind::unmatched_code, t, "service_id",
                    "service_id '" + std::string(t.field(c_service)) + "' of trip '" + trip.id +
                        "' is in neither calendar.txt nor calendar_dates.txt; trip not used");
            continue;
        }
        trip.route = route->second;
        trip.service = service->second;
        trip.headsign = std::string(t.field(c_headsign));
        index.emplace(trip.id, static_cast<std::uint32_t>(feed.trips.size()));
        feed.trips.push_back(std::move(trip));
    }
}

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

void read_frequencies(const FeedFiles& files, GtfsFeed& feed, Reporter& rep) {
    auto opened = files.open("frequencies.txt");
    if (!opened) return;
    GtfsTable& t = *opened;
    std::unordered_map<std::string, std::uint32_t> trips;
    for (std::uint32_t i = 0; i < feed.trips.size(); ++i) trips.emplace(feed.trips[i].id, i);
    const std::size_t c_trip = t.require("trip_id");
    const std::size_t c_start = t.require("start_time");
    const std::size_t c_end = t.require("end_time");
    const std::size_t c_headway = t.require("headway_secs");
    const auto c_exact = t.find("exact_times");
    while (t.next()) {
        const auto trip = trips.find(std::string(t.field(c_trip)));
        if (trip == trips.end()) {
            rep.add(ProblemKind::unmatched_code, t, "trip_id",
                    "trip_id '" + std::string(t.field(c_trip)) +
                        "' is not a usable trip; frequency not used");
            continue;
        }
        const auto start = parse_clock_s(t.field(c_start));
        const auto end = parse_clock_s(t.field(c_end));
        const auto headway = to_long(t.field(c_headway));
        if (!start || !end || *end <= *start || !headway || *headway <= 0) {
            rep.add(ProblemKind::bad_value, t, "headway_secs",
                    "a frequency needs start_time < end_time (HH:MM:SS) and headway_secs > 0; "
                    "row not used");
            continue;
        }
        const auto exact = t.field(c_exact);
        feed.frequencies.push_back({trip->second, *start, *end, static_cast<std::int32_t>(*headway),
                                    exact == "1"});
    }
}

void read_feed_info(const FeedFiles& files, GtfsFeed& feed, Reporter& rep) {
    auto opened = files.open("feed_info.txt");
    if (!opened) return;
    GtfsTable& t = *opened;
    const auto c_start = t.find("feed_start_date");
    const auto c_end = t.find("feed_end_date");
    if (t.next()) {
        if (!t.field(c_start).empty()) {
            feed.feed_start = parse_date(t.field(c_start));
            if (!feed.feed_start)
                rep.add(ProblemKind::bad_value, t, "feed_start_date",
                        "feed_start_date is not YYYYMMDD; ignored");
        }
        if (!t.field(c_end).empty()) {
            feed.feed_end = parse_date(t.field(c_end));
            if (!feed.feed_end)
                rep.add(ProblemKind::bad_value, t, "feed_end_date",
                        "feed_end_date is not YYYYMMDD; ignored");
        }
    }
}

}  // namespace

GtfsFeed read_gtfs(const std::string& path, const std::string& name, ProblemReport& problems) {
    const FeedFiles files(path);
    GtfsFeed feed;
    feed.name = name;
    feed.path = path;
    Reporter rep{problems};
    std::unordered_map<std::string, std::uint32_t> stops, routes, services, trips;
    read_stops(files, feed, stops, rep);
    read_routes(files, feed, routes, rep);
    read_calendars(files, feed, services, rep);
    read_trips(files, feed, routes, services, trips, rep);
    read_stop_times(files, feed, stops, trips, rep);
    read_frequencies(files, feed, rep);
    read_feed_info(files, feed, rep);
    return feed;
}

}  // namespace assetmap::io
