#pragma once
/// @file A choropleth of one indicator: its field, class breaks and colours, shared by the
/// Mapnik style (raster_style.hpp), the MapLibre style (maplibre_style.hpp) and the legend
/// (legend.hpp), so the three always agree.

#include <assetmap/tiles/classify.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace assetmap::tiles {

/// ColorBrewer YlGnBu, a sequential palette safe for the common colour-vision deficiencies
/// and in greyscale: `classes` colours from light (low) to dark (high), "#rrggbb".
/// 1 ≤ classes ≤ 9 (1 and 2 take the ends of the 3-class scheme); throws otherwise.
std::vector<std::string> sequential_palette(std::size_t classes);

/// Fill of areas whose indicator is null (no data); the raster style hatches it as well.
inline constexpr const char* null_fill_colour = "#bdbdbd";

/// Marker colour of an asset domain (Okabe–Ito colours): community #E69F00 (orange),
/// individual #0072B2 (blue), structural #009E73 (bluish green), anything else #666666.
const char* domain_colour(const std::string& domain);

/// One indicator drawn as a choropleth.
struct Choropleth {
    std::string indicator;  ///< attribute name, [A-Za-z_][A-Za-z0-9_]* (checked by the builders)
    std::string title;      ///< legend title; empty means `indicator`
    ClassBreaks breaks;     ///< class i: see ClassBreaks
    std::vector<std::string> colours;  ///< one "#rrggbb" per class
};

/// Classes `values` (nulls as NaN) with `method` into at most `classes` classes and takes
/// the palette for the number of classes found. Throws config_error for a bad indicator name
/// or a class count outside 1..9.
Choropleth make_choropleth(const std::string& indicator, const std::string& title,
                           const std::vector<double>& values, std::size_t classes = 5,
                           ClassMethod method = ClassMethod::quantiles);

/// True for a name usable as a Mapnik/MapLibre attribute: [A-Za-z_][A-Za-z0-9_]*.
bool is_attribute_name(const std::string& name);

/// Throws config_error unless `c` has a valid indicator name, strictly increasing finite
/// breaks and one "#rrggbb" colour per class.
void check_choropleth(const Choropleth& c);

/// Human labels of the classes, "a – b" from the minimum to the maximum ("a" alone for a
/// class of one value, e.g. a first class holding only the minimum), with the fewest
/// decimals (0–6) that keep every bound distinct and within a tenth of the smallest gap
/// between bounds of its true value; deterministic.
std::vector<std::string> class_labels(const Choropleth& c);

/// A number with 17 significant digits (round-trips a double exactly): for filters and
/// expressions that must see the very break value.
std::string exact_number(double v);

}  // namespace assetmap::tiles
