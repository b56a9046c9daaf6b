#include <assetmap/tiles/tile_math.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

namespace assetmap::tiles {

namespace {
constexpr double earth_radius_m = 6378137.0;
constexpr double deg = M_PI / 180.0;
}  // namespace

PointM lonlat_to_mercator(const LonLat& p) {
    const double lat = std::clamp(p.lat_deg, -mercator_max_lat_deg, mercator_max_lat_deg);
    return {earth_radius_m * p.lon_deg * deg,
            earth_radius_m * std::log(std::tan(M_PI / 4.0 + lat * deg / 2.0))};
}

LonLat mercator_to_lonlat(const PointM& p) {
    return {p.x_m / earth_radius_m / deg,
            (2.0 * std::atan(std::exp(p.y_m / earth_radius_m)) - M_PI / 2.0) / deg};
}

BoxMercator tile_bounds_mercator(const TileId& t) {
    const double size = 2.0 * mercator_half_m / double(1u << t.z);
    return {-mercator_half_m + t.x * size, mercator_half_m - (t.y + 1.0) * size,
            -mercator_half_m + (t.x + 1.0) * size, mercator_half_m - t.y * size};
}

BoxLonLat tile_bounds_lonlat(const TileId& t) {
    const BoxMercator m = tile_bounds_mercator(t);
    const LonLat sw = mercator_to_lonlat({m.min_x, m.min_y});
    const LonLat ne = mercator_to_lonlat({m.max_x, m.max_y});
    return {sw.lon_deg, sw.lat_deg, ne.lon_deg, ne.lat_deg};
}

TileId tile_at(const LonLat& p, std::uint8_t z) {
    const PointM m = lonlat_to_mercator(p);
    const double n = double(1u << z);
    const double fx = (m.x_m + mercator_half_m) / (2.0 * mercator_half_m) * n;
    const double fy = (mercator_half_m - m.y_m) / (2.0 * mercator_half_m) * n;
    const auto clamp_i = [n](double v) {
        return static_cast<std::uint32_t>(std::clamp(std::floor(v), 0.0, n - 1.0));
    };
    return {z, clamp_i(fx), clamp_i(fy)};
}

TileRange tiles_covering(const BoxLonLat& box, std::uint8_t z) {
    const TileId nw = tile_at({box.min_lon_deg, box.max_lat_deg}, z);
    const TileId se = tile_at({box.max_lon_deg, box.min_lat_deg}, z);
    return {z, nw.x, nw.y, se.x, se.y};
}

std::uint64_t tile_count(const BoxLonLat& box, std::uint8_t min_z, std::uint8_t max_z) {
    std::uint64_t n = 0;
    for (unsigned z = min_z; z <= max_z; ++z) n += tiles_covering(box, std::uint8_t(z)).count();
    return n;
}

std::optional<std::pair<std::uint8_t, std::uint8_t>> parse_zoom_range(const std::string& text) {
    const auto dash = text.find('-');
    const std::string a = text.substr(0, dash);
    const std::string b = dash == std::string::npos ? a : text.substr(dash + 1);
    auto parse = [](const std::string& s) -> std::optional<int> {
        if (s.empty() || s.size() > 2 || s.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return std::atoi(s.c_str());
    };
    const auto lo = parse(a), hi = parse(b);
    if (!lo || !hi || *lo > *hi || *hi > 24) return std::nullopt;
    return std::make_pair(std::uint8_t(*lo), std::uint8_t(*hi));
}

std::uint8_t fit_zoom(const BoxLonLat& box, unsigned width_px, unsigned height_px,
                      std::uint8_t min_z, std::uint8_t max_z) {
    const PointM sw = lonlat_to_mercator({box.min_lon_deg, box.min_lat_deg});
    const PointM ne = lonlat_to_mercator({box.max_lon_deg, box.max_lat_deg});
    const double world_m = 2.0 * mercator_half_m;
    for (int z = max_z; z > min_z; --z) {
        const double px_per_m = 256.0 * double(1ull << z) / world_m;
        if ((ne.x_m - sw.x_m) * px_per_m <= width_px && (ne.y_m - sw.y_m) * px_per_m <= height_px)
            return static_cast<std::uint8_t>(z);
    }
    return min_z;
}

std::optional<TileShard> parse_tile_shard(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return std::nullopt;
    auto parse = [](const std::string& s) -> std::optional<std::uint32_t> {
        if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return static_cast<std::uint32_t>(std::atol(s.c_str()));
    };
    const auto i = parse(text.substr(0, slash)), n = parse(text.substr(slash + 1));
    if (!i || !n || *i < 1 || *i > *n || *n > 100000) return std::nullopt;
    return TileShard{*i - 1, *n};
}

std::uint32_t tile_shard(const TileId& tile, std::uint32_t count, std::uint32_t block) {
    if (count <= 1) return 0;
    block = block == 0 ? 1 : block;
    // splitmix64 of the block's key
    std::uint64_t x = (std::uint64_t(tile.z) << 58) ^ (std::uint64_t(tile.x / block) << 29) ^
                      std::uint64_t(tile.y / block);
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    x ^= x >> 31;
    return static_cast<std::uint32_t>(x % count);
}

}  // namespace assetmap::tiles
