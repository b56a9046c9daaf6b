#include <assetmap/tiles/raster_style.hpp>

#include <assetmap/core/error.hpp>

#include <map>

namespace assetmap::tiles {

std::string xml_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += ch;
        }
    }
    return out;
}

namespace {

std::string class_rules(const Choropleth& c) {
    const std::string f = "[" + c.indicator + "]";
    std::string out;
    out += "    <Rule>\n";
    out += "      <Filter>" + f + " = null</Filter>\n";
    out += "      <PolygonSymbolizer fill=\"" + std::string(null_fill_colour) + "\"/>\n";
    out += "      <PolygonPatternSymbolizer file=\"hatch.png\" alignment=\"global\"/>\n";
    out += "    </Rule>\n";
    const auto& u = c.breaks.upper;
    for (std::size_t i = 0; i < u.size(); ++i) {
        std::string filter;
        if (i == 0) {
            filter = f + " &lt;= " + exact_number(u[0]);
        } else if (i + 1 == u.size()) {
            filter = f + " &gt; " + exact_number(u[i - 1]);
        } else {
            filter = f + " &gt; " + exact_number(u[i - 1]) + " and " + f + " &lt;= " +
                     exact_number(u[i]);
        }
        if (u.size() == 1) filter = f + " != null";
        out += "    <Rule>\n";
        out += "      <Filter>" + filter + "</Filter>\n";
        out += "      <PolygonSymbolizer fill=\"" + c.colours[i] + "\"/>\n";
        out += "    </Rule>\n";
    }
    return out;
}

}  // namespace

std::string build_raster_style(const std::string& template_xml, const RasterStyleParams& params) {
    std::map<std::string, std::string> slots;
    if (params.choropleth) {
        check_choropleth(*params.choropleth);
        slots["INDICATOR"] = params.choropleth->indicator;
        slots["CLASS_RULES"] = class_rules(*params.choropleth);
        slots["AREAS_STATUS"] = "on";
    } else {
        slots["INDICATOR"] = "none";
        slots["CLASS_RULES"] = "";
        slots["AREAS_STATUS"] = "off";
    }
    slots["ASSETS_STATUS"] = params.assets ? "on" : "off";
    slots["BUFFER_SIZE"] = std::to_string(params.buffer_px);

    std::string out;
    out.reserve(template_xml.size() + 4096);
    std::size_t pos = 0;
    while (true) {
        const std::size_t open = template_xml.find("{{", pos);
        if (open == std::string::npos) {
            out.append(template_xml, pos, std::string::npos);
            break;
        }
        const std::size_t close = template_xml.find("}}", open + 2);
        if (close == std::string::npos) {
            throw config_error("raster style template: unclosed '{{' at byte " +
                               std::to_string(open));
        }
        const std::string name = template_xml.substr(open + 2, close - open - 2);
        const auto it = slots.find(name);
        if (it == slots.end()) {
            throw config_error("raster style template: unknown slot {{" + name + "}}");
        }
        out.append(template_xml, pos, open - pos);
        out += it->second;
        pos = close + 2;
    }
    return out;
}

}  // namespace assetmap::tiles
