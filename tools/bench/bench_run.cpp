/// @file assetmap_bench stages: load, index, points, join, check, nearest/coverage, peers.

#include "bench_run.hpp"

#include "bench_clock.hpp"
#include "bench_count.hpp"
#include "bench_fairness.hpp"
#include "bench_data.hpp"
#include "bench_peers.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/spatial/area_locator.hpp>
#include <assetmap/spatial/point_index.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <map>
#include <thread>
#include <vector>

namespace assetmap::bench {

namespace {

/// printf into a std::string (figures are printed with fixed formats).
template <typename... Args>
std::string fmt(const char* format, Args... args) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, args...);
    return buf;
}

std::string rate(double items, double seconds) {
    const double r = items / seconds;
    return r >= 1e6 ? fmt("%.2f M points/s", r / 1e6) : fmt("%.1f k points/s", r / 1e3);
}

/// Runs fn(begin, end, thread) over [0, n) in `threads` contiguous chunks.
void parallel_chunks(std::size_t n, unsigned threads,
                     const std::function<void(std::size_t, std::size_t, unsigned)>& fn) {
    threads = std::max(1u, threads);
    if (threads == 1) {
        fn(0, n, 0);
        return;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t begin = n * t / threads, end = n * (t + 1) / threads;
        pool.emplace_back([&fn, begin, end, t] { fn(begin, end, t); });
    }
    for (std::thread& th : pool) th.join();
}

/// Points per area for the first `n` points; the last slot counts points in no area.
std::vector<std::uint64_t> count_per_area(const spatial::AreaLocator& locator,
                                          const std::vector<PointM>& points, std::size_t n,
                                          unsigned threads) {
    const std::size_t slots = locator.size() + 1;
    std::vector<std::vector<std::uint64_t>> partial(std::max(1u, threads),
                                                    std::vector<std::uint64_t>(slots, 0));
    parallel_chunks(n, threads, [&](std::size_t begin, std::size_t end, unsigned t) {
        std::vector<std::uint64_t> counts(slots, 0);  // thread-local: no false sharing
        for (std::size_t i = begin; i < end; ++i) {
            const auto hit = locator.locate(points[i]);
            ++counts[hit ? *hit : slots - 1];
        }
        partial[t] = std::move(counts);
    });
    std::vector<std::uint64_t> total(slots, 0);
    for (const auto& p : partial)
        for (std::size_t i = 0; i < slots; ++i) total[i] += p[i];
    return total;
}

/// The best of `repeat` timed runs: its wall time and the CPU it used, in cores (CPU
/// seconds / wall seconds; below the thread count when other work held the cores).
struct Timing {
    double seconds = 0.0;
    double cores = 0.0;
};

Timing best_of(int repeat, const std::function<void()>& fn) {
    Timing best;
    for (int r = 0; r < std::max(1, repeat); ++r) {
        const double cpu0 = process_cpu_seconds();
        const Stopwatch clock;
        fn();
        const double s = clock.seconds();
        if (r == 0 || s < best.seconds) best = {s, (process_cpu_seconds() - cpu0) / s};
    }
    return best;
}

void make_dir(const std::string& path) {
    if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
        throw io_error(path + ": cannot create the work folder");
    }
}

/// Compares a peer's "code,count" file with our counts for the same points.
std::string compare_counts(const std::string& path, const std::vector<std::string>& codes,
                           const std::vector<std::uint64_t>& ours) {
    std::map<std::string, std::uint64_t> theirs;
    for (const auto& [code, count] : read_counts_csv(path)) theirs[code] += count;
    std::size_t differ = 0;
    std::uint64_t points = 0;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto it = theirs.find(codes[i]);
        const std::uint64_t t = it == theirs.end() ? 0 : it->second;
        if (t != ours[i]) {
            ++differ;
            points += t > ours[i] ? t - ours[i] : ours[i] - t;
        }
    }
    if (differ == 0) return fmt("counts agree on all %zu areas", codes.size());
    return fmt("counts differ on %zu areas (%llu points)", differ,
               static_cast<unsigned long long>(points));
}

}  // namespace

int run_bench(const BenchConfig& cfg, std::ostream& out) {
    int status = 0;
    const unsigned threads = std::max(1u, cfg.threads);
    out << fmt(
        "assetmap_bench: %zu points, %zu assets, threads 1 and %u, %u hardware threads, "
        "seed %llu\n",
        cfg.points, cfg.assets, threads, std::thread::hardware_concurrency(),
        static_cast<unsigned long long>(cfg.seed));

    out << machine_load_line();

    // --- load -----------------------------------------------------------------------------
    const std::string areas_path = cfg.data_dir + "/wales_msoa11_bgc.geojson";
    const std::string pop_path = cfg.data_dir + "/wales_msoa11_pop2011.csv";
    Stopwatch clock;
    const Areas areas = load_areas(areas_path, "MSOA11CD", pop_path, "pop2011");
    const double load_s = clock.seconds();
    std::size_t vertices = 0;
    for (const MultiPolygonM& mp : areas.shapes) vertices += vertex_count(mp);
    if (areas.codes.empty()) throw input_error(areas_path, "no areas read");
    out << fmt("load     %zu MSOAs (%s..%s), %zu vertices, EPSG:27700, %zu problems   %.3f s\n",
               areas.codes.size(), areas.codes.front().c_str(), areas.codes.back().c_str(),
               vertices, areas.problems, load_s);

    // --- index ----------------------------------------------------------------------------
    clock.restart();
    const spatial::AreaLocator locator(areas.shapes);
    out << fmt("index    AreaLocator build   %.3f s\n", clock.seconds());

    // --- points (not a figure: input preparation) -------------------------------------------
    clock.restart();
    const std::vector<PointM> points =
        population_points(areas, locator, cfg.points, cfg.seed, threads);
    const double gen_s = clock.seconds();
    make_dir(cfg.work_dir);
    const std::size_t peer_n = std::min(cfg.peer_points, points.size());
    const std::string points_bin = cfg.work_dir + "/points.bin";
    const std::string points_csv = cfg.work_dir + "/points_peer.csv";
    const std::string areas_csv = cfg.work_dir + "/msoas_27700.csv";
    clock.restart();
    write_points_bin(points_bin, points, points.size());
    if (cfg.postgis) write_points_csv(points_csv, points, peer_n);
    write_areas_csv(areas_csv, areas);
    out << fmt(
        "points   %zu population-weighted points drawn in %.3f s, written in %.3f s to "
        "%s\n",
        points.size(), gen_s, clock.seconds(), points_bin.c_str());

    // --- join -----------------------------------------------------------------------------
    std::vector<std::uint64_t> counts;
    double join_rate[2] = {0.0, 0.0};
    const std::size_t n = points.size();
    for (int k = 0; k < 2; ++k) {
        const unsigned t = k == 0 ? 1 : threads;
        if (k == 1 && t == 1) {
            join_rate[1] = join_rate[0];
            break;
        }
        const Timing tm =
            best_of(cfg.repeat, [&] { counts = count_per_area(locator, points, n, t); });
        join_rate[k] = static_cast<double>(n) / tm.seconds;
        out << fmt(
            "join     count per area, threads=%u: %zu points in %.3f s = %s (best of %d, CPU "
            "%.2f cores)\n",
            t, n, tm.seconds, rate(static_cast<double>(n), tm.seconds).c_str(), cfg.repeat,
            tm.cores);
        if (t > 1 && tm.cores < 0.75 * t) {
            out << fmt(
                "note     the %u-thread run got %.2f cores of CPU: other work held the "
                "cores; rerun on an idle machine for a fair figure\n",
                t, tm.cores);
        }
    }
    const std::uint64_t outside = counts.empty() ? 0 : counts.back();
    out << fmt("join     %llu of %zu points in no area\n", static_cast<unsigned long long>(outside),
               n);

    // --- check against brute force ----------------------------------------------------------
    {
        const std::size_t m = std::min(cfg.check_points, n);
        std::vector<BoxM> boxes;
        for (const MultiPolygonM& mp : areas.shapes) boxes.push_back(bounds(mp));
        std::vector<std::size_t> bad(threads, 0);
        clock.restart();
        parallel_chunks(m, threads, [&](std::size_t begin, std::size_t end, unsigned t) {
            for (std::size_t i = begin; i < end; ++i) {
                if (locator.locate(points[i]) !=
                    brute_force_locate(areas.shapes, boxes, points[i])) {
                    ++bad[t];
                }
            }
        });
        std::size_t mismatches = 0;
        for (const std::size_t b : bad) mismatches += b;
        if (mismatches == 0) {
            out << fmt("check: ok (first %zu points, AreaLocator == brute force, %.2f s)\n", m,
                       clock.seconds());
        } else {
            out << fmt("check: FAILED (%zu of the first %zu points differ from brute force)\n",
                       mismatches, m);
            status = 1;
        }
    }

    // --- nearest and coverage -----------------------------------------------------------------
    {
        clock.restart();
        std::vector<PointM> assets =
            population_points(areas, locator, cfg.assets, cfg.seed + 1, threads);
        const double assets_s = clock.seconds();
        clock.restart();
        const spatial::PointIndex index(std::move(assets));
        out << fmt("nearest  %zu synthetic assets (drawn in %.3f s), PointIndex build %.3f s\n",
                   index.size(), assets_s, clock.seconds());
        const std::size_t q = std::min(cfg.queries, n);
        for (int k = 0; k < 2; ++k) {
            const unsigned t = k == 0 ? 1 : threads;
            if (k == 1 && t == 1) break;
            std::vector<double> sum(t, 0.0);
            const Timing s = best_of(cfg.repeat, [&] {
                parallel_chunks(q, t, [&](std::size_t begin, std::size_t end, unsigned w) {
                    double acc = 0.0;
                    for (std::size_t i = begin; i < end; ++i) {
                        if (const auto hit = index.nearest(points[i])) acc += hit->distance_m;
                    }
                    sum[w] = acc;
                });
            });
            double total = 0.0;
            for (const double v : sum) total += v;
            out << fmt(
                "nearest  threads=%u: %zu queries in %.3f s = %s (mean distance %.1f m, CPU "
                "%.2f cores)\n",
                t, q, s.seconds, rate(static_cast<double>(q), s.seconds).c_str(),
                q > 0 ? total / static_cast<double>(q) : 0.0, s.cores);
            std::vector<std::uint64_t> within(t, 0);
            const Timing s2 = best_of(cfg.repeat, [&] {
                parallel_chunks(q, t, [&](std::size_t begin, std::size_t end, unsigned w) {
                    std::uint64_t acc = 0;
                    for (std::size_t i = begin; i < end; ++i) {
                        acc += index.count_within(points[i], cfg.threshold_m);
                    }
                    within[w] = acc;
                });
            });
            std::uint64_t all = 0;
            for (const std::uint64_t v : within) all += v;
            out << fmt(
                "coverage threads=%u: count within %.0f m, %zu queries in %.3f s = %s "
                "(mean %.2f assets, CPU %.2f cores)\n",
                t, cfg.threshold_m, q, s2.seconds, rate(static_cast<double>(q), s2.seconds).c_str(),
                q > 0 ? static_cast<double>(all) / static_cast<double>(q) : 0.0, s2.cores);
        }
    }

    // --- peers --------------------------------------------------------------------------------
    if (cfg.geopandas || cfg.postgis) {
        const std::vector<std::uint64_t> ours = count_per_area(locator, points, peer_n, threads);
        struct Peer {
            const char* name;
            bool wanted;
            std::vector<std::string> argv;
        };
        const std::string counts_prefix = cfg.work_dir + "/counts_";
        const std::vector<Peer> peers = {
            {"geopandas",
             cfg.geopandas,
             {"/usr/bin/python3", cfg.script_dir + "/peer_geopandas.py", points_bin,
              std::to_string(peer_n), areas_csv, counts_prefix + "geopandas.csv",
              std::to_string(std::max(1, cfg.repeat))}},
            // PostGIS on as many cores as assetmap's runs: no parallel worker, then
            // threads - 1 workers beside the leader (peer_postgis.sh, WORKERS).
            {"postgis",
             cfg.postgis,
             {"bash", cfg.script_dir + "/peer_postgis.sh", points_csv, areas_csv,
              counts_prefix + "postgis.csv", std::to_string(std::max(1, cfg.repeat)),
              postgis_workers(threads)}},
        };
        for (const Peer& peer : peers) {
            if (!peer.wanted) continue;
            std::remove((counts_prefix + peer.name + ".csv").c_str());
            const PeerResult r = run_peer(peer.argv);
            if (!r.ran) {
                out << fmt("peer     %-9s skipped: %s\n", peer.name, r.why_not.c_str());
                continue;
            }
            // The peer's time on one core and on `threads` cores (GeoPandas has one figure,
            // on one core).
            const auto seconds_on = [&](unsigned cores) {
                const auto it = r.seconds_by_label.find(postgis_join_label(cores));
                return it != r.seconds_by_label.end() ? it->second : r.seconds;
            };
            const bool per_core = !r.seconds_by_label.empty();
            const double peer_1 = seconds_on(1), peer_n_cores = seconds_on(threads);
            const std::string timed =
                !per_core      ? fmt("%.3f s", r.seconds)
                : threads == 1 ? fmt("%.3f s on 1 core", peer_1)
                               : fmt("%.3f s on 1 core, %.3f s on %u cores", peer_1,
                                     peer_n_cores, threads);
            out << fmt(
                "peer     %-9s join only: %zu points in %s = %s (best of %d; script %.1f s "
                "in all); %s\n",
                peer.name, r.points, timed.c_str(),
                rate(static_cast<double>(r.points), peer_1).c_str(), std::max(1, cfg.repeat),
                r.total_seconds,
                r.points == peer_n
                    ? compare_counts(counts_prefix + peer.name + ".csv", areas.codes, ours).c_str()
                    : "counts not compared (different point count)");
            const double points_peer = static_cast<double>(r.points);
            out << fmt(
                "ratio    assetmap/%s (points/s; assetmap on %zu points, %s on %zu): "
                "%.1fx at 1 thread, %.1fx at %u threads (%s)\n",
                peer.name, n, peer.name, r.points, join_rate[0] / (points_peer / peer_1),
                join_rate[1] / (points_peer / peer_n_cores), threads,
                per_core ? "the peer on as many cores" : "the peer on one core");
        }
    }

    // --- whole process: assetmap count on a lon/lat CSV against PostGIS -------------------
    if (run_count_stage(cfg, areas_path, points, out) != 0) status = 1;

    out << fmt("memory   peak RSS %.0f MiB (this process; peers not included)\n", peak_rss_mib());
    return status;
}

}  // namespace assetmap::bench
