#include "qgis_styles.hpp"

#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/qgis_style.hpp>

#include <cmath>
#include <variant>

namespace assetmap::tools {

namespace {

std::vector<tiles::FieldAlias> aliases(const io::OutputLayer& layer,
                                       const atlas::ColumnContext& columns) {
    std::vector<tiles::FieldAlias> out;
    for (const auto& f : layer.fields)
        out.push_back({f.name, atlas::describe_column(layer.name, f.name, columns).title});
    return out;
}

}  // namespace

std::vector<io::LayerStyle> atlas_qgis_styles(const std::vector<io::OutputLayer>& layers,
                                              const atlas::ColumnContext& columns) {
    std::vector<io::LayerStyle> styles;
    for (const auto& layer : layers) {
        if (layer.name == "areas") {
            std::size_t col = layer.fields.size();
            for (std::size_t i = 0; i < layer.fields.size(); ++i)
                if (layer.fields[i].name == "asset_index") col = i;
            if (col == layer.fields.size()) continue;  // an ingest-only atlas
            std::vector<double> values;
            for (const auto& row : layer.rows) {
                const auto* v = std::get_if<double>(&row[col]);
                values.push_back(v ? *v : std::nan(""));
            }
            const auto info = atlas::describe_column("areas", "asset_index", columns);
            const auto choropleth = tiles::make_choropleth("asset_index", info.title, values);
            styles.push_back({"areas", "assetmap asset index",
                              tiles::qgis_choropleth_qml(choropleth, aliases(layer, columns)),
                              "Asset index in the classes and colours of the raster tiles "
                              "(quantiles, YlGnBu); hatched grey: no data"});
        } else if (layer.name == "assets") {
            styles.push_back({"assets", "assetmap domains",
                              tiles::qgis_assets_qml(aliases(layer, columns)),
                              "Assets by domain: community orange circles, individual blue "
                              "squares, structural green triangles"});
        }
    }
    return styles;
}

}  // namespace assetmap::tools
