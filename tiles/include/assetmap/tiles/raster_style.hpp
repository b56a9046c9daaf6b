#pragma once
/// @file The Mapnik XML of a raster tile set, built from the template styles/raster.xml.in
/// by injecting one indicator's field and class breaks (no XML per indicator by hand).
/// Plain string work: no Mapnik header here.

#include <assetmap/tiles/choropleth.hpp>

#include <optional>
#include <string>

namespace assetmap::tiles {

/// What goes into one raster style.
struct RasterStyleParams {
    /// The choropleth drawn; nullopt draws no areas (an assets-only map).
    std::optional<Choropleth> choropleth;
    bool assets = true;          ///< draw the asset symbols and names
    unsigned buffer_px = 128;    ///< Map buffer-size, pixels at scale 1 (the renderer scales it)
};

/// Fills the template's slots (INDICATOR, CLASS_RULES, AREAS_STATUS, ASSETS_STATUS,
/// BUFFER_SIZE, each in double braces). CLASS_RULES becomes, in this order (the style's
/// filter-mode is "first"): a null rule (grey fill plus hatch.png), then one rule per
/// class: class 0 `[f] <= upper[0]`, class i `[f] > upper[i-1] and [f] <= upper[i]`,
/// the last class open above — bounds written with 17 significant digits so Mapnik sees the
/// exact break values and agrees with class_of(). Throws config_error for a bad choropleth
/// or a slot left unfilled (a template from another version).
std::string build_raster_style(const std::string& template_xml, const RasterStyleParams& params);

/// Escapes &, <, >, " and ' for XML text and attribute values.
std::string xml_escape(const std::string& text);

}  // namespace assetmap::tiles
