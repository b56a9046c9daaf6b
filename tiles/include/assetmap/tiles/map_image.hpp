#pragma once
/// @file One map image of a box (not a tile): a PNG of any size rendered with the raster
/// style (styles/raster.xml.in, built by build_raster_style) over the same data as the raster
/// tiles, for printed pages and reports. No Mapnik type appears here: the implementation
/// (map_image.cpp) is the only translation unit that includes Mapnik for it.
///
/// Process-wide set-up (fonts) is the tool's job: call register_mapnik_fonts_and_plugins()
/// (mapnik_setup.hpp) once before rendering.

#include <assetmap/core/geometry.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <memory>
#include <optional>
#include <string>

namespace assetmap::tiles {

/// What one map image shows.
struct MapImageRequest {
    /// The box to show, in **Web Mercator metres** (EPSG:3857). The image keeps the box's
    /// centre and grows the shorter side so that the map is not stretched.
    BoxM box;
    unsigned width_px = 800;   ///< image width in CSS pixels (at scale 1)
    unsigned height_px = 600;  ///< image height in CSS pixels (at scale 1)
    /// Pixel density: 1, or 2 for print (twice the pixels; symbols, lines and text scaled
    /// with them, so the style's rules apply as at scale 1).
    double scale = 1.0;
    /// Apply the style's zoom rules as at this scale denominator (e.g. 20000 for the rules
    /// of zoom 15: every asset symbol) instead of the image's own; nullopt: the image's own.
    std::optional<double> rules_scale_denominator;
    /// A shape to bring forward (Web Mercator metres): drawn above the areas, under the
    /// assets, as a white fill with a dark outline; empty: none.
    MultiPolygonM focus;
    std::string background = "#ffffff";  ///< "#rrggbb" behind everything; "" = transparent
};

/// Renders map images of one style over one data set, one after the other (not thread-safe:
/// one renderer per thread). Construction parses the style once (strict, as TileRenderer)
/// and builds the memory datasources; each image then costs one Mapnik render and a PNG
/// encoding. Output bytes depend only on the style, the data and the request.
class MapImageRenderer {
public:
    /// `style_xml`: a complete Mapnik XML (build_raster_style). `base_path`: the folder that
    /// relative files in the style (hatch.png, markers/) are read from. Throws render_error
    /// when Mapnik refuses the style, config_error for a bad indicator name.
    MapImageRenderer(std::string style_xml, RasterLayers layers, std::string base_path);
    ~MapImageRenderer();
    MapImageRenderer(MapImageRenderer&&) noexcept;
    MapImageRenderer& operator=(MapImageRenderer&&) noexcept;
    MapImageRenderer(const MapImageRenderer&) = delete;
    MapImageRenderer& operator=(const MapImageRenderer&) = delete;

    /// The image as PNG bytes: 8-bit palette when the image quantises well (up to 4096
    /// colours, the tile encoder), else Mapnik's "png8:m=h". Throws config_error for an empty
    /// box or a size outside 16…4096 pixels a side (after scaling), render_error when Mapnik
    /// fails.
    std::string render_png(const MapImageRequest& request) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::tiles
