#pragma once
/// @file Raster choropleths of an atlas rendered on demand: the same style, classes (5
/// quantiles, YlGnBu) and symbols as `assetmap tiles raster`, one Mapnik renderer per area
/// column, built on first use.

#include <assetmap/serve/geo_layers.hpp>
#include <assetmap/tiles/tile_math.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::tiles {
class TileRenderer;
}

namespace assetmap::serve {

/// Renders single raster tiles of any drawable area column. Thread-safe.
class RasterSource {
public:
    /// `areas` and `assets` are the atlas's layers in CRS84 (they and the atlas must outlive
    /// this); `styles_dir` holds raster.xml.in and the files it names. Throws input_error
    /// when the style template cannot be read.
    RasterSource(const atlas::Atlas& atlas, const LayerLonLat& areas, const LayerLonLat* assets,
                 const std::string& styles_dir);
    ~RasterSource();

    /// The drawable columns: the run's indicators, the three domain scores and the asset
    /// index (those present in the areas layer), in that order.
    const std::vector<std::string>& columns() const noexcept { return columns_; }
    bool has_column(const std::string& column) const;

    /// One 256 px (scale 1) or 512 px (scale 2) PNG8 tile of `column`'s choropleth with the
    /// asset symbols; nullopt when the tile is fully transparent. Throws render_error.
    std::optional<std::string> render(const std::string& column, const tiles::TileId& tile,
                                      unsigned scale) const;

private:
    std::shared_ptr<const tiles::TileRenderer> renderer(const std::string& column) const;

    const atlas::Atlas& atlas_;
    std::string template_xml_;
    std::string styles_dir_;
    std::vector<std::string> columns_;
    std::vector<std::string> codes_, names_;
    std::vector<MultiPolygonM> shapes_;  ///< Web Mercator metres, per area row
    std::vector<bool> drawn_;            ///< area rows with a geometry
    struct Asset {
        std::string category, domain, name;
        PointM position;  ///< Web Mercator metres
    };
    std::vector<Asset> assets_;
    mutable std::mutex mu_;
    mutable std::map<std::string, std::shared_ptr<const tiles::TileRenderer>> renderers_;
};

}  // namespace assetmap::serve
