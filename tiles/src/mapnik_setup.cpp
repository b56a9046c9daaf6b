#include <assetmap/tiles/mapnik_setup.hpp>

#include <assetmap/core/error.hpp>

#include <mapnik/datasource_cache.hpp>
#include <mapnik/font_engine_freetype.hpp>

#include <algorithm>
#include <sys/stat.h>

namespace assetmap::tiles {

namespace {

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

void register_mapnik_fonts_and_plugins(const std::string& fonts_dir,
                                       const std::string& plugins_dir) {
    if (!is_directory(fonts_dir)) {
        throw render_error("Mapnik fonts: '" + fonts_dir + "' is not a folder");
    }
    // register_fonts returns false when nothing new was added (a second call), so success is
    // judged by the faces known afterwards.
    mapnik::freetype_engine::register_fonts(fonts_dir, /*recurse=*/false);
    if (mapnik::freetype_engine::face_names().empty()) {
        throw render_error("Mapnik fonts: no usable font in '" + fonts_dir + "'");
    }
    if (!plugins_dir.empty()) {
        if (!is_directory(plugins_dir)) {
            throw render_error("Mapnik input plugins: '" + plugins_dir + "' is not a folder");
        }
        mapnik::datasource_cache::instance().register_datasources(plugins_dir);
    }
}

std::vector<std::string> mapnik_face_names() {
    std::vector<std::string> names = mapnik::freetype_engine::face_names();
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace assetmap::tiles
