#pragma once
/// @file The walking catchments of an atlas set against its areas: for each area, the share
/// of its surface within 5, 10, 15 … minutes' walk of the nearest asset of each category (the
/// atlas's `catchments` layer, written when the study has a walking network).

#include <assetmap/atlas/atlas.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::report {

/// Shares of each area's surface inside each catchment.
class CatchmentShares {
public:
    /// Intersects every catchment of the atlas with every area (GEOS, metric CRS). Empty when
    /// the atlas has no catchments layer.
    explicit CatchmentShares(const atlas::Atlas& atlas);

    bool empty() const noexcept { return categories_.empty(); }
    /// Categories with catchments, grouped by domain (individual, community, structural),
    /// then in the atlas's category order.
    const std::vector<std::string>& categories() const noexcept { return categories_; }
    /// The domain of categories()[c].
    const std::string& domain(std::size_t c) const { return domains_.at(c); }
    /// The walking times, ascending (minutes).
    const std::vector<double>& minutes() const noexcept { return minutes_; }
    /// Percentage (0–100) of the surface of area row `area` within minutes()[m] of the nearest
    /// asset of categories()[c]; nullopt when the atlas has no such catchment or the area
    /// has no surface.
    std::optional<double> share_pct(std::size_t area, std::size_t c, std::size_t m) const;

private:
    std::vector<std::string> categories_, domains_;
    std::vector<double> minutes_;
    std::size_t areas_ = 0;
    /// [(c · minutes + m) · areas + area]; NaN = none
    std::vector<double> share_;
};

}  // namespace assetmap::report
