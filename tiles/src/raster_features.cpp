// The data of a raster style as Mapnik features, per zoom (see raster_features.hpp).

#include "raster_features.hpp"

#include "mapnik_features.hpp"
#include "raster_plan.hpp"


#include <mapnik/expression_evaluator.hpp>
#include <mapnik/feature_type_style.hpp>
#include <mapnik/featureset.hpp>
#include <mapnik/geometry.hpp>
#include <mapnik/geometry_envelope.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/params.hpp>
#include <mapnik/query.hpp>
#include <mapnik/rule.hpp>
#include <mapnik/scale_denominator.hpp>
#include <mapnik/symbolizer.hpp>
#include <mapnik/unicode.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace assetmap::tiles::detail {

namespace {

mapnik::parameters memory_params() {
    mapnik::parameters params;
    params["type"] = "memory";
    return params;
}

struct Hits : mapnik::Featureset {
    std::vector<mapnik::feature_ptr> features;
    std::size_t next_index = 0;
    mapnik::feature_ptr next() override {
        return next_index < features.size() ? features[next_index++] : mapnik::feature_ptr();
    }
};

void add_feature(LayerFeatures& layer, mapnik::feature_ptr f) {
    const auto box = mapnik::geometry::envelope(f->get_geometry());
    if (layer.features.empty())
        layer.envelope = box;
    else
        layer.envelope.expand_to_include(box);
    layer.boxes.push_back(box);
    layer.features.push_back(std::move(f));
}

/// The scale denominator Mapnik computes for tiles of zoom `z` rendered at `scale`.
double scale_denominator_at(std::uint8_t z, unsigned scale) {
    const double tile_m = 2.0 * mercator_half_m / std::ldexp(1.0, z);
    return mapnik::scale_denominator(tile_m / (tile_px * scale), false) * scale;
}

/// Whether `r` is active at `denom`, or at a denominator a rounding away from it.
bool may_be_active(const mapnik::rule& r, double denom) {
    return r.active(denom) || r.active(denom * (1 - 1e-6)) || r.active(denom * (1 + 1e-6));
}

/// The rules of `layer`'s styles that may be active at `denom` (all when denom < 0).
std::vector<const mapnik::rule*> active_rules(const mapnik::Map& map, const std::string& layer,
                                              double denom) {
    std::vector<const mapnik::rule*> out;
    for (const mapnik::layer& l : map.layers()) {
        if (l.name() != layer) continue;
        for (const std::string& name : l.styles()) {
            const auto style = map.find_style(name);
            if (!style) continue;
            for (const mapnik::rule& r : style->get_rules())
                if (denom < 0 || may_be_active(r, denom)) out.push_back(&r);
        }
    }
    return out;
}

/// Whether rule `r` may apply to `f`: an else/also rule, or its filter holds (a filter that
/// cannot be evaluated counts as holding).
bool may_apply(const mapnik::rule& r, const mapnik::feature_impl& f,
               const mapnik::attributes& vars) {
    if (r.has_else_filter() || r.has_also_filter() || !r.get_filter()) return true;
    try {
        return mapnik::util::apply_visitor(
                   mapnik::evaluate<mapnik::feature_impl, mapnik::value_type, mapnik::attributes>(
                       f, vars),
                   *r.get_filter())
            .to_bool();
    } catch (const std::exception&) {
        return true;
    }
}

}  // namespace

bool is_data_layer(const std::string& name) {
    for (const char* n : data_layer_names)
        if (name == n) return true;
    return false;
}

IndexedDatasource::IndexedDatasource() : memory_datasource(memory_params()) {}

void IndexedDatasource::add(const mapnik::feature_ptr& f, const mapnik::box2d<double>& box) {
    push(f);
    boxes_.push_back(box);
    features_.push_back(f);
}

mapnik::featureset_ptr IndexedDatasource::features(const mapnik::query& q) const {
    auto hits = std::make_shared<Hits>();
    const mapnik::box2d<double>& box = q.get_bbox();
    for (std::size_t i = 0; i < features_.size(); ++i)
        if (box.intersects(boxes_[i])) hits->features.push_back(features_[i]);
    return hits;
}

RasterFeatures make_raster_features(const RasterLayers& layers) {
    RasterFeatures out;
    for (const char* name : data_layer_names) out.layers[name];
    LayerFeatures& areas = out.layers["areas"];
    LayerFeatures& area_labels = out.layers["area-labels"];
    LayerFeatures& assets = out.layers["assets"];
    const mapnik::transcoder tr("utf-8");
    const auto area_ctx = area_context(layers.indicator);
    mapnik::value_integer id = 1;
    out.feature_of_area.resize(layers.areas.size());
    for (std::size_t area = 0; area < layers.areas.size(); ++area) {
        auto f = area_features(area_ctx, id, layers.areas[area], layers.indicator, tr);
        if (!f) continue;
        area_labels.points.push_back(f->anchor);
        add_feature(area_labels, std::move(f->label));
        out.feature_of_area[area] = f->shape;
        add_feature(areas, std::move(f->shape));
        ++id;
    }

    const auto asset_ctx = asset_context();
    id = 1;
    for (const RasterAsset& a : layers.assets) {
        assets.points.push_back(a.position);
        add_feature(assets, asset_feature(asset_ctx, id++, a, tr));
    }
    out.layers["asset-labels"] = assets;  // the same features (shared pointers)

    std::vector<const MultiPolygonM*> shapes;
    for (const RasterArea& a : layers.areas) shapes.push_back(&a.shape);
    out.coverage = std::make_shared<RasterCoverage>(shapes, std::vector<PointM>{});
    return out;
}

ZoomFeatures select_zoom_features(const RasterFeatures& all, const mapnik::Map& map,
                                  std::uint8_t z, unsigned scale, bool select,
                                  const std::optional<BoxMercator>& reach) {
    ZoomFeatures out;
    const double denom = select ? scale_denominator_at(z, scale) : -1.0;
    const mapnik::attributes vars;  // the renderer is built without variables
    std::optional<mapnik::box2d<double>> within;
    if (select && reach) within.emplace(reach->min_x, reach->min_y, reach->max_x, reach->max_y);
    std::vector<PointM> points, label_points;
    for (const auto& [name, layer] : all.layers) {
        auto ds = std::make_shared<IndexedDatasource>();
        const auto rules = active_rules(map, name, denom);
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            if (select) {
                if (within && !within->intersects(layer.boxes[i])) continue;
                bool applies = false;
                for (const mapnik::rule* r : rules)
                    if ((applies = may_apply(*r, *layer.features[i], vars))) break;
                if (!applies) continue;
            }
            ds->add(layer.features[i], layer.boxes[i]);
            if (!layer.points.empty())
                (name == "area-labels" ? label_points : points).push_back(layer.points[i]);
        }
        ds->set_envelope(layer.envelope);
        out.features += ds->count();
        out.datasources[name] = std::move(ds);
    }
    out.coverage = std::make_unique<RasterCoverage>(*all.coverage, std::move(points),
                                                    std::move(label_points));
    return out;
}

bool layer_draws_at(const mapnik::Map& map, const std::string& layer, std::uint8_t z,
                    unsigned scale) {
    return !active_rules(map, layer, scale_denominator_at(z, scale)).empty();
}

std::vector<char> plain_fill_areas(const mapnik::Map& map,
                                   const std::vector<mapnik::feature_ptr>& features) {
    std::vector<char> plain(features.size(), 0);
    bool found = false;
    for (const mapnik::layer& layer : map.layers()) found = found || layer.name() == "areas";
    if (!found) return plain;
    const std::vector<const mapnik::rule*> rules = active_rules(map, "areas", -1.0);
    const mapnik::attributes vars;
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (!features[i]) continue;
        bool ok = true;
        for (const mapnik::rule* r : rules) {
            bool applies = true;
            if (!r->has_else_filter() && !r->has_also_filter() && r->get_filter()) {
                applies = mapnik::util::apply_visitor(
                              mapnik::evaluate<mapnik::feature_impl, mapnik::value_type,
                                               mapnik::attributes>(*features[i], vars),
                              *r->get_filter())
                              .to_bool();
            }
            if (!applies) continue;
            for (const mapnik::symbolizer& sym : r->get_symbolizers())
                if (!sym.is<mapnik::polygon_symbolizer>() && !sym.is<mapnik::line_symbolizer>())
                    ok = false;
        }
        plain[i] = ok;
    }
    return plain;
}

}  // namespace assetmap::tiles::detail
