#pragma once
/// @file Names and units of measures: `<category>_<measure>[_<T>]` (README, "Measures").

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assetmap::measure {

/// The measures of DESIGN.md ("Measures (exact definitions)"), straight-line.
enum class MeasureKind {
    count,          ///< assets in the area (points in polygon), assets
    per_1000,       ///< 1000 · count / P_a, per 1,000 residents
    per_km2,        ///< count / area_km2, per km²
    nearest_m,      ///< Σ w_p d_p / P_a, metres
    coverage_pct,   ///< 100 · Σ w_p [d_p ≤ T] / P_a, % of residents (threshold T)
    cumulative,     ///< Σ w_p · #{assets within T} / P_a, assets (threshold T)
    gravity,        ///< Σ w_p Σ_j exp(−β d_pj) / P_a, dimensionless
    fca2,           ///< two-step floating catchment, per 1,000 residents (threshold T)
    area_pct,       ///< 100 · area(A ∩ ⋃ polygons) / area(A), % of area (polygon categories)
    m2_per_person,  ///< area(A ∩ ⋃ polygons) / P_a, m² per resident (polygon categories)
    // Walking-network measures (d_p = walking distance on the network, snaps included):
    net_nearest_m,       ///< Σ w_p d_p / Σ w_p over points that reach an asset, metres
    net_minutes,         ///< net_nearest_m at the walking speed, minutes
    net_coverage_pct,    ///< 100 · Σ w_p [d_p ≤ T] / Σ w_p over snapped points (threshold T)
    net_cumulative,      ///< Σ w_p · #{assets within T walking} / Σ w_p (threshold T)
    net_reachable_pct,   ///< 100 · weight of snapped points that reach an asset / snapped
    // Public-transport measures, per departure window W (m_p = the point's median over W's
    // departures of the door-to-door time by walk + public transport, walk-only allowed):
    pt_minutes,          ///< Σ w_p m_p / Σ w_p over points that reach an asset, minutes
    pt_coverage_pct,     ///< 100 · Σ w_p [m_p ≤ M] / Σ w_p (threshold M in minutes)
    pt_reachable_pct,    ///< 100 · weight of points that reach an asset within max_trip / all
};

/// "count", "per_1000", "coverage_pct", …
const char* to_string(MeasureKind kind);
/// The unit, for metadata and the README ("assets", "per 1,000 residents", "metres", …).
const char* unit_of(MeasureKind kind);
/// True for measures that take a threshold T in metres.
bool has_threshold(MeasureKind kind);
/// True for the public-transport measures, which belong to a departure window.
bool has_window(MeasureKind kind);
/// True for measures that take a threshold M in minutes (pt_coverage_pct).
bool has_threshold_minutes(MeasureKind kind);
/// True when higher values mean fewer/farther assets (nearest_m), so indicators negate it.
bool lower_is_better(MeasureKind kind);

/// One column of results.
struct MeasureKey {
    std::string category;
    MeasureKind kind = MeasureKind::count;
    double threshold_m = 0.0;        ///< used only when has_threshold(kind)
    std::string window;              ///< used only when has_window(kind): [a-z][a-z0-9_]*
    double threshold_minutes = 0.0;  ///< used only when has_threshold_minutes(kind)

    MeasureKey() = default;
    MeasureKey(std::string category_id, MeasureKind measure, double threshold = 0.0,
               std::string window_name = {}, double minutes = 0.0)
        : category(std::move(category_id)), kind(measure), threshold_m(threshold),
          window(std::move(window_name)), threshold_minutes(minutes) {}

    /// `<category>_<measure>[_<T>]`, e.g. "bus_stop_coverage_pct_400", "gp_doctors_nearest_m";
    /// the public-transport measures `<category>_<measure>_<window>[_<M>]`, e.g.
    /// "gp_doctors_pt_minutes_weekday_am", "hospital_pt_coverage_pct_weekday_am_60".
    /// T and M are printed without a decimal point when whole; otherwise '.' becomes 'p'
    /// (e.g. 402p5). parse_column() is the inverse.
    std::string column() const;
    friend bool operator==(const MeasureKey& a, const MeasureKey& b) {
        return a.category == b.category && a.kind == b.kind &&
               (!has_threshold(a.kind) || a.threshold_m == b.threshold_m) &&
               (!has_window(a.kind) || a.window == b.window) &&
               (!has_threshold_minutes(a.kind) || a.threshold_minutes == b.threshold_minutes);
    }
};

/// Formats a threshold as it appears in column names.
std::string threshold_label(double threshold_m);

/// The inverse of MeasureKey::column(): splits a column name into its category, measure,
/// window and threshold, given the measured category ids (the longest id that prefixes the
/// name and is followed by '_' wins). For `<c>_pt_coverage_pct_<window>_<M>` the last '_'
/// separates the window from M (window names may hold '_'; M never does). nullopt when the
/// name is not a measure column of those categories.
std::optional<MeasureKey> parse_column(std::string_view column,
                                       const std::vector<std::string>& categories);

}  // namespace assetmap::measure
