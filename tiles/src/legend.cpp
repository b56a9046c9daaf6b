#include <assetmap/tiles/legend.hpp>

#include <assetmap/tiles/raster_style.hpp>

#include <cstdio>
#include <iterator>

namespace assetmap::tiles {

namespace {

/// The asset symbols of the raster style (styles/raster.xml.in), first zoom included.
struct AssetKey {
    const char* shape;  ///< circle, square, triangle
    const char* domain; ///< for domain_colour()
    int size_px;
    const char* stroke;
    const char* label;
};
constexpr AssetKey asset_keys[] = {
    {"circle", "community", 8, "#ffffff", "Community (zoom 13+)"},
    {"square", "individual", 9, "#ffffff", "Individual (zoom 13+)"},
    {"triangle", "structural", 9, "#ffffff", "Structural (zoom 13+)"},
    {"triangle", "structural", 12, "#1a1a1a", "Rail stations, GP surgeries (12+)"},
    {"triangle", "structural", 6, "#ffffff", "Bus stops (zoom 15+)"},
};

std::string n(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

/// One symbol centred on (cx, cy), as Mapnik draws it (white or dark outline).
std::string asset_symbol(const AssetKey& k, double cx, double cy) {
    const std::string style = "fill=\"" + std::string(domain_colour(k.domain)) +
                              "\" stroke=\"" + k.stroke + "\" stroke-width=\"1\"";
    const double h = k.size_px / 2.0;
    if (std::string(k.shape) == "circle")
        return "<circle cx=\"" + n(cx) + "\" cy=\"" + n(cy) + "\" r=\"" + n(h) + "\" " + style +
               "/>";
    if (std::string(k.shape) == "square")
        return "<rect x=\"" + n(cx - h) + "\" y=\"" + n(cy - h) + "\" width=\"" + n(2 * h) +
               "\" height=\"" + n(2 * h) + "\" " + style + "/>";
    return "<path d=\"M" + n(cx) + "," + n(cy - h) + " L" + n(cx + h) + "," + n(cy + h) + " L" +
           n(cx - h) + "," + n(cy + h) + " Z\" " + style + "/>";
}

}  // namespace

std::string legend_svg(const Choropleth& c, bool asset_key) {
    check_choropleth(c);
    const std::vector<std::string> labels = class_labels(c);
    const std::string title = c.title.empty() ? c.indicator : c.title;

    constexpr int pad = 10, box = 18, row = 24, title_h = 26, width = 280;
    const int keys = asset_key ? static_cast<int>(std::size(asset_keys)) : 0;
    const int rows = static_cast<int>(labels.size()) + 1;  // classes + no data
    const int height = pad + title_h + rows * row + (keys ? title_h + keys * row : 0) + pad;

    std::string s;
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
         "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) +
         " " + std::to_string(height) + "\" font-family=\"DejaVu Sans, sans-serif\">\n";
    s += "  <title>" + xml_escape(title) + "</title>\n";
    s += "  <defs>\n";
    s += "    <pattern id=\"nodata\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">\n";
    s += "      <rect width=\"8\" height=\"8\" fill=\"" + std::string(null_fill_colour) + "\"/>\n";
    s += "      <path d=\"M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2\" stroke=\"#505050\" "
         "stroke-width=\"1.2\"/>\n";
    s += "    </pattern>\n";
    s += "  </defs>\n";
    s += "  <rect width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
         "\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>\n";
    s += "  <text x=\"" + std::to_string(pad) + "\" y=\"" + std::to_string(pad + 14) +
         "\" font-size=\"13\" font-weight=\"bold\" fill=\"#1a1a1a\">" + xml_escape(title) +
         "</text>\n";
    int y = pad + title_h;
    auto entry = [&](const std::string& fill, const std::string& label, const char* cls) {
        s += "  <g class=\"" + std::string(cls) + "\">\n";
        s += "    <rect x=\"" + std::to_string(pad) + "\" y=\"" + std::to_string(y) +
             "\" width=\"" + std::to_string(box) + "\" height=\"" + std::to_string(box) +
             "\" fill=\"" + fill + "\" stroke=\"#4d4d4d\" stroke-width=\"0.8\"/>\n";
        s += "    <text x=\"" + std::to_string(pad + box + 8) + "\" y=\"" +
             std::to_string(y + box - 5) + "\" font-size=\"12\" fill=\"#1a1a1a\">" +
             xml_escape(label) + "</text>\n";
        s += "  </g>\n";
        y += row;
    };
    for (std::size_t i = 0; i < labels.size(); ++i) entry(c.colours[i], labels[i], "class");
    entry("url(#nodata)", "No data", "nodata");
    if (keys) {
        s += "  <text x=\"" + std::to_string(pad) + "\" y=\"" + std::to_string(y + 16) +
             "\" font-size=\"13\" font-weight=\"bold\" fill=\"#1a1a1a\">Assets</text>\n";
        y += title_h;
        for (const auto& k : asset_keys) {
            s += "  <g class=\"asset\">\n    " +
                 asset_symbol(k, pad + box / 2.0, y + box / 2.0) + "\n";
            s += "    <text x=\"" + std::to_string(pad + box + 8) + "\" y=\"" +
                 std::to_string(y + box - 5) + "\" font-size=\"12\" fill=\"#1a1a1a\">" +
                 xml_escape(k.label) + "</text>\n";
            s += "  </g>\n";
            y += row;
        }
    }
    s += "</svg>\n";
    return s;
}

}  // namespace assetmap::tiles
