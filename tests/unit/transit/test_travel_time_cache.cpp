// TravelTimeCache against full searches: after every change of a group's targets (added,
// removed, moved, emptied, refilled), the cached medians equal travel_time_medians over the
// new targets, to the second. On a generated feed (a grid of stops, crossing bus routes with
// trips every few minutes, one slow and one fast line) with straight-line walks; the
// expected values come from the full search, which test_range_raptor and test_travel_times
// check by hand.

#include <assetmap/transit/travel_time_cache.hpp>

#include "feed_builder.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <random>

using namespace assetmap;
using namespace assetmap::transit;
using assetmap::test::FeedBuilder;
using assetmap::test::hm;

namespace {

std::string clock_text(std::int32_t s) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

/// Stops on a 6 × 6 grid 800 m apart; a route along every row and every column, both ways,
/// trips every `headway` minutes from 07:30, 2–3 minutes between stops.
TransitData grid_data() {
    FeedBuilder f("bus");
    f.service("WK", 0x1F);
    const int n = 6;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            f.stop("S" + std::to_string(i) + "_" + std::to_string(j), j * 800.0, i * 800.0);
    int route = 0;
    auto line = [&](std::vector<std::string> stops, int headway_min, int hop_s, int offset_s) {
        const std::string id = "R" + std::to_string(route++);
        f.route(id, id);
        for (int k = 0; k < 14; ++k) {
            std::int32_t t = hm("07:30") + offset_s + k * headway_min * 60;
            std::vector<assetmap::test::Call> calls;
            for (const auto& s : stops) {
                calls.push_back({s, clock_text(t), clock_text(t + 20)});
                t += 20 + hop_s;
            }
            f.trip(id + "_" + std::to_string(k), id, "WK", calls);
        }
    };
    for (int i = 0; i < n; ++i) {
        std::vector<std::string> row, col;
        for (int j = 0; j < n; ++j) {
            row.push_back("S" + std::to_string(i) + "_" + std::to_string(j));
            col.push_back("S" + std::to_string(j) + "_" + std::to_string(i));
        }
        line(row, 7 + i, 120 + 10 * i, 30 * i);
        line(col, 9 + i, 150 - 10 * i, 45 * i);
        std::reverse(row.begin(), row.end());
        std::reverse(col.begin(), col.end());
        line(row, 8 + i, 130, 60 + 20 * i);
        line(col, 10, 140, 90 + 15 * i);
    }
    // A fast diagonal.
    line({"S0_0", "S2_2", "S5_5"}, 15, 90, 200);
    TransitData d;
    d.feeds.push_back(f.build());
    d.settings.feeds.push_back({"bus", "(built)", "", ""});
    d.settings.date = Date{2024, 3, 5};
    d.settings.detour_factor = 1.0;
    d.settings.max_walk_m = 600;
    d.settings.max_transfers = 2;
    d.settings.max_trip_minutes = 40;
    d.settings.windows.push_back({"early", hm("08:00"), hm("08:20"), {}, {}});
    d.settings.windows.push_back({"late", hm("08:30"), hm("08:45"), {}, {}});
    return d;
}

PointM random_point(std::mt19937& rng) {
    std::uniform_real_distribution<double> u(-300.0, 4300.0);
    return {u(rng), u(rng)};
}

TravelTimes full(const TransitModel& model, const std::vector<std::vector<PointM>>& groups,
                 const std::vector<PointM>& origins, const std::vector<std::size_t>& windows,
                 std::int32_t max_trip_s) {
    return travel_time_medians(model, TargetGroups(model, groups, 1), origins, 1, {}, windows,
                               max_trip_s);
}

}  // namespace

TEST_CASE("travel time cache: every change equals a full search", "[transit][times][cache]") {
    const TransitData data = grid_data();
    const TransitModel model(data, nullptr, nullptr, 500.0, 2);
    std::mt19937 rng(20261207);
    std::vector<PointM> origins;
    for (int i = 0; i < 60; ++i) origins.push_back(random_point(rng));
    const std::vector<std::string> names = {"a", "b", "c"};
    std::vector<std::vector<PointM>> groups(3);
    for (auto& g : groups)
        for (int i = 0; i < 3; ++i) g.push_back(random_point(rng));

    struct Variant {
        std::vector<std::size_t> windows;
        std::int32_t max_trip_s;
        unsigned threads;
    };
    for (const Variant& v : {Variant{{}, 0, 2}, Variant{{1}, 15 * 60, 1}}) {
        TravelTimeCache cache(model);
        auto groups_now = groups;
        TravelTimes got = cache.medians(origins, names, groups_now, v.threads, {}, v.windows,
                                        v.max_trip_s);
        CHECK(cache.last_work().full_groups == 3);
        REQUIRE(got.median_s == full(model, groups_now, origins, v.windows, v.max_trip_s).median_s);
        std::size_t updated = 0, dirty = 0, reached = 0;
        for (int step = 0; step < 40; ++step) {
            auto& g = groups_now[static_cast<std::size_t>(step) % 3];
            const int kind = static_cast<int>(rng() % 4);
            if (kind == 0 || g.empty()) {
                g.push_back(random_point(rng));  // add
            } else if (kind == 1) {
                g.erase(g.begin() + static_cast<long>(rng() % g.size()));  // retire
            } else if (kind == 2) {
                g[rng() % g.size()] = random_point(rng);  // move
            } else {
                g.push_back(g[rng() % g.size()]);  // a second asset at the same point
            }
            if (step == 20) groups_now[1].clear();  // a group emptied, then refilled
            // Only the changed groups are named, as a live study asks.
            got = cache.medians(origins, names, groups_now, v.threads, {}, v.windows, v.max_trip_s);
            updated += cache.last_work().updated_groups;
            dirty += cache.last_work().dirty_origins;
            const TravelTimes want = full(model, groups_now, origins, v.windows, v.max_trip_s);
            REQUIRE(got.median_s == want.median_s);
            for (const auto s : want.median_s) reached += s != unreachable_s;
        }
        CHECK(updated >= 38);           // updated, not searched again in full
        CHECK(dirty > 0);               // some retirements ended kept journeys
        CHECK(dirty < 40 * origins.size() / 2);
        CHECK(reached > 1000);          // the targets are reached, by transit and on foot
    }
}

TEST_CASE("travel time cache: a subset of groups keeps the others", "[transit][times][cache]") {
    const TransitData data = grid_data();
    const TransitModel model(data, nullptr, nullptr, 500.0, 2);
    const std::vector<PointM> origins = {{100, 100}, {3900, 3900}, {2000, 50}};
    TravelTimeCache cache(model);
    const std::vector<std::vector<PointM>> ab = {{{4000, 4000}}, {{0, 0}}};
    cache.medians(origins, {"a", "b"}, ab);
    // Only "a" changes; "b" is neither named nor forgotten.
    const std::vector<std::vector<PointM>> a2 = {{{4000, 4000}, {1600, 1600}}};
    const TravelTimes a = cache.medians(origins, {"a"}, a2);
    CHECK(cache.last_work().updated_groups == 1);
    CHECK(a.median_s == full(model, a2, origins, {}, 0).median_s);
    const TravelTimes b = cache.medians(origins, {"b"}, {ab[1]});
    CHECK(cache.last_work().reused_groups == 1);
    CHECK(b.median_s == full(model, {ab[1]}, origins, {}, 0).median_s);
    CHECK_THROWS_AS(cache.medians(origins, {"a", "a"}, {ab[0], ab[0]}), std::invalid_argument);
    // Another window of the same count: searched in full, then updated on that window's
    // timetable (its own lower bounds).
    cache.medians(origins, {"a"}, a2, 1, {}, {0});
    cache.medians(origins, {"a"}, a2, 1, {}, {1});
    CHECK(cache.last_work().full_groups == 1);
    const std::vector<std::vector<PointM>> a3 = {{{4000, 4000}, {800, 2400}}};
    CHECK(cache.medians(origins, {"a"}, a3, 1, {}, {1}).median_s ==
          full(model, a3, origins, {1}, 0).median_s);
    CHECK(cache.last_work().updated_groups == 1);
    CHECK_THROWS_AS(cache.medians(origins, {"a"}, {}), std::invalid_argument);
    // Other origins: searched in full again.
    const std::vector<PointM> other = {{800, 800}};
    cache.medians(other, {"a"}, a2);
    CHECK(cache.last_work().full_groups == 1);
}
