// Service calendars and the default date rule, on hand-made services.

#include <assetmap/transit/service_calendar.hpp>

#include "feed_builder.hpp"

#include <catch2/catch.hpp>

using namespace assetmap;
using namespace assetmap::transit;
using assetmap::test::FeedBuilder;

TEST_CASE("dates, weekdays and clock times", "[transit][calendar]") {
    CHECK(Date{2024, 3, 5}.weekday() == 1);   // a Tuesday
    CHECK(Date{1970, 1, 1}.weekday() == 3);   // a Thursday
    CHECK(Date{2024, 2, 28}.plus_days(1) == Date{2024, 2, 29});  // leap year
    CHECK(Date{2024, 2, 29}.plus_days(1) == Date{2024, 3, 1});
    CHECK(Date::from_days(Date{2000, 12, 31}.days()) == Date{2000, 12, 31});
    CHECK(parse_date("20240305") == Date{2024, 3, 5});
    CHECK(parse_date("2024-03-05") == Date{2024, 3, 5});
    CHECK_FALSE(parse_date("2023-02-29"));
    CHECK_FALSE(parse_date("2024-13-01"));
    CHECK_FALSE(parse_date("5 March"));
    CHECK(Date{2024, 3, 5}.iso() == "2024-03-05");
    CHECK(parse_clock_s("07:05") == 7 * 3600 + 5 * 60);
    CHECK(parse_clock_s("7:05:09") == 7 * 3600 + 5 * 60 + 9);
    CHECK(parse_clock_s("25:10:00") == 25 * 3600 + 10 * 60);  // past midnight
    CHECK_FALSE(parse_clock_s("07:60"));
    CHECK_FALSE(parse_clock_s("7h05"));
    CHECK_FALSE(parse_clock_s("-1:00"));
    CHECK(format_clock(25 * 3600 + 600) == "25:10");
    CHECK(format_clock(3661) == "01:01:01");
    CHECK(parse_weekday("sunday") == 6);
    CHECK_FALSE(parse_weekday("Sun"));
    // Time stamps: `date -u -d @1767225600 +%FT%TZ` → 2026-01-01T00:00:00Z.
    CHECK(iso_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(iso_utc(1767225600) == "2026-01-01T00:00:00Z");
    CHECK(iso_utc(1709640305) == "2024-03-05T12:05:05Z");
    CHECK(utc_now_iso().size() == 20);
}

TEST_CASE("a service runs on its weekdays in range, with calendar_dates exceptions",
          "[transit][calendar]") {
    GtfsService s;
    s.weekdays = 0x1F;  // Monday–Friday
    s.start = Date{2024, 3, 4};
    s.end = Date{2024, 3, 15};
    s.removed = {Date{2024, 3, 6}};
    s.added = {Date{2024, 3, 9}, Date{2024, 3, 20}};
    CHECK(runs_on(s, {2024, 3, 4}));
    CHECK(runs_on(s, {2024, 3, 5}));
    CHECK_FALSE(runs_on(s, {2024, 3, 6}));   // removed
    CHECK_FALSE(runs_on(s, {2024, 3, 10}));  // Sunday
    CHECK(runs_on(s, {2024, 3, 9}));         // a Saturday, added
    CHECK(runs_on(s, {2024, 3, 20}));        // out of range, added
    CHECK_FALSE(runs_on(s, {2024, 3, 3}));   // before the range
    CHECK_FALSE(runs_on(s, {2024, 3, 18}));  // after it
}

TEST_CASE("the feeds' first full weekday: the busiest weekday they share, earliest on a tie",
          "[transit][calendar]") {
    // Feed 1: one trip every weekday 26 Feb – 22 Mar 2024, plus a second only 5–7 March.
    FeedBuilder a("bus");
    a.stop("A", 0, 0).stop("B", 1000, 0).route("1", "1");
    a.service("ALL", 0x1F, {2024, 2, 26}, {2024, 3, 22});
    a.service("MID", 0x1F, {2024, 3, 5}, {2024, 3, 7});
    a.trip("T1", "1", "ALL", {{"A", "08:00"}, {"B", "08:10"}});
    a.trip("T2", "1", "MID", {{"A", "09:00"}, {"B", "09:10"}});
    // Feed 2 (rail): from 4 March only; its trip does not run on 5 March.
    FeedBuilder b("rail");
    b.stop("R", 0, 0).stop("S", 1000, 0).route("r", "r");
    b.service("R", 0x1F, {2024, 3, 4}, {2024, 5, 31});
    b.trip("R1", "r", "R", {{"R", "08:00"}, {"S", "08:10"}});
    GtfsFeed rail = b.build();
    rail.services[0].removed = {Date{2024, 3, 5}};
    const std::vector<GtfsFeed> feeds = {a.build(), rail};
    // Common range: 4 March – 22 March. Trips: 4 Mar 2, 5 Mar 2 (T1, T2), 6 Mar 3, 7 Mar 3.
    CHECK(trips_running(feeds, {2024, 3, 6}) == 3);
    CHECK(first_full_day(feeds, {0, 1, 2, 3, 4}) == Date{2024, 3, 6});
    CHECK(first_full_day(feeds, {0}) == Date{2024, 3, 4});
    CHECK_FALSE(first_full_day(feeds, {5, 6}));  // nothing runs at weekends
    const auto range = service_range(feeds[0]);
    REQUIRE(range);
    CHECK(range->first == Date{2024, 2, 26});
    CHECK(range->second == Date{2024, 3, 22});
}
