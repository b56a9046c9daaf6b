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
        case MeasureKind::pt_minutes: return "pt_minutes";
        case MeasureKind::pt_coverage_pct: return "pt_coverage_pct";
        case MeasureKind::pt_reachable_pct: return "pt_reachable_pct";
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
        case MeasureKind::pt_minutes: return "minutes by walk and public transport";
        case MeasureKind::pt_coverage_pct: return "% of residents";
        case MeasureKind::pt_reachable_pct: return "% of residents";
    }
    return "";
}

bool has_threshold(MeasureKind kind) {
    return kind == MeasureKind::coverage_pct || kind == MeasureKind::cumulative ||
           kind == MeasureKind::fca2 || kind == MeasureKind::net_coverage_pct ||
           kind == MeasureKind::net_cumulative;
}

bool has_window(MeasureKind kind) {
    return kind == MeasureKind::pt_minutes || kind == MeasureKind::pt_coverage_pct ||
           kind == MeasureKind::pt_reachable_pct;
}

bool has_threshold_minutes(MeasureKind kind) { return kind == MeasureKind::pt_coverage_pct; }

bool lower_is_better(MeasureKind kind) {
    return kind == MeasureKind::nearest_m || kind == MeasureKind::net_nearest_m ||
           kind == MeasureKind::net_minutes || kind == MeasureKind::pt_minutes;
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
    if (has_window(kind)) out += "_" + window;
    if (has_threshold_minutes(kind)) out += "_" + threshold_label(threshold_minutes);
    return out;
}

}  // namespace assetmap::measure

namespace assetmap::measure {

namespace {

constexpr MeasureKind all_kinds[] = {
    MeasureKind::count,          MeasureKind::per_1000,         MeasureKind::per_km2,
    MeasureKind::nearest_m,      MeasureKind::coverage_pct,     MeasureKind::cumulative,
    MeasureKind::gravity,        MeasureKind::fca2,             MeasureKind::area_pct,
    MeasureKind::m2_per_person,  MeasureKind::net_nearest_m,    MeasureKind::net_minutes,
    MeasureKind::net_coverage_pct, MeasureKind::net_cumulative, MeasureKind::net_reachable_pct,
    MeasureKind::pt_minutes,     MeasureKind::pt_coverage_pct,  MeasureKind::pt_reachable_pct};

/// A window name as column() writes it: [a-z][a-z0-9_]*.
bool is_window_name(std::string_view w) {
    if (w.empty() || !(w[0] >= 'a' && w[0] <= 'z')) return false;
    for (char c : w)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

/// Reads a threshold label ("400", "402p5") back; nullopt when it is not one.
std::optional<double> parse_threshold_label(std::string_view label) {
    if (label.empty()) return std::nullopt;
    std::string text(label);
    for (char& ch : text) {
        if (ch == 'p') ch = '.';
        else if (ch == 'm') ch = '-';
        else if (!(ch >= '0' && ch <= '9')) return std::nullopt;
    }
    double v = 0.0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
    if (threshold_label(v) != label) return std::nullopt;  // only the canonical spelling
    return v;
}

}  // namespace

std::optional<MeasureKey> parse_column(std::string_view column,
                                       const std::vector<std::string>& categories) {
    const std::string* best = nullptr;
    for (const auto& c : categories)
        if (column.size() > c.size() + 1 && column.compare(0, c.size(), c) == 0 &&
            column[c.size()] == '_' && (!best || c.size() > best->size()))
            best = &c;
    if (!best) return std::nullopt;
    const std::string_view rest = column.substr(best->size() + 1);
    for (MeasureKind kind : all_kinds) {
        const std::string_view name = to_string(kind);
        if (has_window(kind)) {
            if (rest.size() <= name.size() + 1 || rest.compare(0, name.size(), name) != 0 ||
                rest[name.size()] != '_')
                continue;
            std::string_view tail = rest.substr(name.size() + 1);
            MeasureKey key{*best, kind, 0.0};
            if (has_threshold_minutes(kind)) {
                const auto cut = tail.rfind('_');
                if (cut == std::string_view::npos) continue;
                const auto m = parse_threshold_label(tail.substr(cut + 1));
                if (!m) continue;
                key.threshold_minutes = *m;
                tail = tail.substr(0, cut);
            }
            if (!is_window_name(tail)) continue;
            key.window = std::string(tail);
            return key;
        }
        if (!has_threshold(kind)) {
            if (rest == name) return MeasureKey{*best, kind, 0.0};
            continue;
        }
        if (rest.size() > name.size() + 1 && rest.compare(0, name.size(), name) == 0 &&
            rest[name.size()] == '_') {
            if (auto t = parse_threshold_label(rest.substr(name.size() + 1)))
                return MeasureKey{*best, kind, *t};
        }
    }
    return std::nullopt;
}

}  // namespace assetmap::measure
