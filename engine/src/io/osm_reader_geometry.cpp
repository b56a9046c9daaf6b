/// @file OSM reader internals: OSM locations, way node lists and assembled areas in the
/// metric CRS, and the way back to WGS84 lon/lat for an asset's `lonlat`.

#include "osm_reader_detail.hpp"

#include <osmium/osm/area.hpp>
#include <osmium/osm/node_ref_list.hpp>
#include <osmium/osm/way.hpp>

#include <cmath>
#include <utility>

namespace assetmap::io::detail {

namespace {

/// Converts an assembled ring to metric (closed); false if a vertex cannot be used.
bool convert_ring(const CrsTransform& crs, const osmium::NodeRefList& ring, RingM& out,
                  NodeSummary& all) {
    out.reserve(ring.size() + 1);
    for (const auto& nr : ring) {
        const auto p = to_metric(crs, nr.location());
        if (!p) return false;
        out.push_back(*p);
        ++all.present;
        all.sum_lon += nr.location().lon();
        all.sum_lat += nr.location().lat();
    }
    if (out.empty()) return false;
    if (!(out.front() == out.back())) out.push_back(out.front());
    return out.size() >= 4;
}

}  // namespace

std::optional<PointM> to_metric(const CrsTransform& crs, const osmium::Location& loc) {
    if (!loc.valid()) return std::nullopt;
    auto p = crs.to_metric(loc.lon(), loc.lat());
    if (p && (!std::isfinite(p->x_m) || !std::isfinite(p->y_m))) return std::nullopt;
    return p;
}

LonLat back_to_lonlat(const CrsTransform& crs, const PointM& p, const LonLat& fallback) {
    const auto ll = crs.to_source(p);
    if (ll && std::isfinite(ll->lon_deg) && std::isfinite(ll->lat_deg)) return *ll;
    return fallback;
}

NodeSummary summarise(const CrsTransform& crs, const osmium::WayNodeList& nodes,
                      std::size_t count) {
    NodeSummary s;
    std::size_t i = 0;
    for (const auto& nr : nodes) {
        if (i++ == count) break;
        const osmium::Location loc = nr.location();
        if (loc.is_undefined()) {
            ++s.missing;
            continue;
        }
        const auto p = to_metric(crs, loc);
        if (!p) {
            ++s.bad;
            continue;
        }
        ++s.present;
        s.sum_x += p->x_m;
        s.sum_y += p->y_m;
        s.sum_lon += loc.lon();
        s.sum_lat += loc.lat();
    }
    return s;
}

bool convert_area(const CrsTransform& crs, const osmium::Area& area, MultiPolygonM& mp,
                  NodeSummary& all) {
    bool ok = true;
    for (const auto& outer : area.outer_rings()) {
        PolygonM poly;
        ok = ok && convert_ring(crs, outer, poly.outer, all);
        for (const auto& inner : area.inner_rings(outer)) {
            RingM hole;
            ok = ok && convert_ring(crs, inner, hole, all);
            if (ok) poly.holes.push_back(std::move(hole));
        }
        if (ok) mp.push_back(std::move(poly));
    }
    return ok;
}

}  // namespace assetmap::io::detail
