#pragma once
/// @file Plain input values of the vector tiler: layers of point or polygon features with
/// typed attributes, in Web Mercator metres (EPSG:3857; the caller projects).
///
/// `PointM` and `MultiPolygonM` are reused here with their coordinates in **Web Mercator
/// metres** (x east, y north, ±20037508.34 m), not the study's metric CRS: the tiles module is
/// the only place Web Mercator appears, and these metres are not ground metres.

#include <assetmap/core/geometry.hpp>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace assetmap::tiles {

/// One attribute value. `std::monostate` is null: MVT has no null, so the feature simply
/// omits that key. A non-finite double is treated as null too.
using VtValue = std::variant<std::monostate, std::string, double, std::int64_t>;

/// One feature: a point, a multipoint or a (multi)polygon, never both kinds.
struct VtFeature {
    std::uint64_t id = 0;         ///< written as the MVT feature id
    std::vector<PointM> points;   ///< Web Mercator metres; 1 = point, >1 = multipoint
    MultiPolygonM polygons;       ///< Web Mercator metres; rings open or closed, any winding
    std::vector<VtValue> values;  ///< one per VtLayer::fields entry (missing tail = null)

    bool is_polygon() const { return !polygons.empty(); }
};

/// A layer of features sharing one field list.
struct VtLayer {
    std::string name;                 ///< the MVT layer name
    std::vector<std::string> fields;  ///< attribute names, aligned with VtFeature::values
    std::vector<VtFeature> features;
    std::uint8_t min_zoom = 0;  ///< the layer is written at zooms min_zoom..max_zoom
    std::uint8_t max_zoom = 24;
    /// A numeric field ranking features for the size cap: lower values are dropped first
    /// (null or non-numeric ranks lowest; ties by ascending id). Empty: ranked by id alone.
    std::string priority_field;
};

}  // namespace assetmap::tiles
