// Median travel times through the whole model (TransitModel, TargetGroups,
// travel_time_medians) on a hand-made feed with straight-line walks (no network, detour 1).

#include <assetmap/core/error.hpp>
#include <assetmap/transit/travel_times.hpp>

#include "feed_builder.hpp"

#include <catch2/catch.hpp>

using namespace assetmap;
using namespace assetmap::transit;
using assetmap::test::FeedBuilder;
using assetmap::test::hm;

namespace {

TransitData tiny_data() {
    FeedBuilder f("bus");
    f.stop("A", 0, 0).stop("C", 5000, 0).service("WK", 0x1F).route("1", "1");
    f.trip("T1", "1", "WK", {{"A", "08:05"}, {"C", "08:15"}});
    f.trip("T2", "1", "WK", {{"A", "08:15"}, {"C", "08:25"}});
    TransitData d;
    d.feeds.push_back(f.build());
    d.settings.feeds.push_back({"bus", "(built)", "", ""});
    d.settings.date = Date{2024, 3, 5};
    d.settings.detour_factor = 1.0;
    d.settings.windows.push_back({"morning", hm("08:00"), hm("08:10"), {}, {}});
    return d;
}

}  // namespace

TEST_CASE("median travel times from origins to groups, by hand", "[transit][times]") {
    const TransitData data = tiny_data();
    const TransitModel model(data, nullptr, nullptr, 500.0, 2);
    REQUIRE(model.windows().size() == 1);
    CHECK(model.windows()[0].departures_s.size() == 10);  // 08:00 … 08:09
    // One group: a target 48 m from C (36 s at 4.8 km/h); one 5 km from everything.
    const TargetGroups targets(model, {{{5000, 48}}, {{20000, 20000}}}, 2);
    // Origin 96 m from A: 72 s.
    const std::vector<PointM> origins = {{0, 96}, {0, 5000}};
    const TravelTimes t1 = travel_time_medians(model, targets, origins, 1);
    const TravelTimes t2 = travel_time_medians(model, targets, origins, 2);
    CHECK(t1.median_s == t2.median_s);
    // Departures 08:00–08:03 reach A by 08:04:12 and take T1 (C 08:15, target 08:15:36):
    // 936, 876, 816, 756 s; 08:04–08:09 take T2 (target 08:25:36): 1296, 1236, 1176, 1116,
    // 1056, 996 s. Sorted, the 5th of 10 (the lower median) is 996 s.
    CHECK(t1.median(0, 0, 0) == 996);
    CHECK(t1.median(0, 0, 1) == unreachable_s);
    CHECK(t1.access[0].stops_in_reach == 1);
    CHECK(t1.access[0].nearest_stop_m == Approx(96.0));
    CHECK_FALSE(t1.access[0].on_network);
    // An origin 5 km from every stop reaches nothing and has no stop in reach.
    CHECK(t1.median(1, 0, 0) == unreachable_s);
    CHECK(t1.access[1].stops_in_reach == 0);
}

TEST_CASE("lower median", "[transit][times]") {
    std::vector<std::int32_t> v = {5, 1, 4, 2, 3, 6};
    CHECK(lower_median(v) == 3);
    std::vector<std::int32_t> u = {unreachable_s, 10, unreachable_s};
    CHECK(lower_median(u) == unreachable_s);
    std::vector<std::int32_t> w = {unreachable_s, 10, 20, unreachable_s};
    CHECK(lower_median(w) == 20);
}

TEST_CASE("the model refuses settings it cannot use", "[transit][times]") {
    TransitData data = tiny_data();
    data.settings.windows[0].name = "Morning";
    CHECK_THROWS_AS(TransitModel(data, nullptr, nullptr, 500.0), config_error);
    data = tiny_data();
    data.settings.windows[0].end_s = data.settings.windows[0].start_s;
    CHECK_THROWS_WITH(TransitModel(data, nullptr, nullptr, 500.0),
                      Catch::Contains("no departure"));
    data = tiny_data();
    data.settings.date.reset();
    data.settings.windows[0].weekday = 6;  // no Sunday service
    CHECK_THROWS_WITH(TransitModel(data, nullptr, nullptr, 500.0),
                      Catch::Contains("no sunday"));
    data = tiny_data();
    data.settings.date.reset();  // the first full weekday of a weekday feed from 2024-01-01
    CHECK(TransitModel(data, nullptr, nullptr, 500.0).date() == Date{2024, 1, 1});
}
