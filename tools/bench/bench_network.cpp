// assetmap_bench_network: the walking-network engine on Newport and on a synthetic
// multi-million-node network, and the same shortest paths by networkx and pgRouting on the
// same graphs. See tools/bench/README.md, "assetmap_bench_network".
#include "bench_network_run.hpp"

#include "../exit_codes.hpp"

#include <assetmap/core/error.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

using assetmap::bench::NetworkBenchConfig;
namespace tools = assetmap::tools;

const char* const kUsage =
    R"(usage: assetmap_bench_network [options]

Times the walking-network engine: (a) building the Newport walking network from
newport_2023-06-13.osm.pbf (read + CSR graph); (b) one category's network measures over the
475 Newport population points (snap, nearest_source_distances, sources_within); (c) a
synthetic jittered-grid network with --nodes nodes, --origins origins and --sources
sources: nearest_source_distances time and memory; (d) the same shortest paths by networkx
and pgRouting on the same graphs (Newport, a sub-grid, and the full grid when a peer would
finish within the budget), with the ratio assetmap/peer and a check that the distances agree.

  --peers LIST       none | networkx | pgrouting | all (default all)
  --nodes N          nodes of the synthetic grid (default 5000000)
  --origins N        origins on the synthetic grid (default 1000000)
  --sources N        sources on the synthetic grid (default 50000)
  --peer-nodes N     nodes of the sub-grid given to peers (default 250000)
  --peer-budget S    skip a peer on the full grid when predicted to take longer (default 120)
  --category ID      Newport category, read from the .pbf with the taxonomy (default bus_stop)
  --threshold M      sources_within radius, walking metres (default 400)
  --only WHAT        newport | synthetic | all (default all)
  --repeat N         timed runs per figure, best reported (default 5)
  --seed N           seed of the synthetic grid and points (default 20230613)
  --data-dir DIR     folder of newport_2023-06-13.osm.pbf and wales_oa11_pop2011_centroids.csv
                     (default $ASSETMAP_DATA_DIR, else the shared data beside the checkout)
  --taxonomy FILE    taxonomy (default datasets/taxonomy.toml of the checkout)
  --work-dir DIR     where graphs and points are written for peers
                     (default /tmp/assetmap_bench_network)
  --help             this text

Exit codes: 0 ok, 1 a peer's distances disagree (or an internal error), 2 usage, 3 input
data, 4 taxonomy or --category, 5 CRS, 6 output.
)";

struct UsageError {
    std::string message;
};

std::size_t parse_count(const char* option, const std::string& text) {
    std::size_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
        throw UsageError{std::string(option) + ": not a whole number: '" + text + "'"};
    }
    return v;
}

double parse_positive(const char* option, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v > 0.0) || v > 1e9) {
        throw UsageError{std::string(option) + ": not a positive number: '" + text + "'"};
    }
    return v;
}

NetworkBenchConfig parse_args(int argc, char** argv, bool* help) {
    NetworkBenchConfig cfg;
    const char* env = std::getenv("ASSETMAP_DATA_DIR");
    cfg.data_dir = env && *env ? env : ASSETMAP_BENCH_DATA_DIR;
    cfg.taxonomy = ASSETMAP_BENCH_TAXONOMY;
    cfg.work_dir = "/tmp/assetmap_bench_network";
    cfg.script_dir = ASSETMAP_BENCH_SCRIPT_DIR;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            *help = true;
            return cfg;
        }
        if (i + 1 >= argc) throw UsageError{"unknown option or missing value: " + arg};
        const std::string value = argv[++i];
        if (arg == "--peers") {
            if (value != "none" && value != "networkx" && value != "pgrouting" && value != "all") {
                throw UsageError{"--peers: none, networkx, pgrouting or all, not '" + value + "'"};
            }
            cfg.networkx = value == "networkx" || value == "all";
            cfg.pgrouting = value == "pgrouting" || value == "all";
        } else if (arg == "--nodes") {
            cfg.nodes = parse_count("--nodes", value);
            if (cfg.nodes < 4 || cfg.nodes > 1'000'000'000) {
                throw UsageError{"--nodes: 4 to 1000000000"};
            }
        } else if (arg == "--origins") {
            cfg.origins = parse_count("--origins", value);
        } else if (arg == "--sources") {
            cfg.sources = parse_count("--sources", value);
            if (cfg.sources == 0) throw UsageError{"--sources: at least 1"};
        } else if (arg == "--peer-nodes") {
            cfg.peer_nodes = parse_count("--peer-nodes", value);
            if (cfg.peer_nodes < 4) throw UsageError{"--peer-nodes: at least 4"};
        } else if (arg == "--peer-budget") {
            cfg.peer_budget_s = parse_positive("--peer-budget", value);
        } else if (arg == "--category") {
            cfg.category = value;
        } else if (arg == "--threshold") {
            cfg.threshold_m = parse_positive("--threshold", value);
        } else if (arg == "--only") {
            if (value != "newport" && value != "synthetic" && value != "all") {
                throw UsageError{"--only: newport, synthetic or all, not '" + value + "'"};
            }
            cfg.newport = value != "synthetic";
            cfg.synthetic = value != "newport";
        } else if (arg == "--repeat") {
            cfg.repeat = static_cast<int>(
                std::clamp<std::size_t>(parse_count("--repeat", value), 1, 100));
        } else if (arg == "--seed") {
            cfg.seed = parse_count("--seed", value);
        } else if (arg == "--data-dir") {
            cfg.data_dir = value;
        } else if (arg == "--taxonomy") {
            cfg.taxonomy = value;
        } else if (arg == "--work-dir") {
            cfg.work_dir = value;
        } else {
            throw UsageError{"unknown option: " + arg};
        }
    }
    return cfg;
}

}  // namespace

int main(int argc, char** argv) {
    NetworkBenchConfig cfg;
    bool help = false;
    try {
        cfg = parse_args(argc, argv, &help);
    } catch (const UsageError& e) {
        std::cerr << "assetmap_bench_network: " << e.message << "\n" << kUsage;
        return tools::exit_usage;
    }
    if (help) {
        std::cout << kUsage;
        return tools::exit_ok;
    }
    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);
    try {
        return assetmap::bench::run_network_bench(cfg, std::cout) == 0 ? tools::exit_ok
                                                                       : tools::exit_internal;
    } catch (const assetmap::input_error& e) {
        std::cerr << "assetmap_bench_network: " << e.what() << "\n";
        return tools::exit_input;
    } catch (const assetmap::config_error& e) {
        std::cerr << "assetmap_bench_network: " << e.what() << "\n";
        return tools::exit_config;
    } catch (const assetmap::crs_error& e) {
        std::cerr << "assetmap_bench_network: " << e.what() << "\n";
        return tools::exit_crs;
    } catch (const assetmap::io_error& e) {
        std::cerr << "assetmap_bench_network: " << e.what() << "\n";
        return tools::exit_output;
    } catch (const std::exception& e) {
        std::cerr << "assetmap_bench_network: internal error: " << e.what() << "\n";
        return tools::exit_internal;
    }
}
