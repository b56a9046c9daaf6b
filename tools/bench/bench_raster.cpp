// assetmap_bench_raster: raster tiles of the default study's choropleth (Mapnik metatiles,
// 1 and N threads) against a naive python-mapnik loop rendering one 256 px tile at a time
// with one Map and the same style XML. See tools/bench/README.md, "assetmap_bench_raster".
#include "../exit_codes.hpp"
#include "bench_clock.hpp"
#include "bench_fairness.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/label_point.hpp>
#include <assetmap/tiles/legend.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>
#include <assetmap/tiles/raster_style.hpp>
#include <assetmap/tiles/tile_renderer.hpp>

#include <gdal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace assetmap;
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
                     --threads threads against the peer script as a process writing MBTiles
  --assetmap EXE     the assetmap CLI of the whole-process runs (default: the one built beside)
  --help             this text

Exit codes: 0 ok, 1 internal error or peer failure, 2 usage, 3 input data, 4 bad indicator,
5 CRS, 6 output.
)";

struct UsageError {
    std::string message;
};

struct Config {
    std::string atlas = "/tmp/atlas/newport.gpkg";
    std::string indicator = "asset_index";
    std::uint8_t min_z = 10, max_z = 16;
    unsigned threads = 2;
    unsigned metatile = 8;
    unsigned scale = 1;
    tiles::RasterEncoding encoding = tiles::RasterEncoding::png8;
    std::size_t classes = 5;
    tiles::ClassMethod method = tiles::ClassMethod::quantiles;
    bool assets = true;
    bool peer = true;
    unsigned repeat = 1;
    std::string work_dir = "/tmp/assetmap_bench_raster";
    std::string save_dir;
    bool whole = true;
    std::string assetmap_exe = ASSETMAP_BENCH_ASSETMAP_EXE;
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

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(path, "cannot read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw io_error("cannot write " + path.string());
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += static_cast<char>(ch);
        } else if (ch < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", ch);
            out += buf;
        } else {
            out += static_cast<char>(ch);
        }
    }
    return out + "\"";
}

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

void ring_json(std::ostream& os, const RingM& ring) {
    os << '[';
    for (std::size_t i = 0; i < ring.size(); ++i) {
        os << (i ? "," : "") << '[' << num(ring[i].x_m) << ',' << num(ring[i].y_m) << ']';
    }
    if (!ring.empty() && !(ring.front() == ring.back())) {
        os << ",[" << num(ring.front().x_m) << ',' << num(ring.front().y_m) << ']';
    }
    os << ']';
}

/// The renderer's data as GeoJSON for the python peer (EPSG:3857 metres; the geojson plugin
/// ignores CRS members, the style's layers say epsg:3857). Same attributes, same label points.
void write_geojson(const fs::path& dir, const tiles::RasterLayers& layers) {
    std::ofstream areas(dir / "areas.geojson"), labels(dir / "area_labels.geojson"),
        assets(dir / "assets.geojson");
    auto props = [&](std::ostream& os, const tiles::RasterArea& a) {
        os << "{\"code\":" << json_string(a.code) << ",\"name\":" << json_string(a.name)
           << ",\"class\":" << a.class_index << ',' << json_string(layers.indicator) << ':'
           << (a.value ? num(*a.value) : "null") << '}';
    };
    areas << "{\"type\":\"FeatureCollection\",\"features\":[\n";
    labels << "{\"type\":\"FeatureCollection\",\"features\":[\n";
    for (std::size_t i = 0; i < layers.areas.size(); ++i) {
        const auto& a = layers.areas[i];
        areas << (i ? ",\n" : "") << "{\"type\":\"Feature\",\"properties\":";
        props(areas, a);
        areas << ",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[";
        for (std::size_t p = 0; p < a.shape.size(); ++p) {
            areas << (p ? "," : "") << '[';
            ring_json(areas, a.shape[p].outer);
            for (const RingM& h : a.shape[p].holes) {
                areas << ',';
                ring_json(areas, h);
            }
            areas << ']';
        }
        areas << "]}}";
        const PointM lp = tiles::label_point(a.shape);
        labels << (i ? ",\n" : "") << "{\"type\":\"Feature\",\"properties\":";
        props(labels, a);
        labels << ",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" << num(lp.x_m) << ','
               << num(lp.y_m) << "]}}";
    }
    areas << "\n]}\n";
    labels << "\n]}\n";
    assets << "{\"type\":\"FeatureCollection\",\"features\":[\n";
    for (std::size_t i = 0; i < layers.assets.size(); ++i) {
        const auto& a = layers.assets[i];
        assets << (i ? ",\n" : "") << "{\"type\":\"Feature\",\"properties\":{\"category\":"
               << json_string(a.category) << ",\"domain\":" << json_string(a.domain)
               << ",\"name\":" << json_string(a.name)
               << "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" << num(a.position.x_m)
               << ',' << num(a.position.y_m) << "]}}";
    }
    assets << "\n]}\n";
    if (!areas || !labels || !assets) throw io_error("cannot write GeoJSON in " + dir.string());
}

struct Loaded {
    tiles::RasterLayers layers;
    tiles::Choropleth choropleth;
    BoxLonLat bounds;
    std::size_t null_areas = 0;
};

Loaded load(const Config& cfg) {
    Loaded out;
    ProblemReport problems;
    io::VectorRequest areas_req;
    areas_req.path = cfg.atlas;
    areas_req.layer = "areas";
    areas_req.target_crs = "EPSG:3857";
    areas_req.fields = {"code", "name", cfg.indicator};
    areas_req.want = io::GeometryWant::polygons;
    const io::VectorData areas = io::read_vector(areas_req, problems);

    std::vector<double> values;
    for (const auto& f : areas.features) {
        tiles::RasterArea a;
        a.code = f.values[0];
        a.name = f.values[1];
        if (!f.is_null[2] && !f.values[2].empty()) a.value = std::strtod(f.values[2].c_str(), nullptr);
        values.push_back(a.value ? *a.value : NAN);
        a.shape = f.polygon;
        out.layers.areas.push_back(std::move(a));
    }
    out.choropleth = tiles::make_choropleth(cfg.indicator, cfg.indicator, values, cfg.classes,
                                            cfg.method);
    out.layers.indicator = cfg.indicator;
    for (auto& a : out.layers.areas) {
        a.class_index = a.value ? tiles::class_of(*a.value, out.choropleth.breaks) : -1;
        out.null_areas += a.value ? 0 : 1;
    }

    BoxM box;
    for (const auto& a : out.layers.areas) {
        const BoxM b = bounds(a.shape);
        box.expand({b.min_x_m, b.min_y_m});
        box.expand({b.max_x_m, b.max_y_m});
    }
    if (box.empty()) throw input_error(cfg.atlas + ":areas", "no area geometry");
    const LonLat sw = tiles::mercator_to_lonlat({box.min_x_m, box.min_y_m});
    const LonLat ne = tiles::mercator_to_lonlat({box.max_x_m, box.max_y_m});
    out.bounds = BoxLonLat{sw.lon_deg, sw.lat_deg, ne.lon_deg, ne.lat_deg};

    if (cfg.assets) {
        io::VectorRequest assets_req;
        assets_req.path = cfg.atlas;
        assets_req.layer = "assets";
        assets_req.target_crs = "EPSG:3857";
        assets_req.fields = {"category", "domain", "name"};
        assets_req.want = io::GeometryWant::points;
        const io::VectorData assets = io::read_vector(assets_req, problems);
        for (const auto& f : assets.features) {
            out.layers.assets.push_back({f.values[0], f.values[1], f.values[2], f.point});
        }
    }
    return out;
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

struct PeerFigure {
    bool ok = false;
    std::string reason;
    std::uint64_t tiles = 0, written = 0, bytes = 0;
    double seconds = 0;
};

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
    for (unsigned t : {1u, cfg.threads}) {
        if (t == 1 && !ours.empty()) break;
        std::vector<std::string> argv = {cfg.assetmap_exe, "tiles", "raster", cfg.atlas,
                                         "--indicator", cfg.indicator, "--zoom", zoom,
                                         "--threads", std::to_string(t), "--scale",
                                         std::to_string(cfg.scale), "-o",
                                         (work / ("whole_" + std::to_string(t) + ".mbtiles")).string()};
        if (cfg.encoding == tiles::RasterEncoding::png32) argv.push_back("--png32");
        if (cfg.method == tiles::ClassMethod::jenks) {
            argv.push_back("--classes");
            argv.push_back("jenks");
        }
        ProcessRun r = best_of(argv, t);
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

PeerFigure run_peer(const Config& cfg, const fs::path& work,
                    const std::vector<tiles::TileRange>& ranges) {
    PeerFigure p;
    {
        std::ofstream r(work / "ranges.txt");
        for (const auto& t : ranges) {
            r << int(t.z) << ' ' << t.min_x << ' ' << t.min_y << ' ' << t.max_x << ' ' << t.max_y
              << '\n';
        }
    }
    const fs::path result = work / "peer_result.txt";
    fs::remove(result);
    const std::string cmd =
        std::string("/usr/bin/python3 ") + ASSETMAP_BENCH_SCRIPT_DIR + "/peer_mapnik_naive.py" +
        " --work-dir '" + work.string() + "' --styles-dir '" + ASSETMAP_BENCH_STYLES_DIR +
        "' --fonts-dir '" + ASSETMAP_MAPNIK_FONTS_DIR + "' --plugins-dir '" +
        ASSETMAP_MAPNIK_PLUGINS_DIR + "' --scale " + std::to_string(cfg.scale) + " --format " +
        (cfg.encoding == tiles::RasterEncoding::png32 ? "png32" : "png8:m=h") + " --buffer " +
        std::to_string(tiles::RasterOptions{}.buffer_px) + " --repeat " + std::to_string(cfg.repeat) + " > '" +
        result.string() + "' 2> '" + (work / "peer_stderr.txt").string() + "'";
    const int rc = std::system(cmd.c_str());
    if (rc != 0) {
        p.reason = "python3-mapnik peer failed (exit " + std::to_string(rc) + "); see " +
                   (work / "peer_stderr.txt").string();
        return p;
    }
    std::ifstream in(result);
    std::string key;
    while (in >> key) {
        if (key == "tiles") in >> p.tiles;
        else if (key == "written") in >> p.written;
        else if (key == "bytes") in >> p.bytes;
        else if (key == "seconds") in >> p.seconds;
    }
    p.ok = p.seconds > 0;
    if (!p.ok) p.reason = "no timing in " + result.string();
    return p;
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
