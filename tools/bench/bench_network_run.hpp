#pragma once
/// @file assetmap_bench_network: what to run (NetworkBenchConfig) and the run itself.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

namespace assetmap::bench {

/// Every option of assetmap_bench_network (see tools/bench/README.md, "assetmap_bench_network").
struct NetworkBenchConfig {
    std::size_t nodes = 5'000'000;       ///< nodes of the synthetic grid
    std::size_t origins = 1'000'000;     ///< origins (targets) on the synthetic grid
    std::size_t sources = 50'000;        ///< sources (assets) on the synthetic grid
    std::size_t peer_nodes = 250'000;    ///< nodes of the sub-grid every peer runs on
    double threshold_m = 400.0;          ///< sources_within radius, walking metres
    double snap_limit_m = 500.0;         ///< farther points are not snapped
    double peer_budget_s = 120.0;        ///< a peer predicted to take longer is skipped
    std::string category = "bus_stop";   ///< Newport category (OSM assets of the taxonomy)
    int repeat = 5;                      ///< timed runs per figure; the best is reported
    std::uint64_t seed = 20230613;       ///< the extract's date
    bool newport = true;                 ///< run the Newport stages
    bool synthetic = true;               ///< run the synthetic stages
    bool networkx = true;                ///< run the networkx peer
    bool pgrouting = true;               ///< run the pgRouting peer
    std::string data_dir;                ///< newport_2023-06-13.osm.pbf, OA centroids
    std::string taxonomy;                ///< datasets/taxonomy.toml
    std::string work_dir;                ///< files written for peers
    std::string script_dir;              ///< peer_networkx.py and peer_pgrouting.sh
};

/// Runs every stage and prints its figures to `out`. Returns 0, or 1 when a peer's
/// distances disagree with assetmap's. Throws assetmap errors for bad input.
int run_network_bench(const NetworkBenchConfig& config, std::ostream& out);

}  // namespace assetmap::bench
