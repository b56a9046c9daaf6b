#pragma once
/// @file The spider chart of an area profile as inline SVG, drawn by the project (no chart
/// library): one axis per indicator, grouped by domain, the area's oriented ratio to one
/// comparator on each axis (1 = the same as the comparator, drawn as a dashed ring), axes with
/// partial data marked. The plotted numbers are kept in data attributes so that a test (or a
/// reader's script) can read them back.

#include <assetmap/atlas/profile.hpp>

#include "catalogue.hpp"

#include <cstddef>
#include <string>

namespace assetmap::report {

/// How the chart is drawn.
struct SpiderChartOptions {
    /// The rim of the chart: ratios above it are drawn on the rim with an outward marker
    /// and their value; 2 = twice the comparator.
    double max_ratio = 2.0;
    /// A prefix for the SVG's element ids (unique per page when several charts share one).
    std::string id_prefix = "chart";
};

/// The chart of `profile` against its comparator number `comparator` (an index into
/// profile.comparators) in the catalogue's language. Every axis is a
/// `<g class="axis" data-indicator="COLUMN" data-domain="D" data-ratio="R" data-partial="0|1">`
/// with R the profile's ratio written with 17 significant digits ("" when it has none);
/// partial axes also carry the class "partial" and a dashed line, and axes without a ratio
/// the class "no-ratio". Deterministic text.
std::string spider_chart_svg(const atlas::AreaProfile& profile, std::size_t comparator,
                             const i18n::Catalogue& cat, const SpiderChartOptions& options = {});

/// The short label of an indicator on its axis: the category's label, with the measure when
/// the category has more than one indicator in the profile (catalogue `report.axis.<measure>`).
std::string axis_label(const i18n::Catalogue& cat, const atlas::AreaProfile& profile,
                       std::size_t indicator);

}  // namespace assetmap::report
