// The tile renderer's style processor (raster_processor.hpp). Its polygon fill follows
// Mapnik 3.1's agg_renderer::process(polygon_symbolizer) and render_polygon_symbolizer step
// by step (the same vertex converters, rasterizer settings and scanlines); only the blend
// differs in how it is called, not in what it computes.
#include "raster_processor.hpp"

#include <mapnik/agg_helpers.hpp>
#include <mapnik/feature.hpp>
#include <mapnik/feature_style_processor_impl.hpp>
#include <mapnik/feature_type_style.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/map.hpp>
#include <mapnik/proj_transform.hpp>
#include <mapnik/symbolizer.hpp>
#include <mapnik/vertex_converters.hpp>
#include <mapnik/vertex_processor.hpp>

#pragma GCC diagnostic push
#include <mapnik/warning_ignore_agg.hpp>
#include "agg_color_rgba.h"
#include "agg_pixfmt_rgba.h"
#include "agg_renderer_scanline.h"
#include "agg_rendering_buffer.h"
#include "agg_scanline_u.h"
#pragma GCC diagnostic pop

#include <cstdint>
#include <cstring>

template class mapnik::feature_style_processor<assetmap::tiles::detail::RasterProcessor>;

namespace assetmap::tiles::detail {

namespace {

/// AGG's src-over of premultiplied RGBA, the function Mapnik's compositing table holds for
/// src_over, called inline.
struct SrcOverBlender {
    using color_type = agg::rgba8;
    using order_type = agg::order_rgba;
    using value_type = color_type::value_type;
    enum base_scale_e { base_shift = color_type::base_shift, base_mask = color_type::base_mask };

    static AGG_INLINE void blend_pix(unsigned /*op*/, value_type* p, unsigned r, unsigned g,
                                     unsigned b, unsigned a, unsigned cover) {
        agg::comp_op_rgba_src_over<color_type, order_type>::blend_pix(p, r, g, b, a, cover);
    }
};

/// Mapnik's pixel format for compositing, with SrcOverBlender; an opaque colour at full
/// coverage is stored as it is, without reading the pixel it replaces, which is what
/// src-over gives then (the destination's weight, 255 - 255, is 0).
class SrcOverPixFmt : public agg::pixfmt_custom_blend_rgba<SrcOverBlender, agg::rendering_buffer> {
  public:
    explicit SrcOverPixFmt(agg::rendering_buffer& buf)
        : agg::pixfmt_custom_blend_rgba<SrcOverBlender, agg::rendering_buffer>(buf), buf_(buf) {}

    void blend_hline(int x, int y, unsigned len, const color_type& c, agg::int8u cover) {
        const agg::int8u covers[1] = {cover};
        span(x, y, len, c, covers, false);
    }
    void blend_solid_hspan(int x, int y, unsigned len, const color_type& c,
                           const agg::int8u* covers) {
        span(x, y, len, c, covers, true);
    }

  private:
    void span(int x, int y, unsigned len, const color_type& c, const agg::int8u* covers,
              bool per_pixel) {
        value_type* p = buf_.row_ptr(y) + 4 * x;
        std::uint32_t opaque = 0;  // the colour's four bytes, in memory order
        if (c.a == 255) {
            value_type bytes[4];
            bytes[order_type::R] = c.r;
            bytes[order_type::G] = c.g;
            bytes[order_type::B] = c.b;
            bytes[order_type::A] = 255;
            std::memcpy(&opaque, bytes, 4);
        }
        for (unsigned i = 0; i < len; ++i, p += 4) {
            const unsigned cover = per_pixel ? covers[i] : covers[0];
            if (c.a == 255 && cover == 255)
                std::memcpy(p, &opaque, 4);
            else
                SrcOverBlender::blend_pix(0, p, c.r, c.g, c.b, c.a, cover);
        }
    }

    agg::rendering_buffer& buf_;
};

/// Feeds each geometry of a feature through the converters into the rasterizer (Mapnik's
/// detail::apply_vertex_converter, which it does not install).
template <typename Converter, typename Rasterizer>
struct ApplyConverter {
    Converter& converter;
    Rasterizer& ras;
    template <typename Adapter>
    void operator()(const Adapter& adapter) {
        converter.apply(adapter, ras);
    }
};

}  // namespace

RasterProcessor::RasterProcessor(const mapnik::Map& map, mapnik::image_rgba8& pixmap,
                                 double scale_factor)
    : mapnik::feature_style_processor<RasterProcessor>(map, scale_factor),
      inner_(map, pixmap, scale_factor),
      pixmap_(pixmap),
      width_(map.width()),
      height_(map.height()),
      view_(map.width(), map.height(), map.get_current_extent()),
      ras_(std::make_unique<mapnik::rasterizer>()) {}

RasterProcessor::~RasterProcessor() = default;

void RasterProcessor::start_map_processing(const mapnik::Map& map) {
    inner_.start_map_processing(map);
    ras_->clip_box(0, 0, width_, height_);
}

void RasterProcessor::start_layer_processing(const mapnik::layer& lay,
                                             const mapnik::box2d<double>& extent) {
    inner_.start_layer_processing(lay, extent);
    query_extent_ = extent;
    if (const auto& maximum = lay.maximum_extent()) query_extent_.clip(*maximum);
}

void RasterProcessor::start_style_processing(const mapnik::feature_type_style& st) {
    inner_.start_style_processing(st);
    own_buffer_style_ = st.comp_op() || !st.image_filters().empty() || st.get_opacity() < 1;
}

void RasterProcessor::process(const mapnik::polygon_symbolizer& sym, mapnik::feature_impl& feature,
                              const mapnik::proj_transform& prj_trans) {
    using namespace mapnik;
    const attributes& vars = variables();
    // Mapnik's library does not export AGG's smoother, so a smoothed fill is Mapnik's too.
    if (own_buffer_style_ ||
        get<composite_mode_e>(sym, keys::comp_op, feature, vars, src_over) != src_over ||
        get<value_double, keys::smooth>(sym, feature, vars) > 0.0) {
        inner_.process(sym, feature, prj_trans);
        return;
    }

    ras_->reset();
    const double gamma = get<value_double>(sym, keys::gamma, feature, vars, 1.0);
    const auto gamma_method =
        get<gamma_method_enum>(sym, keys::gamma_method, feature, vars, GAMMA_POWER);
    if (gamma != gamma_ || gamma_method != gamma_method_) {
        set_gamma_method(ras_, gamma, gamma_method);
        gamma_method_ = gamma_method;
        gamma_ = gamma;
    }

    // render_polygon_symbolizer: the geometry through the converters into the rasterizer.
    const double scale = scale_factor();
    agg::trans_affine tr;
    if (const auto transform = get_optional<transform_type>(sym, keys::geometry_transform))
        evaluate_transform(tr, feature, vars, *transform, scale);
    const value_bool clip = get<value_bool, keys::clip>(sym, feature, vars);
    const value_double simplify_tolerance =
        get<value_double, keys::simplify_tolerance>(sym, feature, vars);
    const value_double opacity = get<value_double, keys::fill_opacity>(sym, feature, vars);
    // Mapnik's converters but the smoother (smooth is 0 here: the chain is the same).
    using Converter =
        vertex_converter<clip_poly_tag, transform_tag, affine_transform_tag, simplify_tag>;
    // clipping_extent(): the query extent, as the view's offset is 0 here.
    Converter converter(query_extent_, sym, view_, prj_trans, tr, feature, vars, scale);
    if (prj_trans.equal() && clip) converter.template set<clip_poly_tag>();
    converter.template set<transform_tag>();
    converter.template set<affine_transform_tag>();
    if (simplify_tolerance > 0.0) converter.template set<simplify_tag>();
    using Apply = ApplyConverter<Converter, rasterizer>;
    Apply apply{converter, *ras_};
    util::apply_visitor(geometry::vertex_processor<Apply>(apply), feature.get_geometry());
    const color& fill = get<color, keys::fill>(sym, feature, vars);

    // The fill: AGG's scanline renderer over the pixmap, src-over inline.
    agg::rendering_buffer buf(pixmap_.bytes(), pixmap_.width(), pixmap_.height(),
                              pixmap_.row_size());
    SrcOverPixFmt pixf(buf);
    agg::renderer_base<SrcOverPixFmt> renb(pixf);
    agg::renderer_scanline_aa_solid<agg::renderer_base<SrcOverPixFmt>> ren(renb);
    ren.color(agg::rgba8_pre(fill.red(), fill.green(), fill.blue(),
                             int(fill.alpha() * opacity)));
    agg::scanline_u8 sl;
    ras_->filling_rule(agg::fill_even_odd);
    agg::render_scanlines(*ras_, sl, ren);
}

}  // namespace assetmap::tiles::detail
