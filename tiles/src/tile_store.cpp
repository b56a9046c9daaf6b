#include <algorithm>
#include <assetmap/tiles/tile_store.hpp>
#include <cctype>

#include "store_support.hpp"

namespace assetmap::tiles {

TileStoreKind tile_store_kind(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".mbtiles") return TileStoreKind::mbtiles;
    if (ext == ".pmtiles") return TileStoreKind::pmtiles;
    return TileStoreKind::folder;
}

std::unique_ptr<TileWriter> open_tile_writer(const std::filesystem::path& path, TileFormat format,
                                             const TileStoreOptions& options) {
    switch (tile_store_kind(path)) {
        case TileStoreKind::mbtiles:
            return detail::open_mbtiles_writer(path, format, options);
        case TileStoreKind::pmtiles:
            return detail::open_pmtiles_writer(path, format, options);
        case TileStoreKind::folder:
            break;
    }
    return detail::open_folder_writer(path, format, options);
}

std::unique_ptr<TileReader> open_tile_reader(const std::filesystem::path& path) {
    switch (tile_store_kind(path)) {
        case TileStoreKind::mbtiles:
            return detail::open_mbtiles_reader(path);
        case TileStoreKind::pmtiles:
            return detail::open_pmtiles_reader(path);
        case TileStoreKind::folder:
            break;
    }
    return detail::open_folder_reader(path);
}

}  // namespace assetmap::tiles
