/// @file The whole-process `count` stage of assetmap_bench (see bench_count.hpp).

#include "bench_count.hpp"

#include "bench_data.hpp"
#include "bench_fairness.hpp"
#include "bench_peers.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/csv.hpp>

#include <algorithm>
#include <cstdio>
#include <map>

namespace assetmap::bench {

namespace {

template <typename... Args>
std::string fmt(const char* format, Args... args) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, args...);
    return buf;
}

void write_lonlat_csv(const std::string& path, const std::vector<PointM>& points, std::size_t n) {
    const io::CrsTransform to_metric("EPSG:4326", "EPSG:27700");
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw io_error(path + ": cannot write the points for count");
    std::string buf = "id,lon,lat\n";
    char line[96];
    for (std::size_t i = 0; i < n; ++i) {
        const auto ll = to_metric.to_source(points[i]);
        if (!ll) continue;
        std::snprintf(line, sizeof line, "%zu,%.7f,%.7f\n", i, ll->lon_deg, ll->lat_deg);
        buf += line;
        if (buf.size() > (1u << 20) || i + 1 == n) {
            std::fwrite(buf.data(), 1, buf.size(), f);
            buf.clear();
        }
    }
    std::fwrite(buf.data(), 1, buf.size(), f);
    if (std::fclose(f) != 0) throw io_error(path + ": cannot write the points for count");
}

/// `assetmap count` of `csv` at `threads`, whole process: the best wall time of --repeat.
ProcessRun best_count_run(const BenchConfig& cfg, const std::string& areas_path,
                          const std::string& csv, unsigned threads, const std::string& result) {
    ProcessRun best;
    for (int r = 0; r < std::max(1, cfg.repeat); ++r) {
        const ProcessRun run = run_process(
            {cfg.assetmap_exe, "-q", "count", "--areas", areas_path, "--code", "MSOA11CD",
             "--name", "MSOA11NM", "--points", csv, "--x", "lon", "--y", "lat", "--crs",
             "EPSG:4326", "--threads", std::to_string(threads), "-o", result},
            threads);
        if (run.exit_code != 0)
            throw input_error(cfg.assetmap_exe, "assetmap count failed: " + run.output);
        if (r == 0 || run.wall_s < best.wall_s) best = run;
    }
    return best;
}

/// code → count from assetmap count's CSV (code,name,count,weight).
std::map<std::string, std::uint64_t> read_count_csv(const std::string& path) {
    std::map<std::string, std::uint64_t> out;
    const auto table = io::CsvTable::read_file(path);
    const auto code = table.column("code"), count = table.column("count");
    for (const auto& row : table.rows())
        out[row.fields[code]] = std::strtoull(row.fields[count].c_str(), nullptr, 10);
    return out;
}

}  // namespace

int run_count_stage(const BenchConfig& cfg, const std::string& areas_path,
                    const std::vector<PointM>& points, std::ostream& out) {
    const std::size_t n = std::min(cfg.count_points, points.size());
    if (n == 0 || cfg.assetmap_exe.empty()) return 0;
    const std::string csv = cfg.work_dir + "/points_lonlat.csv";
    const std::string result = cfg.work_dir + "/count_assetmap.csv";
    write_lonlat_csv(csv, points, n);
    out << machine_load_line();

    // assetmap count, whole process, best wall time of --repeat, at 1 and N threads.
    const unsigned threads = std::max(1U, cfg.threads);
    std::map<unsigned, ProcessRun> best_at;  // threads → best run
    for (const unsigned t : {1U, threads}) {
        if (best_at.count(t)) break;
        const ProcessRun best = best_count_run(cfg, areas_path, csv, t, result);
        out << fmt("count    assetmap count, whole process, %zu lon/lat points x %zu areas, "
                   "threads=%u: %.3f s = %.2f M points/s, CPU %.2f s, peak memory %.0f MiB "
                   "(best of %d)\n",
                   n, std::size_t(410), t, best.wall_s, double(n) / best.wall_s / 1e6, best.cpu_s,
                   best.peak_rss_mib, cfg.repeat);
        out << "count    " << best.share.describe() << "\n";
        best_at[t] = best;
    }

    // The fixed cost: the same command at N threads on a CSV with a header and no row (the
    // start, PROJ, the areas and their index, the output), the part that more points do not
    // add to.
    {
        const std::string empty_csv = cfg.work_dir + "/points_empty.csv";
        const std::string empty_result = cfg.work_dir + "/count_empty.csv";
        if (std::FILE* f = std::fopen(empty_csv.c_str(), "wb")) {
            std::fputs("id,lon,lat\n", f);
            if (std::fclose(f) != 0) throw io_error(empty_csv + ": cannot write");
        } else {
            throw io_error(empty_csv + ": cannot write");
        }
        const ProcessRun best = best_count_run(cfg, areas_path, empty_csv, threads, empty_result);
        out << fmt("count    fixed cost: the same count of a CSV with no row, threads=%u: %.3f s, "
                   "CPU %.2f s, peak memory %.0f MiB (best of %d; %.0f %% of the run above)\n",
                   threads, best.wall_s, best.cpu_s, best.peak_rss_mib, cfg.repeat,
                   100.0 * best.wall_s / best_at.at(threads).wall_s);
    }

    int status = 0;
    if (!cfg.postgis) return status;
    const std::string peer_counts = cfg.work_dir + "/count_postgis.csv";
    std::remove(peer_counts.c_str());
    const std::string areas_csv = cfg.work_dir + "/msoas_27700.csv";
    // PostGIS's join on as many cores as each assetmap run: no parallel worker against one
    // thread, threads - 1 workers (beside the leader) against `threads`, the planner made
    // to use them; each the best of --repeat after a warm-up, as assetmap's.
    const PeerResult r = run_peer({"bash", cfg.script_dir + "/peer_postgis.sh", csv, areas_csv,
                                   peer_counts, std::to_string(std::max(1, cfg.repeat)),
                                   postgis_workers(threads)});
    if (!r.ran) {
        out << fmt("peer     postgis (count) skipped: %s\n", r.why_not.c_str());
        return status;
    }
    // Same points, same areas: the counts must agree (both transform with PROJ's Helmert).
    const auto ours = read_count_csv(result);
    std::map<std::string, std::uint64_t> theirs;
    for (const auto& [code, count] : read_counts_csv(peer_counts)) theirs[code] += count;
    std::size_t differ = 0;
    for (const auto& [code, count] : ours) {
        const auto it = theirs.find(code);
        if ((it == theirs.end() ? 0 : it->second) != count) ++differ;
    }
    out << fmt("peer     postgis (count) %zu lon/lat points: load (COPY, ST_Transform, GiST, "
               "analyze) %.3f s; %s\n",
               r.points, r.load_seconds,
               differ == 0 ? "counts agree on every area"
                           : fmt("counts differ on %zu areas", differ).c_str());
    if (differ != 0) status = 1;
    const auto load = r.shares.count("load") ? r.shares.at("load") : CpuShare{};
    out << "peer     postgis load: " << load.describe() << "\n";
    for (const auto& [t, ours_best] : best_at) {
        const std::string label = postgis_join_label(t);
        if (!r.seconds_by_label.count(label)) {
            out << fmt("peer     postgis join with %u parallel worker%s: not timed\n", t - 1,
                       t == 2 ? "" : "s");
            status = 1;
            continue;
        }
        const double join_s = r.seconds_by_label.at(label);
        const auto join = r.shares.count(label) ? r.shares.at(label) : CpuShare{};
        out << fmt("peer     postgis join alone on %u core%s (%u parallel worker%s%s): %.3f s "
                   "(best of %d, after a warm-up)\n",
                   t, t == 1 ? "" : "s", t - 1, t == 2 ? "" : "s",
                   t > 1 ? ", the planner made to use them" : "", join_s,
                   std::max(1, cfg.repeat));
        out << "peer     postgis join: " << join.describe() << "\n";
        const std::string what = fmt("assetmap count whole process (%u thread%s)", t,
                                     t == 1 ? "" : "s");
        out << ratio_line(what + fmt(" vs PostGIS join alone on %u core%s (peer's loading not "
                                     "counted)", t, t == 1 ? "" : "s"),
                          join_s / ours_best.wall_s,
                          {{"assetmap", ours_best.share}, {"PostGIS join", join}});
        if (t != threads) continue;
        CpuShare both = join;  // the load and the join, as one side: the lower share of the two
        if (load.share() < join.share()) both = load;
        out << ratio_line(what + " vs PostGIS load + join (server running, same CSV)",
                          (join_s + r.load_seconds) / ours_best.wall_s,
                          {{"assetmap", ours_best.share}, {"PostGIS load + join", both}});
    }
    return status;
}

}  // namespace assetmap::bench
