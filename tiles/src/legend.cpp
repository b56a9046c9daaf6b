#include <assetmap/tiles/legend.hpp>

#include <assetmap/tiles/raster_style.hpp>

namespace assetmap::tiles {

std::string legend_svg(const Choropleth& c) {
    check_choropleth(c);
    const std::vector<std::string> labels = class_labels(c);
    const std::string title = c.title.empty() ? c.indicator : c.title;

    constexpr int pad = 10, box = 18, row = 24, title_h = 26, width = 240;
    const int rows = static_cast<int>(labels.size()) + 1;  // classes + no data
    const int height = pad + title_h + rows * row + pad;

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
    s += "</svg>\n";
    return s;
}

}  // namespace assetmap::tiles
