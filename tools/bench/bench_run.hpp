#pragma once
/// @file assetmap_bench: what to run (BenchConfig) and the run itself.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

namespace assetmap::bench {

/// Every option of assetmap_bench (see tools/bench/README.md).
struct BenchConfig {
    std::size_t points = 10'000'000;      ///< population-weighted points for the join
    std::size_t assets = 100'000;         ///< synthetic assets for nearest/coverage
    std::size_t queries = 1'000'000;      ///< nearest/coverage queries (first points)
    double threshold_m = 400.0;           ///< coverage radius, metres
    unsigned threads = 2;                 ///< threads of the parallel runs
    std::size_t peer_points = 1'000'000;  ///< points given to each peer (first points)
    std::size_t check_points = 100'000;   ///< points checked against brute force
    int repeat = 3;                       ///< timed runs per figure; the best is reported
    std::uint64_t seed = 20110327;        ///< census day 2011
    bool geopandas = true;                ///< run the GeoPandas peer
    bool postgis = true;                  ///< run the PostGIS peer
    std::string data_dir;                 ///< wales_msoa11_bgc.geojson and _pop2011.csv
    std::string work_dir;                 ///< files written for peers
    std::string script_dir;               ///< peer_geopandas.py and peer_postgis.sh
    std::size_t count_points = 1'000'000; ///< points of the whole-process count stage (0: none)
    std::string assetmap_exe;             ///< the assetmap CLI the count stage runs
};

/// Runs every stage and prints its figures to `out`. Returns 0, or 1 when AreaLocator
/// disagrees with the brute-force check. Throws assetmap errors for bad input.
int run_bench(const BenchConfig& config, std::ostream& out);

}  // namespace assetmap::bench
