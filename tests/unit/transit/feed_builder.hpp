#pragma once
// Hand-built GTFS feeds for the transit tests: stops on a metric grid, services by weekday,
// trips as lists of calls "HH:MM[:SS]". Pure values; no files.

#include <assetmap/core/gtfs_feed.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace assetmap::test {

struct Call {
    std::string stop;
    std::string arrive;
    std::string depart;  // "" = same as arrive
    bool pickup = true;
    bool drop_off = true;

    Call(std::string s, std::string a, std::string d = {}, bool p = true, bool o = true)
        : stop(std::move(s)), arrive(std::move(a)), depart(std::move(d)), pickup(p), drop_off(o) {}
};

class FeedBuilder {
public:
    explicit FeedBuilder(std::string name = "feed") { feed_.name = std::move(name); }

    /// A stop at (x_m, y_m) in the metric CRS.
    FeedBuilder& stop(const std::string& id, double x_m, double y_m) {
        GtfsStop s;
        s.id = id;
        s.name = "Stop " + id;
        s.lonlat = {std::nan(""), std::nan("")};
        s.location = {x_m, y_m};
        feed_.stops.push_back(s);
        return *this;
    }
    /// A service running on the weekdays of `mask` (bit 0 = Monday) in [start, end].
    FeedBuilder& service(const std::string& id, unsigned mask, Date start = {2024, 1, 1},
                         Date end = {2024, 12, 31}) {
        GtfsService s;
        s.id = id;
        s.weekdays = static_cast<std::uint8_t>(mask);
        s.start = start;
        s.end = end;
        feed_.services.push_back(s);
        return *this;
    }
    FeedBuilder& route(const std::string& id, const std::string& short_name) {
        GtfsRoute r;
        r.id = id;
        r.short_name = short_name;
        feed_.routes.push_back(r);
        return *this;
    }
    FeedBuilder& trip(const std::string& id, const std::string& route, const std::string& service,
                      const std::vector<Call>& calls) {
        GtfsTrip t;
        t.id = id;
        t.route = index_of(feed_.routes, route);
        t.service = index_of(feed_.services, service);
        t.first_stop_time = static_cast<std::uint32_t>(feed_.stop_times.size());
        t.stop_time_count = static_cast<std::uint32_t>(calls.size());
        for (const Call& c : calls) {
            GtfsStopTime st;
            st.stop = index_of(feed_.stops, c.stop);
            st.arrival_s = clock(c.arrive);
            st.departure_s = c.depart.empty() ? st.arrival_s : clock(c.depart);
            st.pickup = c.pickup;
            st.drop_off = c.drop_off;
            feed_.stop_times.push_back(st);
        }
        feed_.trips.push_back(t);
        return *this;
    }
    FeedBuilder& frequency(const std::string& trip, const std::string& start,
                           const std::string& end, std::int32_t headway_s) {
        feed_.frequencies.push_back(
            {index_of(feed_.trips, trip), clock(start), clock(end), headway_s, true});
        return *this;
    }
    GtfsFeed& feed() { return feed_; }
    GtfsFeed build() const { return feed_; }

    static std::int32_t clock(const std::string& hhmm) {
        const auto t = parse_clock_s(hhmm);
        if (!t) throw std::invalid_argument("bad clock " + hhmm);
        return *t;
    }

private:
    template <class T>
    static std::uint32_t index_of(const std::vector<T>& v, const std::string& id) {
        for (std::uint32_t i = 0; i < v.size(); ++i)
            if (v[i].id == id) return i;
        throw std::invalid_argument("unknown id " + id);
    }
    GtfsFeed feed_;
};

/// Seconds after midnight of "HH:MM[:SS]".
inline std::int32_t hm(const std::string& s) { return FeedBuilder::clock(s); }

}  // namespace assetmap::test
