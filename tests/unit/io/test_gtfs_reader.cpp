// Tests of io::read_gtfs on the hand-made feeds in datasets/fixtures/gtfs/:
//   line/      a good feed (folder) using every table the reader knows: CRLF stops.txt with a
//              quoted comma, a station, pickup/drop-off flags, an unsorted trip with an
//              empty intermediate time, times past 24:00, a frequency, calendar_dates
//              adding and removing days, feed_info.
//   line.zip   the same files zipped (read in place through /vsizip/).
//   bad/       one broken row of each kind, each reported with its file and line.
//   no_sequence/  stop_times.txt without the required stop_sequence column.
//
// T2's L2 time is interpolated by straight-line distance (equirectangular, R = 6371 km):
//   L1–L2 998.39 m, L2–L3 947.28 m → 08:30:00 + 600 s · 998.39/1945.67 = 30907.88 s → 08:35:08
// (computed with python3 from the stops' lat/lon; see the reader's documentation).

#include <assetmap/core/error.hpp>
#include <assetmap/io/gtfs_reader.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace assetmap;

namespace {

const GtfsTrip& trip(const GtfsFeed& f, const std::string& id) {
    const auto it = std::find_if(f.trips.begin(), f.trips.end(),
                                 [&](const GtfsTrip& t) { return t.id == id; });
    REQUIRE(it != f.trips.end());
    return *it;
}

std::vector<GtfsStopTime> calls(const GtfsFeed& f, const std::string& id) {
    const GtfsTrip& t = trip(f, id);
    return {f.stop_times.begin() + t.first_stop_time,
            f.stop_times.begin() + t.first_stop_time + t.stop_time_count};
}

void check_line_feed(const GtfsFeed& f, const ProblemReport& problems) {
    CHECK(problems.empty());
    REQUIRE(f.stops.size() == 4);
    CHECK(f.stops[0].id == "L1");
    CHECK(f.stops[0].lonlat.lat_deg == Approx(51.5866179).margin(1e-9));
    CHECK(f.stops[0].lonlat.lon_deg == Approx(-2.9965985).margin(1e-9));
    CHECK(f.stops[1].name == "Line stop two, market");
    CHECK(f.stops[1].parent_station == "ST");
    CHECK(f.stops[3].location_type == 1);
    REQUIRE(f.routes.size() == 2);
    CHECK(f.routes[0].display_name() == "1");
    CHECK(f.routes[1].display_name() == "Night line");

    REQUIRE(f.services.size() == 3);
    CHECK(f.services[0].id == "WK");
    CHECK(f.services[0].weekdays == 0x1F);
    CHECK(f.services[0].start == Date{2024, 1, 1});
    CHECK(f.services[0].end == Date{2024, 12, 31});
    REQUIRE(f.services[0].removed.size() == 1);
    CHECK(f.services[0].removed[0] == Date{2024, 3, 6});
    CHECK(f.services[1].weekdays == 0x20);
    CHECK(f.services[2].id == "EXTRA");
    CHECK_FALSE(f.services[2].start);
    REQUIRE(f.services[2].added.size() == 1);

    REQUIRE(f.trips.size() == 6);
    CHECK(f.trips[0].id == "T1");
    CHECK(f.trips[0].headsign == "Town, Centre");
    const auto t1 = calls(f, "T1");
    REQUIRE(t1.size() == 3);
    CHECK(t1[0].pickup);
    CHECK_FALSE(t1[0].drop_off);
    CHECK_FALSE(t1[2].pickup);
    CHECK(t1[2].arrival_s == 8 * 3600 + 10 * 60);

    // Rows out of file order are sorted by stop_sequence; the empty time is interpolated.
    const auto t2 = calls(f, "T2");
    REQUIRE(t2.size() == 3);
    CHECK(f.stops[t2[0].stop].id == "L1");
    CHECK(f.stops[t2[1].stop].id == "L2");
    CHECK(t2[1].arrival_s == 30908);
    CHECK(t2[1].departure_s == 30908);
    CHECK(t2[1].pickup);

    const auto t4 = calls(f, "T4");
    CHECK(t4[0].departure_s == 24 * 3600 + 30 * 60);  // 24:30:00 kept past midnight
    CHECK(t4[1].arrival_s == 24 * 3600 + 50 * 60);

    REQUIRE(f.frequencies.size() == 1);
    CHECK(f.trips[f.frequencies[0].trip].id == "F1");
    CHECK(f.frequencies[0].start_s == 9 * 3600);
    CHECK(f.frequencies[0].end_s == 10 * 3600);
    CHECK(f.frequencies[0].headway_s == 900);
    CHECK(f.frequencies[0].exact_times);
    CHECK(f.feed_start == Date{2024, 1, 1});
    CHECK(f.feed_end == Date{2024, 12, 31});
}

}  // namespace

TEST_CASE("read_gtfs reads every table of a feed folder", "[gtfs]") {
    ProblemReport problems;
    const GtfsFeed f = io::read_gtfs(test::fixture("gtfs/line"), "tiny", problems);
    CHECK(f.name == "tiny");
    check_line_feed(f, problems);
}

TEST_CASE("read_gtfs reads a zipped feed in place", "[gtfs]") {
    ProblemReport problems;
    const GtfsFeed f = io::read_gtfs(test::fixture("gtfs/line.zip"), "tiny", problems);
    check_line_feed(f, problems);
}

TEST_CASE("read_gtfs reports every bad row with its file and line", "[gtfs]") {
    ProblemReport problems;
    const std::string dir = test::fixture("gtfs/bad");
    const GtfsFeed f = io::read_gtfs(dir, "bad", problems);
    REQUIRE(f.trips.size() == 1);
    CHECK(f.trips[0].id == "OK");
    CHECK(f.stops.size() == 3);
    CHECK(f.routes.size() == 1);

    struct Expected {
        ProblemKind kind;
        std::string file;
        std::string line;
        std::string text;  // part of the message
    };
    const std::vector<Expected> expected = {
        {ProblemKind::duplicate_id, "stops.txt", "line 4", "B1"},
        {ProblemKind::bad_coordinate, "stops.txt", "line 5", "B3"},
        {ProblemKind::bad_value, "routes.txt", "line 3", "route_type 'bus'"},
        {ProblemKind::bad_value, "calendar.txt", "line 3", "20241301"},
        {ProblemKind::unmatched_code, "trips.txt", "line 3", "route_id 'R9'"},
        {ProblemKind::unmatched_code, "trips.txt", "line 4", "service_id 'NOPE'"},
        {ProblemKind::duplicate_id, "trips.txt", "line 5", "trip_id 'OK'"},
        {ProblemKind::unmatched_code, "stop_times.txt", "line 5", "stop_id 'ZZ'"},
        {ProblemKind::bad_value, "stop_times.txt", "line 7", "'8h10'"},
        {ProblemKind::bad_value, "stop_times.txt", "line 11", "pickup_type '7'"},
        {ProblemKind::unmatched_code, "stop_times.txt", "line 16", "stop_id 'B3'"},
        {ProblemKind::unmatched_code, "stop_times.txt", "line 13", "trip_id 'GHOST'"},
        {ProblemKind::bad_value, "stop_times.txt", "line 9", "out of order"},
        {ProblemKind::bad_value, "stop_times.txt", "line 10", "only one stop time"},
        {ProblemKind::bad_value, "stop_times.txt", "line 17", "need times"},
    };
    CHECK(problems.size() == expected.size());
    for (const auto& e : expected) {
        const auto& ps = problems.problems();
        const bool found = std::any_of(ps.begin(), ps.end(), [&](const Problem& p) {
            return p.kind == e.kind && p.source == dir + "/" + e.file && p.feature == e.line &&
                   p.message.find(e.text) != std::string::npos;
        });
        INFO(e.file << " " << e.line << " " << e.text);
        CHECK(found);
    }
}

TEST_CASE("read_gtfs refuses a feed without a required file or column", "[gtfs]") {
    ProblemReport problems;
    CHECK_THROWS_WITH(io::read_gtfs(test::fixture("gtfs/no_sequence"), "x", problems),
                      Catch::Contains("stop_times.txt") && Catch::Contains("stop_sequence") &&
                          Catch::Contains("the file has: trip_id, arrival_time"));
    CHECK_THROWS_WITH(io::read_gtfs(test::fixture("network"), "x", problems),
                      Catch::Contains("no stops.txt"));
    CHECK_THROWS_AS(io::read_gtfs(test::fixture("gtfs/missing.zip"), "x", problems), input_error);
    CHECK_THROWS_WITH(io::read_gtfs(test::fixture("tiny/points.csv"), "x", problems),
                      Catch::Contains("not a GTFS feed"));
}
