/// @file assetmap_bench_network stages: the Newport walking network, one category's network
/// measures over the Newport population points, a synthetic multi-million-node network, and
/// the same shortest paths by networkx and pgRouting on the same graphs.

#include "bench_network_run.hpp"

#include "bench_clock.hpp"
#include "bench_network_data.hpp"
#include "bench_peers.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/core/problem.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/osm_network_reader.hpp>
#include <assetmap/io/osm_reader.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/network/shortest_paths.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::bench {

namespace {

using network::Snap;

/// printf into a std::string (figures are printed with fixed formats).
template <typename... Args>
std::string fmt(const char* format, Args... args) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, format, args...);
    return buf;
}

/// Runs `fn` `repeat` times and returns the best wall time, seconds.
template <typename Fn>
double best_of(int repeat, Fn&& fn) {
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < std::max(1, repeat); ++r) {
        const Stopwatch clock;
        fn();
        best = std::min(best, clock.seconds());
    }
    return best;
}

/// A value of /proc/self/status in MiB ("VmRSS", "VmHWM"); NaN when not available.
double status_mib(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) == 0) {
            return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;  // kB
        }
    }
    return std::nan("");
}

/// Resets the peak resident set size (VmHWM) to the current one (Linux clear_refs 5).
bool reset_peak_rss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

void make_dir(const std::string& dir) {
    std::string partial;
    for (std::size_t i = 0; i <= dir.size(); ++i) {
        if (i == dir.size() || dir[i] == '/') {
            if (!partial.empty() && mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
                throw io_error(partial + ": cannot create the folder");
            }
        }
        if (i < dir.size()) partial += dir[i];
    }
}

std::string milliseconds(double seconds) { return fmt("%.3f ms", seconds * 1e3); }

/// How far a peer's target distances (dist from the super source + the target's own snap
/// distance) are from assetmap's.
struct Agreement {
    std::size_t compared = 0;        ///< targets reached by both
    std::size_t reach_mismatch = 0;  ///< reached by one side only
    double max_diff_m = 0.0;
    bool ok() const { return reach_mismatch == 0 && max_diff_m <= 1e-3; }
};

Agreement compare(const std::vector<double>& ours, const std::vector<double>& peer,
                  const std::vector<Snap>& targets) {
    Agreement a;
    for (std::size_t i = 0; i < ours.size(); ++i) {
        const bool ours_reached = std::isfinite(ours[i]);
        const bool peer_reached = std::isfinite(peer[i]);
        if (ours_reached != peer_reached) {
            ++a.reach_mismatch;
        } else if (ours_reached) {
            ++a.compared;
            a.max_diff_m = std::max(
                a.max_diff_m, std::abs(ours[i] - (peer[i] + targets[i].snap_distance_m)));
        }
    }
    return a;
}

/// One shortest-path problem, solved by assetmap (`ours`, in `ours_seconds`), handed to
/// the selected peers. Returns false when a peer that ran disagrees.
struct PeerCase {
    std::string label;      ///< "newport bus_stop", "synthetic sub-grid", …
    std::string dir;        ///< where its files go
    const network::WalkGraph* graph = nullptr;
    const std::vector<Snap>* sources = nullptr;
    const std::vector<Snap>* targets = nullptr;
    const std::vector<double>* ours = nullptr;
    double ours_seconds = 0.0;
    int repeat = 1;
};

/// The whole-script wall time of each peer that ran (loading included): what a run on a
/// larger graph is predicted from.
struct PeerOutcome {
    bool agree = true;
    std::optional<double> networkx_seconds;
    std::optional<double> pgrouting_seconds;
};

PeerOutcome run_peers(const NetworkBenchConfig& cfg, const PeerCase& c, bool networkx,
                      bool pgrouting, std::ostream& out) {
    PeerOutcome outcome;
    if (!networkx && !pgrouting) return outcome;
    make_dir(c.dir);
    const Stopwatch export_clock;
    const PeerProblem problem = write_peer_problem(c.dir, *c.graph, *c.sources, *c.targets);
    out << fmt("export %s: %zu nodes, %zu edges (split at every snap, plus a super source) "
               "written in %.2f s to %s\n",
               c.label.c_str(), problem.nodes, problem.edges, export_clock.seconds(),
               c.dir.c_str());
    struct Peer {
        const char* name;
        bool selected;
        std::vector<std::string> argv;
        std::optional<double>* seconds;
    };
    const std::string s = std::to_string(problem.super_source);
    const std::string r = std::to_string(c.repeat);
    const std::string budget = fmt("%.0f", cfg.peer_budget_s);
    const Peer peers[] = {
        {"networkx", networkx,
         {"/usr/bin/python3", cfg.script_dir + "/peer_networkx.py", problem.edges_csv,
          problem.targets_csv, s, c.dir + "/distances_networkx.csv", r},
         &outcome.networkx_seconds},
        {"pgrouting", pgrouting,
         {"bash", cfg.script_dir + "/peer_pgrouting.sh", problem.edges_csv, problem.targets_csv,
          s, c.dir + "/distances_pgrouting.csv", r, budget},
         &outcome.pgrouting_seconds},
    };
    for (const Peer& p : peers) {
        if (!p.selected) continue;
        const PeerResult result = run_peer(p.argv);
        if (!result.ran) {
            out << fmt("peer %s %s: skipped: %s\n", c.label.c_str(), p.name,
                       result.why_not.c_str());
            continue;
        }
        const std::vector<double> dist =
            read_peer_distances(p.argv[5], c.targets->size());
        const Agreement a = compare(*c.ours, dist, *c.targets);
        outcome.agree = outcome.agree && a.ok();
        *p.seconds = result.total_seconds;
        out << fmt("peer %s %s: shortest paths %.4f s (best of %d; whole script %.1f s); "
                   "%s: max |diff| %.3g m over %zu targets, %zu reached by one side only\n",
                   c.label.c_str(), p.name, result.seconds, c.repeat, result.total_seconds,
                   a.ok() ? "agree" : "DISAGREE", a.max_diff_m, a.compared, a.reach_mismatch);
        const double ratio = c.ours_seconds / result.seconds;
        out << fmt("ratio %s assetmap/%s: %.4f (nearest_source_distances %s vs %s; assetmap "
                   "%.0fx faster)\n",
                   c.label.c_str(), p.name, ratio, milliseconds(c.ours_seconds).c_str(),
                   milliseconds(result.seconds).c_str(), 1.0 / ratio);
    }
    return outcome;
}

/// The taxonomy reduced to one category (so the OSM reader selects only its assets).
Taxonomy one_category(const std::string& path, const std::string& id) {
    const Taxonomy all = io::load_taxonomy(path);
    const Category* c = all.find(id);
    if (!c) throw config_error("--category: no category '" + id + "' in " + path);
    return Taxonomy({*c});
}

int run_newport(const NetworkBenchConfig& cfg, std::ostream& out) {
    const std::string pbf = cfg.data_dir + "/newport_2023-06-13.osm.pbf";
    const Stopwatch crs_clock;
    const io::CrsTransform to_metric("EPSG:4326", "EPSG:27700");
    const double crs_s = crs_clock.seconds();

    // (a) Building the walking network: read (libosmium + PROJ) and CSR graph.
    double best_read = std::numeric_limits<double>::infinity();
    double best_graph = best_read, best_total = best_read;
    network::WalkGraph graph;
    std::size_t problems = 0, ways_read = 0, ways_used = 0;
    for (int r = 0; r < std::max(1, cfg.repeat); ++r) {
        ProblemReport report;
        const Stopwatch clock;
        NetworkData data = io::read_walking_network(pbf, to_metric, report);
        const double read_s = clock.seconds();
        ways_read = data.ways_read;
        ways_used = data.ways_used;
        graph = network::WalkGraph(std::move(data));
        const double total_s = clock.seconds();
        best_read = std::min(best_read, read_s);
        best_graph = std::min(best_graph, total_s - read_s);
        best_total = std::min(best_total, total_s);
        problems = report.size();
    }
    const auto& sizes = graph.component_sizes();
    out << fmt("network newport: read %.3f s + graph %.3f s = %.3f s (best of %d); %zu nodes, "
               "%zu edges from %zu of %zu highway ways; %zu components, largest %zu nodes; "
               "%zu problems\n",
               best_read, best_graph, best_total, cfg.repeat, graph.node_count(),
               graph.edge_count(), ways_used, ways_read, graph.component_count(),
               sizes.empty() ? std::size_t{0} : sizes.front(), problems);
    out << fmt("network newport: CRS set-up %.3f s (once; not in the figure)\n", crs_s);

    std::optional<network::Snapper> snapper;
    const double index_s = best_of(cfg.repeat, [&] { snapper.emplace(graph); });
    out << fmt("snap-index newport: %s (best of %d)\n", milliseconds(index_s).c_str(),
               cfg.repeat);

    // (b) One category's network measures over the population points.
    const PopulationPoints pop =
        load_newport_points(cfg.data_dir + "/wales_oa11_pop2011_centroids.csv");
    const Taxonomy taxonomy = one_category(cfg.taxonomy, cfg.category);
    ProblemReport asset_problems;
    const std::vector<io::RawAsset> assets =
        io::read_osm_assets(pbf, "osm", taxonomy, to_metric, asset_problems);
    std::vector<PointM> asset_points;
    for (const auto& a : assets) asset_points.push_back(a.location);
    if (asset_points.empty()) {
        throw input_error(pbf, "no OSM asset of category '" + cfg.category + "'");
    }

    std::vector<std::optional<Snap>> point_snaps;
    std::vector<Snap> sources, targets;
    std::vector<double> nearest;
    std::vector<std::uint32_t> within;
    double snap_best = std::numeric_limits<double>::infinity();
    double nearest_best = snap_best, within_best = snap_best, total_best = snap_best;
    for (int r = 0; r < std::max(1, cfg.repeat); ++r) {
        const Stopwatch clock;
        point_snaps = snap_all(*snapper, pop.points, cfg.snap_limit_m);
        targets = present(point_snaps);
        sources = present(snap_all(*snapper, asset_points, cfg.snap_limit_m));
        const double t_snap = clock.seconds();
        nearest = network::nearest_source_distances(graph, sources, targets);
        const double t_nearest = clock.seconds();
        within = network::sources_within(graph, sources, targets, cfg.threshold_m);
        const double t_total = clock.seconds();
        snap_best = std::min(snap_best, t_snap);
        nearest_best = std::min(nearest_best, t_nearest - t_snap);
        within_best = std::min(within_best, t_total - t_nearest);
        total_best = std::min(total_best, t_total);
    }
    out << fmt("newport %s: %zu population points (%zu within %.0f m of the network), %zu OSM "
               "assets (%zu within %.0f m)\n",
               cfg.category.c_str(), pop.points.size(), targets.size(), cfg.snap_limit_m,
               asset_points.size(), sources.size(), cfg.snap_limit_m);
    out << fmt("measures newport %s: snap %s + nearest %s + within_%.0f %s = %s (best of %d)\n",
               cfg.category.c_str(), milliseconds(snap_best).c_str(),
               milliseconds(nearest_best).c_str(), cfg.threshold_m,
               milliseconds(within_best).c_str(), milliseconds(total_best).c_str(), cfg.repeat);
    {
        double w_reached = 0, wd = 0, w_within = 0, w_count = 0;
        std::size_t reached = 0, k = 0;
        for (std::size_t i = 0; i < pop.points.size(); ++i) {
            if (!point_snaps[i]) continue;
            const double d = nearest[k], w = pop.weights[i];
            const std::uint32_t cnt = within[k];
            ++k;
            if (!std::isfinite(d)) continue;
            ++reached;
            w_reached += w;
            wd += w * d;
            if (d <= cfg.threshold_m) w_within += w;
            w_count += w * cnt;
        }
        out << fmt("result newport %s: weighted mean walk %.1f m over the %zu points that reach "
                   "an asset; of their residents %.1f%% within %.0f m, %.2f assets within "
                   "%.0f m on average\n",
                   cfg.category.c_str(), w_reached > 0 ? wd / w_reached : std::nan(""), reached,
                   w_reached > 0 ? 100.0 * w_within / w_reached : std::nan(""), cfg.threshold_m,
                   w_reached > 0 ? w_count / w_reached : std::nan(""), cfg.threshold_m);
    }

    PeerCase c;
    c.label = "newport " + cfg.category;
    c.dir = cfg.work_dir + "/newport";
    c.graph = &graph;
    c.sources = &sources;
    c.targets = &targets;
    c.ours = &nearest;
    c.ours_seconds = nearest_best;
    c.repeat = std::max(1, cfg.repeat);
    return run_peers(cfg, c, cfg.networkx, cfg.pgrouting, out).agree ? 0 : 1;
}

/// A synthetic problem: grid, graph, snapper, snapped sources and targets.
struct Synthetic {
    GridSpec spec;
    network::WalkGraph graph;
    std::optional<network::Snapper> snapper;
    std::vector<Snap> sources, targets;
    double make_s = 0, graph_s = 0, index_s = 0, snap_s = 0;
    std::size_t origins_drawn = 0, sources_drawn = 0;
};

void build_synthetic(Synthetic& s, const GridSpec& spec, const std::vector<PointM>& origins,
                     const std::vector<PointM>& source_points, double snap_limit_m) {
    s.spec = spec;
    Stopwatch clock;
    NetworkData data = make_grid_network(spec);
    s.make_s = clock.seconds();
    clock.restart();
    s.graph = network::WalkGraph(std::move(data));
    s.graph_s = clock.seconds();
    clock.restart();
    s.snapper.emplace(s.graph);
    s.index_s = clock.seconds();
    clock.restart();
    s.targets = present(snap_all(*s.snapper, origins, snap_limit_m));
    s.sources = present(snap_all(*s.snapper, source_points, snap_limit_m));
    s.snap_s = clock.seconds();
    s.origins_drawn = origins.size();
    s.sources_drawn = source_points.size();
}

void print_synthetic(const std::string& label, const Synthetic& s, std::ostream& out) {
    out << fmt("%s: grid %zu x %zu = %zu nodes, %zu edges, %zu components (largest %zu); made "
               "in %.2f s, WalkGraph %.2f s, Snapper %.2f s\n",
               label.c_str(), s.spec.rows, s.spec.cols, s.graph.node_count(),
               s.graph.edge_count(), s.graph.component_count(),
               s.graph.component_sizes().empty() ? std::size_t{0}
                                                 : s.graph.component_sizes().front(),
               s.make_s, s.graph_s, s.index_s);
    out << fmt("%s: %zu of %zu origins and %zu of %zu sources snapped in %.3f s\n",
               label.c_str(), s.targets.size(), s.origins_drawn, s.sources.size(),
               s.sources_drawn, s.snap_s);
}

int run_synthetic(const NetworkBenchConfig& cfg, std::ostream& out, double* process_peak_mib) {
    int status = 0;
    const GridSpec full_spec = grid_for_nodes(cfg.nodes, cfg.seed);
    const std::vector<PointM> origins = grid_points(full_spec, cfg.origins, 1);
    const std::vector<PointM> source_points = grid_points(full_spec, cfg.sources, 2);

    // (d, first) The peers' sub-grid: exactly the subgraph of the full grid on its first
    // k × k nodes, with the origins and sources that fall inside it.
    GridSpec sub_spec = full_spec;
    const std::size_t k = static_cast<std::size_t>(
        std::floor(std::sqrt(static_cast<double>(std::min(cfg.peer_nodes, cfg.nodes)))));
    sub_spec.rows = std::min(full_spec.rows, std::max<std::size_t>(2, k));
    sub_spec.cols = std::min(full_spec.cols, std::max<std::size_t>(2, k));
    std::optional<PeerOutcome> sub_outcome;
    std::size_t sub_nodes = 0;
    if (cfg.networkx || cfg.pgrouting) {
        Synthetic sub;
        build_synthetic(sub, sub_spec, points_inside(sub_spec, origins),
                        points_inside(sub_spec, source_points), cfg.snap_limit_m);
        print_synthetic("sub-grid", sub, out);
        std::vector<double> nearest;
        const double t = best_of(cfg.repeat, [&] {
            nearest = network::nearest_source_distances(sub.graph, sub.sources, sub.targets);
        });
        out << fmt("nearest sub-grid: %s (best of %d) for %zu origins from %zu sources\n",
                   milliseconds(t).c_str(), cfg.repeat, sub.targets.size(), sub.sources.size());
        PeerCase c;
        c.label = "sub-grid";
        c.dir = cfg.work_dir + "/subgrid";
        c.graph = &sub.graph;
        c.sources = &sub.sources;
        c.targets = &sub.targets;
        c.ours = &nearest;
        c.ours_seconds = t;
        c.repeat = std::max(1, std::min(cfg.repeat, 3));
        sub_outcome = run_peers(cfg, c, cfg.networkx, cfg.pgrouting, out);
        if (!sub_outcome->agree) status = 1;
        sub_nodes = sub.graph.node_count();
    }

    // (c) The full synthetic network.
    const double rss_before_mib = status_mib("VmRSS");
    Synthetic full;
    build_synthetic(full, full_spec, origins, source_points, cfg.snap_limit_m);
    print_synthetic("synthetic", full, out);
    const double rss_built_mib = status_mib("VmRSS");
    *process_peak_mib = std::max(*process_peak_mib, status_mib("VmHWM"));
    const bool peak_reset = reset_peak_rss();
    std::vector<double> nearest;
    const double nearest_s = best_of(cfg.repeat, [&] {
        nearest = network::nearest_source_distances(full.graph, full.sources, full.targets);
    });
    const double peak_search_mib = status_mib("VmHWM");
    *process_peak_mib = std::max(*process_peak_mib, peak_search_mib);
    const double search_s = best_of(std::min(cfg.repeat, 3), [&] {
        (void)network::node_distances(full.graph, full.sources, network::unreachable);
    });
    std::size_t reached = 0;
    double sum = 0;
    for (const double d : nearest) {
        if (std::isfinite(d)) {
            ++reached;
            sum += d;
        }
    }
    out << fmt("nearest synthetic: %.3f s (best of %d) for %zu origins from %zu sources; %zu "
               "reached, mean %.1f m; the search alone (node_distances) %.3f s\n",
               nearest_s, cfg.repeat, full.targets.size(), full.sources.size(), reached,
               reached ? sum / static_cast<double>(reached) : std::nan(""), search_s);
    std::vector<std::uint32_t> within;
    const double within_s = best_of(std::min(cfg.repeat, 3), [&] {
        within = network::sources_within(full.graph, full.sources, full.targets,
                                         cfg.threshold_m);
    });
    double count_sum = 0;
    for (const std::uint32_t n : within) count_sum += n;
    out << fmt("within synthetic: sources_within(%.0f m) %.3f s (best of %d); %.3f sources per "
               "origin on average\n",
               cfg.threshold_m, within_s, std::min(cfg.repeat, 3),
               within.empty() ? 0.0 : count_sum / static_cast<double>(within.size()));
    out << fmt("memory synthetic: graph + snapper + snaps %.0f MiB resident (process %.0f MiB "
               "before them); peak %.0f MiB during nearest_source_distances%s\n",
               rss_built_mib - rss_before_mib, rss_before_mib, peak_search_mib,
               peak_reset ? "" : " (peak not reset: since the start)");

    // (d, second) The peers on the full graph, where they would finish within the budget
    // (predicted from their sub-grid time, scaled by nodes · log nodes).
    if (sub_outcome) {
        const double n_full = static_cast<double>(full.graph.node_count());
        const double n_sub = static_cast<double>(std::max<std::size_t>(sub_nodes, 2));
        const double scale = n_full * std::log(n_full) / (n_sub * std::log(n_sub));
        bool nx_full = false, pg_full = false;
        struct Which {
            const char* name;
            bool selected;
            const std::optional<double>& seconds;
            bool* run;
        };
        const Which which[] = {{"networkx", cfg.networkx, sub_outcome->networkx_seconds, &nx_full},
                               {"pgrouting", cfg.pgrouting, sub_outcome->pgrouting_seconds,
                                &pg_full}};
        for (const Which& w : which) {
            if (!w.selected || !w.seconds) continue;
            const double predicted = *w.seconds * scale;
            if (predicted > cfg.peer_budget_s) {
                out << fmt("peer synthetic %s: skipped: would take about %.0f s on %zu nodes "
                           "(its whole sub-grid run x %.0f), over the %.0f s budget; its "
                           "ratio is the sub-grid's\n",
                           w.name, predicted, full.graph.node_count(), scale,
                           cfg.peer_budget_s);
            } else {
                *w.run = true;
            }
        }
        if (nx_full || pg_full) {
            PeerCase c;
            c.label = "synthetic";
            c.dir = cfg.work_dir + "/synthetic";
            c.graph = &full.graph;
            c.sources = &full.sources;
            c.targets = &full.targets;
            c.ours = &nearest;
            c.ours_seconds = nearest_s;
            c.repeat = 1;
            if (!run_peers(cfg, c, nx_full, pg_full, out).agree) status = 1;
        }
    }
    return status;
}

}  // namespace

int run_network_bench(const NetworkBenchConfig& cfg, std::ostream& out) {
    int status = 0;
    double process_peak_mib = 0.0;  // VmHWM is reset before the synthetic search: keep the max
    if (cfg.newport) status = std::max(status, run_newport(cfg, out));
    if (cfg.synthetic) status = std::max(status, run_synthetic(cfg, out, &process_peak_mib));
    process_peak_mib = std::max({process_peak_mib, peak_rss_mib(), status_mib("VmHWM")});
    out << fmt("memory: peak resident %.0f MiB of the whole run (peers not included)\n",
               process_peak_mib);
    return status;
}

}  // namespace assetmap::bench
