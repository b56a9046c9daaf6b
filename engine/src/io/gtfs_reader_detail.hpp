#pragma once
/// @file Internal to read_gtfs (gtfs_reader.cpp): where a feed's tables are
/// (gtfs_feed_files.cpp), the number parsing and problem reporting the table readers share,
/// and the readers of each table: stops, routes and trips (gtfs_reader.cpp), the calendars,
/// frequencies and feed_info (gtfs_calendar_tables.cpp), and stop_times, grouped into the
/// timetable (gtfs_stop_times.cpp).

#include <assetmap/core/gtfs_feed.hpp>
#include <assetmap/core/problem.hpp>

#include "gtfs_table.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace assetmap::io::detail {

/// Where the tables of a feed are: a zip (read in place) or a folder.
class FeedFiles {
public:
    explicit FeedFiles(const std::string& path);

    /// The name used in messages: "<path>/<table>".
    std::string display(const std::string& table) const { return path_ + "/" + table; }

    const std::string& path() const noexcept { return path_; }

    bool exists(const std::string& table) const;

    /// The table, or nullopt when the feed has no such file.
    std::optional<GtfsTable> open(const std::string& table) const;

    GtfsTable require(const std::string& table) const;

private:
    std::string path_;
    std::string prefix_;
};

std::optional<double> to_double(std::string_view s);

std::optional<long> to_long(std::string_view s);

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

// gtfs_calendar_tables.cpp
void read_calendars(const FeedFiles& files, GtfsFeed& feed,
                    std::unordered_map<std::string, std::uint32_t>& index, Reporter& rep);
void read_frequencies(const FeedFiles& files, GtfsFeed& feed, Reporter& rep);
void read_feed_info(const FeedFiles& files, GtfsFeed& feed, Reporter& rep);

// gtfs_stop_times.cpp
void read_stop_times(const FeedFiles& files, GtfsFeed& feed,
                     const std::unordered_map<std::string, std::uint32_t>& stops,
                     const std::unordered_map<std::string, std::uint32_t>& trips, Reporter& rep);

}  // namespace assetmap::io::detail
