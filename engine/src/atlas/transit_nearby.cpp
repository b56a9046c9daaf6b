/// @file "What can I reach from here by public transport" (see transit_nearby.hpp).

#include <assetmap/atlas/transit_nearby.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/spatial/point_index.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

namespace assetmap::atlas {

struct TransitNearbyFinder::Impl {
    const StudyData& data;
    const Taxonomy& taxonomy;
    std::unique_ptr<transit::TransitModel> model;
    std::vector<transit::WalkPlace> asset_places;
    spatial::PointIndex asset_index;
    transit::LinkTable egress;  ///< stop → assets
    struct Day {
        transit::Timetable timetable;
        transit::LinkTable transfers;
    };
    mutable std::mutex mutex;
    mutable std::map<std::int64_t, std::shared_ptr<const Day>> days;

    Impl(const StudyData& d, const Taxonomy& t) : data(d), taxonomy(t) {}

    std::shared_ptr<const Day> day(const Date& date) const {
        std::lock_guard<std::mutex> lock(mutex);
        auto& slot = days[date.days()];
        if (!slot) {
            auto d = std::make_shared<Day>();
            d->timetable = model->day_timetable(date);
            d->transfers = model->transfers_for(d->timetable);
            slot = std::move(d);
        }
        return slot;
    }
};

TransitNearbyFinder::TransitNearbyFinder(const StudyData& data, const Taxonomy& taxonomy,
                                         const network::WalkGraph* graph,
                                         const network::Snapper* snapper, unsigned threads)
    : impl_(std::make_unique<Impl>(data, taxonomy)) {
    if (!data.transit)
        throw config_error("the study has no [transit] section; add one with the GTFS feeds "
                           "(README, \"Public transport\") to use public-transport journeys");
    impl_->model = std::make_unique<transit::TransitModel>(*data.transit, graph, snapper,
                                                           data.snap_limit_m, threads);
    const auto& model = *impl_->model;
    std::vector<PointM> points;
    for (const Asset& a : data.assets) points.push_back(a.location);
    impl_->asset_places = model.walker().places(points);
    impl_->asset_index = spatial::PointIndex(points);
    std::vector<std::vector<transit::Link>> lists(model.stop_places().size());
    std::vector<transit::WalkLink> found;
    for (std::uint32_t a = 0; a < impl_->asset_places.size(); ++a) {
        model.walker().within(impl_->asset_places[a], model.stop_places(), model.stop_index(),
                              model.settings().max_walk_m, found);
        for (const auto& w : found)
            lists[w.to].push_back({a, transit::walk_seconds(w.walk_m, model.walk_speed_kmh()),
                                   static_cast<float>(w.walk_m)});
    }
    impl_->egress = transit::LinkTable(lists);
}

TransitNearbyFinder::~TransitNearbyFinder() = default;

const transit::TransitModel& TransitNearbyFinder::model() const { return *impl_->model; }

const transit::TransitStop& TransitNearbyFinder::stop(std::uint32_t s) const {
    return impl_->model->stops().stops.at(s);
}

std::string TransitNearbyFinder::route_name(const transit::TripRef& t) const {
    const GtfsFeed& f = impl_->model->feeds().at(t.feed);
    return f.routes.at(f.trips.at(t.trip).route).display_name();
}

std::string TransitNearbyFinder::headsign(const transit::TripRef& t) const {
    return impl_->model->feeds().at(t.feed).trips.at(t.trip).headsign;
}

int TransitNearbyFinder::route_type(const transit::TripRef& t) const {
    const GtfsFeed& f = impl_->model->feeds().at(t.feed);
    return f.routes.at(f.trips.at(t.trip).route).route_type;
}

TransitNearbyResult TransitNearbyFinder::find(const TransitNearbyQuery& q) const {
    const auto& im = *impl_;
    const auto& model = *im.model;
    for (const auto& c : q.categories)
        if (!im.taxonomy.find(c))
            throw config_error("unknown category '" + c + "'; see datasets/taxonomy.toml");
    for (const auto& d : q.domains)
        if (!parse_domain(d))
            throw config_error("unknown domain '" + d +
                               "'; use individual, community or structural");
    const double max_minutes = model.settings().max_trip_minutes;
    if (!(q.minutes > 0) || q.minutes > max_minutes)
        throw config_error("--minutes must be > 0 and at most the study's max_trip_minutes (" +
                           std::to_string(static_cast<int>(max_minutes)) + ")");
    if (q.depart_s < 0 || q.depart_s >= 48 * 3600)
        throw config_error("--depart must be a time from 00:00 to 47:59");

    TransitNearbyResult out;
    out.date = q.date ? *q.date : model.date();
    const auto day = im.day(out.date);
    const transit::WalkPlace place = model.walker().place(q.at);
    const transit::AccessLinks access = model.access(place);
    out.on_network = place.on_network;
    out.stops_in_reach = access.size();

    std::vector<transit::WalkLink> walks;
    model.walker().within(place, im.asset_places, im.asset_index, model.settings().max_walk_m,
                          walks);
    const std::size_t n = im.data.assets.size();
    std::vector<std::int32_t> direct_s(n, transit::unreachable_s);
    std::vector<double> direct_m(n, std::numeric_limits<double>::infinity());
    for (const auto& w : walks) {
        direct_s[w.to] = transit::walk_seconds(w.walk_m, model.walk_speed_kmh());
        direct_m[w.to] = w.walk_m;
    }
    transit::RaptorLimits limits = model.limits();
    limits.max_trip_s = static_cast<std::int32_t>(std::floor(q.minutes * 60));
    transit::JourneyPlanner planner(day->timetable, day->transfers, limits);
    auto journeys = planner.plan(access, q.depart_s, im.egress, direct_s, direct_m, n);

    for (std::size_t a = 0; a < n; ++a) {
        if (!journeys[a]) continue;
        const Asset& asset = im.data.assets[a];
        if (!q.categories.empty() &&
            std::find(q.categories.begin(), q.categories.end(), asset.category) ==
                q.categories.end())
            continue;
        if (!q.domains.empty() &&
            std::find(q.domains.begin(), q.domains.end(), asset.domain) == q.domains.end())
            continue;
        TransitNearbyAsset r;
        r.asset = a;
        r.arrival_s = journeys[a]->arrival_s;
        r.minutes = (r.arrival_s - q.depart_s) / 60.0;
        r.trips = journeys[a]->trips;
        r.legs = std::move(journeys[a]->legs);
        out.assets.push_back(std::move(r));
    }
    std::sort(out.assets.begin(), out.assets.end(),
              [&](const TransitNearbyAsset& x, const TransitNearbyAsset& y) {
                  if (x.arrival_s != y.arrival_s) return x.arrival_s < y.arrival_s;
                  const Asset& a = im.data.assets[x.asset];
                  const Asset& b = im.data.assets[y.asset];
                  if (a.category != b.category) return a.category < b.category;
                  if (a.name != b.name) return a.name < b.name;
                  return a.id < b.id;
              });
    return out;
}

}  // namespace assetmap::atlas
