#pragma once
/// @file `assetmap near`: assets reachable from a place, soonest first: on foot
/// (`--mode walk`) or by walk + public transport leaving at a given time (`--mode transit`).

#include <string>
#include <vector>

namespace assetmap::tools {

class Console;

struct NearArgs {
    std::string study;                    ///< study file, folder or name (default newport)
    std::string at;                       ///< "LON,LAT" in degrees (WGS84)
    std::string mode = "walk";            ///< walk or transit
    double minutes = 0.0;                 ///< limit; 0 = 15 (walk) or 30 (transit)
    std::string depart;                   ///< transit: leaving time "HH:MM"
    std::string date;                     ///< transit: "YYYY-MM-DD"; empty = the study's date
    std::vector<std::string> categories;
    std::vector<std::string> domains;
    std::string format = "table";         ///< table, json or geojson
    std::string data_dir;
};

int near_command(const NearArgs& args, Console& console);

}  // namespace assetmap::tools
