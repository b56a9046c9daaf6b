/// @file The words of an area profile (see profile_text.hpp).

#include "profile_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>

namespace assetmap::i18n {

namespace {

/// The unit family of a measure, for value formats.
enum class Unit { percent, metres, minutes, m2, per_1000, per_km2, number };

Unit unit_of_measure(std::string_view measure) {
    if (measure == "coverage_pct" || measure == "net_coverage_pct" ||
        measure == "net_reachable_pct" || measure == "area_pct" ||
        measure.rfind("pt_coverage_pct", 0) == 0 || measure.rfind("pt_reachable_pct", 0) == 0)
        return Unit::percent;
    if (measure == "nearest_m" || measure == "net_nearest_m") return Unit::metres;
    if (measure == "net_minutes" || measure.rfind("pt_minutes", 0) == 0) return Unit::minutes;
    if (measure == "m2_per_person") return Unit::m2;
    if (measure == "per_1000" || measure == "fca2") return Unit::per_1000;
    if (measure == "per_km2") return Unit::per_km2;
    return Unit::number;
}

int default_decimals(Unit unit, double value) {
    switch (unit) {
        case Unit::percent: return std::fabs(value) >= 10.0 || value == 0.0 ? 0 : 1;
        case Unit::metres: return 0;
        case Unit::minutes: return 1;
        case Unit::m2: return std::fabs(value) >= 100.0 ? 0 : 1;
        case Unit::per_1000:
        case Unit::per_km2: return std::fabs(value) >= 100.0 ? 0 : 1;
        case Unit::number: return std::fabs(value) >= 100.0 ? 0 : 2;
    }
    return 2;
}

const char* format_key(Unit unit) {
    switch (unit) {
        case Unit::percent: return "format.percent";
        case Unit::metres: return "format.metres";
        case Unit::minutes: return "format.minutes";
        case Unit::m2: return "format.m2";
        case Unit::per_1000: return "format.per_1000";
        case Unit::per_km2: return "format.per_km2";
        case Unit::number: return "format.number";
    }
    return "format.number";
}

std::string threshold_text(const atlas::IndicatorLine& line) {
    return line.threshold_m ? format_number(*line.threshold_m, 0) : std::string();
}

/// A pt_coverage_pct limit: "30", "7.5"; "" for other measures.
std::string minutes_text(const atlas::IndicatorLine& line) {
    if (!line.threshold_minutes) return {};
    const double m = *line.threshold_minutes;
    return format_number(m, m == std::floor(m) ? 0 : 1);
}

/// The category's phrase of one form (`category.<id>.<form>`), else the label in lower case.
std::string category_phrase(const Catalogue& cat, const std::string& id, const char* form) {
    if (auto v = cat.find("category." + id + "." + form)) return *v;
    return category_label(cat, id);
}

}  // namespace

std::string format_number(double value, int decimals) {
    if (!std::isfinite(value)) return "–";
    // Halves round away from zero, as people round (printf alone rounds 12.25 to 12.2).
    decimals = std::clamp(decimals, 0, 9);
    const double scale = std::pow(10.0, decimals);
    const double rounded = std::round(std::fabs(value) * scale) / scale;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, rounded);
    std::string digits(buf);
    const auto dot = digits.find('.');
    std::string whole = digits.substr(0, dot);
    const std::string frac = dot == std::string::npos ? "" : digits.substr(dot);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    // "-0" and "-0.0" read as 0.
    const bool negative = value < 0 && std::strtod(buf, nullptr) != 0.0;
    return (negative ? "-" : "") + grouped + frac;
}

std::string category_label(const Catalogue& cat, std::string_view id, std::string_view fallback) {
    if (auto v = cat.find("category." + std::string(id))) return *v;
    return fallback.empty() ? std::string(id) : std::string(fallback);
}

std::string domain_label(const Catalogue& cat, std::string_view domain) {
    if (auto v = cat.find("domain." + std::string(domain))) return *v;
    return std::string(domain);
}

std::string comparator_label(const Catalogue& cat, const atlas::ComparatorInfo& comparator) {
    if (cat.lang() == "cy" && !comparator.name_cy.empty()) return comparator.name_cy;
    return comparator.name;
}

std::string window_label(const Catalogue& cat, std::string_view window) {
    if (auto v = cat.find("window." + std::string(window))) return *v;
    std::string out(window);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

Args indicator_args(const Catalogue& cat, const atlas::IndicatorLine& line) {
    return {{"category", category_label(cat, line.category)},
            {"threshold", threshold_text(line)},
            {"minutes", minutes_text(line)},
            {"window", line.window.empty() ? std::string() : window_label(cat, line.window)},
            {"measure", line.measure}};
}

std::string indicator_title(const Catalogue& cat, const atlas::IndicatorLine& line) {
    const Args args = indicator_args(cat, line);
    const std::string key = "measure." + line.measure + ".title";
    return cat.has(key) ? cat.format(key, args) : cat.format("measure.other.title", args);
}

std::string format_value(const Catalogue& cat, const atlas::IndicatorLine& line, double value,
                         int digits) {
    const Unit unit = unit_of_measure(line.measure);
    const int decimals = digits >= 0 ? digits : default_decimals(unit, value);
    return cat.format(format_key(unit), {{"n", format_number(value, decimals)}});
}

std::string highlight_sentence(const Catalogue& cat, const atlas::AreaProfile& profile,
                               const atlas::Highlight& highlight) {
    if (highlight.indicator >= profile.indicators.size()) return {};
    const auto& line = profile.indicators[highlight.indicator];
    if (!line.value) return {};
    const std::size_t c = highlight.comparator;
    const bool compared = c < profile.comparators.size() && c < line.comparator_value.size() &&
                          line.comparator_value[c].has_value();
    // The area's and the comparator's value with the same decimals, so they compare.
    const Unit unit = unit_of_measure(line.measure);
    int decimals = default_decimals(unit, *line.value);
    if (compared) decimals = std::max(decimals, default_decimals(unit, *line.comparator_value[c]));
    Args args = indicator_args(cat, line);
    args.insert(args.end(), {
        {"value", format_value(cat, line, *line.value, decimals)},
        {"category_to", category_phrase(cat, line.category, "to")},
        {"category_from_nearest", category_phrase(cat, line.category, "from_nearest")},
        {"category_of", category_phrase(cat, line.category, "of")},
        {"title", indicator_title(cat, line)}});
    const std::string key = "sentence." + line.measure;
    const std::string sentence =
        cat.has(key) ? cat.format(key, args) : cat.format("sentence.other", args);
    if (!compared) return cat.format("sentence.no_comparator", {{"sentence", sentence}});
    return cat.format("sentence.against",
                      {{"sentence", sentence},
                       {"comparator_value", format_value(cat, line, *line.comparator_value[c],
                                                         decimals)},
                       {"comparator", comparator_label(cat, profile.comparators[c])}});
}

}  // namespace assetmap::i18n
