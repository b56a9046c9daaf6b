/// @file Vector tiles encoded on request (vector_source.hpp).

#include <assetmap/serve/vector_source.hpp>

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/column_info.hpp>
#include <assetmap/serve/compression.hpp>
#include <assetmap/tiles/mvt_encoder.hpp>

#include <algorithm>
#include <cmath>

namespace assetmap::serve {

namespace {

RingM to_mercator(const std::vector<LonLat>& ring) {
    RingM out;
    out.reserve(ring.size());
    for (const LonLat& p : ring) out.push_back(tiles::lonlat_to_mercator(p));
    return out;
}

}  // namespace

VectorSource::VectorSource(const atlas::Atlas& atlas, const LayerLonLat& areas,
                           const LayerLonLat* assets) {
    // The fields of `assetmap tiles vector` (tools/atlas_source.cpp): identity, indicators,
    // scores, then each indicator category's partial-data flag.
    const io::OutputLayer& al = atlas.areas();
    std::vector<std::string> fields = {"code", "name", "parent_code"};
    for (const auto& i : atlas.indicators()) fields.push_back(i);
    for (const char* f : {"individual_score", "community_score", "structural_score",
                          "asset_index", "asset_index_rank", "asset_index_decile"})
        fields.push_back(f);
    std::map<std::string, std::string> meta(atlas.metadata().begin(), atlas.metadata().end());
    const auto context = atlas::column_context(meta);
    const std::size_t indicator_fields = fields.size();
    for (std::size_t i = 3; i < indicator_fields; ++i) {
        const auto info = atlas::describe_column("areas", fields[i], context);
        if (info.category.empty()) continue;
        const std::string flag = info.category + "_partial_data";
        if (atlas::Atlas::field(al, flag) == atlas::Atlas::npos) continue;
        if (std::find(fields.begin(), fields.end(), flag) == fields.end()) fields.push_back(flag);
    }
    tiles::VtLayer area_layer;
    area_layer.name = "areas";
    std::vector<std::size_t> index;
    for (const auto& f : fields) {
        const std::size_t at = atlas::Atlas::field(al, f);
        if (at == atlas::Atlas::npos) continue;  // as the tiles command reads it: present ones
        area_layer.fields.push_back(f);
        index.push_back(at);
    }
    std::vector<BoxM> area_boxes;
    for (std::size_t r = 0; r < al.rows.size(); ++r) {
        if (r >= areas.has_geometry.size() || !areas.has_geometry[r]) continue;
        tiles::VtFeature f;
        f.id = r + 1;
        for (const auto& poly : areas.polygons[r]) {
            PolygonM p;
            p.outer = to_mercator(poly.outer);
            for (const auto& hole : poly.holes) p.holes.push_back(to_mercator(hole));
            f.polygons.push_back(std::move(p));
        }
        for (std::size_t c = 0; c < index.size(); ++c) {
            const io::FieldValue& v = al.rows[r][index[c]];
            if (c < 3) {
                if (const auto* s = std::get_if<std::string>(&v)) f.values.emplace_back(*s);
                else f.values.emplace_back();
            } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
                f.values.emplace_back(*i);
            } else if (const auto* d = std::get_if<double>(&v)) {
                f.values.emplace_back(*d);
            } else {
                f.values.emplace_back();
            }
        }
        area_boxes.push_back(bounds(f.polygons));
        area_layer.features.push_back(std::move(f));
    }
    layers_.push_back(std::move(area_layer));
    boxes_.push_back(std::move(area_boxes));

    tiles::VtLayer asset_layer;
    asset_layer.name = "assets";
    asset_layer.min_zoom = 12;  // as the tiles command: points only where they can be told apart
    std::vector<BoxM> asset_boxes;
    if (assets && assets->layer) {
        const io::OutputLayer& l = *assets->layer;
        std::vector<std::size_t> cols;
        for (const char* f : {"asset_id", "category", "domain", "name"}) {
            const std::size_t at = atlas::Atlas::field(l, f);
            if (at == atlas::Atlas::npos) continue;
            asset_layer.fields.push_back(f);
            cols.push_back(at);
        }
        for (std::size_t r = 0; r < l.rows.size(); ++r) {
            if (!assets->has_geometry[r]) continue;
            tiles::VtFeature f;
            f.id = r + 1;
            const PointM p = tiles::lonlat_to_mercator(assets->points[r]);
            f.points = {p};
            for (const std::size_t c : cols) {
                if (const auto* s = std::get_if<std::string>(&l.rows[r][c]))
                    f.values.emplace_back(*s);
                else
                    f.values.emplace_back();
            }
            BoxM b;
            b.expand(p);
            asset_boxes.push_back(b);
            asset_layer.features.push_back(std::move(f));
        }
    }
    layers_.push_back(std::move(asset_layer));
    boxes_.push_back(std::move(asset_boxes));
}

std::optional<std::string> VectorSource::encode(const tiles::TileId& tile) const {
    // The tile's Web Mercator box with the 64/4096 buffer: only those features are encoded.
    const BoxLonLat ll = tiles::tile_bounds_lonlat(tile);
    const PointM sw = tiles::lonlat_to_mercator({ll.min_lon_deg, ll.min_lat_deg});
    const PointM ne = tiles::lonlat_to_mercator({ll.max_lon_deg, ll.max_lat_deg});
    const double pad = (ne.x_m - sw.x_m) * 64.0 / 4096.0;
    std::vector<tiles::VtLayer> picked;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const auto& layer = layers_[l];
        if (tile.z < layer.min_zoom || tile.z > layer.max_zoom) continue;
        tiles::VtLayer sub;
        sub.name = layer.name;
        sub.fields = layer.fields;
        sub.min_zoom = layer.min_zoom;
        sub.max_zoom = layer.max_zoom;
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            const BoxM& b = boxes_[l][i];
            if (b.max_x_m < sw.x_m - pad || b.min_x_m > ne.x_m + pad || b.max_y_m < sw.y_m - pad ||
                b.min_y_m > ne.y_m + pad)
                continue;
            sub.features.push_back(layer.features[i]);
        }
        if (!sub.features.empty()) picked.push_back(std::move(sub));
    }
    if (picked.empty()) return std::nullopt;
    const std::string mvt = tiles::encode_tile(picked, tile);
    if (mvt.empty()) return std::nullopt;
    return gzip_compress(mvt, 6);
}

}  // namespace assetmap::serve
