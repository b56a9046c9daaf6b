#include "atlas_source.hpp"

#include <assetmap/atlas/column_info.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/geopackage_tables.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/tiles/tile_math.hpp>

#include <algorithm>
#include <memory>

namespace assetmap::tools {

namespace {

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        const auto comma = s.find(',', start);
        out.push_back(s.substr(start, comma == std::string::npos ? comma : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

/// The layer's features (read_vector: checked, in EPSG:3857; an atlas's layers are read with
/// SQLite, GDAL only for a GeoPackage edited into a form SQLite's reader leaves to it);
/// `columns` are the layer's (geopackage_columns), for which fields are integers.
AtlasLayer read_layer(const std::string& path, const std::string& layer,
                      const std::vector<io::GeoPackageColumn>& columns,
                      const std::vector<std::string>& fields, io::GeometryWant want,
                      const BoxM& within = {}) {
    io::VectorRequest req;
    req.within = within;
    req.path = path;
    req.layer = layer;
    req.target_crs = "EPSG:3857";
    req.fields = fields;
    req.want = want;
    req.check_range = false;  // checked when the atlas was written
    ProblemReport problems;
    auto data = io::read_vector(req, problems);
    AtlasLayer out;
    out.fields = fields;
    out.integer.assign(fields.size(), false);
    for (const auto& c : columns) {
        const auto at = std::find(fields.begin(), fields.end(), c.name);
        if (at != fields.end())
            out.integer[static_cast<std::size_t>(at - fields.begin())] = c.integer;
    }
    for (auto& f : data.features) {
        out.values.push_back(std::move(f.values));
        out.is_null.push_back(std::move(f.is_null));
        if (f.is_polygon)
            out.polygons.push_back(std::move(f.polygon));
        else
            out.points.push_back(f.point);
    }
    return out;
}

const std::vector<std::string> asset_fields = {"asset_id", "category", "domain", "name"};

}  // namespace

void read_atlas_assets(AtlasSource& atlas, const BoxM& within_mercator) {
    atlas.assets =
        read_layer(atlas.path, "assets", io::geopackage_columns(atlas.path, "assets"), asset_fields,
                   io::GeometryWant::points, within_mercator);
}

AtlasSource read_atlas(const std::string& path, bool with_assets) {
    AtlasSource atlas;
    atlas.path = path;
    atlas.metadata = io::geopackage_key_values(path, "metadata", "key", "value");
    if (atlas.metadata.find("indicators") == atlas.metadata.end())
        throw input_error(path, "not an atlas of assetmap (no measured metadata); make one with "
                                "'assetmap run' or 'assetmap measure … -o atlas.gpkg'");
    atlas.indicators = split_commas(atlas.metadata["indicators"]);
    std::vector<std::string> fields = {"code", "name", "parent_code"};
    for (const auto& i : atlas.indicators) fields.push_back(i);
    for (const char* f : {"individual_score", "community_score", "structural_score",
                          "asset_index", "asset_index_rank", "asset_index_decile"})
        fields.push_back(f);
    // The partial-data flag of each indicator's category (when the atlas has it): there the
    // indicator's value means "no data".
    const auto context = atlas::column_context(atlas.metadata);
    const auto area_columns = io::geopackage_columns(path, "areas");
    atlas.partial_of.assign(fields.size(), -1);
    const std::size_t indicator_fields = fields.size();
    atlas.value_fields = indicator_fields;
    for (std::size_t i = 3; i < indicator_fields; ++i) {
        const auto info = atlas::describe_column("areas", fields[i], context);
        if (info.category.empty()) continue;
        const std::string flag = info.category + "_partial_data";
        if (std::none_of(area_columns.begin(), area_columns.end(),
                         [&](const io::GeoPackageColumn& c) { return c.name == flag; }))
            continue;
        auto at = std::find(fields.begin(), fields.end(), flag);
        if (at == fields.end()) at = fields.insert(fields.end(), flag);
        atlas.partial_of[i] = static_cast<long>(at - fields.begin());
    }
    atlas.partial_of.resize(fields.size(), -1);
    atlas.areas = read_layer(path, "areas", area_columns, fields, io::GeometryWant::polygons);
    if (with_assets)
        atlas.assets = read_layer(path, "assets", io::geopackage_columns(path, "assets"),
                                  asset_fields, io::GeometryWant::points);
    else
        atlas.assets.fields = asset_fields;
    // Bounds of the areas in degrees, via the Web Mercator box.
    BoxM box;
    for (const auto& mp : atlas.areas.polygons) {
        const BoxM b = bounds(mp);
        box.expand({b.min_x_m, b.min_y_m});
        box.expand({b.max_x_m, b.max_y_m});
    }
    if (box.empty()) throw input_error(path, "the atlas has no areas");
    const LonLat sw = tiles::mercator_to_lonlat({box.min_x_m, box.min_y_m});
    const LonLat ne = tiles::mercator_to_lonlat({box.max_x_m, box.max_y_m});
    atlas.bounds = {sw.lon_deg, sw.lat_deg, ne.lon_deg, ne.lat_deg};
    return atlas;
}

std::vector<std::string> atlas_area_fields(const AtlasSource& atlas) { return atlas.areas.fields; }

std::optional<std::size_t> partial_field(const AtlasSource& atlas, std::size_t col) {
    if (col >= atlas.partial_of.size() || atlas.partial_of[col] < 0) return std::nullopt;
    return static_cast<std::size_t>(atlas.partial_of[col]);
}

bool is_partial(const AtlasSource& atlas, std::size_t row, std::size_t col) {
    const auto flag = partial_field(atlas, col);
    if (!flag) return false;
    const auto v = atlas_number(atlas.areas, row, *flag);
    return v && *v != 0.0;
}

std::optional<double> atlas_number(const AtlasLayer& layer, std::size_t row, std::size_t col) {
    if (layer.is_null[row][col]) return std::nullopt;
    return io::parse_double(layer.values[row][col]);
}

}  // namespace assetmap::tools
