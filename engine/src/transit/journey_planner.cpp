/// @file One-departure RAPTOR with journeys (see journey_planner.hpp).

#include <assetmap/transit/journey_planner.hpp>

#include <algorithm>

namespace assetmap::transit {

JourneyPlanner::JourneyPlanner(const Timetable& timetable, const LinkTable& transfers,
                               const RaptorLimits& limits)
    : tt_(timetable),
      transfers_(transfers),
      limits_(limits),
      rounds_(static_cast<std::size_t>(std::max(0, limits.max_transfers)) + 1),
      n_stops_(timetable.stop_count()) {}

std::vector<std::optional<Journey>> JourneyPlanner::plan(const AccessLinks& access,
                                                         std::int32_t depart_s,
                                                         const LinkTable& egress,
                                                         const std::vector<std::int32_t>& direct_s,
                                                         const std::vector<double>& direct_m,
                                                         std::size_t target_count) {
    const std::size_t n = n_stops_;
    const std::size_t K = rounds_;
    const std::int32_t bound = depart_s + limits_.max_trip_s;
    // Labels of exactly round k (not "at most k"); improvements are against every round ≤ k.
    std::vector<std::int32_t> arrive((K + 1) * n, unreachable_s), board((K + 1) * n, unreachable_s);
    std::vector<RideFrom> ride((K + 1) * n);
    std::vector<BoardFrom> board_from((K + 1) * n);
    std::vector<std::int32_t> best_arrive(n, unreachable_s), best_board(n, unreachable_s);
    std::vector<std::uint32_t> marked, alighted;
    std::vector<char> is_marked(n, 0), is_alighted(n, 0);
    std::vector<std::uint32_t> route_from(tt_.route_count(), 0xffffffffu);
    std::vector<std::uint32_t> queued;

    for (const Link& a : access) {
        if (a.to >= n) continue;
        const std::int32_t t = depart_s + a.seconds;
        if (t > bound || !(t < board[a.to])) continue;
        board[a.to] = t;
        best_board[a.to] = std::min(best_board[a.to], t);
        board_from[a.to] = {JourneyLeg::place, a.seconds, a.walk_m};
        if (!is_marked[a.to]) {
            is_marked[a.to] = 1;
            marked.push_back(a.to);
        }
    }
    for (std::size_t k = 1; k <= K && !marked.empty(); ++k) {
        queued.clear();
        for (const std::uint32_t s : marked) {
            is_marked[s] = 0;
            const auto [b, e] = tt_.routes_at(s);
            for (auto it = b; it != e; ++it) {
                auto& from = route_from[it->route];
                if (from == 0xffffffffu) queued.push_back(it->route);
                if (from == 0xffffffffu || it->position < from) from = it->position;
            }
        }
        marked.clear();
        alighted.clear();
        std::sort(queued.begin(), queued.end());  // deterministic parents on ties
        for (const std::uint32_t ri : queued) {
            const auto& r = tt_.route(ri);
            const std::uint32_t start = route_from[ri];
            route_from[ri] = 0xffffffffu;
            std::uint32_t trip = r.trip_count, boarded_at = 0;
            for (std::uint32_t p = start; p < r.stop_count; ++p) {
                const std::uint32_t s = tt_.stop_at(r, p);
                if (trip < r.trip_count && tt_.can_alight(r, trip, p)) {
                    const std::int32_t a = tt_.event(r, trip, p).arrival_s;
                    if (a < best_arrive[s] && a <= bound) {
                        best_arrive[s] = a;
                        arrive[k * n + s] = a;
                        ride[k * n + s] = {ri, trip, boarded_at, p};
                        if (!is_alighted[s]) {
                            is_alighted[s] = 1;
                            alighted.push_back(s);
                        }
                    }
                }
                const std::int32_t ready = board[(k - 1) * n + s];
                if (ready != unreachable_s && p + 1 < r.stop_count &&
                    (trip == r.trip_count || ready <= tt_.event(r, trip, p).departure_s)) {
                    const std::uint32_t earlier = tt_.earliest_trip(r, p, ready);
                    if (earlier < trip) {
                        trip = earlier;
                        boarded_at = p;
                    }
                }
            }
        }
        for (const std::uint32_t s : alighted) {
            is_alighted[s] = 0;
            const std::int32_t a = arrive[k * n + s];
            auto offer = [&](std::uint32_t u, std::int32_t t, BoardFrom from) {
                if (t > bound || !(t < best_board[u])) return;
                best_board[u] = t;
                board[k * n + u] = t;
                board_from[k * n + u] = from;
                if (!is_marked[u]) {
                    is_marked[u] = 1;
                    marked.push_back(u);
                }
            };
            offer(s, a, {s, 0, 0.0f});
            const auto [tb, te] = transfers_.from(s);
            for (const Link* l = tb; l != te; ++l) offer(l->to, a + l->seconds, {s, l->seconds, l->walk_m});
        }
    }

    // Best (round, stop) per target: earliest arrival, then fewest trips, then lowest stop.
    std::vector<std::optional<Journey>> out(target_count);
    std::vector<std::int32_t> best(target_count, unreachable_s);
    std::vector<std::uint32_t> best_k(target_count, 0), best_stop(target_count, 0);
    std::vector<std::int32_t> best_egress_s(target_count, 0);
    std::vector<float> best_egress_m(target_count, 0.0f);
    for (std::size_t k = 1; k <= K; ++k)
        for (std::uint32_t s = 0; s < n; ++s) {
            const std::int32_t a = arrive[k * n + s];
            if (a == unreachable_s) continue;
            const auto [eb, ee] = egress.from(s);
            for (const Link* e = eb; e != ee; ++e) {
                const std::int32_t t = a + e->seconds;
                if (t < best[e->to]) {
                    best[e->to] = t;
                    best_k[e->to] = static_cast<std::uint32_t>(k);
                    best_stop[e->to] = s;
                    best_egress_s[e->to] = e->seconds;
                    best_egress_m[e->to] = e->walk_m;
                }
            }
        }
    for (std::size_t j = 0; j < target_count; ++j) {
        const bool walk_ok = direct_s[j] != unreachable_s && depart_s + direct_s[j] - depart_s <= limits_.max_trip_s;
        const std::int32_t walk_arrival = walk_ok ? depart_s + direct_s[j] : unreachable_s;
        const bool ride_ok = best[j] != unreachable_s && best[j] - depart_s <= limits_.max_trip_s;
        if (!walk_ok && !ride_ok) continue;
        Journey jn;
        if (walk_ok && (!ride_ok || walk_arrival <= best[j])) {
            jn.arrival_s = walk_arrival;
            jn.legs.push_back({JourneyLeg::Kind::walk, JourneyLeg::place, JourneyLeg::place,
                               depart_s, walk_arrival, direct_m[j], {}, 0});
            out[j] = std::move(jn);
            continue;
        }
        jn.arrival_s = best[j];
        jn.trips = static_cast<int>(best_k[j]);
        const std::uint32_t last = best_stop[j];
        jn.legs.push_back({JourneyLeg::Kind::walk, last, JourneyLeg::place,
                           arrive[best_k[j] * n + last], best[j], best_egress_m[j], {}, 0});
        std::size_t k = best_k[j];
        std::uint32_t s = last;
        while (k > 0) {
            const RideFrom& rf = ride[k * n + s];
            const auto& r = tt_.route(rf.route);
            const std::uint32_t b = tt_.stop_at(r, rf.board);
            JourneyLeg leg;
            leg.kind = JourneyLeg::Kind::ride;
            leg.from_stop = b;
            leg.to_stop = s;
            leg.depart_s = tt_.event(r, rf.trip, rf.board).departure_s;
            leg.arrive_s = tt_.event(r, rf.trip, rf.alight).arrival_s;
            leg.trip = tt_.trip_ref(r, rf.trip);
            leg.route = rf.route;
            jn.legs.push_back(leg);
            const BoardFrom& bf = board_from[(k - 1) * n + b];
            const std::int32_t ready = board[(k - 1) * n + b];
            if (bf.stop == JourneyLeg::place) {
                jn.legs.push_back({JourneyLeg::Kind::walk, JourneyLeg::place, b, depart_s,
                                   depart_s + bf.walk_s, bf.walk_m, {}, 0});
                break;
            }
            if (bf.stop != b || bf.walk_s != 0)
                jn.legs.push_back({JourneyLeg::Kind::walk, bf.stop, b, ready - bf.walk_s, ready,
                                   bf.walk_m, {}, 0});
            s = bf.stop;
            --k;
        }
        std::reverse(jn.legs.begin(), jn.legs.end());
        out[j] = std::move(jn);
    }
    return out;
}

}  // namespace assetmap::transit
