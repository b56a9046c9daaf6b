#include <assetmap/serve/geo_layers.hpp>

#include <assetmap/io/crs_transform.hpp>

#include <algorithm>

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

LayerLonLat reproject_layer(const atlas::Atlas& atlas, const io::OutputLayer& layer) {
    const io::CrsTransform transform("OGC:CRS84", atlas.metric_crs());
    LayerLonLat out;
    out.layer = &layer;
    const std::size_t n = layer.rows.size();
    out.boxes.resize(n);
    out.has_geometry.assign(n, false);
    auto ring_of = [&](const RingM& ring, bool& ok) {
        std::vector<LonLat> r;
        r.reserve(ring.size() + 1);
        for (const PointM& p : ring) {
            const auto ll = transform.to_source(p);
            if (!ll) {
                ok = false;
                return r;
            }
            r.push_back(*ll);
        }
        if (!r.empty() && (r.front().lon_deg != r.back().lon_deg ||
                           r.front().lat_deg != r.back().lat_deg))
            r.push_back(r.front());
        return r;
    };
    if (layer.geometry == io::LayerGeometry::point) {
        out.points.resize(n);
        for (std::size_t i = 0; i < n && i < layer.points.size(); ++i) {
            const auto ll = transform.to_source(layer.points[i]);
            if (!ll) continue;
            out.points[i] = *ll;
            bool any = false;
            expand_box(out.boxes[i], any, *ll);
            out.has_geometry[i] = true;
            expand_box(out.extent, out.any_geometry, *ll);
        }
    } else if (layer.geometry == io::LayerGeometry::multipolygon) {
        out.polygons.resize(n);
        for (std::size_t i = 0; i < n && i < layer.polygons.size(); ++i) {
            MultiPolygonLonLat mp;
            bool ok = true;
            for (const PolygonM& poly : layer.polygons[i]) {
                if (poly.outer.size() < 3) continue;
                PolygonLonLat p;
                p.outer = ring_of(poly.outer, ok);
                for (const RingM& hole : poly.holes)
                    if (hole.size() >= 3) p.holes.push_back(ring_of(hole, ok));
                mp.push_back(std::move(p));
            }
            if (!ok || mp.empty()) continue;
            bool any = false;
            for (const auto& p : mp)
                for (const LonLat& ll : p.outer) expand_box(out.boxes[i], any, ll);
            out.extent = out.any_geometry ? out.extent : out.boxes[i];
            if (out.any_geometry) {
                expand_box(out.extent, out.any_geometry,
                       {out.boxes[i].min_lon_deg, out.boxes[i].min_lat_deg});
                expand_box(out.extent, out.any_geometry,
                       {out.boxes[i].max_lon_deg, out.boxes[i].max_lat_deg});
            }
            out.any_geometry = true;
            out.polygons[i] = std::move(mp);
            out.has_geometry[i] = true;
        }
    }
    return out;
}

}  // namespace assetmap::serve
