#include <assetmap/tiles/maplibre_style.hpp>

#include "store_support.hpp"

#include <assetmap/core/error.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

namespace assetmap::tiles {

namespace {

std::string json_string(const std::string& s) { return detail::json_quote(s); }

}  // namespace

std::string maplibre_style_json(const MaplibreStyleParams& p) {
    const Choropleth& c = p.choropleth;
    check_choropleth(c);
    const std::string f = json_string(c.indicator);
    const std::string grey = json_string(null_fill_colour);

    std::string fill;
    if (c.breaks.empty()) {
        fill = grey;
    } else {
        fill = "[\"case\", [\"==\", [\"typeof\", [\"get\", " + f + "]], \"number\"], [\"step\", " +
               "[\"get\", " + f + "], " + json_string(c.colours[0]);
        for (std::size_t i = 1; i < c.breaks.upper.size(); ++i) {
            const double stop = std::nextafter(c.breaks.upper[i - 1],
                                               std::numeric_limits<double>::infinity());
            fill += ", " + exact_number(stop) + ", " + json_string(c.colours[i]);
        }
        fill += "], " + grey + "]";
    }
    if (!p.partial_field.empty()) {
        if (!is_attribute_name(p.partial_field))
            throw config_error("MapLibre style: partial field '" + p.partial_field +
                               "' is not a plain attribute name");
        fill = "[\"case\", [\"==\", [\"get\", " + json_string(p.partial_field) + "], 1], " +
               grey + ", " + fill + "]";
    }
    const std::string domain_match =
        "[\"match\", [\"get\", \"domain\"], \"community\", \"" + std::string(domain_colour("community")) +
        "\", \"individual\", \"" + domain_colour("individual") + "\", \"structural\", \"" +
        domain_colour("structural") + "\", \"" + domain_colour("") + "\"]";

    std::string s;
    s += "{\n";
    s += "  \"version\": 8,\n";
    s += "  \"name\": " + json_string(p.name + " \u2014 " + c.indicator) + ",\n";
    s += "  \"metadata\": {\"assetmap:indicator\": " + f + ", \"assetmap:breaks\": [";
    for (std::size_t i = 0; i < c.breaks.upper.size(); ++i) {
        s += (i ? ", " : "") + exact_number(c.breaks.upper[i]);
    }
    s += "], \"assetmap:classes_include_upper_bound\": true},\n";
    s += "  \"sources\": {\n";
    s += "    \"assetmap\": {\"type\": \"vector\", \"url\": " + json_string(p.tilejson_url) + "}\n";
    s += "  },\n";
    s += "  \"layers\": [\n";
    s += "    {\"id\": \"background\", \"type\": \"background\", \"paint\": "
         "{\"background-color\": \"#f4f4f2\"}},\n";
    s += "    {\"id\": \"areas-fill\", \"type\": \"fill\", \"source\": \"assetmap\", "
         "\"source-layer\": \"areas\",\n";
    s += "     \"paint\": {\"fill-color\": " + fill + ", \"fill-opacity\": 0.85}},\n";
    s += "    {\"id\": \"areas-outline\", \"type\": \"line\", \"source\": \"assetmap\", "
         "\"source-layer\": \"areas\",\n";
    s += "     \"paint\": {\"line-color\": \"#4d4d4d\", \"line-width\": [\"interpolate\", "
         "[\"linear\"], [\"zoom\"], 8, 0.3, 14, 1.0]}},\n";
    s += "    {\"id\": \"assets\", \"type\": \"circle\", \"source\": \"assetmap\", "
         "\"source-layer\": \"assets\", \"minzoom\": 13,\n";
    s += "     \"filter\": [\"!=\", [\"get\", \"category\"], \"bus_stop\"],\n";
    s += "     \"paint\": {\"circle-color\": " + domain_match +
         ", \"circle-radius\": [\"interpolate\", [\"linear\"], [\"zoom\"], 13, 3, 16, 6], "
         "\"circle-stroke-color\": \"#ffffff\", \"circle-stroke-width\": 1}},\n";
    s += "    {\"id\": \"assets-bus-stops\", \"type\": \"circle\", \"source\": \"assetmap\", "
         "\"source-layer\": \"assets\", \"minzoom\": 15,\n";
    s += "     \"filter\": [\"==\", [\"get\", \"category\"], \"bus_stop\"],\n";
    s += "     \"paint\": {\"circle-color\": " + domain_match +
         ", \"circle-radius\": 2.5, \"circle-stroke-color\": \"#ffffff\", "
         "\"circle-stroke-width\": 0.5}}\n";
    s += "  ]\n";
    s += "}\n";
    return s;
}

}  // namespace assetmap::tiles
