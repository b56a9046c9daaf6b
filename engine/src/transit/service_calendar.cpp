/// @file Service calendars (see service_calendar.hpp).

#include <assetmap/transit/service_calendar.hpp>

#include <algorithm>

namespace assetmap::transit {

bool runs_on(const GtfsService& s, const Date& date) {
    for (const Date& d : s.removed)
        if (d == date) return false;
    for (const Date& d : s.added)
        if (d == date) return true;
    if (!s.start || !s.end) return false;
    if (date < *s.start || *s.end < date) return false;
    return (s.weekdays >> date.weekday()) & 1u;
}

std::optional<std::pair<Date, Date>> service_range(const GtfsFeed& feed) {
    std::optional<std::pair<Date, Date>> out;
    auto widen = [&](const Date& a, const Date& b) {
        if (!out)
            out = std::make_pair(a, b);
        else {
            if (a < out->first) out->first = a;
            if (out->second < b) out->second = b;
        }
    };
    for (const GtfsService& s : feed.services) {
        if (s.start && s.end && s.weekdays) widen(*s.start, *s.end);
        for (const Date& d : s.added) widen(d, d);
    }
    return out;
}

namespace {

/// Trips per service index of one feed.
std::vector<std::size_t> trips_per_service(const GtfsFeed& feed) {
    std::vector<std::size_t> n(feed.services.size(), 0);
    for (const GtfsTrip& t : feed.trips) ++n[t.service];
    return n;
}

}  // namespace

std::size_t trips_running(const std::vector<GtfsFeed>& feeds, const Date& date) {
    std::size_t total = 0;
    for (const GtfsFeed& f : feeds) {
        const auto per = trips_per_service(f);
        for (std::size_t s = 0; s < f.services.size(); ++s)
            if (per[s] && runs_on(f.services[s], date)) total += per[s];
    }
    return total;
}

std::optional<Date> first_full_day(const std::vector<GtfsFeed>& feeds,
                                   const std::vector<int>& weekdays) {
    if (feeds.empty()) return std::nullopt;
    std::optional<std::pair<Date, Date>> common;
    for (const GtfsFeed& f : feeds) {
        const auto r = service_range(f);
        if (!r) return std::nullopt;
        if (!common) {
            common = r;
        } else {
            if (common->first < r->first) common->first = r->first;
            if (r->second < common->second) common->second = r->second;
        }
    }
    if (common->second < common->first) return std::nullopt;
    std::vector<std::vector<std::size_t>> per;
    for (const GtfsFeed& f : feeds) per.push_back(trips_per_service(f));
    std::optional<Date> best;
    std::size_t best_trips = 0;
    for (std::int64_t day = common->first.days(); day <= common->second.days(); ++day) {
        const Date date = Date::from_days(day);
        if (std::find(weekdays.begin(), weekdays.end(), date.weekday()) == weekdays.end())
            continue;
        std::size_t n = 0;
        for (std::size_t k = 0; k < feeds.size(); ++k)
            for (std::size_t s = 0; s < feeds[k].services.size(); ++s)
                if (per[k][s] && runs_on(feeds[k].services[s], date)) n += per[k][s];
        if (n > best_trips) {
            best_trips = n;
            best = date;
        }
    }
    return best;
}

}  // namespace assetmap::transit
