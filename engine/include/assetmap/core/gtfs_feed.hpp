#pragma once
/// @file A GTFS timetable as plain values, handed from io (the GTFS reader) to the transit
/// module, which builds its RAPTOR timetable from it (as NetworkData is for the walking
/// network). Ids are resolved to indexes by the reader; rows it could not use are reported
/// as problems, never kept half-valid.

#include <assetmap/core/date.hpp>
#include <assetmap/core/geometry.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace assetmap {

/// A stop (stops.txt). Stations and entrances (location_type 1–4) are kept for their names
/// but no trip calls at them.
struct GtfsStop {
    std::string id;
    std::string code;
    std::string name;
    LonLat lonlat;            ///< WGS84 degrees
    PointM location;          ///< metric CRS; filled by ingest (NaN until then)
    int location_type = 0;    ///< 0 stop/platform, 1 station, 2 entrance, 3 node, 4 boarding area
    std::string parent_station;
};

/// A route (routes.txt).
struct GtfsRoute {
    std::string id;
    std::string agency_id;
    std::string short_name;
    std::string long_name;
    int route_type = 3;       ///< GTFS route_type (0 tram, 1 metro, 2 rail, 3 bus, 200 coach, …)

    /// The name riders see: short name, else long name, else the id.
    const std::string& display_name() const {
        return !short_name.empty() ? short_name : !long_name.empty() ? long_name : id;
    }
};

/// One call of a trip at a stop (stop_times.txt), in stop_sequence order within its trip.
struct GtfsStopTime {
    std::uint32_t stop = 0;       ///< index into GtfsFeed::stops
    std::int32_t arrival_s = 0;   ///< seconds after midnight of the service day (may pass 24 h)
    std::int32_t departure_s = 0; ///< ≥ arrival_s
    bool pickup = true;           ///< pickup_type ≠ 1: riders may board here
    bool drop_off = true;         ///< drop_off_type ≠ 1: riders may alight here
};

/// A trip (trips.txt) and its calls.
struct GtfsTrip {
    std::string id;
    std::uint32_t route = 0;           ///< index into GtfsFeed::routes
    std::uint32_t service = 0;         ///< index into GtfsFeed::services
    std::string headsign;
    std::uint32_t first_stop_time = 0; ///< index of its first call in GtfsFeed::stop_times
    std::uint32_t stop_time_count = 0; ///< ≥ 2 for a usable trip
};

/// A service (calendar.txt and/or calendar_dates.txt): the days a trip runs.
struct GtfsService {
    std::string id;
    std::uint8_t weekdays = 0;         ///< bit d set: runs on weekday d (0 = Monday) in range
    std::optional<Date> start;         ///< calendar.txt start_date; none = only calendar_dates
    std::optional<Date> end;           ///< calendar.txt end_date (inclusive)
    std::vector<Date> added;           ///< calendar_dates exception_type 1
    std::vector<Date> removed;         ///< calendar_dates exception_type 2
};

/// frequencies.txt: the trip runs every `headway_s` from start_s (inclusive) to end_s
/// (exclusive), its stop_times a template shifted to each start.
struct GtfsFrequency {
    std::uint32_t trip = 0;
    std::int32_t start_s = 0;
    std::int32_t end_s = 0;
    std::int32_t headway_s = 0;
    bool exact_times = false;
};

/// One GTFS feed.
struct GtfsFeed {
    std::string name;                      ///< the study's name for it (e.g. "bus")
    std::string path;                      ///< the zip or folder it was read from
    std::vector<GtfsStop> stops;
    std::vector<GtfsRoute> routes;
    std::vector<GtfsTrip> trips;           ///< usable trips only (problems reported)
    std::vector<GtfsStopTime> stop_times;  ///< grouped by trip, in stop_sequence order
    std::vector<GtfsService> services;
    std::vector<GtfsFrequency> frequencies;
    std::optional<Date> feed_start;        ///< feed_info.txt feed_start_date, if given
    std::optional<Date> feed_end;          ///< feed_info.txt feed_end_date, if given
};

}  // namespace assetmap
