#pragma once
/// @file `assetmap report`: the static, bilingual, printable atlas of a measured atlas
/// (tools/report/report.hpp does the work).

#include <string>

namespace assetmap::tools {

class Console;

struct ReportArgs {
    /// An atlas folder (holding <name>.gpkg), an atlas GeoPackage, or a study (file, folder
    /// or name: its atlas out/<study>/<study>.gpkg); empty = the default study.
    std::string source;
    std::string output;         ///< report folder; default <atlas folder>/report
    std::string languages = "en,cy";
    bool pdf = false;           ///< also <lang>/atlas.pdf with headless Chromium
    bool no_maps = false;       ///< leave out the map images (no Mapnik rendering)
    std::string chromium;       ///< Chromium binary for --pdf; default from PATH
};

/// `assetmap report`.
int report_command(const ReportArgs& args, Console& console);

/// The atlas GeoPackage that `source` names (see ReportArgs::source). Throws input_error
/// naming what was looked for and how to make it.
std::string resolve_atlas_path(const std::string& source);

/// The report step of `assetmap run`: the report of `atlas` into `dir` (both languages,
/// with maps, no PDF).
void write_default_report(const std::string& atlas, const std::string& dir, Console& console);

}  // namespace assetmap::tools
