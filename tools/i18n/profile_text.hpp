#pragma once
/// @file The words of an area profile in one language: labels of categories, domains,
/// comparators and indicators, values with their units, and the plain-language sentences
/// ("73% of residents live within 400 m of a bus stop, against 81% across Newport"). Used by
/// the report and the server, so both say the same thing.

#include "catalogue.hpp"

#include <assetmap/atlas/profile.hpp>

#include <string>
#include <string_view>

namespace assetmap::i18n {

/// The category's label (catalogue `category.<id>`); `fallback` (e.g. the taxonomy label,
/// for a category a user added) or the id when the catalogue has none.
std::string category_label(const Catalogue& cat, std::string_view id,
                           std::string_view fallback = {});
/// "Individual", "Unigol", …
std::string domain_label(const Catalogue& cat, std::string_view domain);
/// The comparator's name in the catalogue's language (`name_cy` for Welsh when given).
std::string comparator_label(const Catalogue& cat, const atlas::ComparatorInfo& comparator);
/// The words of a public-transport departure window (catalogue `window.<name>`, e.g.
/// "weekday mornings 07:00–09:00"), else its name with spaces for '_'.
std::string window_label(const Catalogue& cat, std::string_view window);
/// The placeholders every indicator phrase may use: {category}, {threshold} (metres),
/// {minutes} (a pt_coverage_pct limit), {window} (window_label) and {measure}.
Args indicator_args(const Catalogue& cat, const atlas::IndicatorLine& line);
/// A short title of the indicator, e.g. "Bus stops within 400 m (% of residents)".
std::string indicator_title(const Catalogue& cat, const atlas::IndicatorLine& line);
/// A number with its unit as the indicator's measure reads, e.g. "73%", "1,250 m",
/// "12.5 m²", "7.5 min"; `digits` overrides the measure's usual decimals when ≥ 0.
std::string format_value(const Catalogue& cat, const atlas::IndicatorLine& line, double value,
                         int digits = -1);
/// A number with thousands separators and `decimals` decimals ("1,234.5").
std::string format_number(double value, int decimals);
/// The sentence of one highlight, against its comparator; "" when the indicator has no value.
std::string highlight_sentence(const Catalogue& cat, const atlas::AreaProfile& profile,
                               const atlas::Highlight& highlight);

}  // namespace assetmap::i18n
