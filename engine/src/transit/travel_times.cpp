/// @file Median travel times from many origins (see travel_times.hpp).

#include <assetmap/transit/travel_times.hpp>

#include "parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

namespace assetmap::transit {

TargetGroups::TargetGroups(const TransitModel& model,
                           const std::vector<std::vector<PointM>>& groups, unsigned threads)
    : model_(model), group_count_(groups.size()) {
    std::vector<PointM> points;
    for (std::uint32_t g = 0; g < groups.size(); ++g)
        for (const PointM& p : groups[g]) {
            if (!std::isfinite(p.x_m) || !std::isfinite(p.y_m)) continue;
            points.push_back(p);
            group_of_.push_back(g);
        }
    places_.resize(points.size());
    detail::parallel_items(points.size(), threads, 64,
                           [&](std::size_t i) { places_[i] = model.walker().place(points[i]); });
    index_ = spatial::PointIndex(points);

    // Walks from each target to the stops near it; walking is symmetric.
    const double limit = model.settings().max_walk_m;
    std::vector<std::vector<WalkLink>> near(places_.size());
    detail::parallel_items(places_.size(), threads, 16, [&](std::size_t i) {
        model.walker().within(places_[i], model.stop_places(), model.stop_index(), limit, near[i]);
    });
    // Per stop and group, the nearest target (serial, in target order: deterministic).
    const std::size_t n_stops = model.stop_places().size();
    std::vector<std::vector<Link>> lists(n_stops);
    const double speed = model.walk_speed_kmh();
    for (std::size_t i = 0; i < places_.size(); ++i)
        for (const WalkLink& w : near[i]) {
            auto& list = lists[w.to];
            const std::uint32_t g = group_of_[i];
            auto it = std::find_if(list.begin(), list.end(), [&](const Link& l) { return l.to == g; });
            if (it == list.end())
                list.push_back({g, walk_seconds(w.walk_m, speed), static_cast<float>(w.walk_m)});
            else if (w.walk_m < it->walk_m)
                *it = {g, walk_seconds(w.walk_m, speed), static_cast<float>(w.walk_m)};
        }
    for (auto& list : lists)
        std::sort(list.begin(), list.end(), [](const Link& a, const Link& b) { return a.to < b.to; });
    egress_ = LinkTable(lists);
}

void TargetGroups::direct(const WalkPlace& origin, std::vector<std::int32_t>& seconds,
                          std::vector<double>* metres) const {
    thread_local std::vector<WalkLink> found;
    model_.walker().within(origin, places_, index_, model_.settings().max_walk_m, found);
    std::vector<double> best(group_count_, std::numeric_limits<double>::infinity());
    for (const WalkLink& w : found) best[group_of_[w.to]] = std::min(best[group_of_[w.to]], w.walk_m);
    seconds.assign(group_count_, unreachable_s);
    for (std::size_t g = 0; g < group_count_; ++g)
        if (std::isfinite(best[g])) seconds[g] = walk_seconds(best[g], model_.walk_speed_kmh());
    if (metres) *metres = std::move(best);
}

std::int32_t lower_median(std::vector<std::int32_t>& values) {
    if (values.empty()) return unreachable_s;
    const std::size_t k = (values.size() - 1) / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

TravelTimes travel_time_medians(const TransitModel& model, const TargetGroups& targets,
                                const std::vector<PointM>& origins, unsigned threads,
                                const ProgressFn& progress,
                                const std::vector<std::size_t>& window_subset,
                                std::int32_t max_trip_s, DepartureTimes* keep) {
    std::vector<std::size_t> windows = window_subset;
    if (windows.empty())
        for (std::size_t i = 0; i < model.windows().size(); ++i) windows.push_back(i);
    TravelTimes out;
    out.origins = origins.size();
    out.windows = windows.size();
    out.groups = targets.size();
    out.median_s.assign(out.origins * out.windows * out.groups, unreachable_s);
    out.access.resize(out.origins);
    std::atomic<std::size_t> runs{0}, scans{0}, visits{0};
    if (keep) {
        keep->offset.clear();
        keep->stride = 0;
        for (const std::size_t wi : windows) {
            keep->offset.push_back(keep->stride);
            keep->stride += model.windows().at(wi).departures_s.size();
        }
        keep->seconds.assign(out.groups, std::vector<std::int32_t>(out.origins * keep->stride,
                                                                   unreachable_s));
    }

    struct Worker {
        std::vector<std::unique_ptr<RangeRaptor>> raptors;  // one per window
        std::vector<std::int32_t> direct, times, column;
        std::atomic<std::size_t>* scans = nullptr;
        std::atomic<std::size_t>* visits = nullptr;
        ~Worker() {
            for (const auto& r : raptors) {
                *scans += r->route_scans();
                *visits += r->stop_visits();
            }
        }
    };
    RaptorLimits limits = model.limits();
    if (max_trip_s > 0 && max_trip_s < limits.max_trip_s) limits.max_trip_s = max_trip_s;
    detail::parallel_chunks<Worker>(
        origins.size(), threads, 4,
        [&] {
            auto w = std::make_unique<Worker>();
            w->scans = &scans;
            w->visits = &visits;
            for (const std::size_t wi : windows) {
                const WindowTimetable& wt = model.windows().at(wi);
                w->raptors.push_back(std::make_unique<RangeRaptor>(
                    wt.timetable, wt.transfers, targets.egress(), targets.size(), limits));
            }
            return w;
        },
        [&](Worker& w, std::size_t o) {
            const WalkPlace place = model.walker().place(origins[o]);
            const AccessLinks access = model.access(place);
            OriginAccess& acc = out.access[o];
            acc.on_network = place.on_network;
            acc.stops_in_reach = static_cast<std::uint32_t>(access.size());
            acc.nearest_stop_m = std::numeric_limits<double>::infinity();
            for (const Link& l : access)
                acc.nearest_stop_m = std::min(acc.nearest_stop_m, static_cast<double>(l.walk_m));
            targets.direct(place, w.direct);
            for (std::size_t wi = 0; wi < out.windows; ++wi) {
                const auto& deps = model.windows()[windows[wi]].departures_s;
                w.raptors[wi]->run(access, w.direct, deps, w.times);
                runs += w.raptors[wi]->last_runs();
                for (std::size_t g = 0; g < out.groups; ++g) {
                    if (keep)
                        std::copy(w.times.begin() + static_cast<std::ptrdiff_t>(g * deps.size()),
                                  w.times.begin() + static_cast<std::ptrdiff_t>((g + 1) * deps.size()),
                                  keep->seconds[g].begin() +
                                      static_cast<std::ptrdiff_t>(o * keep->stride + keep->offset[wi]));
                    w.column.assign(w.times.begin() + static_cast<std::ptrdiff_t>(g * deps.size()),
                                    w.times.begin() + static_cast<std::ptrdiff_t>((g + 1) * deps.size()));
                    out.median_s[(o * out.windows + wi) * out.groups + g] = lower_median(w.column);
                }
            }
        },
        [&](std::size_t done) { report_progress(progress, "public transport", done, origins.size()); });
    out.raptor_runs = runs.load();
    out.route_scans = scans.load();
    out.stop_visits = visits.load();
    return out;
}

}  // namespace assetmap::transit

