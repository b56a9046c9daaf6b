#include <assetmap/tiles/choropleth.hpp>

#include <assetmap/core/error.hpp>

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace assetmap::tiles {

std::vector<std::string> sequential_palette(std::size_t classes) {
    // ColorBrewer 2.0, YlGnBu (Cynthia Brewer, Mark Harrower, Penn State), 3–9 classes.
    static const std::vector<std::vector<std::string>> ylgnbu = {
        {"#edf8b1", "#7fcdbb", "#2c7fb8"},
        {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
        {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
        {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"},
        {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
        {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8",
         "#0c2c84"},
        {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8",
         "#253494", "#081d58"},
    };
    if (classes < 1 || classes > 9) {
        throw config_error("palette: " + std::to_string(classes) +
                           " classes; YlGnBu has 1 to 9");
    }
    if (classes == 1) return {ylgnbu[0][1]};
    if (classes == 2) return {ylgnbu[0][0], ylgnbu[0][2]};
    return ylgnbu[classes - 3];
}

const char* domain_colour(const std::string& domain) {
    if (domain == "community") return "#E69F00";
    if (domain == "individual") return "#0072B2";
    if (domain == "structural") return "#009E73";
    return "#666666";
}

bool is_attribute_name(const std::string& name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char ch = name[i];
        const bool alpha = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_';
        const bool digit = ch >= '0' && ch <= '9';
        if (!(alpha || (digit && i > 0))) return false;
    }
    return true;
}

void check_choropleth(const Choropleth& c) {
    if (!is_attribute_name(c.indicator)) {
        throw config_error("choropleth: indicator '" + c.indicator +
                           "' is not a plain attribute name ([A-Za-z_][A-Za-z0-9_]*)");
    }
    const auto& u = c.breaks.upper;
    for (std::size_t i = 0; i < u.size(); ++i) {
        if (!std::isfinite(u[i]) || (i > 0 && !(u[i] > u[i - 1]))) {
            throw config_error("choropleth " + c.indicator +
                               ": class breaks must be finite and strictly increasing");
        }
    }
    if (c.colours.size() != u.size()) {
        throw config_error("choropleth " + c.indicator + ": " + std::to_string(u.size()) +
                           " classes but " + std::to_string(c.colours.size()) + " colours");
    }
    for (const auto& col : c.colours) {
        bool ok = col.size() == 7 && col[0] == '#';
        for (std::size_t i = 1; ok && i < col.size(); ++i) {
            const char ch = col[i];
            ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
        }
        if (!ok) throw config_error("choropleth " + c.indicator + ": bad colour '" + col + "'");
    }
}

Choropleth make_choropleth(const std::string& indicator, const std::string& title,
                           const std::vector<double>& values, std::size_t classes,
                           ClassMethod method) {
    if (classes < 1 || classes > 9) {
        throw config_error("choropleth " + indicator + ": " + std::to_string(classes) +
                           " classes; choose 1 to 9");
    }
    Choropleth c;
    c.indicator = indicator;
    c.title = title;
    c.breaks = classify(values, classes, method);
    if (!c.breaks.empty()) c.colours = sequential_palette(c.breaks.classes());
    check_choropleth(c);
    return c;
}

std::string exact_number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s == "-0" || s.rfind("-0.", 0) == 0) {
        // "-0.00" → "0.00": a rounded negative zero reads as a sign error
        bool all_zero = true;
        for (char ch : s.substr(1)) {
            if (ch != '0' && ch != '.') all_zero = false;
        }
        if (all_zero) s.erase(0, 1);
    }
    return s;
}

}  // namespace

std::vector<std::string> class_labels(const Choropleth& c) {
    std::vector<double> bounds;
    bounds.push_back(c.breaks.min);
    bounds.insert(bounds.end(), c.breaks.upper.begin(), c.breaks.upper.end());
    // Fewest decimals that keep the bounds distinct and each within a tenth of the smallest
    // gap between bounds of its true value (0.25 is not shown as "0.2" next to 0.5).
    double min_gap = HUGE_VAL;
    for (std::size_t i = 1; i < bounds.size(); ++i) {
        const double gap = bounds[i] - bounds[i - 1];
        if (gap > 0) min_gap = std::min(min_gap, gap);
    }
    int decimals = 0;
    for (; decimals < 6; ++decimals) {
        std::set<std::string> seen;
        bool ok = true;
        for (std::size_t i = 0; i < bounds.size(); ++i) {
            const std::string text = fixed(bounds[i], decimals);
            // the minimum may equal upper[0]
            if (i > 0 && !seen.insert(text).second) ok = false;
            if (std::isfinite(min_gap) &&
                std::fabs(std::strtod(text.c_str(), nullptr) - bounds[i]) > 0.1 * min_gap) {
                ok = false;
            }
        }
        if (ok) break;
    }
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < c.breaks.upper.size(); ++i) {
        // A class of one value (the minimum, e.g. many areas at 0 %) reads "0", not "0 – 0".
        const std::string lo = fixed(bounds[i], decimals), hi = fixed(bounds[i + 1], decimals);
        labels.push_back(lo == hi ? hi : lo + " \u2013 " + hi);
    }
    return labels;
}

}  // namespace assetmap::tiles
