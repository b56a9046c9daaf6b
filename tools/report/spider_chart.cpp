/// @file The spider chart (see spider_chart.hpp).

#include "spider_chart.hpp"

#include "html.hpp"
#include "palette.hpp"
#include "profile_text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace assetmap::report {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double width = 640;               // SVG user units; the height follows the labels
constexpr double cx = 320, cy = 0, radius = 168;
constexpr double font_px = 11, line_h = 12.5, char_w = 6.4;  // DejaVu Sans at 11 px

/// Splits a label into lines of at most `max_chars` characters (UTF-8 aware, at spaces).
std::vector<std::string> wrap(const std::string& text, std::size_t max_chars) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t line_chars = 0;
    std::size_t start = 0;
    auto chars = [](const std::string& s) {
        std::size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80;
        return n;
    };
    while (start <= text.size()) {
        auto space = text.find(' ', start);
        if (space == std::string::npos) space = text.size();
        const std::string word = text.substr(start, space - start);
        const std::size_t n = chars(word);
        if (!line.empty() && line_chars + 1 + n > max_chars) {
            lines.push_back(line);
            line.clear();
            line_chars = 0;
        }
        if (!line.empty()) {
            line += ' ';
            ++line_chars;
        }
        line += word;
        line_chars += n;
        start = space + 1;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

struct Axis {
    double angle = 0;  // radians, 0 = up, clockwise
    double dx() const { return std::sin(angle); }
    double dy() const { return -std::cos(angle); }
};

std::string point(double r, const Axis& a) {
    return fixed(cx + r * a.dx()) + "," + fixed(cy + r * a.dy());
}

}  // namespace

std::string axis_label(const i18n::Catalogue& cat, const atlas::AreaProfile& profile,
                       std::size_t indicator) {
    const auto& line = profile.indicators.at(indicator);
    const std::string label = i18n::category_label(cat, line.category);
    const auto same_category =
        std::count_if(profile.indicators.begin(), profile.indicators.end(),
                      [&](const atlas::IndicatorLine& l) { return l.category == line.category; });
    if (same_category < 2) return label;
    const std::string key = "report.axis." + line.measure;
    const i18n::Args args = {
        {"category", label},
        {"threshold", line.threshold_m ? i18n::format_number(*line.threshold_m, 0) : ""}};
    return cat.has(key) ? cat.format(key, args) : cat.format("report.axis.other", args);
}

std::string spider_chart_svg(const atlas::AreaProfile& profile, std::size_t comparator,
                             const i18n::Catalogue& cat, const SpiderChartOptions& options) {
    const auto& lines = profile.indicators;
    const std::size_t n = lines.size();
    const double max_ratio = options.max_ratio > 0 ? options.max_ratio : 2.0;
    const std::string cmp_name = comparator < profile.comparators.size()
                                     ? i18n::comparator_label(cat, profile.comparators[comparator])
                                     : std::string();
    const std::string id = escape(options.id_prefix);
    const std::string title = cat.format("common.spider_chart", {{"comparator", cmp_name}});

    // The opening tag waits for the labels: the view box fits them.
    const auto open_svg = [&](double min_x, double min_y, double w, double h) {
        return "<svg class=\"spider\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"" +
               fixed(min_x, 0) + " " + fixed(min_y, 0) + " " + fixed(w, 0) + " " + fixed(h, 0) +
               "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id +
               "-desc\" data-comparator=\"" +
               escape(comparator < profile.comparators.size() ? profile.comparators[comparator].id
                                                              : "") +
               "\" data-max-ratio=\"" + exact_number(max_ratio) + "\">\n<title id=\"" + id +
               "-title\">" + escape(title) + "</title>\n<desc id=\"" + id + "-desc\">" +
               escape(cat.format("report.chart.description", {{"comparator", cmp_name}})) +
               "</desc>\n";
    };
    if (n == 0)
        return open_svg(0, -60, width, 120) + "<text x=\"" + fixed(cx) + "\" y=\"" + fixed(cy) +
               "\" text-anchor=\"middle\" class=\"chart-empty\">" +
               escape(cat.get("report.chart.no_indicators")) + "</text>\n</svg>\n";
    std::string s;
    s.reserve(16384);
    std::vector<Axis> axes(n);
    for (std::size_t i = 0; i < n; ++i) axes[i].angle = 2 * pi * double(i) / double(n);
    const double half_step = pi / double(n);
    const auto r_of = [&](double ratio) {
        return radius * std::clamp(ratio, 0.0, max_ratio) / max_ratio;
    };

    // Domain sectors, tinted, behind everything.
    s += "<g class=\"sectors\">\n";
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n && lines[j + 1].domain == lines[i].domain) ++j;
        const double a0 = axes[i].angle - half_step, a1 = axes[j].angle + half_step;
        const Axis p0{a0}, p1{a1};
        const bool large = (a1 - a0) > pi;
        const bool whole = i == 0 && j + 1 == n;
        s += "<path class=\"sector\" data-domain=\"" + escape(lines[i].domain) + "\" fill=\"" +
             domain_tint(lines[i].domain) + "\" d=\"";
        if (whole) {
            s += "M" + fixed(cx - radius) + "," + fixed(cy) + "a" + fixed(radius) + "," +
                 fixed(radius) + " 0 1,1 " + fixed(2 * radius) + ",0a" + fixed(radius) + "," +
                 fixed(radius) + " 0 1,1 " + fixed(-2 * radius) + ",0Z";
        } else {
            s += "M" + fixed(cx) + "," + fixed(cy) + "L" + point(radius, p0) + "A" +
                 fixed(radius) + "," + fixed(radius) + " 0 " + (large ? "1" : "0") + ",1 " +
                 point(radius, p1) + "Z";
        }
        s += "\"/>\n";
        i = j + 1;
    }
    s += "</g>\n";

    // Rings: quarter steps of the rim, the comparator (1) drawn apart.
    s += "<g class=\"rings\" fill=\"none\">\n";
    for (int k = 1; k <= 4; ++k) {
        const double ratio = max_ratio * k / 4.0;
        if (std::fabs(ratio - 1.0) < 1e-12) continue;
        s += "<circle cx=\"" + fixed(cx) + "\" cy=\"" + fixed(cy) + "\" r=\"" +
             fixed(r_of(ratio)) + "\" stroke=\"#c8c8c8\" stroke-width=\"0.8\"/>\n";
    }
    s += "</g>\n";
    // Axis lines.
    s += "<g class=\"axis-lines\">\n";
    for (std::size_t i = 0; i < n; ++i) {
        const bool partial = lines[i].partial_data;
        s += "<line x1=\"" + fixed(cx) + "\" y1=\"" + fixed(cy) + "\" x2=\"" +
             fixed(cx + radius * axes[i].dx()) + "\" y2=\"" + fixed(cy + radius * axes[i].dy()) +
             "\" stroke=\"" + (partial ? "#9a9a9a" : "#b4b4b4") + "\" stroke-width=\"0.8\"" +
             (partial ? " stroke-dasharray=\"3 3\"" : "") + "/>\n";
    }
    s += "</g>\n";
    // The comparator ring and its label.
    const double r1 = r_of(1.0);
    s += "<circle class=\"comparator-ring\" cx=\"" + fixed(cx) + "\" cy=\"" + fixed(cy) +
         "\" r=\"" + fixed(r1) +
         "\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.6\" stroke-dasharray=\"6 4\"/>\n";
    // The area's shape through every axis with a ratio.
    std::string shape;
    for (std::size_t i = 0; i < n; ++i) {
        if (comparator >= lines[i].ratio.size() || !lines[i].ratio[comparator]) continue;
        shape += (shape.empty() ? "" : " ") + point(r_of(*lines[i].ratio[comparator]), axes[i]);
    }
    if (!shape.empty())
        s += "<polygon class=\"area-shape\" points=\"" + shape +
             "\" fill=\"#1f3b57\" fill-opacity=\"0.16\" stroke=\"#1f3b57\" stroke-width=\"2\" "
             "stroke-linejoin=\"round\"/>\n";

    // Axes: markers and data; labels are laid out after.
    const std::string partial_mark = cat.get("report.partial_mark");
    struct Label {
        std::vector<std::string> lines;
        const char* anchor = "middle";
        double x = 0, y = 0;  // anchor point; y = baseline of the first line
        double w = 0;
        bool partial = false;
        std::string colour;
        double top() const { return y - font_px * 0.8; }
        double bottom() const { return y + line_h * double(lines.size() - 1) + font_px * 0.25; }
        double left() const {
            return std::string(anchor) == "start" ? x : (std::string(anchor) == "end" ? x - w : x - w / 2);
        }
        double right() const { return left() + w; }
    };
    std::vector<Label> labels(n);
    std::vector<std::string> axis_svg(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& line = lines[i];
        const auto ratio = comparator < line.ratio.size() ? line.ratio[comparator]
                                                           : std::optional<double>{};
        std::string cls = "axis";
        if (line.partial_data) cls += " partial";
        if (!ratio) cls += " no-ratio";
        std::string& g = axis_svg[i];
        g += "<g class=\"" + cls + "\" data-indicator=\"" + escape(line.column) +
             "\" data-domain=\"" + escape(line.domain) + "\" data-ratio=\"" +
             (ratio ? exact_number(*ratio) : "") + "\" data-partial=\"" +
             (line.partial_data ? "1" : "0") + "\">\n";
        const std::string colour = domain_colour_of(line.domain);
        if (ratio) {
            const double r = r_of(*ratio);
            const double x = cx + r * axes[i].dx(), y = cy + r * axes[i].dy();
            if (*ratio > max_ratio) {
                // Beyond the rim: an outward triangle and the value.
                const Axis& a = axes[i];
                const double px = -a.dy(), py = a.dx();  // perpendicular
                const double tip = 9, base = 5;
                g += "<path class=\"beyond\" d=\"M" + fixed(x + tip * a.dx()) + "," +
                     fixed(y + tip * a.dy()) + "L" + fixed(x + base * px) + "," +
                     fixed(y + base * py) + "L" + fixed(x - base * px) + "," +
                     fixed(y - base * py) + "Z\" fill=\"" + colour +
                     "\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n";
            } else if (line.partial_data) {
                g += "<circle cx=\"" + fixed(x) + "\" cy=\"" + fixed(y) +
                     "\" r=\"4.2\" fill=\"#ffffff\" stroke=\"" + colour +
                     "\" stroke-width=\"2\"/>\n";
            } else {
                g += "<circle cx=\"" + fixed(x) + "\" cy=\"" + fixed(y) + "\" r=\"4.6\" fill=\"" +
                     colour + "\" stroke=\"#ffffff\" stroke-width=\"1.2\"/>\n";
            }
        }
        // The label outside the rim, wrapped; a number and its unit stay together.
        const Axis& a = axes[i];
        std::string text = axis_label(cat, profile, i);
        for (std::size_t at = text.find(" m"); at != std::string::npos; at = text.find(" m", at + 1))
            if (at > 0 && text[at - 1] >= '0' && text[at - 1] <= '9') text.replace(at, 1, "\u00a0");
        if (line.partial_data) text += "\u00a0" + partial_mark;
        if (ratio && *ratio > max_ratio)
            text += " (\u00d7" + i18n::format_number(*ratio, *ratio >= 10 ? 0 : 1) + ")";
        Label& l = labels[i];
        l.lines = wrap(text, 16);
        std::size_t longest = 0;
        for (const auto& ln : l.lines) {
            std::size_t chars = 0;
            for (unsigned char c : ln) chars += (c & 0xC0) != 0x80;
            longest = std::max(longest, chars);
        }
        l.w = char_w * double(longest);
        const double lr = radius + 10;
        l.x = cx + lr * a.dx();
        l.anchor = a.dx() > 0.2 ? "start" : (a.dx() < -0.2 ? "end" : "middle");
        const double block = line_h * double(l.lines.size() - 1);
        const double ly = cy + lr * a.dy();
        if (a.dy() < -0.6) l.y = ly - block - 2;             // top: grow upwards
        else if (a.dy() > 0.6) l.y = ly + font_px * 0.8 + 2; // bottom: grow downwards
        else l.y = ly + font_px * 0.35 - block / 2;            // sides: centred
        l.partial = line.partial_data;
        l.colour = line.partial_data ? "#595959" : domain_text_colour(line.domain);
    }
    // Labels must not overlap: the lower half (from the middle down) is pushed downwards,
    // then the upper half (from the middle up) upwards, each against every label placed.
    std::vector<std::size_t> lower, upper, placed;
    for (std::size_t i = 0; i < n; ++i) (axes[i].dy() >= 0 ? lower : upper).push_back(i);
    std::stable_sort(lower.begin(), lower.end(),
                     [&](std::size_t a, std::size_t b) { return labels[a].y < labels[b].y; });
    std::stable_sort(upper.begin(), upper.end(),
                     [&](std::size_t a, std::size_t b) { return labels[a].y > labels[b].y; });
    const auto overlap = [&](const Label& a, const Label& b) {
        return a.left() < b.right() + 4 && b.left() < a.right() + 4 && a.top() < b.bottom() + 3 &&
               b.top() < a.bottom() + 3;
    };
    for (int pass = 0; pass < 2; ++pass) {
        for (const std::size_t i : pass == 0 ? lower : upper) {
            for (bool moved = true; moved;) {
                moved = false;
                for (const std::size_t j : placed) {
                    if (!overlap(labels[i], labels[j])) continue;
                    labels[i].y = pass == 0 ? labels[j].bottom() + 3 + font_px * 0.8
                                            : labels[j].top() - 3 - font_px * 0.25 -
                                                  line_h * double(labels[i].lines.size() - 1);
                    moved = true;
                }
            }
            placed.push_back(i);
        }
    }
    double min_x = cx - radius - 12, max_x = cx + radius + 12;
    double min_y = cy - radius - 12, max_y = cy + radius + 12;
    for (std::size_t i = 0; i < n; ++i) {
        const Label& l = labels[i];
        min_x = std::min(min_x, l.left() - 4);
        max_x = std::max(max_x, l.right() + 4);
        min_y = std::min(min_y, l.top() - 4);
        max_y = std::max(max_y, l.bottom() + 4);
        std::string& g = axis_svg[i];
        g += "<text class=\"axis-label" + std::string(l.partial ? " partial" : "") + "\" x=\"" +
             fixed(l.x) + "\" y=\"" + fixed(l.y) + "\" text-anchor=\"" + l.anchor +
             "\" fill=\"" + l.colour + "\"" + (l.partial ? " font-style=\"italic\"" : "") + ">";
        for (std::size_t k = 0; k < l.lines.size(); ++k)
            g += "<tspan x=\"" + fixed(l.x) + "\"" + (k ? " dy=\"" + fixed(line_h, 1) + "\"" : "") +
                 ">" + escape(l.lines[k]) + "</tspan>";
        g += "</text>\n</g>\n";
        s += g;
    }
    // Ring values in the gap before the first axis, over the shape, with a white halo.
    s += "<g class=\"ring-labels\" font-size=\"10\" fill=\"#404040\" stroke=\"#ffffff\" "
         "stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\">\n";
    for (int k = 1; k <= 4; ++k) {
        const double ratio = max_ratio * k / 4.0;
        const Axis a{-half_step};
        const std::string label =
            (k == 4 ? "\u2265\u00a0" : "") +
            i18n::format_number(ratio, std::fabs(ratio - std::round(ratio)) < 1e-9 ? 0 : 1);
        s += "<text x=\"" + fixed(cx + r_of(ratio) * a.dx() - 2) + "\" y=\"" +
             fixed(cy + r_of(ratio) * a.dy() + 3.5) + "\" text-anchor=\"end\">" + escape(label) +
             "</text>\n";
    }
    s += "</g>\n";
    s += "</svg>\n";
    min_x = std::min(min_x, 0.0);
    max_x = std::max(max_x, width);
    return open_svg(std::floor(min_x), std::floor(min_y), std::ceil(max_x) - std::floor(min_x),
                    std::ceil(max_y) - std::floor(min_y)) +
           s;
}

}  // namespace assetmap::report
