#include <assetmap/serve/raster_source.hpp>

#include <assetmap/atlas/column_info.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/raster_style.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace assetmap::serve {

namespace {

RingM to_mercator(const std::vector<LonLat>& ring) {
    RingM out;
    out.reserve(ring.size());
    for (const LonLat& p : ring) out.push_back(tiles::lonlat_to_mercator(p));
    return out;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw input_error(path, "cannot read the raster style template; give the styles/ "
                                "folder of the source tree with --styles");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

RasterSource::RasterSource(const atlas::Atlas& atlas, const LayerLonLat& areas,
                           const LayerLonLat* assets, const std::string& styles_dir)
    : atlas_(atlas), styles_dir_(styles_dir) {
    template_xml_ = read_text(styles_dir + "/raster.xml.in");
    const io::OutputLayer& layer = atlas.areas();
    std::vector<std::string> wanted = atlas.indicators();
    for (const char* c : {"individual_score", "community_score", "structural_score", "asset_index"})
        wanted.emplace_back(c);
    for (const auto& c : wanted)
        if (atlas::Atlas::field(layer, c) != atlas::Atlas::npos &&
            tiles::is_attribute_name(c) && !has_column(c))
            columns_.push_back(c);

    const std::size_t code = atlas::Atlas::field(layer, "code");
    const std::size_t name = atlas::Atlas::field(layer, "name");
    for (std::size_t r = 0; r < layer.rows.size(); ++r) {
        codes_.push_back(code == atlas::Atlas::npos ? "" : atlas::Atlas::text(layer, r, code));
        names_.push_back(name == atlas::Atlas::npos ? "" : atlas::Atlas::text(layer, r, name));
        MultiPolygonM shape;
        const bool has = r < areas.has_geometry.size() && areas.has_geometry[r];
        if (has)
            for (const auto& poly : areas.polygons[r]) {
                PolygonM p;
                p.outer = to_mercator(poly.outer);
                for (const auto& hole : poly.holes) p.holes.push_back(to_mercator(hole));
                shape.push_back(std::move(p));
            }
        shapes_.push_back(std::move(shape));
        drawn_.push_back(has);
    }
    if (assets && assets->layer) {
        const io::OutputLayer& al = *assets->layer;
        const std::size_t cat = atlas::Atlas::field(al, "category");
        const std::size_t dom = atlas::Atlas::field(al, "domain");
        const std::size_t nam = atlas::Atlas::field(al, "name");
        for (std::size_t r = 0; r < al.rows.size(); ++r) {
            if (!assets->has_geometry[r]) continue;
            Asset a;
            if (cat != atlas::Atlas::npos) a.category = atlas::Atlas::text(al, r, cat);
            if (dom != atlas::Atlas::npos) a.domain = atlas::Atlas::text(al, r, dom);
            if (nam != atlas::Atlas::npos) a.name = atlas::Atlas::text(al, r, nam);
            a.position = tiles::lonlat_to_mercator(assets->points[r]);
            assets_.push_back(std::move(a));
        }
    }
}

RasterSource::~RasterSource() = default;

bool RasterSource::has_column(const std::string& column) const {
    for (const auto& c : columns_)
        if (c == column) return true;
    return false;
}

std::shared_ptr<const tiles::TileRenderer> RasterSource::renderer(const std::string& column) const {
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (const auto it = renderers_.find(column); it != renderers_.end()) return it->second;
    }
    // Built outside the lock (tens of milliseconds); a concurrent build of the same column
    // is wasted work, not a wrong answer: the first stored wins.
    const io::OutputLayer& layer = atlas_.areas();
    const std::size_t col = atlas::Atlas::field(layer, column);
    tiles::RasterLayers layers;
    layers.indicator = column;
    // Exactly as `assetmap tiles raster` (tools/tiles_command.cpp) values and classes it, so
    // rendered tiles continue the archived ones seamlessly: an area with partial data for the
    // column's category has no data there (its value, often a false 0, is neither classed nor
    // painted); the legend title is the column's human title.
    const auto context = atlas::column_context(std::map<std::string, std::string>(
        atlas_.metadata().begin(), atlas_.metadata().end()));
    const auto info = atlas::describe_column("areas", column, context);
    const std::size_t partial = info.category.empty()
                                    ? atlas::Atlas::npos
                                    : atlas::Atlas::field(layer, info.category + "_partial_data");
    std::vector<double> values;
    for (std::size_t r = 0; r < layer.rows.size(); ++r) {
        const auto flag = partial == atlas::Atlas::npos ? std::nullopt
                                                        : atlas::Atlas::number(layer, r, partial);
        const auto v = flag && *flag != 0.0 ? std::nullopt : atlas::Atlas::number(layer, r, col);
        values.push_back(v ? *v : std::nan(""));
    }
    const auto choropleth = tiles::make_choropleth(column, info.title, values, 5,
                                                   tiles::ClassMethod::quantiles);
    for (std::size_t r = 0; r < layer.rows.size(); ++r) {
        if (!drawn_[r]) continue;
        tiles::RasterArea a;
        a.code = codes_[r];
        a.name = names_[r];
        a.value = std::isnan(values[r]) ? std::nullopt : std::optional<double>(values[r]);
        a.class_index = a.value ? tiles::class_of(*a.value, choropleth.breaks) : -1;
        a.shape = shapes_[r];
        layers.areas.push_back(std::move(a));
    }
    for (const auto& a : assets_)
        layers.assets.push_back({a.category, a.domain, a.name, a.position});
    tiles::RasterStyleParams style;
    style.choropleth = choropleth;
    auto made = std::make_shared<const tiles::TileRenderer>(
        tiles::build_raster_style(template_xml_, style), std::move(layers), styles_dir_);
    std::lock_guard<std::mutex> lk(mu_);
    return renderers_.emplace(column, std::move(made)).first->second;
}

std::optional<std::string> RasterSource::render(const std::string& column,
                                                const tiles::TileId& tile,
                                                unsigned scale) const {
    if (!has_column(column)) throw config_error("no drawable column '" + column + "'");
    const auto r = renderer(column);
    tiles::RasterOptions options;
    options.scale = scale;
    options.metatile = 1;
    options.threads = 1;
    bool empty = false;
    std::string png = r->render_tile(tile, options, &empty);
    if (empty) return std::nullopt;
    return png;
}

}  // namespace assetmap::serve
