#pragma once
/// @file `assetmap measure` and `assetmap run`: ingest, measure, indicators, export.

#include <string>
#include <vector>

namespace assetmap::tools {

class Console;

/// Arguments shared by `measure` and `run`.
struct MeasureArgs {
    std::string study;                    ///< study file, folder or name (default newport)
    std::string output;                   ///< file, folder or PG: connection string
    std::string format;                   ///< gpkg, fgb, geojson, shp, csv, postgis; or ""
    std::string crs;                      ///< output CRS; default the metric CRS
    std::string data_dir;
    std::vector<std::string> thresholds;  ///< "category=T[,T…]"
    std::vector<std::string> categories;
    unsigned threads = 0;                 ///< 0 = all cores
    bool strict = false;
    std::string edits;                    ///< an edit store (SQLite file or PG:…) to apply
    bool no_report = false;               ///< run: leave out the HTML report
    bool no_memory_check = false;         ///< do not refuse catchments that would not fit
};

/// `assetmap measure`: requires an output.
int measure_command(const MeasureArgs& args, Console& console);

/// `assetmap run`: the main job; output is a folder (default out/<study>), holding
/// <study>.gpkg.
int run_command(MeasureArgs args, Console& console);

}  // namespace assetmap::tools
