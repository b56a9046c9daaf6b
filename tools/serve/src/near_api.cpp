#include <assetmap/serve/near_api.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/serve/url.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <unordered_map>
#include <set>

namespace assetmap::serve {

using json = nlohmann::ordered_json;

namespace {

double round7(double v) { return std::round(v * 1e7) / 1e7; }
double round2(double v) { return std::round(v * 100) / 100; }

std::string sources_of(const Asset& a) {
    std::string out;
    for (const auto& s : a.sources) out += (out.empty() ? "" : ";") + s.source + ":" + s.id;
    return out;
}

/// The message of an engine exception without its "where: " prefix (which may name a
/// command-line option or a file).
std::string plain_message(const input_error& e) {
    std::string what = e.what();
    const std::string prefix = e.where() + ": ";
    if (!e.where().empty() && what.rfind(prefix, 0) == 0) what = what.substr(prefix.size());
    return what;
}

}  // namespace

NearService::NearService(StudyData data, Taxonomy taxonomy)
    : data_(std::make_unique<StudyData>(std::move(data))),
      taxonomy_(std::make_shared<const Taxonomy>(std::move(taxonomy))),
      pool_(std::make_shared<TransformPool>()) {
    finder_ = std::make_unique<atlas::NearbyFinder>(*data_, *taxonomy_);
    const atlas::NearbyFinder* finder = finder_.get();
    modes_["walk"] = [finder](const atlas::NearbyQuery& q) { return finder->find(q); };
    auto t = std::make_unique<io::CrsTransform>("OGC:CRS84", data_->metric_crs);
    for (const Asset& a : data_->assets) asset_lonlat_.push_back(t->to_source(a.location));
    pool_->free.push_back(std::move(t));
    pool_->free.push_back(std::make_unique<io::CrsTransform>("OGC:CRS84", data_->metric_crs));
}

NearService::NearService(StudyData data, const NearService& same_network)
    : data_(std::make_unique<StudyData>(std::move(data))), taxonomy_(same_network.taxonomy_),
      pool_(same_network.pool_) {
    data_->metric_crs = same_network.data_->metric_crs;
    data_->snap_limit_m = same_network.data_->snap_limit_m;
    data_->walk_speed_kmh = same_network.data_->walk_speed_kmh;
    finder_ = std::make_unique<atlas::NearbyFinder>(*data_, *taxonomy_, *same_network.finder_);
    const atlas::NearbyFinder* finder = finder_.get();
    modes_["walk"] = [finder](const atlas::NearbyQuery& q) { return finder->find(q); };
    // Assets that did not move keep their longitude and latitude.
    const auto key = [](const PointM& p) {
        std::uint64_t x, y;
        std::memcpy(&x, &p.x_m, sizeof x);
        std::memcpy(&y, &p.y_m, sizeof y);
        return x * 1000003u ^ y;
    };
    std::unordered_multimap<std::uint64_t, std::size_t> before;
    const auto& old_assets = same_network.data_->assets;
    for (std::size_t i = 0; i < old_assets.size() && i < same_network.asset_lonlat_.size(); ++i)
        before.emplace(key(old_assets[i].location), i);
    std::unique_ptr<io::CrsTransform> t;
    asset_lonlat_.reserve(data_->assets.size());
    for (const Asset& a : data_->assets) {
        std::optional<LonLat> ll;
        const auto range = before.equal_range(key(a.location));
        for (auto it = range.first; it != range.second && !ll; ++it)
            if (old_assets[it->second].location == a.location) ll = same_network.asset_lonlat_[it->second];
        if (!ll) {
            if (!t) t = take_transform();
            ll = t->to_source(a.location);
        }
        asset_lonlat_.push_back(ll);
    }
    if (t) give_back(std::move(t));
}

std::unique_ptr<io::CrsTransform> NearService::take_transform() const {
    {
        std::lock_guard<std::mutex> lk(pool_->mu);
        if (!pool_->free.empty()) {
            auto t = std::move(pool_->free.back());
            pool_->free.pop_back();
            return t;
        }
    }
    return std::make_unique<io::CrsTransform>("OGC:CRS84", data_->metric_crs);
}

void NearService::give_back(std::unique_ptr<io::CrsTransform> t) const {
    std::lock_guard<std::mutex> lk(pool_->mu);
    if (pool_->free.size() < 64) pool_->free.push_back(std::move(t));
}

NearService::~NearService() = default;

void NearService::add_mode(const std::string& name, NearMode mode) { modes_[name] = std::move(mode); }

std::vector<std::string> NearService::modes() const {
    std::vector<std::string> out{"walk"};
    for (const auto& [name, fn] : modes_)
        if (name != "walk") out.push_back(name);
    return out;
}

Response NearService::handle(const Request& req) const {
    std::optional<double> lon, lat;
    double minutes = 15.0;
    std::string mode = "walk";
    atlas::NearbyQuery query;
    std::set<std::string> seen;
    for (const auto& [name, value] : req.query) {
        if (!seen.insert(name).second)
            return error_response(400, "query parameter '" + name + "' is given more than once");
        if (name == "lon" || name == "lat") {
            const auto v = parse_finite(value);
            const double lim = name == "lon" ? 180.0 : 90.0;
            if (!v || *v < -lim || *v > lim)
                return error_response(400, name + " must be a number of degrees in [-" +
                                               std::to_string(int(lim)) + ", " +
                                               std::to_string(int(lim)) + "] (WGS84)");
            (name == "lon" ? lon : lat) = *v;
        } else if (name == "minutes") {
            const auto v = parse_finite(value);
            if (!v || !(*v > 0) || *v > max_minutes)
                return error_response(400, "minutes must be a number above 0 and at most 60");
            minutes = *v;
        } else if (name == "category") {
            for (const auto& c : split_commas(value)) {
                if (!taxonomy_->find(c)) {
                    std::string have;
                    for (const auto& cat : taxonomy_->categories())
                        have += (have.empty() ? "" : ", ") + cat.id;
                    return error_response(400, "unknown category '" + c + "'; use one of: " + have);
                }
                query.categories.push_back(c);
            }
        } else if (name == "domain") {
            for (const auto& d : split_commas(value)) {
                if (!parse_domain(d))
                    return error_response(400, "unknown domain '" + d +
                                                   "'; use individual, community or structural");
                query.domains.push_back(d);
            }
        } else if (name == "mode") {
            if (!modes_.count(value)) {
                std::string have;
                for (const auto& m : modes()) have += (have.empty() ? "" : ", ") + m;
                return error_response(400, "unknown mode '" + value + "'; use " + have);
            }
            mode = value;
        } else {
            return error_response(400, "unknown query parameter '" + name +
                                           "'; use lon, lat, minutes, category or domain, mode");
        }
    }
    if (!lon || !lat) return error_response(400, "give the place as lon and lat (WGS84 degrees)");
    if (!query.categories.empty() && !query.domains.empty())
        return error_response(400, "give category or domain, not both");

    auto transform = take_transform();
    const auto at = transform->to_metric(*lon, *lat);
    give_back(std::move(transform));
    if (!at)
        return error_response(422, "the place cannot be placed in the study's metric CRS");
    query.at = *at;
    query.minutes = minutes;
    std::vector<atlas::NearbyAsset> found;
    try {
        found = modes_.at(mode)(query);
    } catch (const input_error& e) {
        return error_response(422, plain_message(e));
    } catch (const config_error& e) {
        return error_response(400, e.what());
    }

    json features = json::array();
    for (const auto& n : found) {
        const Asset& a = data_->assets[n.asset];
        json f;
        f["type"] = "Feature";
        f["id"] = a.id;
        const auto& ll = asset_lonlat_[n.asset];
        if (ll)
            f["geometry"] = {{"type", "Point"},
                             {"coordinates", {round7(ll->lon_deg), round7(ll->lat_deg)}}};
        else
            f["geometry"] = nullptr;
        json p;
        p["asset_id"] = a.id;
        p["category"] = a.category;
        p["domain"] = a.domain;
        p["name"] = a.name;
        p["minutes"] = round2(n.minutes);
        p["walk_m"] = std::round(n.walk_m * 10) / 10;
        p["area_code"] = a.area_code;
        p["source_ids"] = sources_of(a);
        f["properties"] = std::move(p);
        features.push_back(std::move(f));
    }
    json j;
    j["type"] = "FeatureCollection";
    json q;
    q["lon"] = *lon;
    q["lat"] = *lat;
    q["minutes"] = minutes;
    q["mode"] = mode;
    q["categories"] = query.categories;
    q["domains"] = query.domains;
    q["walk_speed_kmh"] = data_->walk_speed_kmh;
    j["query"] = std::move(q);
    j["numberReturned"] = features.size();
    j["features"] = std::move(features);
    Response r;
    r.content_type = "application/geo+json";
    r.body = j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    return r;
}

}  // namespace assetmap::serve
