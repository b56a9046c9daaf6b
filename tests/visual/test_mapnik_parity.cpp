// The tile renderer draws a metatile with Mapnik's layers one by one and leaves Mapnik's last
// step, taking the whole image out of premultiplied alpha, to the cut, which does it tile by
// tile (tiles/src/tile_renderer.cpp, raster_cut.cpp). These tests hold it to the stock path:
// the same style rendered by mapnik::agg_renderer::apply() on a plain mapnik::Map must give
// the same pixels, bit for bit, as the tiles (PNG32, lossless) cut from the renderer.
//
// The renderer also fills polygons itself (tiles/src/raster_processor.cpp), with Mapnik's
// steps and AGG's src-over arithmetic called inline; the second test holds those fills, and
// the ones it leaves to Mapnik, to the stock render the same way.
//
// Each style is the raster template with more layers that have their own datasources (inline
// CSV). The first: translucent overlapping fills, a translucent wide outline and haloed
// labels, so that most pixels of the tiles are partly transparent or blended. The second:
// the fill variants (fill_variants below) and markers over them. The renderer's own data
// layers are left empty, so the stock map (which has no datasource for them) draws the same.

#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>
#include <assetmap/tiles/png_image.hpp>
#include <assetmap/tiles/raster_style.hpp>
#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <catch2/catch.hpp>

#include <mapnik/agg_renderer.hpp>
#include <mapnik/image.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>

#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

using namespace assetmap;
using namespace assetmap::tiles;

namespace {

void setup_mapnik() {
    static std::once_flag once;
    std::call_once(once, [] {
        register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR, ASSETMAP_MAPNIK_PLUGINS_DIR);
    });
}

/// The raster template filled in, plus `extra` (styles and layers with their own inline CSV
/// datasources, EPSG:3857) before its closing tag.
std::string parity_style(const std::string& extra) {
    std::ifstream in(std::string(ASSETMAP_STYLES_DIR) + "/raster.xml.in");
    std::stringstream ss;
    ss << in.rdbuf();
    REQUIRE_FALSE(ss.str().empty());
    RasterStyleParams p;
    p.choropleth = make_choropleth("score", "Score", {1, 2, 3, 4, 5}, 5, ClassMethod::quantiles);
    std::string xml = build_raster_style(ss.str(), p);
    const auto end = xml.rfind("</Map>");
    REQUIRE(end != std::string::npos);
    return xml.substr(0, end) + extra + "</Map>\n";
}

/// A layer "extra" (inside z14 x 8054-8055, y 5442-5443) drawn translucent with outlines
/// and labels.
const char* const translucent_layer = R"xml(
  <Style name="extra">
    <Rule>
      <PolygonSymbolizer fill="#d7301f" fill-opacity="0.55"/>
      <LineSymbolizer stroke="#000080" stroke-width="3.5" stroke-opacity="0.6"/>
      <TextSymbolizer face-name="DejaVu Sans Book" size="15" fill="#202020" halo-fill="rgba(255,255,255,0.7)"
                      halo-radius="2" placement="interior">[name]</TextSymbolizer>
    </Rule>
  </Style>
  <Layer name="extra" srs="epsg:3857">
    <StyleName>extra</StyleName>
    <Datasource>
      <Parameter name="type">csv</Parameter>
      <Parameter name="inline">wkt|name
POLYGON((-337000 6722000,-334000 6722500,-333500 6726000,-336500 6725500,-337000 6722000))|Translucent West
POLYGON((-336000 6721800,-333000 6723000,-334500 6726200,-336000 6721800))|Overlap East
</Parameter>
      <Parameter name="separator">|</Parameter>
    </Datasource>
  </Layer>
)xml";

/// The polygon fills the renderer draws itself (opaque and translucent src-over, a hole,
/// reaching past the metatile, gamma, a geometry transform, simplification, no clipping) and
/// those it leaves to Mapnik (another comp-op, smoothing, a style drawn on a buffer of its
/// own), then asset-like markers drawn over them (an ellipse and an SVG).
const char* const fill_variants = R"xml(
  <Style name="fills" filter-mode="first">
    <Rule><Filter>[kind] = 'opaque'</Filter>
      <PolygonSymbolizer fill="#2c7fb8"/>
      <LineSymbolizer stroke="#ffffff" stroke-width="2.2" stroke-opacity="0.8"/></Rule>
    <Rule><Filter>[kind] = 'gamma'</Filter>
      <PolygonSymbolizer fill="#7fcdbb" gamma="0.5"/></Rule>
    <Rule><Filter>[kind] = 'transformed'</Filter>
      <PolygonSymbolizer fill="#253494" fill-opacity="0.4" geometry-transform="translate(30,20) rotate(5)"
                         simplify="3" clip="false"/></Rule>
    <Rule><Filter>[kind] = 'multiply'</Filter>
      <PolygonSymbolizer fill="#fd8d3c" comp-op="multiply"/></Rule>
    <Rule><Filter>[kind] = 'smooth'</Filter>
      <PolygonSymbolizer fill="#31a354" fill-opacity="0.8" smooth="0.6"/></Rule>
  </Style>
  <Style name="faded" opacity="0.6">
    <Rule><Filter>[kind] = 'faded'</Filter><PolygonSymbolizer fill="#e31a1c"/></Rule>
  </Style>
  <Style name="marks">
    <Rule><Filter>[kind] = 'dot'</Filter>
      <MarkersSymbolizer fill="#E69F00" stroke="#ffffff" stroke-width="1" width="8" height="8"
                         allow-overlap="true" ignore-placement="true"/></Rule>
    <Rule><Filter>[kind] = 'triangle'</Filter>
      <MarkersSymbolizer file="markers/triangle.svg" fill="#009E73" stroke="#1a1a1a"
                         width="12" height="12" allow-overlap="true" ignore-placement="true"/></Rule>
  </Style>
  <Layer name="variants" srs="epsg:3857">
    <StyleName>fills</StyleName>
    <StyleName>faded</StyleName>
    <StyleName>marks</StyleName>
    <Datasource>
      <Parameter name="type">csv</Parameter>
      <Parameter name="inline">wkt|kind
POLYGON((-340000 6719000,-330000 6719000,-330000 6729000,-340000 6729000,-340000 6719000),(-336800 6722300,-334200 6722300,-334200 6725600,-336800 6725600,-336800 6722300))|opaque
POLYGON((-336700 6722400,-335000 6722400,-335000 6724000,-336700 6724000,-336700 6722400))|gamma
MULTIPOLYGON(((-335200 6723900,-334300 6724100,-334600 6725400,-335300 6725200,-335200 6723900)),((-333900 6721900,-333000 6722000,-333100 6722900,-333900 6721900)))|transformed
POLYGON((-336000 6724200,-334000 6724200,-334000 6726000,-336000 6726000,-336000 6724200))|multiply
POLYGON((-334800 6722500,-333300 6723000,-333800 6724300,-334900 6723800,-334800 6722500))|smooth
POLYGON((-337200 6725000,-335800 6725300,-336300 6726300,-337200 6725000))|faded
POINT(-335500 6723000)|dot
POINT(-336400 6725800)|triangle
POINT(-333400 6724700)|dot
</Parameter>
      <Parameter name="separator">|</Parameter>
    </Datasource>
  </Layer>
)xml";

/// Renders z14 x 8054-8055, y 5442-5443 as one 2 x 2 metatile with the tile renderer (PNG32)
/// and with Mapnik's stock agg_renderer::apply(), at `scale`, and compares every row of the
/// four tiles; returns the number of partly transparent pixels of the stock render.
std::size_t check_parity(const std::string& xml, unsigned scale) {
    RasterLayers layers;  // no areas, no assets: only the extra layers draw
    layers.indicator = "score";
    const TileRenderer renderer(xml, layers, ASSETMAP_STYLES_DIR);
    RasterOptions o;
    o.scale = scale;
    o.metatile = 2;
    o.encoding = RasterEncoding::png32;
    o.skip_empty = false;
    std::map<TileId, std::string> tiles;
    renderer.render({TileRange{14, 8054, 5442, 8055, 5443}}, o,
                    [&](const TileId& t, const std::string& png) { tiles[t] = png; });
    REQUIRE(tiles.size() == 4);

    // The stock path: one Map of the whole metatile, apply(), its demultiply.
    const unsigned ts = 256 * scale;
    mapnik::Map map(2 * ts, 2 * ts);
    mapnik::load_map_string(map, xml, /*strict=*/true, ASSETMAP_STYLES_DIR);
    map.set_buffer_size(static_cast<int>(o.buffer_px * scale));
    const BoxMercator a = tile_bounds_mercator({14, 8054, 5442});
    const BoxMercator b = tile_bounds_mercator({14, 8055, 5443});
    map.zoom_to_box(mapnik::box2d<double>(a.min_x, b.min_y, b.max_x, a.max_y));
    mapnik::image_rgba8 image(2 * ts, 2 * ts);
    mapnik::agg_renderer<mapnik::image_rgba8> stock(map, image, double(scale));
    stock.apply();
    REQUIRE_FALSE(image.get_premultiplied());

    std::size_t translucent = 0;
    for (const auto& [id, png] : tiles) {
        INFO("tile " << id.x << "/" << id.y);
        const RgbaImage tile = decode_png(png);
        REQUIRE(tile.width == ts);
        REQUIRE(tile.height == ts);
        const unsigned ox = (id.x - 8054) * ts, oy = (id.y - 5442) * ts;
        std::size_t differing = 0;
        for (unsigned y = 0; y < ts; ++y) {
            const auto* row = reinterpret_cast<const std::uint8_t*>(image.get_row(oy + y) + ox);
            differing += std::memcmp(row, tile.pixel(0, y), ts * 4) != 0;
            for (unsigned x = 0; x < ts; ++x) {
                const std::uint8_t alpha = row[4 * x + 3];
                translucent += alpha != 0 && alpha != 255;
            }
        }
        CHECK(differing == 0);
    }
    return translucent;
}

}  // namespace

TEST_CASE("metatiles cut from the renderer equal Mapnik's own render, bit for bit", "[raster]") {
    setup_mapnik();
    const std::string xml = parity_style(translucent_layer);
    for (unsigned scale : {1u, 2u}) {
        INFO("scale " << scale);
        // The case the tile-by-tile demultiply is for: many pixels partly transparent.
        CHECK(check_parity(xml, scale) > std::size_t(256 * scale) * 256 * scale);
    }
}

TEST_CASE("the renderer's own polygon fills equal Mapnik's, bit for bit", "[raster]") {
    setup_mapnik();
    const std::string xml = parity_style(fill_variants);
    for (unsigned scale : {1u, 2u}) {
        INFO("scale " << scale);
        check_parity(xml, scale);
    }
}
