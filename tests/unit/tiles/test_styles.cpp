// Styles as strings: the Mapnik XML built from the template, the legend, the MapLibre style.
#include <assetmap/core/error.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/legend.hpp>
#include <assetmap/tiles/maplibre_style.hpp>
#include <assetmap/tiles/qgis_style.hpp>
#include <assetmap/tiles/raster_style.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace assetmap;
using namespace assetmap::tiles;

namespace {

std::size_t count(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

std::string source_file(const std::string& rel) {
    std::ifstream in(assetmap::test::source_dir() + "/" + rel, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Choropleth three_classes() {
    Choropleth c;
    c.indicator = "asset_index";
    c.title = "Asset index";
    c.breaks.min = 0.1;
    c.breaks.upper = {0.25, 0.5, 0.9};
    c.colours = sequential_palette(3);
    return c;
}

}  // namespace

TEST_CASE("palette: YlGnBu - light to dark", "[tiles][styles]") {
    CHECK(sequential_palette(5) ==
          std::vector<std::string>{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"});
    CHECK(sequential_palette(1).size() == 1);
    CHECK(sequential_palette(9).size() == 9);
    CHECK_THROWS_AS(sequential_palette(10), config_error);
    CHECK(std::string(domain_colour("community")) == "#E69F00");
}

TEST_CASE("choropleth from data: quantile classes and labels", "[tiles][styles]") {
    const Choropleth c =
        make_choropleth("asset_index", "", {0.1, 0.2, 0.3, NAN, 0.4, 0.5}, 5, ClassMethod::quantiles);
    CHECK(c.breaks.upper == std::vector<double>{0.1, 0.2, 0.3, 0.4, 0.5});
    CHECK(c.colours == sequential_palette(5));
    // One decimal keeps every bound distinct; the first class holds the minimum alone.
    CHECK(class_labels(c) == std::vector<std::string>{"0.1", "0.1 \u2013 0.2",
                                                      "0.2 \u2013 0.3", "0.3 \u2013 0.4",
                                                      "0.4 \u2013 0.5"});
    CHECK_THROWS_AS(make_choropleth("bad name", "", {1, 2}), config_error);
    CHECK_THROWS_AS(make_choropleth("x", "", {1, 2}, 12), config_error);
}

TEST_CASE("raster style: breaks injected into the template", "[tiles][styles]") {
    const std::string tpl = source_file("styles/raster.xml.in");
    REQUIRE_FALSE(tpl.empty());
    RasterStyleParams p;
    p.choropleth = three_classes();
    p.buffer_px = 96;
    const std::string xml = build_raster_style(tpl, p);
    CHECK(xml.find("{{") == std::string::npos);
    CHECK(xml.find("buffer-size=\"96\"") != std::string::npos);
    CHECK(xml.find("<Filter>[asset_index] = null</Filter>") != std::string::npos);
    CHECK(xml.find("<Filter>[asset_index] &lt;= 0.25</Filter>") != std::string::npos);
    CHECK(xml.find("<Filter>[asset_index] &gt; 0.25 and [asset_index] &lt;= 0.5</Filter>") !=
          std::string::npos);
    CHECK(xml.find("<Filter>[asset_index] &gt; 0.5</Filter>") != std::string::npos);
    CHECK(xml.find("fill=\"#edf8b1\"") != std::string::npos);
    CHECK(xml.find("hatch.png") != std::string::npos);
    CHECK(count(xml, "status=\"on\"") == 4);

    // Breaks that are not short decimals are written exactly (17 significant digits).
    Choropleth odd = three_classes();
    odd.breaks.upper = {0.1 + 0.2, 0.5, 0.9};
    p.choropleth = odd;
    CHECK(build_raster_style(tpl, p).find("&lt;= 0.30000000000000004<") != std::string::npos);

    // An assets-only map switches the area layers off.
    p.choropleth.reset();
    const std::string assets_only = build_raster_style(tpl, p);
    CHECK(count(assets_only, "status=\"off\"") == 2);
    CHECK(count(assets_only, "status=\"on\"") == 2);

    CHECK_THROWS_AS(build_raster_style("<Map>{{NOPE}}</Map>", p), config_error);
    CHECK_THROWS_AS(build_raster_style("<Map>{{BUFFER_SIZE</Map>", p), config_error);
    Choropleth bad = three_classes();
    bad.indicator = "x] or [y";
    p.choropleth = bad;
    CHECK_THROWS_AS(build_raster_style(tpl, p), config_error);
    bad = three_classes();
    bad.breaks.upper = {0.5, 0.25, 0.9};
    p.choropleth = bad;
    CHECK_THROWS_AS(build_raster_style(tpl, p), config_error);
}

TEST_CASE("legend: one box per class - a hatched no-data box - the title", "[tiles][styles]") {
    const std::string svg = legend_svg(three_classes());
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(count(svg, "<g class=\"class\">") == 3);
    CHECK(count(svg, "<g class=\"nodata\">") == 1);
    CHECK(svg.find(">Asset index</text>") != std::string::npos);
    CHECK(svg.find("fill=\"#2c7fb8\"") != std::string::npos);
    CHECK(svg.find("fill=\"url(#nodata)\"") != std::string::npos);
    CHECK(svg.find(">0.10 \u2013 0.25</text>") != std::string::npos);
    CHECK(svg.find(">0.50 \u2013 0.90</text>") != std::string::npos);
    Choropleth amp = three_classes();
    amp.title = "Parks & <green> space";
    CHECK(legend_svg(amp).find("Parks &amp; &lt;green&gt; space") != std::string::npos);
    CHECK(legend_svg(amp) == legend_svg(amp));
    // The asset key: the raster style's five symbols, in domain colours, with first zooms.
    CHECK(count(svg, "<g class=\"asset\">") == 5);
    CHECK(svg.find(">Assets</text>") != std::string::npos);
    CHECK(svg.find("<circle cx=\"19\"") != std::string::npos);
    CHECK(svg.find("fill=\"#E69F00\"") != std::string::npos);
    CHECK(svg.find("fill=\"#0072B2\"") != std::string::npos);
    CHECK(svg.find("stroke=\"#1a1a1a\"") != std::string::npos);  // rail and GP: dark outline
    CHECK(svg.find(">Bus stops (zoom 15+)</text>") != std::string::npos);
    CHECK(count(legend_svg(three_classes(), false), "<g class=\"asset\">") == 0);
}

TEST_CASE("QGIS styles: the raster's classes, the hatched no data, domain symbols",
          "[tiles][styles]") {
    const std::string qml = qgis_choropleth_qml(three_classes(), {{"asset_index", "Asset index"}});
    CHECK(qml.find("<renderer-v2 type=\"RuleRenderer\"") != std::string::npos);
    CHECK(qml.find("label=\"No data\" filter=\"&quot;asset_index&quot; IS NULL\"") !=
          std::string::npos);
    CHECK(qml.find("filter=\"&quot;asset_index&quot; &lt;= 0.25\"") != std::string::npos);
    CHECK(qml.find("filter=\"&quot;asset_index&quot; &gt; 0.25 AND &quot;asset_index&quot; "
                   "&lt;= 0.5\"") != std::string::npos);
    CHECK(qml.find("filter=\"&quot;asset_index&quot; &gt; 0.5\"") != std::string::npos);
    CHECK(qml.find("value=\"237,248,177,255\"") != std::string::npos);  // #edf8b1
    CHECK(qml.find("class=\"LinePatternFill\"") != std::string::npos);
    CHECK(qml.find("<alias field=\"asset_index\" name=\"Asset index\"/>") != std::string::npos);
    CHECK(qml == qgis_choropleth_qml(three_classes(), {{"asset_index", "Asset index"}}));
    const std::string assets = qgis_assets_qml({});
    CHECK(count(assets, "<rule ") == 6);
    CHECK(assets.find("value=\"230,159,0,255\"") != std::string::npos);  // #E69F00
    CHECK(assets.find("scalemaxdenom=\"25000\"") != std::string::npos);  // bus stops from z15
}

TEST_CASE("MapLibre style: step stops just above each break", "[tiles][styles]") {
    MaplibreStyleParams p;
    p.choropleth = three_classes();
    const std::string json = maplibre_style_json(p);
    CHECK(json.find("\"source-layer\": \"areas\"") != std::string::npos);
    CHECK(json.find("\"source-layer\": \"assets\"") != std::string::npos);
    // nextafter(0.25, +inf) = 0.25000000000000006: a value equal to the break keeps class 0.
    CHECK(json.find("[\"step\", [\"get\", \"asset_index\"], \"#edf8b1\", 0.25000000000000006, "
                    "\"#7fcdbb\", 0.50000000000000011, \"#2c7fb8\"]") != std::string::npos);
    CHECK(json.find("\"#bdbdbd\"]") != std::string::npos);  // null → grey
    CHECK(json.find("partial") == std::string::npos);

    // An indicator of one category: where its partial-data flag is 1, the no-data grey.
    p.partial_field = "green_space_partial_data";
    const std::string partial = maplibre_style_json(p);
    CHECK(partial.find("\"fill-color\": [\"case\", [\"==\", [\"get\", "
                       "\"green_space_partial_data\"], 1], \"#bdbdbd\", [\"case\", ") !=
          std::string::npos);
    p.partial_field = "x y";
    CHECK_THROWS_AS(maplibre_style_json(p), config_error);
}

TEST_CASE("styles/maplibre_style.json is the generator's output for Newport", "[tiles][styles]") {
    // Golden file: asset_index of the default study (`assetmap run`: 9 of 20 areas have a
    // value), quantiles in 5 classes — ranks 2, 4, 6, 8, 9 of the sorted values, as
    // `ogrinfo -sql "select asset_index from areas order by asset_index"` lists them.
    // ASSETMAP_GOLDEN_OVERWRITE=1 rewrites the file (review the diff).
    MaplibreStyleParams p;
    p.choropleth = make_choropleth("asset_index", "Asset index",
                                   {-0.435599872224161, -0.321780184232684, -0.267198203030329,
                                    -0.0204742135917263, 0.0155412585347982, 0.0472273571707159,
                                    0.0596966392354685, 0.157001018335159, 0.760490280633196},
                                   5, ClassMethod::quantiles);
    CHECK(p.choropleth.breaks.upper == std::vector<double>{-0.321780184232684,
                                                           -0.0204742135917263,
                                                           0.0472273571707159,
                                                           0.157001018335159,
                                                           0.760490280633196});
    const std::string json = maplibre_style_json(p);
    const char* ow = std::getenv("ASSETMAP_GOLDEN_OVERWRITE");
    if (ow && std::string(ow) == "1") {
        std::ofstream(assetmap::test::source_dir() + "/styles/maplibre_style.json",
                      std::ios::binary)
            << json;
        WARN("styles/maplibre_style.json rewritten");
    }
    CHECK(json == source_file("styles/maplibre_style.json"));
}
