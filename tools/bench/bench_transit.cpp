// assetmap_bench_transit: public-transport travel times on the default study (Newport): every
// population point × every departure minute of the window × every category with assets,
// from the GTFS zips to the medians, and the independent Python oracle
// (tests/integration/transit_oracle.py: networkx, a time-expanded graph) on the same work.
// See tools/bench/README.md, "assetmap_bench_transit".

#include "bench_clock.hpp"
#include "bench_peers.hpp"

#include "../exit_codes.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/gtfs_reader.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>
#include <assetmap/transit/travel_times.hpp>

#include <gdal.h>
#include <cpl_error.h>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace assetmap;
namespace tools = assetmap::tools;

const char* const kUsage =
    R"(usage: assetmap_bench_transit [options]

Times public-transport access on a study (default: the Newport study, its bus and rail GTFS
zips, the walking network of its [network]): the timed stage reads the GTFS zips, builds the
timetable of the window and the walks (stops, transfers, egress to every category), and
runs range RAPTOR from every population point over every departure minute of the window to
every category with assets, down to the per-point medians. Study ingest (areas, points,
assets, walking network) is timed apart and not counted. Then the Python oracle
(tests/integration/transit_oracle.py) does the same work; the ratio is oracle ÷ assetmap,
for the same stage (feeds to medians) and for the whole process on both sides.

  --study S          study file, folder or name under datasets/ (default newport)
  --data-dir DIR     folder of the data files (default $ASSETMAP_DATA_DIR, else the
                     study's data_dir)
  --threads N        routing threads (default: the hardware threads)
  --repeat N         timed runs of the stage, best reported (default 3)
  --peers LIST       none | oracle (default oracle)
  --points N         only the first N population points (default all)
  --categories LIST  only these categories, comma-separated (default every one with assets)
  --dump FILE        write the medians (point_id,category,median_s) as CSV
  --work-dir DIR     files for the oracle (default /tmp/assetmap_bench_transit)
  --help             this text

Without a [transit] section in the study, the Newport feeds newport_bus_gtfs_2024-03-05.zip
and newport_rail_gtfs_2024-03-05.zip of the data folder are used with the default settings
(weekday_am 07:00-09:00, every minute, the feeds' first full weekday).

Exit codes: 0 ok, 1 the oracle disagrees on more than 1% of (point, category) pairs (or an
internal error), 2 usage, 3 input data, 4 study file or taxonomy, 5 CRS.
)";

struct UsageError {
    std::string message;
};

struct Config {
    std::string study = "newport";
    std::string data_dir;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    int repeat = 3;
    bool oracle = true;
    std::size_t points = 0;
    std::vector<std::string> categories;
    std::string dump;
    std::string work_dir = "/tmp/assetmap_bench_transit";
};

Config parse(int argc, char** argv, bool* help) {
    Config c;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw UsageError{a + " needs a value"};
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            *help = true;
        } else if (a == "--study") {
            c.study = value();
        } else if (a == "--data-dir") {
            c.data_dir = value();
        } else if (a == "--threads") {
            c.threads = static_cast<unsigned>(std::max(1, std::atoi(value().c_str())));
        } else if (a == "--repeat") {
            c.repeat = std::max(1, std::atoi(value().c_str()));
        } else if (a == "--points") {
            c.points = static_cast<std::size_t>(std::atoll(value().c_str()));
        } else if (a == "--categories") {
            const std::string v = value();
            std::size_t start = 0;
            while (start <= v.size()) {
                const std::size_t comma = v.find(',', start);
                const std::string item = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (!item.empty()) c.categories.push_back(item);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        } else if (a == "--peers") {
            const std::string v = value();
            if (v != "none" && v != "oracle" && v != "all")
                throw UsageError{"--peers: use none or oracle"};
            c.oracle = v != "none";
        } else if (a == "--dump") {
            c.dump = value();
        } else if (a == "--work-dir") {
            c.work_dir = value();
        } else {
            throw UsageError{"unknown option " + a};
        }
    }
    return c;
}

std::string study_path(const std::string& s) {
    struct stat st {};
    if (stat(s.c_str(), &st) == 0) return S_ISDIR(st.st_mode) ? s + "/study.toml" : s;
    return std::string(ASSETMAP_BENCH_SOURCE_DIR) + "/datasets/" + s + "/study.toml";
}

double status_mib(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;
    return std::nan("");
}

/// The timed stage: feeds to medians.
struct Stage {
    double read_s = 0, model_s = 0, targets_s = 0, route_s = 0, total_s = 0;
    transit::TravelTimes times;
    std::size_t trips = 0, routes = 0, stops = 0, transfers = 0;
};

Stage run_stage(const StudyData& data, const TransitSettings& settings, const std::string& crs,
                const network::WalkGraph* graph, const network::Snapper* snapper,
                const std::vector<std::vector<PointM>>& groups, const std::vector<PointM>& origins,
                unsigned threads) {
    Stage s;
    bench::Stopwatch total;
    bench::Stopwatch clock;
    TransitData td;
    td.settings = settings;
    ProblemReport problems;
    td.feeds.resize(settings.feeds.size());
    std::vector<std::thread> readers;
    for (std::size_t i = 1; i < settings.feeds.size(); ++i)
        readers.emplace_back([&, i] {
            ProblemReport p;
            td.feeds[i] = io::read_gtfs(settings.feeds[i].path, settings.feeds[i].name, p);
        });
    td.feeds[0] = io::read_gtfs(settings.feeds[0].path, settings.feeds[0].name, problems);
    for (auto& t : readers) t.join();
    const io::CrsTransform to_metric("OGC:CRS84", crs);
    for (auto& f : td.feeds)
        for (auto& st : f.stops)
            if (auto m = to_metric.to_metric(st.lonlat.lon_deg, st.lonlat.lat_deg)) st.location = *m;
    s.read_s = clock.seconds();
    clock.restart();
    const transit::TransitModel model(td, graph, snapper, data.snap_limit_m, threads);
    s.model_s = clock.seconds();
    clock.restart();
    const transit::TargetGroups targets(model, groups, threads);
    s.targets_s = clock.seconds();
    clock.restart();
    s.times = transit::travel_time_medians(model, targets, origins, threads);
    s.route_s = clock.seconds();
    s.total_s = total.seconds();
    s.trips = model.windows()[0].timetable.trip_count();
    s.routes = model.windows()[0].timetable.route_count();
    s.stops = model.stops().stops.size();
    s.transfers = model.transfers().link_count();
    return s;
}

int run(const Config& cfg) {
    bench::Stopwatch process;
    Study study = io::load_study(study_path(cfg.study), cfg.data_dir);
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    TransitSettings settings;
    if (study.transit) {
        settings = *study.transit;
        study.transit.reset();  // read by the timed stage, not by ingest
    } else {
        for (const char* mode : {"bus", "rail"})
            settings.feeds.push_back({mode, study.data_dir + "/newport_" + std::string(mode) +
                                                "_gtfs_2024-03-05.zip", "", ""});
    }
    bench::Stopwatch clock;
    ingest::IngestOptions io_options;
    const StudyData data = ingest::ingest_study(study, taxonomy, io_options);
    std::unique_ptr<network::WalkGraph> graph;
    std::unique_ptr<network::Snapper> snapper;
    if (data.network && !data.network->edges.empty()) {
        graph = std::make_unique<network::WalkGraph>(*data.network);
        snapper = std::make_unique<network::Snapper>(*graph);
    }
    const double ingest_s = clock.seconds();

    // Origins: the population points of the study areas; targets: every category with assets.
    std::vector<PointM> origins;
    std::vector<std::string> origin_ids;
    std::map<std::string, bool> in_study;
    for (const auto& a : data.areas) in_study[a.code] = true;
    for (const auto& p : data.population_points)
        if (in_study.count(p.area_code) && std::isfinite(p.location.x_m)) {
            if (cfg.points && origins.size() >= cfg.points) break;
            origins.push_back(p.location);
            origin_ids.push_back(p.id);
        }
    std::vector<std::string> categories;
    std::vector<std::vector<PointM>> groups;
    for (const auto& c : taxonomy.categories()) {
        if (!cfg.categories.empty() &&
            std::find(cfg.categories.begin(), cfg.categories.end(), c.id) == cfg.categories.end())
            continue;
        std::vector<PointM> pts;
        for (const auto& a : data.assets)
            if (a.category == c.id) pts.push_back(a.location);
        if (pts.empty()) continue;
        categories.push_back(c.id);
        groups.push_back(std::move(pts));
    }

    std::printf("study: %s, %zu population points, %zu categories with assets, %zu feeds\n",
                study.name.c_str(), origins.size(), categories.size(), settings.feeds.size());
    std::printf("ingest (areas, points, assets, walking network; not counted): %.3f s\n",
                ingest_s);
    Stage best;
    for (int r = 0; r < cfg.repeat; ++r) {
        Stage s = run_stage(data, settings, study.metric_crs, graph.get(), snapper.get(), groups,
                            origins, cfg.threads);
        if (r == 0 || s.total_s < best.total_s) best = std::move(s);
    }
    const std::size_t departures = best.times.windows ? 0 : 0;
    (void)departures;
    const TransitSettings& st = settings;
    std::size_t n_dep = 0;
    {
        // Departures of the first window (the default weekday_am: 120).
        const auto& w = st.windows.empty()
                            ? DepartureWindow{"weekday_am", 7 * 3600, 9 * 3600, {}, {}}
                            : st.windows.front();
        n_dep = static_cast<std::size_t>(std::ceil((w.end_s - w.start_s) / (st.step_minutes * 60)));
    }
    std::printf("timetable: %zu stops, %zu trips in %zu RAPTOR routes (first window), %zu "
                "transfer walks\n",
                best.stops, best.trips, best.routes, best.transfers);
    std::printf("stage (best of %d, %u threads): read feeds %.3f s, model %.3f s, egress %.3f s, "
                "routing %.3f s, total %.3f s\n",
                cfg.repeat, cfg.threads, best.read_s, best.model_s, best.targets_s, best.route_s,
                best.total_s);
    const double work = static_cast<double>(origins.size() * n_dep * best.times.windows);
    std::printf("work: %zu points x %zu departures x %zu windows x %zu categories; %zu RAPTOR "
                "runs, %zu route scans, %zu stop visits\n",
                origins.size(), n_dep, best.times.windows, categories.size(),
                best.times.raptor_runs, best.times.route_scans, best.times.stop_visits);
    std::printf("rate: %.0f origin-departures/s for the whole stage, %.0f for routing alone\n",
                work / best.total_s, work / best.route_s);
    std::printf("peak memory: %.0f MiB (process)\n", status_mib("VmHWM"));

    auto write_medians = [&](const std::string& path) {
        std::ofstream out(path);
        out << "point_id,category,median_s\n";
        for (std::size_t o = 0; o < origins.size(); ++o)
            for (std::size_t g = 0; g < categories.size(); ++g) {
                const auto m = best.times.median(o, 0, g);
                out << origin_ids[o] << ',' << categories[g] << ',';
                if (m != transit::unreachable_s) out << m;
                out << '\n';
            }
        if (!out) throw io_error(path + ": cannot write the medians");
    };
    if (!cfg.dump.empty()) write_medians(cfg.dump);
    if (cfg.oracle) {  // the oracle reads the engine's medians from its work folder
        std::system(("mkdir -p '" + cfg.work_dir + "'").c_str());
        write_medians(cfg.work_dir + "/engine_medians.csv");
    }
    const double process_s = process.seconds();
    std::printf("whole process so far: %.3f s\n", process_s);
    if (!cfg.oracle) return tools::exit_ok;

    // The oracle: the same inputs (assets as ingested, written here), the same work.
    const std::string assets_csv = cfg.work_dir + "/assets.csv";
    {
        std::ofstream out(assets_csv);
        out << "category,x,y\n";
        char buf[96];
        for (std::size_t g = 0; g < categories.size(); ++g)
            for (const auto& p : groups[g]) {
                std::snprintf(buf, sizeof buf, ",%.3f,%.3f\n", p.x_m, p.y_m);
                out << categories[g] << buf;
            }
    }
    std::vector<std::string> argv = {"/usr/bin/python3",
                                     std::string(ASSETMAP_BENCH_SOURCE_DIR) +
                                         "/tests/integration/transit_oracle.py",
                                     "--data-dir", study.data_dir, "--assets", assets_csv,
                                     "--engine", cfg.work_dir + "/engine_medians.csv",
                                     "--out", cfg.work_dir + "/oracle_medians.csv"};
    if (cfg.points) {
        argv.push_back("--points");
        argv.push_back(std::to_string(cfg.points));
    }
    if (!cfg.categories.empty()) {
        std::string list;
        for (const auto& c : categories) list += (list.empty() ? "" : ",") + c;
        argv.push_back("--categories");
        argv.push_back(list);
    }
    for (const auto& f : settings.feeds) {
        argv.push_back("--feed");
        argv.push_back(f.path);
    }
    const bench::PeerResult peer = bench::run_peer(argv);
    std::fputs(peer.output.c_str(), stdout);
    if (!peer.ran) {
        std::printf("oracle: not run: %s\n", peer.why_not.c_str());
        return tools::exit_ok;
    }
    std::printf("ratio (oracle / assetmap): stage %.1fx (%.1f s vs %.3f s), whole process "
                "%.1fx (%.1f s vs %.3f s)\n",
                peer.seconds / best.total_s, peer.seconds, best.total_s,
                peer.total_seconds / process_s, peer.total_seconds, process_s);
    const bool agree = peer.output.find("AGREEMENT ok") != std::string::npos;
    return agree ? tools::exit_ok : tools::exit_internal;
}

}  // namespace

int main(int argc, char** argv) {
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);
    try {
        bool help = false;
        const Config cfg = parse(argc, argv, &help);
        if (help) {
            std::fputs(kUsage, stdout);
            return tools::exit_ok;
        }
        return run(cfg);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "assetmap_bench_transit: %s\n%s", e.message.c_str(), kUsage);
        return tools::exit_usage;
    } catch (const input_error& e) {
        std::fprintf(stderr, "assetmap_bench_transit: error: %s\n", e.what());
        return tools::exit_input;
    } catch (const config_error& e) {
        std::fprintf(stderr, "assetmap_bench_transit: error: %s\n", e.what());
        return tools::exit_config;
    } catch (const crs_error& e) {
        std::fprintf(stderr, "assetmap_bench_transit: error: %s\n", e.what());
        return tools::exit_crs;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "assetmap_bench_transit: internal error: %s\n", e.what());
        return tools::exit_internal;
    }
}
