#pragma once
/// @file Process-wide Mapnik set-up, done once by a tool's main (never by library code).

#include <string>
#include <vector>

namespace assetmap::tiles {

/// Registers the fonts of `fonts_dir` (not recursively: pass the DejaVu folder,
/// /usr/share/fonts/truetype/dejavu — scanning all of /usr/share/fonts is slow) and the input
/// plugins of `plugins_dir` (/usr/lib/mapnik/3.1/input; the renderer itself needs none: it
/// uses memory datasources). Safe to call more than once. Throws render_error when the
/// folder holds no font Mapnik can open, or when `plugins_dir` is not empty and not a folder.
void register_mapnik_fonts_and_plugins(const std::string& fonts_dir,
                                       const std::string& plugins_dir);

/// Face names Mapnik knows after registration, sorted (e.g. "DejaVu Sans Book").
std::vector<std::string> mapnik_face_names();

}  // namespace assetmap::tiles
