// Map images of a box with the raster style (see map_image.hpp). The only translation unit
// of the map images that includes Mapnik's rendering headers.
#include <assetmap/tiles/map_image.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/tiles/choropleth.hpp>

#include "mapnik_features.hpp"
#include "png8_encoder.hpp"

#include <mapnik/agg_renderer.hpp>
#include <mapnik/box2d.hpp>
#include <mapnik/color.hpp>
#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/geometry.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>
#include <mapnik/memory_datasource.hpp>
#include <mapnik/params.hpp>
#include <mapnik/unicode.hpp>

#include <cmath>
#include <deque>

namespace assetmap::tiles {

namespace {

constexpr unsigned max_side_px = 4096;

/// The layer and style drawn for MapImageRequest::focus, inserted before the assets layer.
const char* const focus_xml =
    "  <Style name=\"assetmap-focus\">\n"
    "    <Rule>\n"
    "      <PolygonSymbolizer fill=\"#ffffff\"/>\n"
    "      <LineSymbolizer stroke=\"#ffffff\" stroke-width=\"5\" stroke-linejoin=\"round\"/>\n"
    "      <LineSymbolizer stroke=\"#1a1a1a\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>\n"
    "    </Rule>\n"
    "  </Style>\n"
    "  <Layer name=\"assetmap-focus\" srs=\"epsg:3857\">\n"
    "    <StyleName>assetmap-focus</StyleName>\n"
    "  </Layer>\n";

/// The style with the focus layer inserted under the asset symbols.
std::string with_focus_layer(std::string xml) {
    auto at = xml.find("<Layer name=\"assets\"");
    if (at == std::string::npos) at = xml.rfind("</Map>");
    if (at == std::string::npos) throw render_error("map image: the style has no </Map>");
    const auto line_start = xml.rfind('\n', at);
    xml.insert(line_start == std::string::npos ? at : line_start + 1, focus_xml);
    return xml;
}

std::shared_ptr<mapnik::memory_datasource> memory_datasource(
    const std::deque<mapnik::feature_ptr>& features) {
    mapnik::parameters params;
    params["type"] = "memory";
    auto ds = std::make_shared<mapnik::memory_datasource>(params);
    for (const auto& f : features) ds->push(f);
    return ds;
}

}  // namespace

struct MapImageRenderer::Impl {
    std::unique_ptr<mapnik::Map> map;
    mapnik::layer* focus_layer = nullptr;
};

MapImageRenderer::MapImageRenderer(std::string style_xml, RasterLayers layers,
                                   std::string base_path)
    : impl_(std::make_unique<Impl>()) {
    if (!is_attribute_name(layers.indicator))
        throw config_error("map image: indicator '" + layers.indicator +
                           "' is not a plain attribute name");
    const mapnik::transcoder tr("utf-8");
    std::deque<mapnik::feature_ptr> areas, area_labels, assets;
    const auto area_ctx = detail::area_context(layers.indicator);
    mapnik::value_integer id = 1;
    for (const RasterArea& a : layers.areas) {
        auto f = detail::area_features(area_ctx, id, a, layers.indicator, tr);
        if (!f) continue;
        areas.push_back(std::move(f->shape));
        area_labels.push_back(std::move(f->label));
        ++id;
    }
    const auto asset_ctx = detail::asset_context();
    id = 1;
    for (const RasterAsset& a : layers.assets)
        assets.push_back(detail::asset_feature(asset_ctx, id++, a, tr));

    impl_->map = std::make_unique<mapnik::Map>(256, 256);
    try {
        mapnik::load_map_string(*impl_->map, with_focus_layer(std::move(style_xml)),
                                /*strict=*/true, base_path);
    } catch (const std::exception& e) {
        throw render_error(std::string("Mapnik refused the style: ") + e.what());
    }
    auto areas_ds = memory_datasource(areas);
    auto labels_ds = memory_datasource(area_labels);
    auto assets_ds = memory_datasource(assets);
    for (mapnik::layer& layer : impl_->map->layers()) {
        const std::string& name = layer.name();
        if (name == "areas")
            layer.set_datasource(areas_ds);
        else if (name == "area-labels")
            layer.set_datasource(labels_ds);
        else if (name == "assets" || name == "asset-labels")
            layer.set_datasource(assets_ds);
        else if (name == "assetmap-focus")
            impl_->focus_layer = &layer;
        else if (!layer.datasource())
            throw render_error("style layer '" + name +
                               "' has no datasource (the map image fills only areas, "
                               "area-labels, assets and asset-labels)");
    }
    impl_->map->set_aspect_fix_mode(mapnik::Map::GROW_BBOX);
}

MapImageRenderer::~MapImageRenderer() = default;
MapImageRenderer::MapImageRenderer(MapImageRenderer&&) noexcept = default;
MapImageRenderer& MapImageRenderer::operator=(MapImageRenderer&&) noexcept = default;

std::string MapImageRenderer::render_png(const MapImageRequest& request) const {
    const BoxM& box = request.box;
    if (box.empty() || !(box.max_x_m > box.min_x_m) || !(box.max_y_m > box.min_y_m))
        throw config_error("map image: the box is empty");
    if (!(request.scale >= 1.0 && request.scale <= 4.0))
        throw config_error("map image: scale must be between 1 and 4");
    const double w = std::round(request.width_px * request.scale);
    const double h = std::round(request.height_px * request.scale);
    if (w < 16 || h < 16 || w > max_side_px || h > max_side_px)
        throw config_error("map image: " + std::to_string(static_cast<long>(w)) + "×" +
                           std::to_string(static_cast<long>(h)) +
                           " pixels; each side must be 16 to 4096");
    mapnik::Map& map = *impl_->map;
    if (impl_->focus_layer) {
        std::deque<mapnik::feature_ptr> focus;
        auto mp = detail::to_multi_polygon(request.focus);
        if (!mp.empty()) {
            auto f = mapnik::feature_factory::create(std::make_shared<mapnik::context_type>(), 1);
            f->set_geometry(mapnik::geometry::geometry<double>(std::move(mp)));
            focus.push_back(std::move(f));
        }
        impl_->focus_layer->set_datasource(memory_datasource(focus));
        impl_->focus_layer->set_active(!focus.empty());
    }
    mapnik::image_rgba8 image(static_cast<int>(w), static_cast<int>(h));
    try {
        if (request.background.empty())
            map.set_background(mapnik::color(0, 0, 0, 0));
        else
            map.set_background(mapnik::color(request.background));
        map.resize(static_cast<unsigned>(w), static_cast<unsigned>(h));
        map.zoom_to_box(mapnik::box2d<double>(box.min_x_m, box.min_y_m, box.max_x_m, box.max_y_m));
        mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, image, request.scale);
        // Mapnik multiplies the denominator by the scale factor: undo it for an override.
        renderer.apply(request.rules_scale_denominator
                           ? *request.rules_scale_denominator / request.scale
                           : 0.0);
    } catch (const std::exception& e) {
        throw render_error(std::string("rendering a map image: ") + e.what());
    }
    if (image.get_premultiplied()) mapnik::demultiply_alpha(image);
    detail::PixelRows px;
    px.first = image.data();
    px.width = image.width();
    px.rows = image.height();
    px.stride = image.width();
    std::string png;
    if (detail::encode_png8(px, png) != detail::Png8Result::too_many) return png;
    try {
        return mapnik::save_to_string(image, "png8:m=h");
    } catch (const std::exception& e) {
        throw render_error(std::string("encoding a map image as PNG: ") + e.what());
    }
}

}  // namespace assetmap::tiles
