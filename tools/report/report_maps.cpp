/// @file The report's map images (see report_maps.hpp).

#include "report_maps.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/tiles/map_image.hpp>
#include <assetmap/tiles/raster_style.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace assetmap::report {

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw input_error(path, "cannot read the map style template; reinstall the styles/ "
                                "folder");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A ring transformed point by point; points PROJ cannot transform are left out.
RingM to_mercator(const RingM& ring, const io::CrsTransform& t) {
    RingM out;
    out.reserve(ring.size());
    for (const auto& p : ring)
        if (auto q = t.to_metric(p.x_m, p.y_m)) out.push_back(*q);
    return out;
}

MultiPolygonM to_mercator(const MultiPolygonM& mp, const io::CrsTransform& t) {
    MultiPolygonM out;
    out.reserve(mp.size());
    for (const auto& poly : mp) {
        PolygonM p;
        p.outer = to_mercator(poly.outer, t);
        for (const auto& h : poly.holes) p.holes.push_back(to_mercator(h, t));
        out.push_back(std::move(p));
    }
    return out;
}

/// The box of a shape grown by `margin` of its larger side on every side.
BoxM padded(const BoxM& b, double margin) {
    const double pad = margin * std::max(b.max_x_m - b.min_x_m, b.max_y_m - b.min_y_m);
    return {b.min_x_m - pad, b.min_y_m - pad, b.max_x_m + pad, b.max_y_m + pad};
}

}  // namespace

struct ReportMaps::Impl {
    MapSizes sizes;
    std::vector<MultiPolygonM> shapes;  // per area row, Web Mercator
    BoxM all;
    tiles::Choropleth choropleth;
    std::optional<tiles::MapImageRenderer> overview, area;
};

ReportMaps::ReportMaps(const atlas::Atlas& atlas, const std::string& styles_dir,
                       const MapSizes& sizes)
    : impl_(std::make_unique<Impl>()) {
    impl_->sizes = sizes;
    const io::CrsTransform to_3857(atlas.metric_crs(), "EPSG:3857");
    const auto& areas = atlas.areas();
    const auto code_col = atlas::Atlas::field(areas, "code");
    const auto name_col = atlas::Atlas::field(areas, "name");
    const auto index_col = atlas::Atlas::field(areas, "asset_index");

    tiles::RasterLayers overview_layers, area_layers;
    overview_layers.indicator = "asset_index";
    area_layers.indicator = "shade";
    std::vector<double> values;
    for (std::size_t r = 0; r < areas.rows.size(); ++r) {
        MultiPolygonM shape =
            r < areas.polygons.size() ? to_mercator(areas.polygons[r], to_3857) : MultiPolygonM{};
        const BoxM b = bounds(shape);
        if (!b.empty()) {
            impl_->all.expand({b.min_x_m, b.min_y_m});
            impl_->all.expand({b.max_x_m, b.max_y_m});
        }
        tiles::RasterArea a;
        a.code = atlas::Atlas::text(areas, r, code_col);
        a.name = atlas::Atlas::text(areas, r, name_col);
        a.value = atlas::Atlas::number(areas, r, index_col);
        a.shape = shape;
        values.push_back(a.value ? *a.value : std::nan(""));
        overview_layers.areas.push_back(a);
        a.value = 0.0;
        a.class_index = 0;
        area_layers.areas.push_back(std::move(a));
        impl_->shapes.push_back(std::move(shape));
    }
    if (impl_->all.empty())
        throw input_error(atlas.origin(), "the atlas's areas have no geometry to map");
    impl_->choropleth = tiles::make_choropleth("asset_index", "asset_index", values);
    for (auto& a : overview_layers.areas)
        a.class_index = a.value ? tiles::class_of(*a.value, impl_->choropleth.breaks) : -1;

    const auto& assets = atlas.assets();
    const auto cat_col = atlas::Atlas::field(assets, "category");
    const auto dom_col = atlas::Atlas::field(assets, "domain");
    const auto aname_col = atlas::Atlas::field(assets, "name");
    for (std::size_t r = 0; r < assets.rows.size() && r < assets.points.size(); ++r) {
        const auto p = to_3857.to_metric(assets.points[r].x_m, assets.points[r].y_m);
        if (!p) continue;
        area_layers.assets.push_back({atlas::Atlas::text(assets, r, cat_col),
                                      atlas::Atlas::text(assets, r, dom_col),
                                      atlas::Atlas::text(assets, r, aname_col), *p});
    }

    const std::string tmpl = read_text(styles_dir + "/raster.xml.in");
    tiles::RasterStyleParams overview_style;
    overview_style.choropleth = impl_->choropleth;
    overview_style.assets = false;
    impl_->overview.emplace(tiles::build_raster_style(tmpl, overview_style),
                            std::move(overview_layers), styles_dir);

    // Area maps: every area in one light shade, the area itself brought forward (focus).
    tiles::Choropleth shade;
    shade.indicator = "shade";
    shade.breaks.min = 0.0;
    shade.breaks.upper = {0.0};
    shade.colours = {"#e3e1da"};
    tiles::RasterStyleParams area_style;
    area_style.choropleth = shade;
    impl_->area.emplace(tiles::build_raster_style(tmpl, area_style), std::move(area_layers),
                        styles_dir);
}

ReportMaps::~ReportMaps() = default;
ReportMaps::ReportMaps(ReportMaps&&) noexcept = default;
ReportMaps& ReportMaps::operator=(ReportMaps&&) noexcept = default;

const tiles::Choropleth& ReportMaps::overview_choropleth() const { return impl_->choropleth; }
const MapSizes& ReportMaps::sizes() const { return impl_->sizes; }

unsigned ReportMaps::overview_height_px() const {
    const BoxM b = padded(impl_->all, 0.03);
    const double aspect = (b.max_y_m - b.min_y_m) / (b.max_x_m - b.min_x_m);
    const double h = std::round(impl_->sizes.overview_width_px * aspect);
    return static_cast<unsigned>(std::clamp(h, double(impl_->sizes.overview_min_height_px),
                                            double(impl_->sizes.overview_max_height_px)));
}

std::string ReportMaps::overview_png() const {
    tiles::MapImageRequest req;
    req.box = padded(impl_->all, 0.03);
    req.width_px = impl_->sizes.overview_width_px;
    req.height_px = overview_height_px();
    req.scale = impl_->sizes.scale;
    return impl_->overview->render_png(req);
}

std::string ReportMaps::area_png(std::size_t area_row) const {
    const MultiPolygonM& shape = impl_->shapes.at(area_row);
    const BoxM b = bounds(shape);
    if (b.empty()) throw input_error("", "area row " + std::to_string(area_row) + " has no geometry");
    tiles::MapImageRequest req;
    req.box = padded(b, 0.08);
    req.width_px = impl_->sizes.area_width_px;
    req.height_px = impl_->sizes.area_height_px;
    req.scale = impl_->sizes.scale;
    // The image's own scale denominator (Web Mercator, 0.28 mm pixels), after the box grows
    // to the image's aspect ratio.
    const double span_x = (req.box.max_x_m - req.box.min_x_m) / req.width_px;
    const double span_y = (req.box.max_y_m - req.box.min_y_m) / req.height_px;
    const double own = std::max(span_x, span_y) / 0.00028;
    if (own > impl_->sizes.area_rules_scale_denominator)
        req.rules_scale_denominator = impl_->sizes.area_rules_scale_denominator;
    req.focus = shape;
    return impl_->area->render_png(req);
}

}  // namespace assetmap::report
