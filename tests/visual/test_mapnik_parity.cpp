// The tile renderer draws a metatile with Mapnik's layers one by one and leaves Mapnik's last
// step, taking the whole image out of premultiplied alpha, to the cut, which does it tile by
// tile (tiles/src/tile_renderer.cpp, raster_cut.cpp). These tests hold it to the stock path:
// the same style rendered by mapnik::agg_renderer::apply() on a plain mapnik::Map must give
// the same pixels, bit for bit, as the tiles (PNG32, lossless) cut from the renderer.
//
// The style is the raster template with one more layer that has its own datasource (inline
// CSV): translucent overlapping fills, a translucent wide outline and haloed labels, so that
// most pixels of the tiles are partly transparent or blended. The renderer's own data layers
// are left empty, so the stock map (which has no datasource for them) draws the same.

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

/// The raster template filled in, plus a layer "extra" with inline CSV polygons (EPSG:3857,
/// inside z14 x 8054-8055, y 5442-5443) drawn translucent with outlines and labels.
std::string parity_style() {
    std::ifstream in(std::string(ASSETMAP_STYLES_DIR) + "/raster.xml.in");
    std::stringstream ss;
    ss << in.rdbuf();
    REQUIRE_FALSE(ss.str().empty());
    RasterStyleParams p;
    p.choropleth = make_choropleth("score", "Score", {1, 2, 3, 4, 5}, 5, ClassMethod::quantiles);
    std::string xml = build_raster_style(ss.str(), p);
    const std::string extra = R"xml(
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
</Map>)xml";
    const auto end = xml.rfind("</Map>");
    REQUIRE(end != std::string::npos);
    return xml.substr(0, end) + extra.substr(1);
}

}  // namespace

TEST_CASE("metatiles cut from the renderer equal Mapnik's own render, bit for bit", "[raster]") {
    setup_mapnik();
    const std::string xml = parity_style();
    RasterLayers layers;  // no areas, no assets: only the extra layer draws
    layers.indicator = "score";
    const TileRenderer renderer(xml, layers, ASSETMAP_STYLES_DIR);

    for (unsigned scale : {1u, 2u}) {
        INFO("scale " << scale);
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
        // The case the tile-by-tile demultiply is for: many pixels partly transparent.
        CHECK(translucent > std::size_t(ts) * ts);
    }
}
