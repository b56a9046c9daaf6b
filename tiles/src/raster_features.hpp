#pragma once
// Private to assetmap_tiles_raster: the data of a raster style as Mapnik features, and the
// features each style layer is given at a zoom.
//
// Mapnik queries every feature of a layer whose box meets the metatile with its buffer, and
// tests each against every rule of the layer's styles that is active at the scale. A feature
// that no active rule can apply to draws nothing and takes no place in label placement, and
// a feature beyond the reach of every tile of a render is never queried: leaving both out
// changes no pixel (tested against feeding every feature) and saves the queries, the filter
// tests and, in the tool, reading them (raster_layer_reach).

#include "raster_coverage.hpp"

#include <assetmap/tiles/tile_renderer.hpp>

#include <mapnik/box2d.hpp>
#include <mapnik/feature.hpp>
#include <mapnik/map.hpp>
#include <mapnik/memory_datasource.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::tiles::detail {

/// The style layers the renderer fills, by name.
constexpr const char* data_layer_names[] = {"areas", "area-labels", "assets", "asset-labels"};

/// Whether `name` is one of data_layer_names.
bool is_data_layer(const std::string& name);

/// Mapnik's memory datasource, with each feature's envelope computed once: the stock one
/// recomputes every feature's envelope from its geometry at every query (every layer of every
/// metatile), which at the scale of a country costs more than the query is worth. Features,
/// the intersection test and their order are the stock ones. Its envelope is set to the
/// envelope of the whole layer (set_envelope), whatever subset it holds: Mapnik clips a
/// layer's geometries to that envelope within the query box, so a subset must not move it.
class IndexedDatasource : public mapnik::memory_datasource {
public:
    IndexedDatasource();
    void add(const mapnik::feature_ptr& f, const mapnik::box2d<double>& box);
    mapnik::featureset_ptr features(const mapnik::query& q) const override;
    std::size_t count() const { return features_.size(); }

private:
    std::vector<mapnik::box2d<double>> boxes_;
    std::vector<mapnik::feature_ptr> features_;
};

/// Every feature of one style layer, with its box (and its point, for point layers).
struct LayerFeatures {
    std::vector<mapnik::feature_ptr> features;
    std::vector<mapnik::box2d<double>> boxes;
    std::vector<PointM> points;      ///< per feature, for point layers (empty for areas)
    mapnik::box2d<double> envelope;  ///< of every feature (memory_datasource's)
};

/// The data as Mapnik features: per data layer name; `feature_of_area[i]` is area i's
/// polygon feature (null when it has no polygon).
struct RasterFeatures {
    std::map<std::string, LayerFeatures> layers;
    std::vector<mapnik::feature_ptr> feature_of_area;
    std::shared_ptr<const RasterCoverage> coverage;  ///< areas only (points per zoom)
};

/// Builds the features of `layers` (Web Mercator).
RasterFeatures make_raster_features(const RasterLayers& layers);

/// What Mapnik is given at one zoom: per data layer a datasource, and where that data can
/// draw (RasterCoverage of the areas and the points given at this zoom).
struct ZoomFeatures {
    std::map<std::string, std::shared_ptr<IndexedDatasource>> datasources;
    std::unique_ptr<RasterCoverage> coverage;
    std::uint64_t features = 0;  ///< features given, all layers
};

/// The features of zoom `z` for `map`'s styles (rendering tiles of `scale`): with `select`,
/// only features that a rule active at that zoom may apply to (its filter holds, or an
/// else/also rule) and, when `reach` is given, whose box meets it; without, every feature.
ZoomFeatures select_zoom_features(const RasterFeatures& all, const mapnik::Map& map,
                                  std::uint8_t z, unsigned scale, bool select,
                                  const std::optional<BoxMercator>& reach);

/// For each area's feature (null: none), whether every rule of the "areas" layer's styles
/// that may apply to it — its filter matches, or it is an else/also rule; at any scale — has
/// only polygon and line symbolizers (no pattern, marker, text or other symbolizer).
std::vector<char> plain_fill_areas(const mapnik::Map& map,
                                   const std::vector<mapnik::feature_ptr>& features);

/// Whether a rule of the styles of style layer `layer` is active at zoom `z` (tiles of
/// `scale`), allowing for rounding of the scale denominator.
bool layer_draws_at(const mapnik::Map& map, const std::string& layer, std::uint8_t z,
                    unsigned scale);

}  // namespace assetmap::tiles::detail
