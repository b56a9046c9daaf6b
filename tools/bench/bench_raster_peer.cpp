/// @file assetmap_bench_raster: the peer, python3-mapnik rendering one 256 px tile at a time
/// with one Map (tools/bench/peer_mapnik_naive.py; see bench_raster_detail.hpp).

#include "bench_raster_detail.hpp"

#include <assetmap/tiles/tile_renderer.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <istream>
#include <string>
#include <vector>

namespace assetmap::bench::raster {

/// The peer's arguments (python3 and the script first).
std::vector<std::string> peer_argv(const Config& cfg, const fs::path& work, unsigned repeat) {
    return {"/usr/bin/python3",
            std::string(ASSETMAP_BENCH_SCRIPT_DIR) + "/peer_mapnik_naive.py",
            "--work-dir", work.string(),
            "--styles-dir", ASSETMAP_BENCH_STYLES_DIR,
            "--fonts-dir", ASSETMAP_MAPNIK_FONTS_DIR,
            "--plugins-dir", ASSETMAP_MAPNIK_PLUGINS_DIR,
            "--scale", std::to_string(cfg.scale),
            "--format", cfg.encoding == tiles::RasterEncoding::png32 ? "png32" : "png8:m=h",
            "--buffer", std::to_string(tiles::RasterOptions{}.buffer_px),
            "--repeat", std::to_string(repeat)};
}

/// "key value" lines of the peer's output.
PeerFigure parse_peer(std::istream& in) {
    PeerFigure p;
    std::string key;
    while (in >> key) {
        if (key == "tiles") in >> p.tiles;
        else if (key == "written") in >> p.written;
        else if (key == "bytes") in >> p.bytes;
        else if (key == "seconds") in >> p.seconds;
    }
    p.ok = p.seconds > 0;
    return p;
}

PeerFigure run_peer(const Config& cfg, const fs::path& work,
                    const std::vector<tiles::TileRange>& ranges) {
    {
        std::ofstream r(work / "ranges.txt");
        for (const auto& t : ranges) {
            r << int(t.z) << ' ' << t.min_x << ' ' << t.min_y << ' ' << t.max_x << ' ' << t.max_y
              << '\n';
        }
    }
    const fs::path result = work / "peer_result.txt";
    const fs::path errors = work / "peer_stderr.txt";
    fs::remove(result);
    std::string cmd;
    for (const std::string& arg : peer_argv(cfg, work, cfg.repeat)) cmd += "'" + arg + "' ";
    cmd += "> '" + result.string() + "' 2> '" + errors.string() + "'";
    const int rc = std::system(cmd.c_str());
    if (rc != 0) {
        PeerFigure p;
        p.reason = "python3-mapnik peer failed (exit " + std::to_string(rc) + "); see " +
                   errors.string();
        return p;
    }
    std::ifstream in(result);
    PeerFigure p = parse_peer(in);
    if (!p.ok) p.reason = "no timing in " + result.string();
    return p;
}

}  // namespace assetmap::bench::raster
