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
constexpr double width = 640, height = 504;  // SVG user units (CSS px at 100%)
constexpr double cx = 320, cy = 252, radius = 172;

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

    std::string s;
    s.reserve(16384);
    s += "<svg class=\"spider\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
         fixed(width, 0) + " " + fixed(height, 0) + "\" role=\"img\" aria-labelledby=\"" + id +
         "-title " + id + "-desc\" data-comparator=\"" +
         escape(comparator < profile.comparators.size() ? profile.comparators[comparator].id
                                                        : "") +
         "\" data-max-ratio=\"" + exact_number(max_ratio) + "\">\n";
    s += "<title id=\"" + id + "-title\">" + escape(title) + "</title>\n";
    s += "<desc id=\"" + id + "-desc\">" + escape(cat.format("report.chart.description", {{"comparator", cmp_name}})) +
         "</desc>\n";
    if (n == 0) {
        s += "<text x=\"" + fixed(cx) + "\" y=\"" + fixed(cy) +
             "\" text-anchor=\"middle\" class=\"chart-empty\">" +
             escape(cat.get("report.chart.no_indicators")) + "</text>\n</svg>\n";
        return s;
    }
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
    // Ring values along the gap before the first axis.
    s += "<g class=\"ring-labels\" font-size=\"10\" fill=\"#555555\">\n";
    for (int k = 1; k <= 4; ++k) {
        const double ratio = max_ratio * k / 4.0;
        const Axis a{-half_step};
        const std::string label =
            (k == 4 ? "≥ " : "") + i18n::format_number(ratio, std::fabs(ratio - std::round(ratio)) < 1e-9 ? 0 : 1);
        s += "<text x=\"" + fixed(cx + r_of(ratio) * a.dx() - 3) + "\" y=\"" +
             fixed(cy + r_of(ratio) * a.dy() + 3) + "\" text-anchor=\"end\">" + escape(label) +
             "</text>\n";
    }
    s += "</g>\n";

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

    // Axes: markers, labels, data.
    const std::string partial_mark = cat.get("report.partial_mark");
    for (std::size_t i = 0; i < n; ++i) {
        const auto& line = lines[i];
        const auto ratio = comparator < line.ratio.size() ? line.ratio[comparator]
                                                           : std::optional<double>{};
        std::string cls = "axis";
        if (line.partial_data) cls += " partial";
        if (!ratio) cls += " no-ratio";
        s += "<g class=\"" + cls + "\" data-indicator=\"" + escape(line.column) +
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
                s += "<path class=\"beyond\" d=\"M" + fixed(x + tip * a.dx()) + "," +
                     fixed(y + tip * a.dy()) + "L" + fixed(x + base * px) + "," +
                     fixed(y + base * py) + "L" + fixed(x - base * px) + "," +
                     fixed(y - base * py) + "Z\" fill=\"" + colour +
                     "\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n";
            } else if (line.partial_data) {
                s += "<circle cx=\"" + fixed(x) + "\" cy=\"" + fixed(y) +
                     "\" r=\"4.2\" fill=\"#ffffff\" stroke=\"" + colour +
                     "\" stroke-width=\"2\"/>\n";
            } else {
                s += "<circle cx=\"" + fixed(x) + "\" cy=\"" + fixed(y) + "\" r=\"4.6\" fill=\"" +
                     colour + "\" stroke=\"#ffffff\" stroke-width=\"1.2\"/>\n";
            }
        }
        // Label outside the rim, wrapped.
        const Axis& a = axes[i];
        const double lr = radius + 12;
        const double lx = cx + lr * a.dx(), ly = cy + lr * a.dy();
        const char* anchor = a.dx() > 0.25 ? "start" : (a.dx() < -0.25 ? "end" : "middle");
        std::string label = axis_label(cat, profile, i);
        if (line.partial_data) label += " " + partial_mark;
        if (ratio && *ratio > max_ratio)
            label += " (×" + i18n::format_number(*ratio, *ratio >= 10 ? 0 : 1) + ")";
        const auto label_lines = wrap(label, 17);
        const double line_h = 11.5;
        double y0 = ly + 4;  // baseline of the first line
        const double block = line_h * double(label_lines.size() - 1);
        if (a.dy() < -0.5) y0 -= block;               // top: grow upwards
        else if (std::fabs(a.dy()) <= 0.5) y0 -= block / 2;  // sides: centred
        else y0 += 2;                                  // bottom: grow downwards
        s += "<text class=\"axis-label" + std::string(line.partial_data ? " partial" : "") +
             "\" x=\"" + fixed(lx) + "\" y=\"" + fixed(y0) + "\" text-anchor=\"" + anchor +
             "\" fill=\"" + (line.partial_data ? "#595959" : domain_text_colour(line.domain)) +
             "\"" + (line.partial_data ? " font-style=\"italic\"" : "") + ">";
        for (std::size_t k = 0; k < label_lines.size(); ++k)
            s += "<tspan x=\"" + fixed(lx) + "\"" + (k ? " dy=\"" + fixed(line_h, 1) + "\"" : "") +
                 ">" + escape(label_lines[k]) + "</tspan>";
        s += "</text>\n</g>\n";
    }

    s += "</svg>\n";
    return s;
}

}  // namespace assetmap::report
