/// @file Reading a GTFS feed (see gtfs_reader.hpp): the order the tables are read in, and the
/// readers of stops.txt, routes.txt and trips.txt. The calendars, frequencies and feed_info
/// are read in gtfs_calendar_tables.cpp, stop_times in gtfs_stop_times.cpp.

#include <assetmap/io/gtfs_reader.hpp>

#include "gtfs_reader_detail.hpp"

#include <limits>
#include <unordered_map>

namespace assetmap::io {

namespace {

using detail::FeedFiles;
using detail::GtfsTable;
using detail::read_calendars;
using detail::read_feed_info;
using detail::read_frequencies;
using detail::read_stop_times;
using detail::Reporter;
using detail::to_double;
using detail::to_long;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

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
