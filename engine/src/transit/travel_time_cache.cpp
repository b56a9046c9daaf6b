/// @file TravelTimeCache (travel_time_cache.hpp).

#include <assetmap/transit/travel_time_cache.hpp>

#include <assetmap/transit/range_raptor.hpp>

#include "parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <queue>
#include <stdexcept>

namespace assetmap::transit {

namespace {

bool point_less(const PointM& a, const PointM& b) {
    return a.x_m < b.x_m || (a.x_m == b.x_m && a.y_m < b.y_m);
}

std::vector<PointM> sorted_targets(const std::vector<PointM>& points) {
    std::vector<PointM> out;
    out.reserve(points.size());
    for (const PointM& p : points)  // as TargetGroups: non-finite points are no targets
        if (std::isfinite(p.x_m) && std::isfinite(p.y_m)) out.push_back(p);
    std::sort(out.begin(), out.end(), point_less);
    return out;
}

/// a − b of two sorted lists, as multisets.
std::vector<PointM> minus(const std::vector<PointM>& a, const std::vector<PointM>& b) {
    std::vector<PointM> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out),
                        point_less);
    return out;
}

bool has_links(const LinkTable& t) { return t.link_count() > 0; }

/// One group's search state per window (a RangeRaptor needs its tables for its lifetime).
struct GroupSearch {
    std::unique_ptr<TargetGroups> targets;
    bool transit = false;  ///< some stop leads to a target
};

GroupSearch make_search(const TransitModel& model, const std::vector<PointM>& points,
                        unsigned threads) {
    GroupSearch s;
    s.targets = std::make_unique<TargetGroups>(model, std::vector<std::vector<PointM>>{points},
                                               threads);
    s.transit = has_links(s.targets->egress());
    return s;
}

/// Lower bounds of the seconds from each stop to the targets of `egress` (group 0):
/// Dijkstra backwards from the egress walks over `reverse` (rides without waiting, walks).
std::vector<std::int32_t> lower_bounds(const std::vector<std::uint32_t>& first,
                                       const std::vector<Link>& reverse, const LinkTable& egress) {
    const std::size_t n = first.size() - 1;
    std::vector<std::int32_t> dist(n, unreachable_s);
    using Item = std::pair<std::int32_t, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    for (std::uint32_t s = 0; s < egress.from_count() && s < n; ++s) {
        const auto [b, e] = egress.from(s);
        for (const Link* l = b; l != e; ++l)
            if (l->seconds < dist[s]) dist[s] = l->seconds;
        if (dist[s] != unreachable_s) queue.push({dist[s], s});
    }
    while (!queue.empty()) {
        const auto [d, v] = queue.top();
        queue.pop();
        if (d != dist[v]) continue;
        for (std::uint32_t i = first[v]; i < first[v + 1]; ++i) {
            const Link& l = reverse[i];
            const std::int32_t t = d + l.seconds;
            if (t < dist[l.to]) {
                dist[l.to] = t;
                queue.push({t, l.to});
            }
        }
    }
    return dist;
}

}  // namespace

const TravelTimeCache::ReverseLinks& TravelTimeCache::reverse_links(std::size_t wi) {
    if (reverse_.size() != windows_.size()) reverse_.assign(windows_.size(), {});
    ReverseLinks& r = reverse_[wi];
    if (!r.first.empty()) return r;
    const WindowTimetable& wt = model_.windows().at(windows_[wi]);
    const Timetable& tt = wt.timetable;
    const std::size_t n = tt.stop_count();
    std::vector<std::vector<Link>> into(n);
    for (std::uint32_t ri = 0; ri < tt.route_count(); ++ri) {
        const Timetable::Route& route = tt.route(ri);
        for (std::uint32_t p = 0; p + 1 < route.stop_count; ++p) {
            std::int32_t fastest = unreachable_s;
            for (std::uint32_t t = 0; t < route.trip_count; ++t)
                fastest = std::min(fastest, std::max(0, tt.event(route, t, p + 1).arrival_s -
                                                            tt.event(route, t, p).departure_s));
            if (fastest != unreachable_s)
                into[tt.stop_at(route, p + 1)].push_back({tt.stop_at(route, p), fastest, 0.0f});
        }
    }
    for (std::uint32_t s = 0; s < wt.transfers.from_count() && s < n; ++s) {
        const auto [b, e] = wt.transfers.from(s);
        for (const Link* l = b; l != e; ++l)
            if (l->to < n) into[l->to].push_back({s, l->seconds, l->walk_m});
    }
    r.first.assign(n + 1, 0);
    for (std::size_t s = 0; s < n; ++s) {
        r.first[s + 1] = r.first[s] + static_cast<std::uint32_t>(into[s].size());
        r.links.insert(r.links.end(), into[s].begin(), into[s].end());
    }
    return r;
}

TravelTimes TravelTimeCache::medians(const std::vector<PointM>& origins,
                                     const std::vector<std::string>& names,
                                     const std::vector<std::vector<PointM>>& groups,
                                     unsigned threads, const ProgressFn& progress,
                                     const std::vector<std::size_t>& window_subset,
                                     std::int32_t max_trip_s) {
    work_ = {};
    std::vector<std::size_t> windows = window_subset;
    if (windows.empty())
        for (std::size_t i = 0; i < model_.windows().size(); ++i) windows.push_back(i);
    std::int32_t trip_s = model_.limits().max_trip_s;
    if (max_trip_s > 0 && max_trip_s < trip_s) trip_s = max_trip_s;
    if (origins != origins_ || windows != windows_ || trip_s != max_trip_s_) {
        groups_.clear();
        access_.clear();
        places_.clear();
        access_links_.clear();
        candidates_.clear();
        candidates_known_.clear();
        reverse_.clear();
        origins_ = origins;
        windows_ = windows;
        max_trip_s_ = trip_s;
        offset_.clear();
        stride_ = 0;
        for (const std::size_t wi : windows_) {
            offset_.push_back(stride_);
            stride_ += model_.windows().at(wi).departures_s.size();
        }
    }

    // Which groups are new (searched in full, together) and which are kept or updated.
    std::vector<std::string> full_names;
    std::vector<std::vector<PointM>> full_points;
    if (names.size() != groups.size())
        throw std::invalid_argument("TravelTimeCache: one name per group");
    for (std::size_t g = 0; g < names.size(); ++g)  // before anything changes
        if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(g), names[g]) !=
            names.begin() + static_cast<std::ptrdiff_t>(g))
            throw std::invalid_argument("TravelTimeCache: group " + names[g] + " named twice");
    for (std::size_t g = 0; g < names.size(); ++g) {
        std::vector<PointM> targets = sorted_targets(groups[g]);
        const auto it = groups_.find(names[g]);
        if (it == groups_.end()) {
            full_names.push_back(names[g]);
            full_points.push_back(groups[g]);
            groups_[names[g]].targets = std::move(targets);
        } else if (it->second.targets == targets) {
            ++work_.reused_groups;
        } else {
            update(it->second, targets, threads);
            ++work_.updated_groups;
        }
    }
    if (!full_names.empty() || access_.size() != origins_.size()) {
        const TargetGroups targets(model_, full_points, threads);
        DepartureTimes keep;
        const TravelTimes full = travel_time_medians(model_, targets, origins_, threads, progress,
                                                     windows_, max_trip_s, &keep);
        access_ = full.access;
        raptor_runs_ = full.raptor_runs;
        for (std::size_t g = 0; g < full_names.size(); ++g)
            groups_[full_names[g]].seconds = std::move(keep.seconds[g]);
        work_.full_groups = full_names.size();
    }

    TravelTimes out;
    out.origins = origins_.size();
    out.windows = windows_.size();
    out.groups = names.size();
    out.median_s.assign(out.origins * out.windows * out.groups, unreachable_s);
    out.access = access_;
    out.raptor_runs = raptor_runs_;
    std::vector<std::int32_t> column;
    for (std::size_t g = 0; g < names.size(); ++g) {
        const std::vector<std::int32_t>& s = groups_.at(names[g]).seconds;
        for (std::size_t o = 0; o < out.origins; ++o)
            for (std::size_t wi = 0; wi < out.windows; ++wi) {
                const std::size_t n = model_.windows()[windows_[wi]].departures_s.size();
                const auto begin = s.begin() + static_cast<std::ptrdiff_t>(o * stride_ + offset_[wi]);
                column.assign(begin, begin + static_cast<std::ptrdiff_t>(n));
                out.median_s[(o * out.windows + wi) * out.groups + g] = lower_median(column);
            }
    }
    return out;
}

void TravelTimeCache::update(Group& group, const std::vector<PointM>& targets, unsigned threads) {
    const std::vector<PointM> removed = minus(group.targets, targets);
    const std::vector<PointM> added = minus(targets, group.targets);
    group.targets = targets;
    RaptorLimits limits = model_.limits();
    limits.max_trip_s = max_trip_s_;
    const GroupSearch r = removed.empty() ? GroupSearch{} : make_search(model_, removed, threads);
    const GroupSearch a = added.empty() ? GroupSearch{} : make_search(model_, added, threads);

    // The origins' places and walks to stops, once.
    if (places_.size() != origins_.size()) {
        places_.assign(origins_.size(), {});
        access_links_.assign(origins_.size(), {});
        candidates_.assign(origins_.size() * windows_.size(), {});
        candidates_known_.assign(origins_.size() * windows_.size(), 0);
        detail::parallel_items(origins_.size(), threads, 16, [&](std::size_t o) {
            places_[o] = model_.walker().place(origins_[o]);
            access_links_[o] = model_.access(places_[o]);
        });
    }
    // A walk is never shorter than the straight line (nor than it × the detour factor off
    // the network): origins farther than that from every target of a set walk to none.
    const double reach_m =
        model_.settings().max_walk_m / std::min(1.0, model_.walker().detour_factor());
    auto near_any = [&](const std::vector<PointM>& set, std::size_t o) {
        for (const PointM& p : set)
            if (std::hypot(p.x_m - origins_[o].x_m, p.y_m - origins_[o].y_m) <= reach_m * (1 + 1e-9) + 1e-6)
                return true;
        return false;
    };
    auto direct_to = [&](const GroupSearch& g, const std::vector<PointM>& set, std::size_t o,
                         std::vector<std::int32_t>& out) {
        if (near_any(set, o))
            g.targets->direct(places_[o], out);
        else
            out.assign(1, unreachable_s);
    };

    // Lower bounds to the removed and to the added targets, per window.
    std::vector<std::vector<std::int32_t>> lb_removed(windows_.size()), lb_added(windows_.size());
    for (std::size_t wi = 0; wi < windows_.size(); ++wi) {
        const ReverseLinks& rl = reverse_links(wi);
        if (r.transit) lb_removed[wi] = lower_bounds(rl.first, rl.links, r.targets->egress());
        if (a.transit) lb_added[wi] = lower_bounds(rl.first, rl.links, a.targets->egress());
    }

    struct Worker {
        std::vector<std::unique_ptr<RangeRaptor>> to_removed, to_added, to_all;  // per window
        std::vector<std::int32_t> direct, known, times;
    };
    auto raptors = [&](const GroupSearch& s) {
        std::vector<std::unique_ptr<RangeRaptor>> out;
        if (s.targets && s.transit)
            for (const std::size_t wi : windows_) {
                const WindowTimetable& wt = model_.windows().at(wi);
                out.push_back(std::make_unique<RangeRaptor>(wt.timetable, wt.transfers,
                                                            s.targets->egress(), 1, limits));
            }
        return out;
    };
    // Times to `s` for window `wi` (index into windows_) given the known arrivals; a group no
    // stop leads to is reached on foot only.
    auto search = [&](Worker& w, std::vector<std::unique_ptr<RangeRaptor>>& rs,
                      const GroupSearch& s, std::size_t o, std::size_t wi,
                      const std::vector<std::int32_t>* known) {
        const auto& deps = model_.windows()[windows_[wi]].departures_s;
        if (s.transit) {
            // The candidate departures of an origin depend on its access only: kept.
            const AccessLinks& access = access_links_[o];
            const std::size_t k = o * windows_.size() + wi;
            if (!candidates_known_[k]) {
                rs[wi]->departure_candidates(access, deps, candidates_[k]);
                candidates_known_[k] = 1;
            }
            rs[wi]->run(access, w.direct, deps, w.times, known, &candidates_[k]);
            return;
        }
        w.times.assign(deps.size(), unreachable_s);
        for (std::size_t d = 0; d < deps.size(); ++d) {
            std::int32_t arrival = known ? (*known)[d] : unreachable_s;
            if (w.direct[0] != unreachable_s) arrival = std::min(arrival, deps[d] + w.direct[0]);
            if (arrival != unreachable_s && arrival - deps[d] <= max_trip_s_)
                w.times[d] = arrival - deps[d];
        }
    };
    // The kept arrival of each departure (+ `plus`), or just beyond max_trip when none:
    // ascending with the departure, as RangeRaptor needs.
    auto known_arrivals = [&](std::vector<std::int32_t>& known, std::size_t o, std::size_t wi,
                              std::int32_t plus) {
        const auto& deps = model_.windows()[windows_[wi]].departures_s;
        known.resize(deps.size());
        const std::int32_t* kept = group.seconds.data() + o * stride_ + offset_[wi];
        for (std::size_t d = 0; d < deps.size(); ++d)
            known[d] = kept[d] == unreachable_s ? deps[d] + max_trip_s_ + 1 : deps[d] + kept[d] + plus;
    };

    std::vector<char> dirty(origins_.size(), 0);
    std::atomic<std::size_t> dirty_count{0};
    detail::parallel_chunks<Worker>(
        origins_.size(), threads, 4,
        [&] {
            auto w = std::make_unique<Worker>();
            w->to_removed = raptors(r);
            w->to_added = raptors(a);
            for (std::size_t wi = 0; wi < w->to_removed.size(); ++wi)
                w->to_removed[wi]->set_lower_bounds(&lb_removed[wi]);
            for (std::size_t wi = 0; wi < w->to_added.size(); ++wi)
                w->to_added[wi]->set_lower_bounds(&lb_added[wi]);
            return w;
        },
        [&](Worker& w, std::size_t o) {
            if (r.targets) {
                // Could a removed target end a kept journey? Then search this origin again.
                direct_to(r, removed, o, w.direct);
                for (std::size_t wi = 0; wi < windows_.size() && !dirty[o]; ++wi) {
                    known_arrivals(w.known, o, wi, 1);
                    search(w, w.to_removed, r, o, wi, &w.known);
                    const std::int32_t* kept = group.seconds.data() + o * stride_ + offset_[wi];
                    for (std::size_t d = 0; d < w.times.size(); ++d)
                        if (kept[d] != unreachable_s && w.times[d] <= kept[d]) dirty[o] = 1;
                }
                if (dirty[o]) {
                    ++dirty_count;
                    return;
                }
            }
            if (!a.targets) return;
            direct_to(a, added, o, w.direct);
            for (std::size_t wi = 0; wi < windows_.size(); ++wi) {
                known_arrivals(w.known, o, wi, 0);
                search(w, w.to_added, a, o, wi, &w.known);
                std::copy(w.times.begin(), w.times.end(),
                          group.seconds.begin() +
                              static_cast<std::ptrdiff_t>(o * stride_ + offset_[wi]));
            }
        });
    work_.dirty_origins += dirty_count.load();
    if (dirty_count.load() == 0) return;

    // The dirty origins: a full search of the new targets.
    const GroupSearch all = make_search(model_, targets, threads);
    std::vector<std::vector<std::int32_t>> lb_all(windows_.size());
    if (all.transit)
        for (std::size_t wi = 0; wi < windows_.size(); ++wi) {
            const ReverseLinks& rl = reverse_links(wi);
            lb_all[wi] = lower_bounds(rl.first, rl.links, all.targets->egress());
        }
    std::vector<std::size_t> again;
    for (std::size_t o = 0; o < origins_.size(); ++o)
        if (dirty[o]) again.push_back(o);
    detail::parallel_chunks<Worker>(
        again.size(), threads, 2,
        [&] {
            auto w = std::make_unique<Worker>();
            w->to_all = raptors(all);
            for (std::size_t wi = 0; wi < w->to_all.size(); ++wi)
                w->to_all[wi]->set_lower_bounds(&lb_all[wi]);
            return w;
        },
        [&](Worker& w, std::size_t i) {
            const std::size_t o = again[i];
            all.targets->direct(places_[o], w.direct);
            for (std::size_t wi = 0; wi < windows_.size(); ++wi) {
                search(w, w.to_all, all, o, wi, nullptr);
                std::copy(w.times.begin(), w.times.end(),
                          group.seconds.begin() +
                              static_cast<std::ptrdiff_t>(o * stride_ + offset_[wi]));
            }
        });
}

}  // namespace assetmap::transit
