#pragma once
/// @file `assetmap count`: count points in polygons for any inputs, to a CSV.

#include <string>

namespace assetmap::tools {

class Console;

struct CountArgs {
    std::string areas, areas_layer, code_field, name_field, areas_crs;
    std::string points, points_layer, x, y, points_crs, weight, id;
    std::string output;
    std::string metric_crs = "EPSG:27700";
    unsigned threads = 0;  ///< 0 = all cores
};

int count_command(const CountArgs& args, Console& console);

}  // namespace assetmap::tools
