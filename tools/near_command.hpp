#pragma once
/// @file `assetmap near`: assets reachable on foot from a place, nearest first.

#include <string>
#include <vector>

namespace assetmap::tools {

class Console;

struct NearArgs {
    std::string study;                    ///< study file, folder or name (default newport)
    std::string at;                       ///< "LON,LAT" in degrees (WGS84)
    double minutes = 15.0;
    std::vector<std::string> categories;
    std::vector<std::string> domains;
    std::string format = "table";         ///< table, json or geojson
    std::string data_dir;
};

int near_command(const NearArgs& args, Console& console);

}  // namespace assetmap::tools
