// Which metatiles a render draws (see raster_plan.hpp).

#include "raster_plan.hpp"

#include <assetmap/core/error.hpp>

#include <algorithm>
#include <string>

namespace assetmap::tiles {

std::vector<TileRange> tile_ranges(const BoxLonLat& box, std::uint8_t min_z, std::uint8_t max_z) {
    std::vector<TileRange> out;
    for (unsigned z = min_z; z <= max_z; ++z) {
        out.push_back(tiles_covering(box, static_cast<std::uint8_t>(z)));
    }
    return out;
}

namespace detail {

namespace {

BoxMercator widen(const BoxMercator& a, const BoxMercator& b, double reach_px) {
    const double reach = reach_px * (a.max_x - a.min_x) / tile_px;
    return BoxMercator{a.min_x - reach, b.min_y - reach, b.max_x + reach, a.max_y + reach};
}

}  // namespace

BoxMercator Metatile::bounds() const { return widened(0.0); }

BoxMercator Metatile::widened(double reach_px) const {
    return widen(tile_bounds_mercator(TileId{z, x0, y0}), tile_bounds_mercator(TileId{z, x1, y1}),
                 reach_px);
}

BoxMercator range_bounds(const TileRange& r, double reach_px) {
    return widen(tile_bounds_mercator(TileId{r.z, r.min_x, r.min_y}),
                 tile_bounds_mercator(TileId{r.z, r.max_x, r.max_y}), reach_px);
}

Plan make_plan(const std::vector<TileRange>& ranges, unsigned m, const TileShard& shard) {
    Plan plan;
    int last_z = -1;
    for (const TileRange& r : ranges) {
        if (static_cast<int>(r.z) <= last_z) {
            throw config_error("raster tiles: ranges must be one per zoom, in ascending zoom");
        }
        last_z = r.z;
        if (r.min_x > r.max_x || r.min_y > r.max_y) continue;
        for (std::uint32_t mx = r.min_x / m; mx <= r.max_x / m; ++mx) {
            plan.column_begin.push_back(plan.metatiles.size());
            for (std::uint32_t my = r.min_y / m; my <= r.max_y / m; ++my) {
                Metatile t;
                t.z = r.z;
                t.x0 = std::max<std::uint32_t>(mx * m, r.min_x);
                t.x1 = std::min<std::uint32_t>(mx * m + m - 1, r.max_x);
                t.y0 = std::max<std::uint32_t>(my * m, r.min_y);
                t.y1 = std::min<std::uint32_t>(my * m + m - 1, r.max_y);
                if (!shard.all() && tile_shard(TileId{t.z, t.x0, t.y0}, shard.count, m) != shard.index)
                    continue;  // another shard's metatile
                plan.tiles += t.tiles();
                plan.metatiles.push_back(t);
            }
        }
    }
    plan.column_begin.push_back(plan.metatiles.size());
    return plan;
}

void check_options(const RasterOptions& o) {
    if (o.scale != 1 && o.scale != 2) {
        throw config_error("raster tiles: scale must be 1 (256 px) or 2 (512 px @2x)");
    }
    if (o.metatile < 1 || o.metatile * tile_px * o.scale > max_image_px) {
        throw config_error("raster tiles: metatile must be 1 to " +
                           std::to_string(max_image_px / (tile_px * o.scale)) +
                           " tiles at scale " + std::to_string(o.scale));
    }
    if (o.buffer_px > 1024) throw config_error("raster tiles: buffer above 1024 px");
    if (o.threads < 1 || o.threads > 256) throw config_error("raster tiles: threads 1..256");
}

}  // namespace detail
}  // namespace assetmap::tiles
