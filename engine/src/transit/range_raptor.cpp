/// @file Range RAPTOR (see range_raptor.hpp).
///
/// Labels: arrive_[k][s] is the earliest arrival at s by a trip with at most k trips in all
/// (k = 1 … K); board_[k][s] the earliest time one can be at s, ready to board trip k + 1,
/// having used at most k trips (k = 0: by the access walk). Keeping the "at most k" form
/// (an improvement in round k is copied to every higher round) makes board_[k−1] the only
/// array a round reads and arrive_[k] the only one it writes, and lets the labels survive
/// from one departure run to the next (rRAPTOR).

#include <assetmap/transit/range_raptor.hpp>

#include <algorithm>

namespace assetmap::transit {

namespace {
constexpr std::uint32_t none = 0xffffffffu;
}

RangeRaptor::RangeRaptor(const Timetable& timetable, const LinkTable& transfers,
                         const LinkTable& egress, std::size_t group_count,
                         const RaptorLimits& limits)
    : tt_(timetable),
      transfers_(transfers),
      egress_(egress),
      groups_(group_count),
      limits_(limits),
      rounds_(static_cast<std::size_t>(std::max(0, limits.max_transfers)) + 1),
      n_stops_(timetable.stop_count()) {
    arrive_.assign((rounds_ + 1) * n_stops_, unreachable_s);
    board_.assign((rounds_ + 1) * n_stops_, unreachable_s);
    best_.assign(groups_, unreachable_s);
    is_marked_.assign(n_stops_, 0);
    is_next_marked_.assign(n_stops_, 0);
    is_alighted_.assign(n_stops_, 0);
    is_touched_.assign(n_stops_, 0);
    route_from_.assign(timetable.route_count(), none);
    has_egress_.assign(groups_, 0);
    for (std::uint32_t s = 0; s < egress.from_count(); ++s) {
        const auto [b, e] = egress.from(s);
        for (const Link* l = b; l != e; ++l) has_egress_[l->to] = 1;
    }
}

std::int32_t RangeRaptor::target_bound() const {
    // No arrival at a stop at or after every reachable group's best arrival can improve one.
    std::int32_t worst = -1;
    for (std::size_t g = 0; g < groups_; ++g)
        if (has_egress_[g] && best_[g] > worst) worst = best_[g];
    return worst < 0 ? unreachable_s : worst;
}

void RangeRaptor::reset() {
    // Only the stops the last run labelled (a search from one origin reaches a fraction of
    // the stops; clearing every round of every stop cost more than the search).
    for (const std::uint32_t s : touched_) {
        for (std::size_t k = 0; k <= rounds_; ++k) {
            arrive_[k * n_stops_ + s] = unreachable_s;
            board_[k * n_stops_ + s] = unreachable_s;
        }
        is_touched_[s] = 0;
    }
    touched_.clear();
    std::fill(best_.begin(), best_.end(), unreachable_s);
}

void RangeRaptor::improve_board(std::size_t round, std::uint32_t stop, std::int32_t t) {
    touch(stop);
    for (std::size_t k = round; k <= rounds_; ++k) {
        std::int32_t& b = board_[k * n_stops_ + stop];
        if (t < b)
            b = t;
        else
            break;  // higher rounds are already at least as good
    }
}

void RangeRaptor::departure_candidates(const AccessLinks& access,
                                       const std::vector<std::int32_t>& departures_s,
                                       std::vector<std::int32_t>& out) const {
    // The departure times that matter: a trip that can just be caught at an access stop.
    out.clear();
    if (departures_s.empty()) return;
    const std::int32_t first = departures_s.front();
    const std::int32_t last = departures_s.back();
    const std::int32_t horizon = last + limits_.max_trip_s;
    for (const Link& a : access) {
        if (a.to >= n_stops_) continue;
        const auto [begin, end] = tt_.routes_at(a.to);
        for (auto it = begin; it != end; ++it) {
            const Timetable::Route& r = tt_.route(it->route);
            if (it->position + 1 >= r.stop_count) continue;  // nothing to ride from the end
            for (std::uint32_t t = tt_.earliest_trip(r, it->position, first + a.seconds);
                 t < r.trip_count; ++t) {
                const std::int32_t leave = tt_.event(r, t, it->position).departure_s - a.seconds;
                if (leave > horizon) break;
                if (tt_.can_board(r, t, it->position)) out.push_back(leave);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

void RangeRaptor::run(const AccessLinks& access, const std::vector<std::int32_t>& direct_s,
                      const std::vector<std::int32_t>& departures_s,
                      std::vector<std::int32_t>& out,
                      const std::vector<std::int32_t>* known_arrival_s,
                      const std::vector<std::int32_t>* candidates_s) {
    const std::size_t n_dep = departures_s.size();
    out.assign(groups_ * n_dep, unreachable_s);
    runs_ = 0;
    if (n_dep == 0) return;
    reset();
    if (candidates_s)
        candidates_ = *candidates_s;
    else
        departure_candidates(access, departures_s, candidates_);

    std::int32_t current = unreachable_s;
    for (std::size_t d = n_dep; d-- > 0;) {
        const std::int32_t t = departures_s[d];
        const auto it = std::lower_bound(candidates_.begin(), candidates_.end(), t);
        const bool transit = it != candidates_.end() && *it - t <= limits_.max_trip_s;
        if (known_arrival_s)  // labels at or after a known arrival cannot improve it
            for (std::size_t g = 0; g < groups_; ++g)
                best_[g] = std::min(best_[g], (*known_arrival_s)[g * n_dep + d]);
        if (transit && *it != current) {
            current = *it;
            run_at(access, current);
            ++runs_;
        }
        for (std::size_t g = 0; g < groups_; ++g) {
            std::int32_t arrival = unreachable_s;
            if (direct_s[g] != unreachable_s) arrival = t + direct_s[g];
            if ((transit || known_arrival_s) && best_[g] < arrival) arrival = best_[g];
            if (arrival != unreachable_s && arrival - t <= limits_.max_trip_s)
                out[g * n_dep + d] = arrival - t;
        }
    }
}

void RangeRaptor::run_at(const AccessLinks& access, std::int32_t depart_s) {
    const std::int32_t trip_bound = depart_s + limits_.max_trip_s;
    std::int32_t bound = std::min(trip_bound, target_bound() == unreachable_s ? trip_bound : target_bound() - 1);
    marked_.clear();
    for (const Link& a : access) {
        if (a.to >= n_stops_) continue;
        const std::int32_t t = depart_s + a.seconds;
        if (beyond(a.to, t, bound) || !(t < board_[a.to])) continue;
        if (!is_marked_[a.to]) {
            is_marked_[a.to] = 1;
            marked_.push_back(a.to);
            marked_old_.push_back(board_[a.to]);
        }
        improve_board(0, a.to, t);
    }

    for (std::size_t k = 1; k <= rounds_ && !marked_.empty(); ++k) {
        if (const std::int32_t tb = target_bound(); tb != unreachable_s && tb - 1 < bound) bound = tb - 1;
        const std::int32_t* board_prev = board_.data() + (k - 1) * n_stops_;
        std::int32_t* arrive_k = arrive_.data() + k * n_stops_;
        // Routes through the stops improved in the last round, from the earliest such stop;
        // only where the better label catches an earlier trip than the label the stop had
        // (otherwise the same trip was ridden from it before, in this run or a later one,
        // and every arrival it gives is already in the labels).
        queued_routes_.clear();
        for (std::size_t m = 0; m < marked_.size(); ++m) {
            const std::uint32_t s = marked_[m];
            is_marked_[s] = 0;
            const std::int32_t now = board_prev[s];
            const std::int32_t before = marked_old_[m];
            const auto [begin, end] = tt_.routes_at(s);
            for (auto it = begin; it != end; ++it) {
                const Timetable::Route& r = tt_.route(it->route);
                if (it->position + 1 >= r.stop_count) continue;
                const std::uint32_t catch_now = tt_.earliest_trip(r, it->position, now);
                if (catch_now == r.trip_count) continue;
                if (before != unreachable_s &&
                    tt_.earliest_trip(r, it->position, before) == catch_now)
                    continue;
                std::uint32_t& from = route_from_[it->route];
                if (from == none) queued_routes_.push_back(it->route);
                if (from == none || it->position < from) from = it->position;
            }
        }
        marked_.clear();
        marked_old_.clear();
        alighted_.clear();
        for (const std::uint32_t ri : queued_routes_) {
            const Timetable::Route& r = tt_.route(ri);
            const std::uint32_t start = route_from_[ri];
            route_from_[ri] = none;
            ++route_scans_;
            stop_visits_ += r.stop_count - start;
            std::uint32_t trip = r.trip_count;  // none yet
            for (std::uint32_t p = start; p < r.stop_count; ++p) {
                const std::uint32_t s = tt_.stop_at(r, p);
                if (trip < r.trip_count && tt_.can_alight(r, trip, p)) {
                    const std::int32_t a = tt_.event(r, trip, p).arrival_s;
                    if (a < arrive_k[s] && !beyond(s, a, bound)) {
                        touch(s);
                        for (std::size_t j = k; j <= rounds_; ++j) {
                            std::int32_t& x = arrive_[j * n_stops_ + s];
                            if (a < x)
                                x = a;
                            else
                                break;
                        }
                        if (!is_alighted_[s]) {
                            is_alighted_[s] = 1;
                            alighted_.push_back(s);
                        }
                    }
                }
                // Catch an earlier trip here?
                const std::int32_t ready = board_prev[s];
                if (ready == unreachable_s || p + 1 >= r.stop_count) continue;
                if (trip == r.trip_count) {
                    trip = tt_.earliest_trip(r, p, ready);
                } else if (ready <= tt_.event(r, trip, p).departure_s) {
                    // Usually the trip just before, if any: step back instead of searching.
                    for (std::uint32_t e = trip; e-- > 0;) {
                        if (tt_.event(r, e, p).departure_s < ready) break;
                        if (tt_.can_board(r, e, p)) trip = e;
                    }
                }
            }
        }
        // Egress to targets, then the walk (or none) to the next boarding.
        for (const std::uint32_t s : alighted_) {
            is_alighted_[s] = 0;
            const std::int32_t a = arrive_k[s];
            const auto [eb, ee] = egress_.from(s);
            for (const Link* e = eb; e != ee; ++e) {
                const std::int32_t t = a + e->seconds;
                if (t < best_[e->to]) best_[e->to] = t;
            }
            auto offer = [&](std::uint32_t u, std::int32_t t) {
                if (beyond(u, t, bound) || !(t < board_[k * n_stops_ + u])) return;
                if (!is_marked_[u]) {
                    is_marked_[u] = 1;
                    marked_.push_back(u);
                    marked_old_.push_back(board_[k * n_stops_ + u]);
                }
                improve_board(k, u, t);
            };
            offer(s, a);
            const auto [tb, te] = transfers_.from(s);
            for (const Link* l = tb; l != te; ++l) offer(l->to, a + l->seconds);
        }
    }
    for (const std::uint32_t s : marked_) is_marked_[s] = 0;
    marked_.clear();
    marked_old_.clear();
}

}  // namespace assetmap::transit
