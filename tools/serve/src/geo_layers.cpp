#include <assetmap/serve/geo_layers.hpp>

#include <assetmap/io/crs_transform.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <unordered_map>

namespace assetmap::serve {

void expand_box(BoxLonLat& box, bool& any, const LonLat& p) {
    if (!any) {
        box = {p.lon_deg, p.lat_deg, p.lon_deg, p.lat_deg};
        any = true;
        return;
    }
    box.min_lon_deg = std::min(box.min_lon_deg, p.lon_deg);
    box.min_lat_deg = std::min(box.min_lat_deg, p.lat_deg);
    box.max_lon_deg = std::max(box.max_lon_deg, p.lon_deg);
    box.max_lat_deg = std::max(box.max_lat_deg, p.lat_deg);
}

namespace {

std::uint64_t bits(double v) {
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

std::uint64_t point_key(const PointM& p) { return bits(p.x_m) * 1000003u ^ bits(p.y_m); }

std::uint64_t polygon_key(const MultiPolygonM& mp) {
    std::uint64_t h = mp.size();
    for (const auto& poly : mp) {
        h = h * 31 + poly.outer.size() + 7 * poly.holes.size();
        if (!poly.outer.empty()) h ^= point_key(poly.outer.front()) + (h << 6);
    }
    return h;
}

bool same_polygon(const MultiPolygonM& a, const MultiPolygonM& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!(a[i].outer == b[i].outer) || a[i].holes.size() != b[i].holes.size()) return false;
        for (std::size_t h = 0; h < a[i].holes.size(); ++h)
            if (!(a[i].holes[h] == b[i].holes[h])) return false;
    }
    return true;
}

std::vector<LonLat> ring_of(const RingM& ring, const io::CrsTransform& t, bool& ok) {
    std::vector<LonLat> r;
    r.reserve(ring.size() + 1);
    for (const PointM& p : ring) {
        const auto ll = t.to_source(p);
        if (!ll) {
            ok = false;
            return r;
        }
        r.push_back(*ll);
    }
    if (!r.empty() &&
        (r.front().lon_deg != r.back().lon_deg || r.front().lat_deg != r.back().lat_deg))
        r.push_back(r.front());
    return r;
}

}  // namespace

LayerLonLat reproject_layer(const io::OutputLayer& layer, const io::CrsTransform& t,
                            const LayerLonLat* prev) {
    LayerLonLat out;
    out.layer = &layer;
    const std::size_t n = layer.rows.size();
    out.boxes.resize(n);
    out.has_geometry.assign(n, false);
    const io::OutputLayer* pl = prev ? prev->layer : nullptr;
    if (layer.geometry == io::LayerGeometry::point) {
        std::unordered_multimap<std::uint64_t, std::size_t> old;
        if (pl)
            for (std::size_t i = 0; i < pl->points.size() && i < prev->points.size(); ++i)
                if (prev->has_geometry[i]) old.emplace(point_key(pl->points[i]), i);
        out.points.resize(n);
        for (std::size_t i = 0; i < n && i < layer.points.size(); ++i) {
            const PointM& p = layer.points[i];
            std::optional<LonLat> ll;
            const auto range = old.equal_range(point_key(p));
            for (auto it = range.first; it != range.second && !ll; ++it)
                if (pl->points[it->second] == p) ll = prev->points[it->second];
            if (!ll) ll = t.to_source(p);
            if (!ll) continue;
            out.points[i] = *ll;
            bool any = false;
            expand_box(out.boxes[i], any, *ll);
            out.has_geometry[i] = true;
            expand_box(out.extent, out.any_geometry, *ll);
        }
    } else if (layer.geometry == io::LayerGeometry::multipolygon) {
        std::unordered_multimap<std::uint64_t, std::size_t> old;
        if (pl)
            for (std::size_t i = 0; i < pl->polygons.size() && i < prev->polygons.size(); ++i)
                if (prev->has_geometry[i]) old.emplace(polygon_key(pl->polygons[i]), i);
        out.polygons.resize(n);
        for (std::size_t i = 0; i < n && i < layer.polygons.size(); ++i) {
            const MultiPolygonM& mp_m = layer.polygons[i];
            std::optional<std::size_t> reuse;
            // The same row first (areas keep their rows), then any row.
            if (pl && i < pl->polygons.size() && i < prev->polygons.size() &&
                prev->has_geometry[i] && same_polygon(pl->polygons[i], mp_m))
                reuse = i;
            const auto range = old.equal_range(polygon_key(mp_m));
            for (auto it = range.first; it != range.second && !reuse; ++it)
                if (same_polygon(pl->polygons[it->second], mp_m)) reuse = it->second;
            if (reuse) {
                out.polygons[i] = prev->polygons[*reuse];
                out.boxes[i] = prev->boxes[*reuse];
            } else {
                MultiPolygonLonLat mp;
                bool ok = true;
                for (const PolygonM& poly : mp_m) {
                    if (poly.outer.size() < 3) continue;
                    PolygonLonLat p;
                    p.outer = ring_of(poly.outer, t, ok);
                    for (const RingM& hole : poly.holes)
                        if (hole.size() >= 3) p.holes.push_back(ring_of(hole, t, ok));
                    mp.push_back(std::move(p));
                }
                if (!ok || mp.empty()) continue;
                bool any = false;
                for (const auto& p : mp)
                    for (const LonLat& ll : p.outer) expand_box(out.boxes[i], any, ll);
                out.polygons[i] = std::move(mp);
            }
            out.has_geometry[i] = true;
            expand_box(out.extent, out.any_geometry, {out.boxes[i].min_lon_deg, out.boxes[i].min_lat_deg});
            expand_box(out.extent, out.any_geometry, {out.boxes[i].max_lon_deg, out.boxes[i].max_lat_deg});
        }
    }
    return out;
}

LayerLonLat reproject_layer(const atlas::Atlas& atlas, const io::OutputLayer& layer) {
    const io::CrsTransform transform = io::CrsTransform::shared("OGC:CRS84", atlas.metric_crs());
    return reproject_layer(layer, transform);
}

}  // namespace assetmap::serve
