#pragma once
/// @file The report's map images, rendered with the raster tiles' Mapnik style: the overview
/// (a choropleth of the asset index with the area names) and one map per area (the area
/// brought forward among its neighbours, every asset drawn by domain).

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/tiles/choropleth.hpp>

#include <memory>
#include <string>

namespace assetmap::report {

/// Pixel sizes of the images (CSS pixels; the PNGs have `scale` times as many).
struct MapSizes {
    /// The overview's width; its height follows the study's shape, between these bounds.
    unsigned overview_width_px = 960, overview_min_height_px = 480, overview_max_height_px = 1200;
    unsigned area_width_px = 640, area_height_px = 440;
    double scale = 1.5;  ///< pixel density: 1.5 prints at about 230 dpi on A4
    /// Area maps apply the style's rules as at this scale denominator at most, so every
    /// asset symbol is drawn however large the area (20000: zoom 15's rules).
    double area_rules_scale_denominator = 20000.0;
};

/// Renders the report's maps of one atlas. Geometry is taken from the atlas (its metric CRS)
/// into Web Mercator once. Not thread-safe (one Mapnik map per renderer).
class ReportMaps {
public:
    /// `styles_dir`: the folder of raster.xml.in, hatch.png and markers/. `asset_index_title`:
    /// the legend title in the report's language is not needed here (the legend is HTML).
    /// Throws input_error for a style template that cannot be read, render_error when Mapnik
    /// refuses it, crs_error when the atlas's CRS cannot be transformed.
    ReportMaps(const atlas::Atlas& atlas, const std::string& styles_dir,
               const MapSizes& sizes = {});
    ~ReportMaps();
    ReportMaps(ReportMaps&&) noexcept;
    ReportMaps& operator=(ReportMaps&&) noexcept;

    /// The choropleth of the overview (asset index, 5 quantile classes, YlGnBu), for the legend.
    const tiles::Choropleth& overview_choropleth() const;
    /// The overview as PNG bytes, overview_width_px × overview_height_px() CSS pixels.
    std::string overview_png() const;
    /// The overview's height in CSS pixels: the width times the study's height ÷ width (Web
    /// Mercator), within the bounds of MapSizes.
    unsigned overview_height_px() const;
    /// The map of the area in row `area_row` of atlas.areas() as PNG bytes.
    std::string area_png(std::size_t area_row) const;
    const MapSizes& sizes() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::report
