/// @file assetmap_bench_raster: whole processes, `assetmap tiles raster` against the peer
/// script writing MBTiles (see bench_raster_detail.hpp).

#include "../exit_codes.hpp"
#include "bench_fairness.hpp"
#include "bench_raster_detail.hpp"

#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace assetmap::bench::raster {

/// The whole-process comparison: `assetmap tiles raster` (reads the atlas GeoPackage,
/// projects, classes, renders, writes MBTiles, TileJSON and legend) at 1 and cfg.threads
/// threads, against the peer script as a whole process (Python start, imports, style and
/// GeoJSON loading, the naive loop, MBTiles writing). Best wall time of cfg.repeat each.
int run_whole(const Config& cfg, const fs::path& work) {
    using bench::ProcessRun;
    std::printf("%s", bench::machine_load_line().c_str());
    auto best_of = [&](const std::vector<std::string>& argv, unsigned cores) {
        ProcessRun best;
        for (unsigned i = 0; i < cfg.repeat; ++i) {
            ProcessRun r = bench::run_process(argv, cores);
            if (r.exit_code != 0) return r;
            if (i == 0 || r.wall_s < best.wall_s) best = r;
        }
        return best;
    };
    char zoom[16];
    std::snprintf(zoom, sizeof zoom, "%u-%u", unsigned(cfg.min_z), unsigned(cfg.max_z));
    std::vector<std::pair<unsigned, ProcessRun>> ours;
    std::uint64_t tiles_written = 0;
    const auto command = [&](unsigned t, const std::string& name) {
        std::vector<std::string> argv = {cfg.assetmap_exe, "tiles", "raster", cfg.atlas,
                                         "--indicator", cfg.indicator, "--zoom", zoom,
                                         "--threads", std::to_string(t), "--scale",
                                         std::to_string(cfg.scale), "-o",
                                         (work / (name + ".mbtiles")).string()};
        if (cfg.encoding == tiles::RasterEncoding::png32) argv.push_back("--png32");
        if (cfg.method == tiles::ClassMethod::jenks) {
            argv.push_back("--classes");
            argv.push_back("jenks");
        }
        return argv;
    };
    for (unsigned t : {1u, cfg.threads}) {
        if (t == 1 && !ours.empty()) break;
        ProcessRun r = best_of(command(t, "whole_" + std::to_string(t)), t);
        if (r.exit_code != 0) {
            std::printf("whole: assetmap tiles raster failed (exit %d): %s\n", r.exit_code,
                        r.output.c_str());
            return tools::exit_internal;
        }
        unsigned long long n = 0;
        if (const auto at = r.output.find("wrote "); at != std::string::npos)
            n = std::strtoull(r.output.c_str() + at + 6, nullptr, 10);
        tiles_written = n;
        std::printf("whole: assetmap tiles raster, whole process, threads=%u: %.3f s (best of %u), "
                    "%llu tiles written, peak memory %.0f MiB\n",
                    t, r.wall_s, cfg.repeat, n, r.peak_rss_mib);
        std::printf("whole:   %s\n", r.share.describe().c_str());
        ours.emplace_back(t, std::move(r));
        if (cfg.threads == 1) break;
    }
    if (ours.size() == 2) {
        // What the machine gives independent jobs: cfg.threads copies of the 1-thread run at
        // once. Their throughput over one copy's is the ceiling of one run on cfg.threads
        // threads here (shared caches, memory bandwidth, the host's scheduling).
        const unsigned n = cfg.threads;
        ProcessRun copies;
        for (unsigned i = 0; i < cfg.repeat; ++i) {
            std::vector<std::vector<std::string>> argvs;
            for (unsigned k = 0; k < n; ++k) argvs.push_back(command(1, "copy_" + std::to_string(k)));
            ProcessRun r = bench::run_processes_at_once(argvs, n);
            if (r.exit_code != 0) {
                std::printf("whole: the 1-thread copies failed (exit %d): %s\n", r.exit_code,
                            r.output.c_str());
                return tools::exit_internal;
            }
            if (i == 0 || r.wall_s < copies.wall_s) copies = r;
        }
        const double one = ours[0].second.wall_s, many = ours[1].second.wall_s;
        const double ceiling = n * one / copies.wall_s;
        std::printf("whole: %u copies of the 1-thread run at once: %.3f s (best of %u): %.2fx "
                    "the throughput of one, the machine's ceiling for %u threads\n",
                    n, copies.wall_s, cfg.repeat, ceiling, n);
        std::printf("whole:   %s\n", copies.share.describe().c_str());
        std::printf("%s", bench::ratio_line("raster whole process, threads=" + std::to_string(n) +
                                                " vs 1 (scaling)",
                                            one / many,
                                            {{"assetmap 1 thread", ours[0].second.share},
                                             {"assetmap " + std::to_string(n) + " threads",
                                              ours[1].second.share}},
                                            2)
                              .c_str());
        std::printf("%s", bench::ratio_line("raster whole process, scaling as a share of the "
                                            "machine's ceiling (1.0 = as linear as independent "
                                            "copies)",
                                            (one / many) / ceiling,
                                            {{"assetmap " + std::to_string(n) + " threads",
                                              ours[1].second.share},
                                             {"the copies", copies.share}},
                                            2)
                              .c_str());
    }
    if (!cfg.peer) return tools::exit_ok;
    auto argv = peer_argv(cfg, work, 1);
    argv.push_back("--mbtiles");
    argv.push_back((work / "whole_peer.mbtiles").string());
    const ProcessRun peer = best_of(argv, 1);
    std::istringstream peer_out(peer.output);
    const PeerFigure pf = parse_peer(peer_out);
    if (peer.exit_code != 0 || !pf.ok) {
        std::printf("whole: peer failed (exit %d): %s\n", peer.exit_code, peer.output.c_str());
        return tools::exit_internal;
    }
    std::printf("whole: peer python3-mapnik naive loop, whole process (start, load, loop, "
                "MBTiles): %.3f s (best of %u; its loop alone %.3f s), %llu tiles written, "
                "peak memory %.0f MiB\n",
                peer.wall_s, cfg.repeat, pf.seconds, static_cast<unsigned long long>(pf.written),
                peer.peak_rss_mib);
    std::printf("whole:   %s\n", peer.share.describe().c_str());
    if (pf.written != tiles_written)
        std::printf("whole: note: tiles written differ (assetmap %llu, peer %llu)\n",
                    static_cast<unsigned long long>(tiles_written),
                    static_cast<unsigned long long>(pf.written));
    for (const auto& [t, r] : ours) {
        const std::string what = "raster whole process, peer time / assetmap time, threads=" +
                                 std::to_string(t) + " vs the peer's 1 (goal >= 3x at 1 thread)";
        std::printf("%s", bench::ratio_line(what, peer.wall_s / r.wall_s,
                                            {{"assetmap", r.share}, {"peer", peer.share}})
                              .c_str());
    }
    return tools::exit_ok;
}

}  // namespace assetmap::bench::raster
