/// @file Preparing a study for public-transport routing (see transit_model.hpp).

#include <assetmap/transit/transit_model.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/transit/service_calendar.hpp>

#include "parallel.hpp"

#include <cmath>

namespace assetmap::transit {

namespace {

void check_settings(const TransitSettings& s) {
    auto positive = [](double v, const char* what) {
        if (!(std::isfinite(v) && v > 0))
            throw config_error(std::string("[transit] ") + what + " must be a number > 0");
    };
    positive(s.max_walk_m, "max_walk_m");
    positive(s.max_transfer_m, "max_transfer_m");
    positive(s.walk_speed_kmh, "walk_speed_kmh");
    positive(s.max_trip_minutes, "max_trip_minutes");
    if (!(s.detour_factor >= 1.0 && std::isfinite(s.detour_factor)))
        throw config_error("[transit] detour_factor must be a number >= 1");
    if (!(s.step_minutes >= 1.0 && s.step_minutes == std::floor(s.step_minutes)))
        throw config_error("[transit] step_minutes must be a whole number of minutes >= 1");
    if (s.max_transfers < 0 || s.max_transfers > 10)
        throw config_error("[transit] max_transfers must be between 0 and 10");
    if (s.feeds.empty()) throw config_error("[transit] needs at least one feed");
    for (std::size_t i = 0; i < s.windows.size(); ++i) {
        const std::string& n = s.windows[i].name;
        bool ok = !n.empty() && n[0] >= 'a' && n[0] <= 'z';
        for (char c : n) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
        if (!ok)
            throw config_error("[transit] window name '" + n + "' must start with a-z and hold "
                               "only a-z, 0-9 and _ (it becomes part of column names)");
        for (std::size_t j = 0; j < i; ++j)
            if (s.windows[j].name == n)
                throw config_error("[transit] window '" + n + "' is defined twice");
    }
}

std::string day_names(const std::vector<int>& days) {
    std::string out;
    for (int d : days) out += (out.empty() ? "" : "/") + std::string(weekday_name(d));
    return out;
}

Date choose(const std::vector<GtfsFeed>& feeds, const std::vector<int>& days) {
    if (auto d = first_full_day(feeds, days)) return *d;
    throw config_error("[transit]: no " + day_names(days) +
                       " on which trips of every feed run (the feeds' service ranges do not "
                       "overlap, or no trip runs on such a day); set [transit] date = "
                       "\"YYYY-MM-DD\"");
}

}  // namespace

TransitModel::TransitModel(const TransitData& data, const network::WalkGraph* graph,
                           const network::Snapper* snapper, double snap_limit_m,
                           unsigned threads)
    : data_(&data),
      walker_(graph, snapper, snap_limit_m, data.settings.detour_factor) {
    const TransitSettings& s = data.settings;
    check_settings(s);
    date_ = s.date ? *s.date : choose(data.feeds, {0, 1, 2, 3, 4});

    stops_ = StopSet::merge(data.feeds);
    std::vector<PointM> locations;
    locations.reserve(stops_.stops.size());
    for (const TransitStop& st : stops_.stops) locations.push_back(st.location);
    stop_places_.resize(locations.size());
    detail::parallel_items(locations.size(), threads, 256,
                           [&](std::size_t i) { stop_places_[i] = walker_.place(locations[i]); });
    stop_index_ = spatial::PointIndex(locations);

    std::vector<std::vector<Link>> lists(stop_places_.size());
    detail::parallel_items(stop_places_.size(), threads, 64, [&](std::size_t i) {
        thread_local std::vector<WalkLink> found;
        walker_.within(stop_places_[i], stop_places_, stop_index_, s.max_transfer_m, found);
        std::vector<WalkLink> others;
        for (const WalkLink& w : found)
            if (w.to != i) others.push_back(w);
        lists[i] = to_links(others, s.walk_speed_kmh);
    });
    transfers_ = LinkTable(lists);

    std::vector<DepartureWindow> windows = s.windows;
    if (windows.empty()) windows.push_back({"weekday_am", 7 * 3600, 9 * 3600, {}, {}});
    const auto step_s = static_cast<std::int32_t>(s.step_minutes * 60);
    const auto max_trip_s = static_cast<std::int32_t>(std::lround(s.max_trip_minutes * 60));
    for (const DepartureWindow& w : windows) {
        WindowTimetable wt;
        wt.window = w;
        wt.date = w.date ? *w.date : w.weekday ? choose(data.feeds, {*w.weekday}) : date_;
        for (std::int32_t t = w.start_s; t < w.end_s; t += step_s) wt.departures_s.push_back(t);
        if (wt.departures_s.empty())
            throw config_error("[transit] window '" + w.name + "' has no departure: its end must "
                               "be after its start");
        wt.timetable = Timetable(data.feeds, stops_, wt.date, w.start_s,
                                 wt.departures_s.back() + max_trip_s);
        wt.transfers = transfers_for(wt.timetable);
        windows_.push_back(std::move(wt));
    }
}

TransitModel::~TransitModel() = default;

std::size_t TransitModel::find_window(const std::string& name) const {
    for (std::size_t i = 0; i < windows_.size(); ++i)
        if (windows_[i].window.name == name) return i;
    return windows_.size();
}

RaptorLimits TransitModel::limits() const {
    RaptorLimits l;
    l.max_transfers = settings().max_transfers;
    l.max_trip_s = static_cast<std::int32_t>(std::lround(settings().max_trip_minutes * 60));
    return l;
}

AccessLinks TransitModel::access(const WalkPlace& origin) const {
    thread_local std::vector<WalkLink> found;
    walker_.within(origin, stop_places_, stop_index_, settings().max_walk_m, found);
    return to_links(found, settings().walk_speed_kmh);
}

LinkTable TransitModel::transfers_for(const Timetable& timetable) const {
    std::vector<std::vector<Link>> lists(transfers_.from_count());
    for (std::uint32_t s = 0; s < transfers_.from_count(); ++s) {
        const auto [b, e] = transfers_.from(s);
        for (const Link* l = b; l != e; ++l) {
            const auto [rb, re] = timetable.routes_at(l->to);
            if (rb != re) lists[s].push_back(*l);
        }
    }
    return LinkTable(lists);
}

Timetable TransitModel::day_timetable(const Date& date) const {
    return Timetable(data_->feeds, stops_, date, 0, 48 * 3600);
}

}  // namespace assetmap::transit
