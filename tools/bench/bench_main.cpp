// assetmap_bench: stage timings of the spatial engine on the Welsh MSOAs, and the same join
// run by GeoPandas and PostGIS on the same points. See tools/bench/README.md.
#include "bench_run.hpp"

#include "../exit_codes.hpp"

#include <assetmap/core/error.hpp>

#include <cpl_error.h>
#include <gdal.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

namespace {

using assetmap::bench::BenchConfig;
namespace tools = assetmap::tools;

const char* const kUsage =
    R"(usage: assetmap_bench [options]

Times each stage of the spatial engine on the 410 Welsh MSOAs (EPSG:27700): load, index
build, the point-in-polygon join (count per area, threads=1 and N), nearest asset and
coverage (when PointIndex is built), peak memory; then the same join run by GeoPandas
(sjoin, predicate="within") and PostGIS (ST_Contains with GiST indexes) on the same points,
with the points/s ratio assetmap/peer.

  --points N        points joined (default 10000000)
  --assets N        synthetic assets for nearest/coverage (default 100000)
  --queries N       nearest/coverage queries, the first points (default 1000000)
  --threads N       threads of the parallel runs (default: hardware threads)
  --peers LIST      none | geopandas | postgis | all (default all)
  --peer-points N   points given to each peer, the first points (default 1000000)
  --check-points N  points checked against a brute-force test (default 100000)
  --repeat N        timed runs per figure, best reported (default 3)
  --seed N          random seed of the points (default 20110327)
  --data-dir DIR    folder of wales_msoa11_bgc.geojson and wales_msoa11_pop2011.csv
                    (default $ASSETMAP_DATA_DIR, else the shared data beside the checkout)
  --work-dir DIR    where points and areas are written for peers (default
                    /tmp/assetmap_bench)
  --count-points N  points of the whole-process stage: `assetmap count` on a lon/lat
                    CSV of the first N points, against PostGIS on the same CSV (default
                    1000000; 0 skips it)
  --assetmap EXE    the assetmap CLI of that stage (default: the one built beside)
  --help            this text

Points: an MSOA is drawn with probability proportional to its 2011 population, then a
uniform point in its bounding box, drawn again until it falls inside that MSOA.
Exit codes: 0 ok, 1 check failed or internal error, 2 usage, 3 input data, 5 CRS, 6 output.
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

BenchConfig parse_args(int argc, char** argv, bool* help) {
    BenchConfig cfg;
    cfg.threads = std::max(1u, std::thread::hardware_concurrency());
    if (const char* env = std::getenv("ASSETMAP_DATA_DIR"); env && *env) {
        cfg.data_dir = env;
    } else {
        cfg.data_dir = ASSETMAP_BENCH_DATA_DIR;
    }
    cfg.work_dir = "/tmp/assetmap_bench";
    cfg.script_dir = ASSETMAP_BENCH_SCRIPT_DIR;
    cfg.assetmap_exe = ASSETMAP_BENCH_ASSETMAP_EXE;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            *help = true;
            return cfg;
        }
        if (i + 1 >= argc) throw UsageError{"unknown option or missing value: " + arg};
        const std::string value = argv[++i];
        if (arg == "--points") {
            cfg.points = parse_count("--points", value);
        } else if (arg == "--assets") {
            cfg.assets = parse_count("--assets", value);
        } else if (arg == "--queries") {
            cfg.queries = parse_count("--queries", value);
        } else if (arg == "--threads") {
            cfg.threads = static_cast<unsigned>(parse_count("--threads", value));
            if (cfg.threads == 0 || cfg.threads > 256) throw UsageError{"--threads: 1 to 256"};
        } else if (arg == "--peers") {
            if (value != "none" && value != "geopandas" && value != "postgis" && value != "all") {
                throw UsageError{"--peers: none, geopandas, postgis or all, not '" + value + "'"};
            }
            cfg.geopandas = value == "geopandas" || value == "all";
            cfg.postgis = value == "postgis" || value == "all";
        } else if (arg == "--peer-points") {
            cfg.peer_points = parse_count("--peer-points", value);
        } else if (arg == "--check-points") {
            cfg.check_points = parse_count("--check-points", value);
        } else if (arg == "--repeat") {
            cfg.repeat =
                static_cast<int>(std::min<std::size_t>(parse_count("--repeat", value), 100));
        } else if (arg == "--seed") {
            cfg.seed = parse_count("--seed", value);
        } else if (arg == "--data-dir") {
            cfg.data_dir = value;
        } else if (arg == "--work-dir") {
            cfg.work_dir = value;
        } else if (arg == "--count-points") {
            cfg.count_points = parse_count("--count-points", value);
        } else if (arg == "--assetmap") {
            cfg.assetmap_exe = value;
        } else {
            throw UsageError{"unknown option: " + arg};
        }
    }
    return cfg;
}

}  // namespace

int main(int argc, char** argv) {
    BenchConfig cfg;
    bool help = false;
    try {
        cfg = parse_args(argc, argv, &help);
    } catch (const UsageError& e) {
        std::cerr << "assetmap_bench: " << e.message << "\n" << kUsage;
        return tools::exit_usage;
    }
    if (help) {
        std::cout << kUsage;
        return tools::exit_ok;
    }
    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    try {
        return assetmap::bench::run_bench(cfg, std::cout) == 0 ? tools::exit_ok
                                                               : tools::exit_internal;
    } catch (const assetmap::input_error& e) {
        std::cerr << "assetmap_bench: " << e.what() << "\n";
        return tools::exit_input;
    } catch (const assetmap::crs_error& e) {
        std::cerr << "assetmap_bench: " << e.what() << "\n";
        return tools::exit_crs;
    } catch (const assetmap::io_error& e) {
        std::cerr << "assetmap_bench: " << e.what() << "\n";
        return tools::exit_output;
    } catch (const std::exception& e) {
        std::cerr << "assetmap_bench: internal error: " << e.what() << "\n";
        return tools::exit_internal;
    }
}
