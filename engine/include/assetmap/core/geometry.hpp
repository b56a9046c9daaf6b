#pragma once
/// @file Plain geometry values that cross module boundaries.
///
/// Two coordinate kinds, never mixed: `LonLat` (WGS84 degrees, longitude first, as
/// OGC:CRS84) and `PointM` (easting/northing in metres in the study's metric CRS,
/// EPSG:27700 by default). Web Mercator appears only inside the tiles module.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace assetmap {

/// WGS84 longitude/latitude in degrees, longitude first (OGC:CRS84 axis order).
struct LonLat {
    double lon_deg = 0.0;
    double lat_deg = 0.0;
};

/// A point in the study's metric CRS: easting and northing in metres.
struct PointM {
    double x_m = 0.0;  ///< easting, metres
    double y_m = 0.0;  ///< northing, metres

    friend bool operator==(const PointM& a, const PointM& b) {
        return a.x_m == b.x_m && a.y_m == b.y_m;
    }
};

/// Straight-line distance in metres between two points of the metric CRS.
inline double distance_m(const PointM& a, const PointM& b) {
    return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m);
}

/// A closed ring (first point repeated last) in the metric CRS.
using RingM = std::vector<PointM>;

/// A polygon in the metric CRS: one outer ring and zero or more holes.
struct PolygonM {
    RingM outer;
    std::vector<RingM> holes;
};

/// A multipolygon in the metric CRS (one polygon is a multipolygon of one).
using MultiPolygonM = std::vector<PolygonM>;

/// Axis-aligned box in the metric CRS, metres. Empty when min > max.
struct BoxM {
    double min_x_m = std::numeric_limits<double>::infinity();
    double min_y_m = std::numeric_limits<double>::infinity();
    double max_x_m = -std::numeric_limits<double>::infinity();
    double max_y_m = -std::numeric_limits<double>::infinity();

    bool empty() const { return min_x_m > max_x_m || min_y_m > max_y_m; }
    void expand(const PointM& p) {
        min_x_m = std::min(min_x_m, p.x_m);
        min_y_m = std::min(min_y_m, p.y_m);
        max_x_m = std::max(max_x_m, p.x_m);
        max_y_m = std::max(max_y_m, p.y_m);
    }
    bool contains(const PointM& p) const {
        return p.x_m >= min_x_m && p.x_m <= max_x_m && p.y_m >= min_y_m && p.y_m <= max_y_m;
    }
    /// True when the boxes share a point (closed boxes; false when either is empty).
    bool intersects(const BoxM& o) const {
        return min_x_m <= o.max_x_m && o.min_x_m <= max_x_m && min_y_m <= o.max_y_m &&
               o.min_y_m <= max_y_m;
    }
};

/// Box in WGS84 degrees (lon/lat), e.g. a source's declared data extent.
struct BoxLonLat {
    double min_lon_deg = 0.0;
    double min_lat_deg = 0.0;
    double max_lon_deg = 0.0;
    double max_lat_deg = 0.0;

    bool contains(const LonLat& p) const {
        return p.lon_deg >= min_lon_deg && p.lon_deg <= max_lon_deg && p.lat_deg >= min_lat_deg &&
               p.lat_deg <= max_lat_deg;
    }
};

/// Bounding box of a multipolygon (all rings).
BoxM bounds(const MultiPolygonM& mp);

/// True when every coordinate is finite.
bool all_finite(const MultiPolygonM& mp);

/// Planar area in square metres, holes subtracted, whatever the rings' orientation; rings
/// need not be closed.
double area_m2(const MultiPolygonM& mp);

/// Area-weighted centroid in the metric CRS (holes subtracted). For a zero-area input, the
/// mean of the vertices; NaN for an input with no vertices.
PointM centroid(const MultiPolygonM& mp);

/// Number of vertices in all rings.
std::size_t vertex_count(const MultiPolygonM& mp);

}  // namespace assetmap
