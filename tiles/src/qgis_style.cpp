// QGIS 3 style documents (QML) for the atlas layers, matching the raster style
// (styles/raster.xml.in): the choropleth's classes and colours, the hatched "No data", the
// domain symbols. The symbol layers carry their properties both as an <Option> map (QGIS
// ≥ 3.16 writes it) and as <prop> elements (what older QGIS reads).
#include <assetmap/tiles/qgis_style.hpp>

#include <assetmap/tiles/raster_style.hpp>

#include <cstdio>
#include <utility>

namespace assetmap::tiles {

namespace {

using Props = std::vector<std::pair<std::string, std::string>>;

/// "#rrggbb" → "r,g,b,255" (QGIS colour text).
std::string qgis_colour(const std::string& hex) {
    unsigned r = 0, g = 0, b = 0;
    std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b);
    return std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ",255";
}

std::string properties(const Props& props, const std::string& indent) {
    std::string s = indent + "<Option type=\"Map\">\n";
    for (const auto& [k, v] : props)
        s += indent + "  <Option name=\"" + xml_escape(k) + "\" type=\"QString\" value=\"" +
             xml_escape(v) + "\"/>\n";
    s += indent + "</Option>\n";
    for (const auto& [k, v] : props)
        s += indent + "<prop k=\"" + xml_escape(k) + "\" v=\"" + xml_escape(v) + "\"/>\n";
    return s;
}

std::string symbol_layer(const char* cls, const Props& props, const std::string& indent,
                         const std::string& inner = {}) {
    return indent + "<layer class=\"" + cls + "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n" +
           properties(props, indent + "  ") + inner + indent + "</layer>\n";
}

std::string symbol(const char* type, const std::string& name, const std::string& layers,
                   const std::string& indent) {
    return indent + "<symbol type=\"" + type + "\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n" + layers + indent +
           "</symbol>\n";
}

/// A polygon fill: `hex` with the areas' dark grey outline; hatched for "No data".
std::string fill_symbol(const std::string& name, const std::string& hex, bool hatched) {
    const std::string in = "      ";
    std::string layers = symbol_layer("SimpleFill",
                                      {{"color", qgis_colour(hex)},
                                       {"joinstyle", "bevel"},
                                       {"outline_color", "77,77,77,255"},
                                       {"outline_style", "solid"},
                                       {"outline_width", "0.26"},
                                       {"outline_width_unit", "MM"},
                                       {"style", "solid"}},
                                      in + "  ");
    if (hatched) {
        // hatch.png: dark grey diagonal lines 8 px apart.
        const std::string line = symbol(
            "line", "@" + name + "@1",
            symbol_layer("SimpleLine",
                         {{"capstyle", "square"},
                          {"joinstyle", "bevel"},
                          {"line_color", "80,80,80,255"},
                          {"line_style", "solid"},
                          {"line_width", "0.2"},
                          {"line_width_unit", "MM"}},
                         in + "      "),
            in + "    ");
        layers += symbol_layer("LinePatternFill",
                               {{"angle", "45"},
                                {"color", "80,80,80,255"},
                                {"distance", "1.5"},
                                {"distance_unit", "MM"},
                                {"line_width", "0.2"},
                                {"line_width_unit", "MM"}},
                               in + "  ", line);
    }
    return symbol("fill", name, layers, in);
}

std::string marker_symbol(const std::string& name, const char* shape, const std::string& hex,
                          const char* size_mm, const char* outline) {
    return symbol("marker", name,
                  symbol_layer("SimpleMarker",
                               {{"angle", "0"},
                                {"color", qgis_colour(hex)},
                                {"horizontal_anchor_point", "1"},
                                {"joinstyle", "bevel"},
                                {"name", shape},
                                {"offset", "0,0"},
                                {"outline_color", outline},
                                {"outline_style", "solid"},
                                {"outline_width", "0.3"},
                                {"outline_width_unit", "MM"},
                                {"scale_method", "diameter"},
                                {"size", size_mm},
                                {"size_unit", "MM"},
                                {"vertical_anchor_point", "1"}},
                               "        "),
                  "      ");
}

std::string aliases_block(const std::vector<FieldAlias>& aliases) {
    std::string s = "  <aliases>\n";
    for (const auto& a : aliases)
        s += "    <alias field=\"" + xml_escape(a.field) + "\" name=\"" + xml_escape(a.alias) +
             "\"/>\n";
    return s + "  </aliases>\n";
}

std::string document(const std::string& renderer, const std::vector<FieldAlias>& aliases,
                     int geometry_type) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.22.0-Bia\u0142owie\u017ca\" styleCategories=\"Symbology|Fields\">\n" +
           renderer + "  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n" +
           aliases_block(aliases) + "  <layerGeometryType>" + std::to_string(geometry_type) +
           "</layerGeometryType>\n</qgis>\n";
}

}  // namespace

std::string qgis_choropleth_qml(const Choropleth& c, const std::vector<FieldAlias>& aliases) {
    check_choropleth(c);
    const std::string f = "\"" + c.indicator + "\"";
    const auto& u = c.breaks.upper;
    const auto labels = class_labels(c);
    std::string rules = "    <rules>\n";
    std::string symbols = "    <symbols>\n";
    auto rule = [&](std::size_t i, const std::string& filter, const std::string& label) {
        rules += "      <rule symbol=\"" + std::to_string(i) + "\" label=\"" + xml_escape(label) +
                 "\" filter=\"" + xml_escape(filter) + "\"/>\n";
    };
    rule(0, f + " IS NULL", "No data");
    symbols += fill_symbol("0", null_fill_colour, true);
    for (std::size_t i = 0; i < u.size(); ++i) {
        std::string filter;
        if (u.size() == 1)
            filter = f + " IS NOT NULL";
        else if (i == 0)
            filter = f + " <= " + exact_number(u[0]);
        else if (i + 1 == u.size())
            filter = f + " > " + exact_number(u[i - 1]);
        else
            filter = f + " > " + exact_number(u[i - 1]) + " AND " + f + " <= " +
                     exact_number(u[i]);
        rule(i + 1, filter, labels[i]);
        symbols += fill_symbol(std::to_string(i + 1), c.colours[i], false);
    }
    rules += "    </rules>\n";
    symbols += "    </symbols>\n";
    const std::string renderer =
        "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" forceraster=\"0\" "
        "enableorderby=\"0\" referencescale=\"-1\">\n" +
        rules + symbols + "  </renderer-v2>\n";
    return document(renderer, aliases, 2);
}

std::string qgis_assets_qml(const std::vector<FieldAlias>& aliases) {
    struct Rule {
        const char* label;
        const char* filter;
        const char* shape;
        const char* colour;
        const char* size_mm;
        const char* max_scale_denominator;  ///< "" = every scale
    };
    // As the raster style (styles/README.md, "Assets"): community ●, individual ■,
    // structural ▲; rail stations and GP surgeries larger; bus stops small and only from
    // 1:25,000 (z15), as there are hundreds; any other domain a grey ●.
    const Rule rules[] = {
        {"Community", "\"domain\" = 'community'", "circle", "#E69F00", "2.2", ""},
        {"Individual", "\"domain\" = 'individual'", "square", "#0072B2", "2.2", ""},
        {"Structural",
         "\"domain\" = 'structural' AND \"category\" NOT IN ('bus_stop', 'rail_station', "
         "'gp_doctors')",
         "triangle", "#009E73", "2.6", ""},
        {"Railway stations and GP surgeries", "\"category\" IN ('rail_station', 'gp_doctors')",
         "triangle", "#009E73", "3.4", ""},
        {"Bus stops", "\"category\" = 'bus_stop'", "triangle", "#009E73", "1.8", "25000"},
        {"Other", "\"domain\" IS NULL OR \"domain\" NOT IN ('community', 'individual', "
                  "'structural')",
         "circle", "#666666", "2", ""},
    };
    std::string out_rules = "    <rules>\n";
    std::string symbols = "    <symbols>\n";
    for (std::size_t i = 0; i < std::size(rules); ++i) {
        const Rule& r = rules[i];
        out_rules += "      <rule symbol=\"" + std::to_string(i) + "\" label=\"" +
                     xml_escape(r.label) + "\" filter=\"" + xml_escape(r.filter) + "\"" +
                     (*r.max_scale_denominator
                          ? std::string(" scalemaxdenom=\"") + r.max_scale_denominator + "\""
                          : std::string()) +
                     "/>\n";
        symbols += marker_symbol(std::to_string(i), r.shape, r.colour, r.size_mm,
                                 i == 3 ? "26,26,26,255" : "255,255,255,255");
    }
    out_rules += "    </rules>\n";
    symbols += "    </symbols>\n";
    const std::string renderer =
        "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" forceraster=\"0\" "
        "enableorderby=\"0\" referencescale=\"-1\">\n" +
        out_rules + symbols + "  </renderer-v2>\n";
    return document(renderer, aliases, 0);
}

}  // namespace assetmap::tiles
