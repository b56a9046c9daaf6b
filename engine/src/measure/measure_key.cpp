/// @file Names, units and column labels of the measures.

#include <assetmap/measure/measure_key.hpp>

#include <charconv>
#include <cmath>
#include <string>

namespace assetmap::measure {

const char* to_string(MeasureKind kind) {
    switch (kind) {
        case MeasureKind::count: return "count";
        case MeasureKind::per_1000: return "per_1000";
        case MeasureKind::per_km2: return "per_km2";
        case MeasureKind::nearest_m: return "nearest_m";
        case MeasureKind::coverage_pct: return "coverage_pct";
        case MeasureKind::cumulative: return "cumulative";
        case MeasureKind::gravity: return "gravity";
        case MeasureKind::fca2: return "fca2";
        case MeasureKind::area_pct: return "area_pct";
        case MeasureKind::m2_per_person: return "m2_per_person";
        case MeasureKind::net_nearest_m: return "net_nearest_m";
        case MeasureKind::net_minutes: return "net_minutes";
        case MeasureKind::net_coverage_pct: return "net_coverage_pct";
        case MeasureKind::net_cumulative: return "net_cumulative";
        case MeasureKind::net_reachable_pct: return "net_reachable_pct";
    }
    return "unknown";
}

const char* unit_of(MeasureKind kind) {
    switch (kind) {
        case MeasureKind::count: return "assets";
        case MeasureKind::per_1000: return "per 1,000 residents";
        case MeasureKind::per_km2: return "per km²";
        case MeasureKind::nearest_m: return "metres";
        case MeasureKind::coverage_pct: return "% of residents";
        case MeasureKind::cumulative: return "assets";
        case MeasureKind::gravity: return "dimensionless";
        case MeasureKind::fca2: return "per 1,000 residents";
        case MeasureKind::area_pct: return "% of area";
        case MeasureKind::m2_per_person: return "m² per resident";
        case MeasureKind::net_nearest_m: return "metres walked";
        case MeasureKind::net_minutes: return "minutes walked";
        case MeasureKind::net_coverage_pct: return "% of residents";
        case MeasureKind::net_cumulative: return "assets";
        case MeasureKind::net_reachable_pct: return "% of residents";
    }
    return "";
}

bool has_threshold(MeasureKind kind) {
    return kind == MeasureKind::coverage_pct || kind == MeasureKind::cumulative ||
           kind == MeasureKind::fca2 || kind == MeasureKind::net_coverage_pct ||
           kind == MeasureKind::net_cumulative;
}

bool lower_is_better(MeasureKind kind) {
    return kind == MeasureKind::nearest_m || kind == MeasureKind::net_nearest_m ||
           kind == MeasureKind::net_minutes;
}

// The shortest fixed-notation text that reads back as the same double (std::to_chars), with
// '.' written as 'p' so the label is a valid column name: 400 -> "400", 402.5 -> "402p5".
// A negative threshold (never produced by the engine) gets an 'm' for its minus sign.
std::string threshold_label(double threshold_m) {
    if (!std::isfinite(threshold_m)) return std::isnan(threshold_m) ? "nan" : "inf";
    char buf[400];
    const auto res = std::to_chars(buf, buf + sizeof buf, threshold_m, std::chars_format::fixed);
    std::string out(buf, res.ptr);
    for (char& ch : out) {
        if (ch == '.') ch = 'p';
        if (ch == '-') ch = 'm';
    }
    return out;
}

std::string MeasureKey::column() const {
    std::string out = category + "_" + to_string(kind);
    if (has_threshold(kind)) out += "_" + threshold_label(threshold_m);
    return out;
}

}  // namespace assetmap::measure
