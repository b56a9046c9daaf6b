// The Mapnik style processor of the tile renderer: Mapnik's AGG renderer, with its own fill of
// polygons. Mapnik blends every pixel of a polygon fill through a table of compositing
// functions, one indirect call a pixel, whatever the compositing mode; for the default
// (src-over), which the choropleth's fills use and which covers most pixels of a metatile,
// this processor rasterises the polygon as Mapnik does and blends with the same src-over
// arithmetic inline, writing an opaque colour at full coverage directly. Every other
// symbolizer, and any fill with another mode or inside a style drawn on its own buffer
// (style comp-op, opacity or image filters), goes to Mapnik's renderer unchanged.
// tests/visual/test_mapnik_parity.cpp holds the result to Mapnik's own render, bit for bit.
#pragma once

#include <mapnik/agg_rasterizer.hpp>
#include <mapnik/agg_renderer.hpp>
#include <mapnik/feature_style_processor.hpp>
#include <mapnik/image.hpp>
#include <mapnik/symbolizer_enumerations.hpp>
#include <mapnik/view_transform.hpp>

#include <memory>

namespace assetmap::tiles::detail {

class RasterProcessor : public mapnik::feature_style_processor<RasterProcessor> {
  public:
    using processor_impl_type = RasterProcessor;

    /// Draws `map` (already sized and zoomed) on `pixmap`, which must be premultiplied.
    RasterProcessor(const mapnik::Map& map, mapnik::image_rgba8& pixmap, double scale_factor);
    ~RasterProcessor();

    void start_map_processing(const mapnik::Map& map);
    void end_map_processing(const mapnik::Map& map) { inner_.end_map_processing(map); }
    void start_layer_processing(const mapnik::layer& lay, const mapnik::box2d<double>& extent);
    void end_layer_processing(const mapnik::layer& lay) { inner_.end_layer_processing(lay); }
    void start_style_processing(const mapnik::feature_type_style& st);
    void end_style_processing(const mapnik::feature_type_style& st) {
        inner_.end_style_processing(st);
    }

    void process(const mapnik::polygon_symbolizer& sym, mapnik::feature_impl& feature,
                 const mapnik::proj_transform& prj_trans);
    template <typename Symbolizer>
    void process(const Symbolizer& sym, mapnik::feature_impl& feature,
                 const mapnik::proj_transform& prj_trans) {
        inner_.process(sym, feature, prj_trans);
    }
    bool process(const mapnik::rule::symbolizers&, mapnik::feature_impl&,
                 const mapnik::proj_transform&) {
        return false;  // one symbolizer at a time, as Mapnik's AGG renderer
    }

    void painted(bool painted) { inner_.painted(painted); }
    bool painted() { return inner_.painted(); }
    mapnik::eAttributeCollectionPolicy attribute_collection_policy() const {
        return mapnik::DEFAULT;
    }
    double scale_factor() const { return inner_.scale_factor(); }
    const mapnik::attributes& variables() const { return inner_.variables(); }

  private:
    mapnik::agg_renderer<mapnik::image_rgba8> inner_;
    mapnik::image_rgba8& pixmap_;
    unsigned width_, height_;  // the map's, as the renderer's clip box
    mapnik::view_transform view_;  // as the renderer's, whose offset is 0 outside style buffers
    mapnik::box2d<double> query_extent_;
    bool own_buffer_style_ = false;  // the current style draws on a buffer of its own
    std::unique_ptr<mapnik::rasterizer> ras_;
    mapnik::gamma_method_enum gamma_method_ = mapnik::GAMMA_POWER;
    double gamma_ = 1.0;
};

}  // namespace assetmap::tiles::detail

extern template class mapnik::feature_style_processor<assetmap::tiles::detail::RasterProcessor>;
