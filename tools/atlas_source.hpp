#pragma once
/// @file Reading a measured atlas (the GeoPackage of `measure`/`run`) for the tile commands:
/// its areas and assets in Web Mercator, and its metadata.

#include <assetmap/core/geometry.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::tools {

/// One layer's features: field names, text values (empty = null), geometry in EPSG:3857.
struct AtlasLayer {
    std::vector<std::string> fields;
    std::vector<bool> integer;  ///< per field: an integer column of the GeoPackage
    std::vector<std::vector<std::string>> values;
    std::vector<std::vector<bool>> is_null;
    std::vector<MultiPolygonM> polygons;  ///< areas
    std::vector<PointM> points;           ///< assets
};

struct AtlasSource {
    std::string path;
    /// code, name, parent_code, indicator columns, scores, index, rank, decile, then
    /// `<c>_partial_data` of each category an indicator belongs to
    AtlasLayer areas;
    AtlasLayer assets;  ///< asset_id, category, domain, name
    std::map<std::string, std::string> metadata;
    std::vector<std::string> indicators;  ///< the run's indicator columns
    BoxLonLat bounds;                     ///< of the areas, degrees
    /// Per area field: index of its category's `<c>_partial_data` field, or -1.
    std::vector<long> partial_of;
    /// Area fields before the partial-data flags: the ones a choropleth may colour (from 3).
    std::size_t value_fields = 0;
};

/// For area field `col`, the index of the `<c>_partial_data` field of its category, or
/// nullopt (identity columns, scores, the index, or an atlas without the flag).
std::optional<std::size_t> partial_field(const AtlasSource& atlas, std::size_t col);

/// True when area row `row` has partial data for field `col`'s category: its value there
/// means "no data", not a real value.
bool is_partial(const AtlasSource& atlas, std::size_t row, std::size_t col);

/// Reads `path`; throws input_error naming what is missing (not an atlas: run `assetmap
/// run` or `assetmap measure` first). Without `with_assets`, `assets` is left empty (its
/// fields named): read_atlas_assets reads them.
AtlasSource read_atlas(const std::string& path, bool with_assets = true);

/// Reads the assets of `atlas.path` into `atlas.assets`: only those whose point may lie in
/// `within_mercator` (EPSG:3857; a few beyond it may come too), or every asset when the box
/// is empty.
void read_atlas_assets(AtlasSource& atlas, const BoxM& within_mercator);

/// The area fields offered to tiles: identity, every indicator column, the domain scores and
/// the asset index.
std::vector<std::string> atlas_area_fields(const AtlasSource& atlas);

/// A numeric value of an area field, or nullopt for null/non-numeric.
std::optional<double> atlas_number(const AtlasLayer& layer, std::size_t row, std::size_t col);

}  // namespace assetmap::tools
