/// @file Catchment shares per area (see catchments.hpp).

#include "catchments.hpp"

#include <assetmap/core/taxonomy.hpp>
#include <assetmap/spatial/polygon_overlay.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace assetmap::report {

namespace {

int domain_order(const std::string& d) {
    if (auto v = parse_domain(d)) return static_cast<int>(*v);
    return 3;
}

}  // namespace

CatchmentShares::CatchmentShares(const atlas::Atlas& atlas) {
    const auto* layer = atlas.layer("catchments");
    if (!layer || layer->rows.empty() || layer->polygons.size() != layer->rows.size()) return;
    const auto cat_col = atlas::Atlas::field(*layer, "category");
    const auto dom_col = atlas::Atlas::field(*layer, "domain");
    const auto min_col = atlas::Atlas::field(*layer, "minutes");
    if (cat_col == atlas::Atlas::npos || min_col == atlas::Atlas::npos) return;

    std::map<std::string, std::string> domain_of;
    for (std::size_t r = 0; r < layer->rows.size(); ++r) {
        const auto minutes = atlas::Atlas::number(*layer, r, min_col);
        if (!minutes) continue;
        domain_of.emplace(atlas::Atlas::text(*layer, r, cat_col),
                          atlas::Atlas::text(*layer, r, dom_col));
        if (std::find(minutes_.begin(), minutes_.end(), *minutes) == minutes_.end())
            minutes_.push_back(*minutes);
    }
    std::sort(minutes_.begin(), minutes_.end());
    // Categories in the atlas's order, then any others by name; grouped by domain.
    for (const auto& c : atlas.categories())
        if (domain_of.count(c)) categories_.push_back(c);
    for (const auto& [c, d] : domain_of)
        if (std::find(categories_.begin(), categories_.end(), c) == categories_.end())
            categories_.push_back(c);
    std::stable_sort(categories_.begin(), categories_.end(),
                     [&](const std::string& a, const std::string& b) {
                         return domain_order(domain_of[a]) < domain_order(domain_of[b]);
                     });
    for (const auto& c : categories_) domains_.push_back(domain_of[c]);

    const auto& areas = atlas.areas();
    areas_ = areas.rows.size();
    std::vector<MultiPolygonM> shapes(areas_);
    std::vector<double> surface(areas_, 0.0);
    for (std::size_t a = 0; a < areas_ && a < areas.polygons.size(); ++a) {
        shapes[a] = areas.polygons[a];
        surface[a] = area_m2(shapes[a]);
    }
    share_.assign(categories_.size() * minutes_.size() * areas_, std::nan(""));
    for (std::size_t r = 0; r < layer->rows.size(); ++r) {
        const auto minutes = atlas::Atlas::number(*layer, r, min_col);
        if (!minutes) continue;
        const auto c = static_cast<std::size_t>(
            std::find(categories_.begin(), categories_.end(),
                      atlas::Atlas::text(*layer, r, cat_col)) -
            categories_.begin());
        const auto m = static_cast<std::size_t>(
            std::find(minutes_.begin(), minutes_.end(), *minutes) - minutes_.begin());
        const auto inside = spatial::intersection_areas_m2(shapes, layer->polygons[r]);
        for (std::size_t a = 0; a < areas_; ++a)
            if (surface[a] > 0)
                share_[(c * minutes_.size() + m) * areas_ + a] =
                    std::clamp(100.0 * inside[a] / surface[a], 0.0, 100.0);
    }
}

std::optional<double> CatchmentShares::share_pct(std::size_t area, std::size_t c,
                                                 std::size_t m) const {
    if (area >= areas_ || c >= categories_.size() || m >= minutes_.size()) return std::nullopt;
    const double v = share_[(c * minutes_.size() + m) * areas_ + area];
    if (std::isnan(v)) return std::nullopt;
    return v;
}

}  // namespace assetmap::report
