// assetmap_bench_raster: raster tiles of the default study's choropleth (Mapnik metatiles,
// 1 and N threads) against a naive python-mapnik loop rendering one 256 px tile at a time
// with one Map and the same style XML. See tools/bench/README.md, "assetmap_bench_raster".
// This file: the options, the in-process stage and main; the data, the peer and the
// whole-process runs are in bench_raster_data.cpp, bench_raster_peer.cpp and
// bench_raster_whole.cpp (bench_raster_detail.hpp).
#include "../exit_codes.hpp"
#include "bench_clock.hpp"
#include "bench_raster_detail.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/legend.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>
#include <assetmap/tiles/raster_style.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <gdal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

using namespace assetmap;
using namespace assetmap::bench::raster;
namespace fs = std::filesystem;
namespace tools = assetmap::tools;

const char* const kUsage =
    R"(usage: assetmap_bench_raster [options]

Renders raster tiles of one indicator of the atlas (choropleth + asset symbols, the style
built from styles/raster.xml.in) over the bounds of its areas, with 8x8 metatiles at 1 thread
and at --threads, and the same tiles with python3-mapnik one 256 px tile at a time with one
Map (tools/bench/peer_mapnik_naive.py), the same style XML and the same data as GeoJSON in
EPSG:3857. Prints tiles/s of each and the ratios.

  --atlas FILE       atlas GeoPackage (default /tmp/atlas/newport.gpkg, written by
                     `assetmap run -o /tmp/atlas`)
  --indicator NAME   area column drawn (default asset_index)
  --zoom A-B         zoom range (default 10-16)
  --threads N        the multi-thread run (default 2)
  --metatile N       metatile side in tiles (default 8)
  --scale 1|2        256 px or 512 px @2x tiles (default 1)
  --format F         png8 | png8-hextree | png32 (default png8: exact palette when a tile
                     has <= 256 colours, else median cut; png8-hextree: Mapnik's png8:m=h
                     for every tile, as the peer writes)
  --classes N        classes (default 5)
  --method M         quantiles | jenks (default quantiles)
  --no-assets        the choropleth alone
  --peer P           python | none (default python)
  --repeat N         timed runs per figure, best reported (default 1)
  --work-dir DIR     style, GeoJSON and legend written here (default /tmp/assetmap_bench_raster)
  --save DIR         also write the tiles as DIR/z/x/y.png (an extra, untimed render)
  --whole W          yes | no: also time whole processes (default yes): `assetmap tiles
                     raster` (read the atlas, class, render, write MBTiles) at 1 and
                     --threads threads against the peer script as a process writing
                     MBTiles; and --threads copies of the 1-thread run at once, whose
                     throughput over one copy's is the machine's ceiling for the scaling
  --assetmap EXE     the assetmap CLI of the whole-process runs (default: the one built beside)
  --help             this text

Exit codes: 0 ok, 1 internal error or peer failure, 2 usage, 3 input data, 4 bad indicator,
5 CRS, 6 output.
)";

struct UsageError {
    std::string message;
};

unsigned parse_unsigned(const char* option, const std::string& text, unsigned lo, unsigned hi) {
    char* end = nullptr;
    const unsigned long v = std::strtoul(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < lo || v > hi) {
        throw UsageError{std::string(option) + ": expected " + std::to_string(lo) + ".." +
                         std::to_string(hi) + ", got '" + text + "'"};
    }
    return static_cast<unsigned>(v);
}

Config parse_args(int argc, char** argv, bool* help) {
    Config c;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw UsageError{a + ": missing value"};
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            *help = true;
        } else if (a == "--atlas") {
            c.atlas = value();
        } else if (a == "--indicator") {
            c.indicator = value();
        } else if (a == "--zoom") {
            const std::string z = value();
            const auto r = tiles::parse_zoom_range(z);
            if (!r) throw UsageError{"--zoom: expected A-B (0..24), got '" + z + "'"};
            c.min_z = r->first;
            c.max_z = r->second;
        } else if (a == "--threads") {
            c.threads = parse_unsigned("--threads", value(), 1, 64);
        } else if (a == "--metatile") {
            c.metatile = parse_unsigned("--metatile", value(), 1, 16);
        } else if (a == "--scale") {
            c.scale = parse_unsigned("--scale", value(), 1, 2);
        } else if (a == "--format") {
            const std::string f = value();
            if (f == "png8") c.encoding = tiles::RasterEncoding::png8;
            else if (f == "png8-hextree") c.encoding = tiles::RasterEncoding::png8_hextree;
            else if (f == "png32") c.encoding = tiles::RasterEncoding::png32;
            else throw UsageError{"--format: png8, png8-hextree or png32, got '" + f + "'"};
        } else if (a == "--classes") {
            c.classes = parse_unsigned("--classes", value(), 1, 9);
        } else if (a == "--method") {
            const std::string m = value();
            const auto cm = tiles::parse_class_method(m);
            if (!cm) throw UsageError{"--method: quantiles or jenks, got '" + m + "'"};
            c.method = *cm;
        } else if (a == "--no-assets") {
            c.assets = false;
        } else if (a == "--peer") {
            const std::string p = value();
            if (p == "python") c.peer = true;
            else if (p == "none") c.peer = false;
            else throw UsageError{"--peer: python or none, got '" + p + "'"};
        } else if (a == "--repeat") {
            c.repeat = parse_unsigned("--repeat", value(), 1, 100);
        } else if (a == "--work-dir") {
            c.work_dir = value();
        } else if (a == "--save") {
            c.save_dir = value();
        } else if (a == "--whole") {
            const std::string w = value();
            if (w == "yes") c.whole = true;
            else if (w == "no") c.whole = false;
            else throw UsageError{"--whole: yes or no, got '" + w + "'"};
        } else if (a == "--assetmap") {
            c.assetmap_exe = value();
        } else {
            throw UsageError{"unknown option '" + a + "'"};
        }
    }
    return c;
}

struct RunFigure {
    tiles::RasterStats stats;
    double cpu_s = 0;
};

RunFigure run_once(const tiles::TileRenderer& r, const std::vector<tiles::TileRange>& ranges,
                   const Config& cfg, unsigned threads) {
    tiles::RasterOptions o;
    o.scale = cfg.scale;
    o.metatile = cfg.metatile;
    o.encoding = cfg.encoding;
    o.threads = threads;
    std::uint64_t sink_bytes = 0;
    const double cpu0 = bench::process_cpu_seconds();
    RunFigure f;
    f.stats = r.render(ranges, o, [&](const tiles::TileId&, const std::string& png) {
        sink_bytes += png.size();
    });
    f.cpu_s = bench::process_cpu_seconds() - cpu0;
    return f;
}

int run(const Config& cfg) {
    tiles::register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR, ASSETMAP_MAPNIK_PLUGINS_DIR);
    bench::Stopwatch sw;
    Loaded data = load(cfg);
    std::printf("load: %zu areas (%zu without %s), %zu assets from %s (EPSG:3857), %.2f s\n",
                data.layers.areas.size(), data.null_areas, cfg.indicator.c_str(),
                data.layers.assets.size(), cfg.atlas.c_str(), sw.seconds());
    std::printf("classes: %s, %zu:", tiles::to_string(cfg.method), data.choropleth.breaks.classes());
    for (double u : data.choropleth.breaks.upper) std::printf(" %.6g", u);
    std::printf("\n");

    tiles::RasterStyleParams sp;
    sp.choropleth = data.choropleth;
    sp.assets = cfg.assets;
    const std::string xml = tiles::build_raster_style(
        read_text(std::string(ASSETMAP_BENCH_STYLES_DIR) + "/raster.xml.in"), sp);
    const fs::path work = cfg.work_dir;
    fs::create_directories(work);
    write_text(work / "style.xml", xml);
    write_text(work / (cfg.indicator + "_legend.svg"), tiles::legend_svg(data.choropleth));
    write_geojson(work, data.layers);

    const auto ranges = tiles::tile_ranges(data.bounds, cfg.min_z, cfg.max_z);
    std::uint64_t total = 0;
    std::printf("tiles: z%u-%u over lon %.4f..%.4f lat %.4f..%.4f:", unsigned(cfg.min_z),
                unsigned(cfg.max_z), data.bounds.min_lon_deg, data.bounds.max_lon_deg,
                data.bounds.min_lat_deg, data.bounds.max_lat_deg);
    for (const auto& r : ranges) {
        std::printf(" z%u %llu", unsigned(r.z), static_cast<unsigned long long>(r.count()));
        total += r.count();
    }
    const char* format_name =
        cfg.encoding == tiles::RasterEncoding::png8
            ? "png8 (exact palette, median cut above 256 colours)"
            : cfg.encoding == tiles::RasterEncoding::png8_hextree ? "png8 (Mapnik png8:m=h)"
                                                                   : "png32";
    std::printf(" (total %llu), %u px, %s, metatile %ux%u\n",
                static_cast<unsigned long long>(total), 256 * cfg.scale, format_name,
                cfg.metatile, cfg.metatile);

    const tiles::TileRenderer renderer(xml, data.layers, ASSETMAP_BENCH_STYLES_DIR);
    auto best = [&](unsigned threads) {
        RunFigure b;
        for (unsigned i = 0; i < cfg.repeat; ++i) {
            RunFigure f = run_once(renderer, ranges, cfg, threads);
            if (i == 0 || f.stats.seconds < b.stats.seconds) b = f;
        }
        return b;
    };
    const RunFigure one = best(1);
    const RunFigure many = cfg.threads > 1 ? best(cfg.threads) : one;
    auto print_run = [&](const char* label, unsigned threads, const RunFigure& f) {
        std::printf(
            "%s: %u thread%s %.3f s, %.1f tiles/s (%llu written, %llu empty skipped, %llu with "
            "repeated bytes, %.1f MB, %llu metatiles: %llu rendered, %llu of one area's colour), "
            "CPU x cores %.2f\n",
            label, threads, threads == 1 ? "" : "s", f.stats.seconds, f.stats.tiles_per_s(),
            static_cast<unsigned long long>(f.stats.tiles_written),
            static_cast<unsigned long long>(f.stats.tiles_empty),
            static_cast<unsigned long long>(f.stats.tiles_repeated),
            double(f.stats.bytes_written) / 1e6,
            static_cast<unsigned long long>(f.stats.metatiles),
            static_cast<unsigned long long>(f.stats.metatiles_rendered),
            static_cast<unsigned long long>(f.stats.metatiles_uniform),
            f.stats.seconds > 0 ? f.cpu_s / f.stats.seconds : 0.0);
    };
    print_run("assetmap", 1, one);
    if (cfg.threads > 1) {
        print_run("assetmap", cfg.threads, many);
        std::printf("scaling: %.2fx from 1 to %u threads\n",
                    many.stats.tiles_per_s() / one.stats.tiles_per_s(), cfg.threads);
    }

    if (!cfg.save_dir.empty()) {
        tiles::RasterOptions o;
        o.scale = cfg.scale;
        o.metatile = cfg.metatile;
        o.encoding = cfg.encoding;
        o.threads = cfg.threads;
        const tiles::RasterStats s = renderer.render(
            ranges, o, [&](const tiles::TileId& t, const std::string& png) {
                const fs::path dir = fs::path(cfg.save_dir) / std::to_string(t.z) /
                                     std::to_string(t.x);
                fs::create_directories(dir);
                write_text(dir / (std::to_string(t.y) + ".png"), png);
            });
        std::printf("saved: %llu tiles in %s\n",
                    static_cast<unsigned long long>(s.tiles_written), cfg.save_dir.c_str());
    }

    int rc = tools::exit_ok;
    if (cfg.peer) {
        const PeerFigure p = run_peer(cfg, work, ranges);
        if (!p.ok) {
            std::printf("peer: skipped: %s\n", p.reason.c_str());
            rc = tools::exit_internal;
        } else {
            const double peer_rate = double(p.tiles) / p.seconds;
            std::printf("peer: python3-mapnik naive loop, one %u px tile at a time, one Map, "
                        "%s: %.3f s, %.1f tiles/s (%llu tiles, %llu written, %.1f MB)\n",
                        256 * cfg.scale,
                        cfg.encoding == tiles::RasterEncoding::png32 ? "png32" : "png8:m=h", p.seconds, peer_rate,
                        static_cast<unsigned long long>(p.tiles),
                        static_cast<unsigned long long>(p.written), double(p.bytes) / 1e6);
            if (p.tiles != total) {
                std::printf("note: the peer rendered %llu tiles, assetmap %llu\n",
                            static_cast<unsigned long long>(p.tiles),
                            static_cast<unsigned long long>(total));
            }
            std::printf("ratio: %.2fx at 1 thread", one.stats.tiles_per_s() / peer_rate);
            if (cfg.threads > 1) {
                std::printf(", %.2fx at %u threads", many.stats.tiles_per_s() / peer_rate,
                            cfg.threads);
            }
            std::printf(" (assetmap tiles/s / peer tiles/s; target >= 2x)\n");
        }
    }
    if (cfg.whole && rc == tools::exit_ok) rc = run_whole(cfg, work);
    std::printf("files: %s (style.xml, GeoJSON, %s_legend.svg)\n", work.string().c_str(),
                cfg.indicator.c_str());
    std::printf("memory: peak RSS %.0f MiB (this process)\n", bench::peak_rss_mib());
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    bool help = false;
    Config cfg;
    try {
        cfg = parse_args(argc, argv, &help);
    } catch (const UsageError& e) {
        std::cerr << "assetmap_bench_raster: " << e.message << "\n\n" << kUsage;
        return tools::exit_usage;
    }
    if (help) {
        std::cout << kUsage;
        return tools::exit_ok;
    }
    GDALAllRegister();
    try {
        return run(cfg);
    } catch (const input_error& e) {
        std::cerr << "assetmap_bench_raster: " << e.what()
                  << "\n(make the atlas with: build/release/tools/assetmap run -o /tmp/atlas)\n";
        return tools::exit_input;
    } catch (const config_error& e) {
        std::cerr << "assetmap_bench_raster: " << e.what() << '\n';
        return tools::exit_config;
    } catch (const crs_error& e) {
        std::cerr << "assetmap_bench_raster: " << e.what() << '\n';
        return tools::exit_crs;
    } catch (const io_error& e) {
        std::cerr << "assetmap_bench_raster: " << e.what() << '\n';
        return tools::exit_output;
    } catch (const std::exception& e) {
        std::cerr << "assetmap_bench_raster: " << e.what() << '\n';
        return tools::exit_internal;
    }
}
