// Range RAPTOR and the journey planner on hand-built timetables (feed_builder.hpp). Every
// expected time is computed by hand in the comments: a walk of s seconds, then the trip's
// own times; travel time = arrival at the target − departure from the origin.
// Service date: Tuesday 2024-03-05 unless said otherwise.

#include <assetmap/transit/journey_planner.hpp>
#include <assetmap/transit/range_raptor.hpp>
#include <assetmap/transit/timetable.hpp>

#include "feed_builder.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace assetmap;
using namespace assetmap::transit;
using assetmap::test::Call;
using assetmap::test::FeedBuilder;
using assetmap::test::hm;

namespace {

const Date tuesday{2024, 3, 5};
constexpr unsigned weekdays = 0x1F;

/// A timetable and hand-made walking links over the stops of one feed.
struct World {
    std::vector<GtfsFeed> feeds;
    StopSet stops;
    Timetable tt;
    LinkTable transfers;
    LinkTable egress;

    World(GtfsFeed feed, const Date& date, std::int32_t from_s = 0, std::int32_t to_s = 48 * 3600)
        : feeds{std::move(feed)} {
        stops = StopSet::merge(feeds);
        tt = Timetable(feeds, stops, date, from_s, to_s);
        transfers = LinkTable(std::vector<std::vector<Link>>(stops.stops.size()));
        egress = transfers;
    }
    std::uint32_t stop(const std::string& id) const {
        for (std::uint32_t i = 0; i < stops.stops.size(); ++i)
            if (stops.stops[i].id == id) return i;
        FAIL("no stop " << id);
        return 0;
    }
    /// (from, to, seconds) triples → a LinkTable over the stops.
    LinkTable links(const std::vector<std::tuple<std::string, std::uint32_t, std::int32_t>>& l,
                    bool to_is_stop) const {
        std::vector<std::vector<Link>> lists(stops.stops.size());
        for (const auto& [from, to, s] : l) lists[stop(from)].push_back({to, s, 0.0f});
        (void)to_is_stop;
        return LinkTable(lists);
    }
    /// Travel times (seconds) of one origin to `groups` groups at each departure.
    std::vector<std::int32_t> times(const AccessLinks& access, std::vector<std::int32_t> direct,
                                    const std::vector<std::int32_t>& departures,
                                    RaptorLimits limits = {}, std::size_t groups = 1) {
        RangeRaptor r(tt, transfers, egress, groups, limits);
        std::vector<std::int32_t> out;
        r.run(access, direct, departures, out);
        last_runs = r.last_runs();
        return out;
    }
    std::size_t last_runs = 0;
};

/// A, B, C on a line, 5 km apart (no walking between them); route 1 twice.
GtfsFeed line_feed() {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("B", 5000, 0).stop("C", 10000, 0).service("WK", weekdays).route("1", "1");
    f.trip("T1", "1", "WK", {{"A", "08:00"}, {"B", "08:05"}, {"C", "08:10"}});
    f.trip("T2", "1", "WK", {{"A", "08:15"}, {"B", "08:20"}, {"C", "08:25"}});
    return f.build();
}

}  // namespace

TEST_CASE("a line of three stops: earliest arrivals by hand", "[transit][raptor]") {
    World w(line_feed(), tuesday);
    w.egress = w.links({{"C", 0, 60}}, false);  // C → the target: 60 s walk
    const AccessLinks access = {{w.stop("A"), 120, 0.0f}};  // 2 min walk to A
    // 07:55 → A 07:57, T1 08:00 → C 08:10 → target 08:11: 16 min.
    // 07:58 → A 08:00 exactly: T1 is still caught (no minimum change time): 13 min.
    // 07:59 → A 08:01: T1 gone, T2 08:15 → C 08:25 → 08:26: 27 min.
    const auto t = w.times(access, {unreachable_s}, {hm("07:55"), hm("07:58"), hm("07:59")});
    CHECK(t == std::vector<std::int32_t>{16 * 60, 13 * 60, 27 * 60});
}

TEST_CASE("range RAPTOR over a departure grid: runs and the lower median", "[transit][raptor]") {
    World w(line_feed(), tuesday);
    w.egress = w.links({{"C", 0, 60}}, false);
    const AccessLinks access = {{w.stop("A"), 120, 0.0f}};
    std::vector<std::int32_t> grid;
    for (int m = 0; m < 10; ++m) grid.push_back(hm("07:55") + 60 * m);  // 07:55 … 08:04
    const auto t = w.times(access, {unreachable_s}, grid);
    // 07:55–07:58 catch T1 (08:11): 16, 15, 14, 13 min; 07:59–08:04 catch T2 (08:26):
    // 27, 26, 25, 24, 23, 22 min.
    CHECK(t == std::vector<std::int32_t>{960, 900, 840, 780, 1620, 1560, 1500, 1440, 1380, 1320});
    // Only the departures that can just catch a trip are run: 07:58 (T1) and 08:13 (T2).
    CHECK(w.last_runs == 2);
}

TEST_CASE("a transfer, and a missed connection", "[transit][raptor]") {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("B", 5000, 0).stop("D", 5100, 0).stop("E", 10000, 5000);
    f.service("WK", weekdays).route("1", "1").route("2", "2");
    f.trip("L1", "1", "WK", {{"A", "08:00"}, {"B", "08:10"}});
    f.trip("L2a", "2", "WK", {{"D", "08:15"}, {"E", "08:30"}});
    f.trip("L2b", "2", "WK", {{"D", "08:45"}, {"E", "09:00"}});
    World w(f.build(), tuesday);
    w.egress = w.links({{"E", 0, 0}}, false);
    const AccessLinks access = {{w.stop("A"), 120, 0.0f}};

    SECTION("a 3-minute walk B → D makes the 08:15") {
        // 07:58 → A 08:00 → B 08:10 → D 08:13 → 08:15 → E 08:30: 32 min.
        w.transfers = w.links({{"B", w.stop("D"), 180}}, true);
        CHECK(w.times(access, {unreachable_s}, {hm("07:58")})[0] == 32 * 60);
    }
    SECTION("a 6-minute walk misses it: the 08:45") {
        // B 08:10 → D 08:16 > 08:15 → 08:45 → E 09:00: 62 min.
        w.transfers = w.links({{"B", w.stop("D"), 360}}, true);
        CHECK(w.times(access, {unreachable_s}, {hm("07:58")})[0] == 62 * 60);
    }
}

TEST_CASE("an overtaking trip is a route of its own, and it is taken", "[transit][raptor]") {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("B", 5000, 0).stop("C", 10000, 0).service("WK", weekdays).route("1", "1");
    f.trip("Slow", "1", "WK", {{"A", "08:00"}, {"B", "08:20"}, {"C", "08:40"}});
    f.trip("Express", "1", "WK", {{"A", "08:05"}, {"B", "08:10"}, {"C", "08:15"}});
    World w(f.build(), tuesday);
    // Same stops, but the express overtakes: a route may not hold both.
    CHECK(w.tt.route_count() == 2);
    w.egress = w.links({{"C", 0, 0}}, false);
    // 07:58 → A 08:00: the slow trip reaches C at 08:40, waiting for the express at 08:15.
    CHECK(w.times({{w.stop("A"), 120, 0.0f}}, {unreachable_s}, {hm("07:58")})[0] == 17 * 60);
}

TEST_CASE("a service not running that day is not used", "[transit][raptor]") {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("C", 10000, 0).route("1", "1");
    f.service("WK", weekdays).service("SAT", 0x20);
    f.trip("Weekday", "1", "WK", {{"A", "08:30"}, {"C", "08:50"}});
    f.trip("Saturday", "1", "SAT", {{"A", "08:05"}, {"C", "08:15"}});
    f.trip("Cancelled", "1", "WK", {{"A", "08:10"}, {"C", "08:20"}});
    GtfsFeed feed = f.build();
    // "Cancelled" runs on a service removed on 5 March by calendar_dates.
    feed.services.push_back(feed.services[0]);
    feed.services.back().id = "WK_BUT_5_MARCH";
    feed.services.back().removed = {tuesday};
    feed.trips[2].service = 2;
    World w(feed, tuesday);
    CHECK(w.tt.trip_count() == 1);
    w.egress = w.links({{"C", 0, 0}}, false);
    // 07:58 → A 08:00 → only the 08:30 runs → C 08:50: 52 min.
    CHECK(w.times({{w.stop("A"), 120, 0.0f}}, {unreachable_s}, {hm("07:58")})[0] == 52 * 60);
    World saturday(feed, Date{2024, 3, 9});  // the Saturday trip runs then, the others not
    saturday.egress = saturday.links({{"C", 0, 0}}, false);
    CHECK(saturday.times({{saturday.stop("A"), 120, 0.0f}}, {unreachable_s}, {hm("07:58")})[0] ==
          17 * 60);
}

TEST_CASE("a trip past midnight runs early the next morning", "[transit][raptor]") {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("C", 10000, 0).route("N", "N1").service("MON", 0x01);
    f.trip("Night", "N", "MON", {{"A", "24:30"}, {"C", "24:50"}});
    // Monday's trip at 24:30 is Tuesday 00:30.
    World w(f.build(), tuesday, 0, 2 * 3600);
    REQUIRE(w.tt.trip_count() == 1);
    CHECK(w.tt.trip_ref(w.tt.route(0), 0).shift_s == -86400);
    w.egress = w.links({{"C", 0, 60}}, false);
    // 00:20 → A 00:22 → 00:30 → C 00:50 → target 00:51: 31 min.
    CHECK(w.times({{w.stop("A"), 120, 0.0f}}, {unreachable_s}, {hm("00:20")})[0] == 31 * 60);
    // On Wednesday the trip of the day before (Tuesday) does not run.
    World wednesday(f.build(), Date{2024, 3, 6}, 0, 2 * 3600);
    CHECK(wednesday.tt.trip_count() == 0);
}

TEST_CASE("the transfer limit and the trip limit", "[transit][raptor]") {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("B", 5000, 0).stop("C", 10000, 0).stop("D", 15000, 0);
    f.service("WK", weekdays).route("1", "1").route("2", "2").route("3", "3");
    f.trip("L1", "1", "WK", {{"A", "08:00"}, {"B", "08:10"}});
    f.trip("L2", "2", "WK", {{"B", "08:12"}, {"C", "08:20"}});
    f.trip("L3", "3", "WK", {{"C", "08:22"}, {"D", "08:30"}});
    World w(f.build(), tuesday);
    w.egress = w.links({{"D", 0, 0}}, false);
    const AccessLinks access = {{w.stop("A"), 120, 0.0f}};
    RaptorLimits limits;
    // Three trips, two changes (at B and at C, no walk): 07:58 → D 08:30: 32 min.
    limits.max_transfers = 2;
    CHECK(w.times(access, {unreachable_s}, {hm("07:58")}, limits)[0] == 32 * 60);
    limits.max_transfers = 1;
    CHECK(w.times(access, {unreachable_s}, {hm("07:58")}, limits)[0] == unreachable_s);
    // A trip limit of 30 minutes: the 32-minute journey is not reached.
    limits.max_transfers = 3;
    limits.max_trip_s = 30 * 60;
    CHECK(w.times(access, {unreachable_s}, {hm("07:58")}, limits)[0] == unreachable_s);
}

TEST_CASE("pickup and drop-off restrictions", "[transit][raptor]") {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("B", 5000, 0).stop("C", 10000, 0).service("WK", weekdays).route("1", "1");
    Call no_drop{"B", "08:05", "", true, false};
    f.trip("T1", "1", "WK", {{"A", "08:00"}, no_drop, {"C", "08:10"}});
    Call no_pickup{"A", "08:30", "", false, true};
    f.trip("T2", "1", "WK", {no_pickup, {"B", "08:35"}, {"C", "08:40"}});
    f.trip("T3", "1", "WK", {{"A", "09:00"}, {"B", "09:05"}, {"C", "09:10"}});
    World w(f.build(), tuesday);
    w.egress = w.links({{"B", 0, 0}, {"C", 1, 0}}, false);  // group 0 at B, group 1 at C
    // 07:58: T1 cannot set down at B and T2 cannot pick up at A: B only by T3 (09:05, 67
    // min); C by T1 (08:10, 12 min).
    const auto t = w.times({{w.stop("A"), 120, 0.0f}}, {unreachable_s, unreachable_s},
                           {hm("07:58")}, {}, 2);
    CHECK(t == std::vector<std::int32_t>{67 * 60, 12 * 60});
}

TEST_CASE("walk-only when it is faster; waiting at the origin counts", "[transit][raptor]") {
    World w(line_feed(), tuesday);
    w.egress = w.links({{"C", 0, 60}}, false);
    const AccessLinks access = {{w.stop("A"), 120, 0.0f}};
    // A walk of 14 min against the 16 min by bus at 07:55; 13 min by bus at 07:58.
    const auto t = w.times(access, {14 * 60}, {hm("07:55"), hm("07:58")});
    CHECK(t == std::vector<std::int32_t>{14 * 60, 13 * 60});
}

TEST_CASE("frequency-based trips run every headway", "[transit][raptor]") {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("C", 10000, 0).service("WK", weekdays).route("F", "F");
    f.trip("F1", "F", "WK", {{"A", "09:00"}, {"C", "09:10"}});
    f.frequency("F1", "09:00", "10:00", 900);  // 09:00, 09:15, 09:30, 09:45
    World w(f.build(), tuesday);
    CHECK(w.tt.trip_count() == 4);
    w.egress = w.links({{"C", 0, 60}}, false);
    // 09:21 → A 09:23 → 09:30 → C 09:40 → 09:41: 20 min.
    CHECK(w.times({{w.stop("A"), 120, 0.0f}}, {unreachable_s}, {hm("09:21")})[0] == 20 * 60);
    // 09:44 → A 09:46: the 09:45 is gone and there is no 10:00.
    CHECK(w.times({{w.stop("A"), 120, 0.0f}}, {unreachable_s}, {hm("09:44")})[0] == unreachable_s);
}

TEST_CASE("the journey planner gives the legs of the best journey", "[transit][raptor]") {
    FeedBuilder f;
    f.stop("A", 0, 0).stop("B", 5000, 0).stop("D", 5100, 0).stop("E", 10000, 5000);
    f.service("WK", weekdays).route("1", "1").route("2", "2");
    f.trip("L1", "1", "WK", {{"A", "08:00"}, {"B", "08:10"}});
    f.trip("L2a", "2", "WK", {{"D", "08:15"}, {"E", "08:30"}});
    World w(f.build(), tuesday);
    w.transfers = w.links({{"B", w.stop("D"), 180}}, true);
    w.egress = w.links({{"E", 0, 60}}, false);
    JourneyPlanner planner(w.tt, w.transfers, {});
    const auto found = planner.plan({{w.stop("A"), 120, 160.0f}}, hm("07:58"), w.egress,
                                    {unreachable_s}, {0.0}, 1);
    REQUIRE(found[0]);
    const Journey& j = *found[0];
    CHECK(j.arrival_s == hm("08:31"));
    CHECK(j.trips == 2);
    REQUIRE(j.legs.size() == 5);
    using K = JourneyLeg::Kind;
    CHECK(j.legs[0].kind == K::walk);
    CHECK(j.legs[0].to_stop == w.stop("A"));
    CHECK(j.legs[0].depart_s == hm("07:58"));
    CHECK(j.legs[0].arrive_s == hm("08:00"));
    CHECK(j.legs[0].walk_m == 160.0);
    CHECK(j.legs[1].kind == K::ride);
    CHECK(j.legs[1].from_stop == w.stop("A"));
    CHECK(j.legs[1].to_stop == w.stop("B"));
    CHECK(j.legs[1].depart_s == hm("08:00"));
    CHECK(j.legs[1].arrive_s == hm("08:10"));
    CHECK(w.feeds[0].trips[j.legs[1].trip.trip].id == "L1");
    CHECK(j.legs[2].kind == K::walk);
    CHECK(j.legs[2].from_stop == w.stop("B"));
    CHECK(j.legs[2].to_stop == w.stop("D"));
    CHECK(j.legs[2].arrive_s == hm("08:13"));
    CHECK(j.legs[3].kind == K::ride);
    CHECK(w.feeds[0].trips[j.legs[3].trip.trip].id == "L2a");
    CHECK(j.legs[3].arrive_s == hm("08:30"));
    CHECK(j.legs[4].kind == K::walk);
    CHECK(j.legs[4].to_stop == JourneyLeg::place);
    CHECK(j.legs[4].arrive_s == hm("08:31"));
    // Walking is chosen when it arrives no later.
    const auto walk = planner.plan({{w.stop("A"), 120, 160.0f}}, hm("07:58"), w.egress,
                                   {33 * 60}, {2600.0}, 1);
    REQUIRE(walk[0]);
    CHECK(walk[0]->trips == 0);
    CHECK(walk[0]->arrival_s == hm("08:31"));
    REQUIRE(walk[0]->legs.size() == 1);
    CHECK(walk[0]->legs[0].walk_m == 2600.0);
}

TEST_CASE("range RAPTOR equals one RAPTOR per departure on a random network",
          "[transit][raptor]") {
    // 40 stops on a 5 × 8 grid, 12 routes of random stop sequences, 2–12 trips each with
    // random running times (some overtaking) and random pickup/drop-off restrictions,
    // transfers between grid neighbours, 5 target groups. The range search over 60
    // departures must give, for every departure, what a range search of that one departure
    // and the plain one-departure RAPTOR of the journey planner give. (This case found that
    // trips with different pickup/drop-off patterns may not share a route.)
    std::mt19937 rng(20240305);
    FeedBuilder f;
    for (int i = 0; i < 40; ++i) f.stop("S" + std::to_string(i), (i % 5) * 1000.0, (i / 5) * 1000.0);
    f.service("WK", weekdays);
    for (int r = 0; r < 12; ++r) {
        f.route("R" + std::to_string(r), std::to_string(r));
        std::vector<int> stops;
        const int n = 3 + static_cast<int>(rng() % 8);
        while (static_cast<int>(stops.size()) < n) {
            const int s = static_cast<int>(rng() % 40);
            if (std::find(stops.begin(), stops.end(), s) == stops.end()) stops.push_back(s);
        }
        const int trips = 2 + static_cast<int>(rng() % 11);
        for (int t = 0; t < trips; ++t) {
            int clock = hm("07:30") + static_cast<int>(rng() % 7200);
            std::vector<Call> calls;
            for (int s : stops) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", clock / 3600, clock / 60 % 60, clock % 60);
                const int dwell = static_cast<int>(rng() % 60);
                char dep[16];
                std::snprintf(dep, sizeof dep, "%02d:%02d:%02d", (clock + dwell) / 3600,
                              (clock + dwell) / 60 % 60, (clock + dwell) % 60);
                Call c{"S" + std::to_string(s), buf, dep, rng() % 10 != 0, rng() % 10 != 0};
                calls.push_back(c);
                clock += dwell + 60 + static_cast<int>(rng() % 400);
            }
            f.trip("T" + std::to_string(r) + "_" + std::to_string(t), "R" + std::to_string(r), "WK", calls);
        }
    }
    World w(f.build(), tuesday);
    std::vector<std::vector<Link>> transfers(40), egress(40);
    for (std::uint32_t i = 0; i < 40; ++i) {
        for (std::uint32_t j = 0; j < 40; ++j) {
            const int dx = std::abs(int(i % 5) - int(j % 5)), dy = std::abs(int(i / 5) - int(j / 5));
            if (i != j && dx + dy == 1) transfers[i].push_back({j, 600 + static_cast<std::int32_t>(rng() % 300), 0.0f});
        }
        if (rng() % 3 == 0) egress[i].push_back({static_cast<std::uint32_t>(rng() % 5), static_cast<std::int32_t>(rng() % 400), 0.0f});
    }
    w.transfers = LinkTable(transfers);
    w.egress = LinkTable(egress);
    std::vector<std::int32_t> grid;
    for (int m = 0; m < 60; ++m) grid.push_back(hm("07:40") + 60 * m);
    for (int origin = 0; origin < 10; ++origin) {
        AccessLinks access;
        for (int k = 0; k < 3; ++k)
            access.push_back({static_cast<std::uint32_t>(rng() % 40), static_cast<std::int32_t>(rng() % 600), 0.0f});
        std::vector<std::int32_t> direct(5, unreachable_s);
        direct[origin % 5] = 1800 + static_cast<std::int32_t>(rng() % 1800);
        RaptorLimits limits;
        limits.max_transfers = static_cast<int>(origin % 4);
        const auto range = w.times(access, direct, grid, limits, 5);
        JourneyPlanner planner(w.tt, w.transfers, limits);
        std::vector<double> direct_m(5, 0.0);
        for (std::size_t d = 0; d < grid.size(); ++d) {
            const auto one = planner.plan(access, grid[d], w.egress, direct, direct_m, 5);
            const auto single = w.times(access, direct, {grid[d]}, limits, 5);
            for (std::size_t g = 0; g < 5; ++g) {
                INFO("origin " << origin << " departure " << d << " group " << g);
                CHECK(single[g] == range[g * grid.size() + d]);  // labels kept between runs
                const std::int32_t expect = one[g] ? one[g]->arrival_s - grid[d] : unreachable_s;
                CHECK(range[g * grid.size() + d] == expect);
            }
        }
    }
}
