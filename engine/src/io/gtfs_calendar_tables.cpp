/// @file Reading the GTFS tables that say when trips run (see gtfs_reader_detail.hpp):
/// calendar.txt and calendar_dates.txt into services, frequencies.txt and feed_info.txt.

#include "gtfs_reader_detail.hpp"

#include <assetmap/core/error.hpp>

#include <unordered_map>

namespace assetmap::io::detail {

namespace {

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

}  // namespace

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

}  // namespace assetmap::io::detail
