#pragma once
/// @file Which GTFS services run on which dates, and the default service date of a study.

#include <assetmap/core/date.hpp>
#include <assetmap/core/gtfs_feed.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace assetmap::transit {

/// True when the service runs on `date`: inside its calendar.txt range on one of its
/// weekdays, or added by calendar_dates.txt, and not removed by it (removal wins).
bool runs_on(const GtfsService& service, const Date& date);

/// The first and last dates on which any service of the feed can run (calendar ranges and
/// added dates); nullopt for a feed without any.
std::optional<std::pair<Date, Date>> service_range(const GtfsFeed& feed);

/// Trips of all feeds running on `date` (a frequency-based trip counts once).
std::size_t trips_running(const std::vector<GtfsFeed>& feeds, const Date& date);

/// The feeds' first full day among the given weekdays (0 = Monday … 6 = Sunday): of the dates
/// inside every feed's service range (their intersection) that fall on one of `weekdays`,
/// the one on which the most trips run in all feeds together — the earliest of those that tie.
/// For feeds cut to one service day (as the default study's are), it is the day on which
/// every trip runs. nullopt when the ranges do not overlap or no trip runs on any such date.
std::optional<Date> first_full_day(const std::vector<GtfsFeed>& feeds,
                                   const std::vector<int>& weekdays);

}  // namespace assetmap::transit
