#pragma once
/// @file `assetmap count`: count points in polygons for any inputs, to a CSV.

#include <assetmap/atlas/point_count.hpp>

#include <string>

namespace CLI {
class App;
}

namespace assetmap::tools {

class Console;

struct CountArgs {
    std::string areas, areas_layer, code_field, name_field, areas_crs;
    std::string points, points_layer, x, y, points_crs, weight, id;
    std::string output;
    std::string metric_crs = "EPSG:27700";
    unsigned threads = 0;  ///< 0 = all cores
};

/// How the points are counted: atlas::count_points (any source) in the full tool,
/// atlas::count_csv_points in the `count` front (tools/front), which links no GDAL.
using CountFn = atlas::PointCount (*)(const AreaSource&, const PointSource&, const std::string&,
                                      unsigned);

/// Adds the `count` subcommand and its options to `app`, bound to `args` (the full tool and
/// the front parse the same command line the same way).
CLI::App* add_count_command(CLI::App& app, CountArgs& args);

/// Runs `count`: checks the options and the output before the work, counts with `count`,
/// writes the CSV (and its .problems.csv) and prints the summary. Errors are thrown.
int count_command(const CountArgs& args, Console& console, CountFn count);

}  // namespace assetmap::tools
