/// @file Diffing two atlases into the tiles that change (tile_changes.hpp).

#include <assetmap/serve/tile_changes.hpp>

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/tiles/choropleth.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace assetmap::serve {

namespace {

bool less(const BoxLonLat& a, const BoxLonLat& b) {
    return std::tie(a.min_lon_deg, a.min_lat_deg, a.max_lon_deg, a.max_lat_deg) <
           std::tie(b.min_lon_deg, b.min_lat_deg, b.max_lon_deg, b.max_lat_deg);
}
bool same(const BoxLonLat& a, const BoxLonLat& b) { return !less(a, b) && !less(b, a); }

bool meets(const BoxLonLat& a, const BoxLonLat& b) {
    return a.min_lon_deg <= b.max_lon_deg && b.min_lon_deg <= a.max_lon_deg &&
           a.min_lat_deg <= b.max_lat_deg && b.min_lat_deg <= a.max_lat_deg;
}

bool same_value(const io::FieldValue& a, const io::FieldValue& b) {
    if (a.index() != b.index()) return false;
    if (const auto* x = std::get_if<double>(&a)) {
        const double y = std::get<double>(b);
        return *x == y || (std::isnan(*x) && std::isnan(y));
    }
    return a == b;
}

/// The values of an area column as the raster renderer reads them (NaN = none).
std::vector<double> column_values(const atlas::Atlas& a, const std::string& column) {
    const auto& layer = a.areas();
    const std::size_t col = atlas::Atlas::field(layer, column);
    std::vector<double> out;
    for (std::size_t r = 0; r < layer.rows.size(); ++r) {
        const auto v = col == atlas::Atlas::npos ? std::nullopt : atlas::Atlas::number(layer, r, col);
        out.push_back(v ? *v : std::nan(""));
    }
    return out;
}

std::vector<double> breaks_of(const std::string& column, const std::vector<double>& values) {
    const auto b = tiles::make_choropleth(column, column, values, 5, tiles::ClassMethod::quantiles)
                       .breaks;
    std::vector<double> out{b.min};
    out.insert(out.end(), b.upper.begin(), b.upper.end());
    return out;
}

}  // namespace

bool DirtyRegion::covers(const tiles::TileId& tile) const {
    if (all) return true;
    if (boxes.empty()) return false;
    BoxLonLat b = tiles::tile_bounds_lonlat(tile);
    const double dx = (b.max_lon_deg - b.min_lon_deg) / 2;
    const double dy = (b.max_lat_deg - b.min_lat_deg) / 2;
    b.min_lon_deg -= dx;
    b.max_lon_deg += dx;
    b.min_lat_deg -= dy;
    b.max_lat_deg += dy;
    for (const auto& box : boxes)
        if (meets(box, b)) return true;
    return false;
}

void DirtyRegion::add(const BoxLonLat& box) {
    const auto at = std::lower_bound(boxes.begin(), boxes.end(), box, less);
    if (at != boxes.end() && same(*at, box)) return;
    boxes.insert(at, box);
}

void DirtyRegion::merge(const DirtyRegion& other) {
    if (other.all) {
        all = true;
        boxes.clear();
    }
    if (all) return;
    for (const auto& b : other.boxes) add(b);
}

DirtyRegion TileChanges::raster_region(const std::string& column) const {
    if (column.empty()) return vector;
    DirtyRegion r = assets;
    const auto it = raster.find(column);
    if (it != raster.end()) r.merge(it->second);
    return r;
}

void TileChanges::merge(const TileChanges& other) {
    vector.merge(other.vector);
    assets.merge(other.assets);
    for (const auto& [column, region] : other.raster) raster[column].merge(region);
    for (const auto& code : other.areas_changed)
        if (std::find(areas_changed.begin(), areas_changed.end(), code) == areas_changed.end())
            areas_changed.push_back(code);
    std::sort(areas_changed.begin(), areas_changed.end());
}

TileChanges diff_atlases(const atlas::Atlas& before, const LayerLonLat& areas_before,
                         const LayerLonLat* assets_before, const atlas::Atlas& after,
                         const LayerLonLat& areas_after, const LayerLonLat* assets_after,
                         const std::vector<std::string>& raster_columns) {
    TileChanges out;
    const auto& la = before.areas();
    const auto& lb = after.areas();
    const std::size_t code_a = atlas::Atlas::field(la, "code");
    const std::size_t code_b = atlas::Atlas::field(lb, "code");
    const bool same_rows = la.rows.size() == lb.rows.size();

    // Areas: any column changed (matched by field name: the column order may differ).
    std::vector<bool> changed(lb.rows.size(), !same_rows);
    if (same_rows) {
        for (std::size_t f = 0; f < lb.fields.size(); ++f) {
            const std::size_t g = atlas::Atlas::field(la, lb.fields[f].name);
            for (std::size_t r = 0; r < lb.rows.size(); ++r) {
                if (changed[r]) continue;
                if (g == atlas::Atlas::npos ||
                    atlas::Atlas::text(la, r, code_a) != atlas::Atlas::text(lb, r, code_b) ||
                    !same_value(la.rows[r][g], lb.rows[r][f]))
                    changed[r] = true;
            }
        }
        if (la.fields.size() != lb.fields.size()) changed.assign(lb.rows.size(), true);
    }
    auto box_of = [&](std::size_t r) -> const BoxLonLat* {
        return r < areas_after.has_geometry.size() && areas_after.has_geometry[r]
                   ? &areas_after.boxes[r]
                   : nullptr;
    };
    for (std::size_t r = 0; r < lb.rows.size(); ++r) {
        if (!changed[r]) continue;
        out.areas_changed.push_back(atlas::Atlas::text(lb, r, code_b));
        if (const auto* b = box_of(r)) out.vector.add(*b);
    }
    std::sort(out.areas_changed.begin(), out.areas_changed.end());
    if (!same_rows) out.vector.all = true;

    // Raster columns: the areas whose value changed, or everywhere when the classes moved.
    for (const auto& column : raster_columns) {
        DirtyRegion& region = out.raster[column];
        const auto va = column_values(before, column);
        const auto vb = column_values(after, column);
        if (!same_rows || breaks_of(column, va) != breaks_of(column, vb)) {
            region.all = true;
            continue;
        }
        for (std::size_t r = 0; r < vb.size(); ++r) {
            const bool same_v = va[r] == vb[r] || (std::isnan(va[r]) && std::isnan(vb[r]));
            if (!same_v)
                if (const auto* b = box_of(r)) region.add(*b);
        }
    }
    (void)areas_before;

    // Assets, matched by id: added, retired, moved, or any column changed.
    const io::OutputLayer* aa = before.layer("assets");
    const io::OutputLayer* ab = after.layer("assets");
    auto point_box = [](const LonLat& p) {
        return BoxLonLat{p.lon_deg, p.lat_deg, p.lon_deg, p.lat_deg};
    };
    std::map<std::string, std::size_t> index_a;
    if (aa) {
        const std::size_t id = atlas::Atlas::field(*aa, "asset_id");
        for (std::size_t r = 0; r < aa->rows.size(); ++r)
            index_a.emplace(atlas::Atlas::text(*aa, r, id), r);
    }
    std::vector<bool> seen(aa ? aa->rows.size() : 0, false);
    if (ab) {
        const std::size_t id = atlas::Atlas::field(*ab, "asset_id");
        for (std::size_t r = 0; r < ab->rows.size(); ++r) {
            const auto it = index_a.find(atlas::Atlas::text(*ab, r, id));
            bool differs = it == index_a.end();
            if (!differs) {
                seen[it->second] = true;
                const auto& row_a = aa->rows[it->second];
                const auto& row_b = ab->rows[r];
                differs = row_a.size() != row_b.size() ||
                          !(aa->points[it->second] == ab->points[r]);
                for (std::size_t f = 0; !differs && f < row_b.size(); ++f)
                    differs = !same_value(row_a[f], row_b[f]);
                if (differs && assets_before && assets_before->has_geometry[it->second])
                    out.assets.add(point_box(assets_before->points[it->second]));
            }
            if (differs && assets_after && assets_after->has_geometry[r])
                out.assets.add(point_box(assets_after->points[r]));
        }
    }
    for (std::size_t r = 0; r < seen.size(); ++r)
        if (!seen[r] && assets_before && assets_before->has_geometry[r])
            out.assets.add(point_box(assets_before->points[r]));
    out.vector.merge(out.assets);
    return out;
}

}  // namespace assetmap::serve
