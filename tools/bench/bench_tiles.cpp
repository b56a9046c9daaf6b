// assetmap_bench_tiles: the vector tiler on the Newport atlas (layers `areas`, with every
// measure column, and `assets`) against GDAL's MVT writer (`ogr2ogr -f MBTiles`) on the same
// layers and zooms. See tools/bench/README.md, "assetmap_bench_tiles".
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <sys/wait.h>

#include <algorithm>
#include <assetmap/core/error.hpp>
#include <assetmap/core/problem.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/tiles/tile_math.hpp>
#include <assetmap/tiles/tile_store.hpp>
#include <assetmap/tiles/vector_tiler.hpp>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../exit_codes.hpp"
#include "bench_clock.hpp"

namespace {

namespace fs = std::filesystem;
namespace tiles = assetmap::tiles;
namespace tools = assetmap::tools;
using assetmap::bench::Stopwatch;

const char* const kUsage =
    R"(usage: assetmap_bench_tiles [options]

Times the vector tiler (assetmap::tiles::build_vector_tiles: per-zoom bucketing, clipping,
simplification, MVT encoding, 500 KB cap, gzip) on the Newport atlas layers `areas` (every
measure column) and `assets`, read and projected to EPSG:3857 with io::read_vector; then
GDAL's MVT writer on the same layers and zooms:
  ogr2ogr -f MBTiles OUT.mbtiles ATLAS areas assets -dsco MINZOOM=.. -dsco MAXZOOM=..
Prints tiles/s, total bytes, the largest tile and the speed ratio assetmap / ogr2ogr.

  --atlas FILE      the atlas GeoPackage (default: WORK/atlas/newport.gpkg, made with
                    `ASSETMAP run -o WORK/atlas` when missing)
  --assetmap EXE    the assetmap CLI used to make the atlas (default: the build's)
  --zoom A-B        zoom range (default 6-15)
  --threads N       encoding threads (default: hardware threads)
  --repeat N        timed runs per figure, best reported (default 3)
  --output KIND     where the end-to-end run writes: mbtiles (default; the peer's
                    container, through assetmap's TileWriter), folder (z/x/y.pbf) or memory
  --no-gzip         leave tiles uncompressed (shows gzip's share; the peer still gzips)
  --no-peer         do not run ogr2ogr
  --work-dir DIR    where tiles and the peer's MBTiles are written (default
                    /tmp/assetmap_bench_tiles)
  --help            this text

Exit codes: 0 ok, 1 internal error, 2 usage, 3 input data, 5 CRS, 6 output.
)";

struct UsageError {
    std::string message;
};

struct Config {
    std::string atlas;
    std::string assetmap = ASSETMAP_BENCH_ASSETMAP_EXE;
    std::uint8_t min_zoom = 6, max_zoom = 15;
    unsigned threads = 1;
    unsigned repeat = 3;
    bool peer = true;
    bool gzip = true;
    std::string output = "mbtiles";  ///< end-to-end target: mbtiles, folder or memory
    std::string work_dir = "/tmp/assetmap_bench_tiles";
};

unsigned parse_unsigned(const std::string& option, const std::string& text) {
    unsigned v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || v == 0)
        throw UsageError{option + ": not a positive whole number: '" + text + "'"};
    return v;
}

Config parse_args(int argc, char** argv, bool* help) {
    Config c;
    c.threads = std::max(1u, std::thread::hardware_concurrency());
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw UsageError{arg + " needs a value"};
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            *help = true;
        } else if (arg == "--atlas") {
            c.atlas = value();
        } else if (arg == "--assetmap") {
            c.assetmap = value();
        } else if (arg == "--zoom") {
            const std::string v = value();
            const auto z = tiles::parse_zoom_range(v);
            if (!z) throw UsageError{"--zoom: not a zoom range like 6-15 (0..24): '" + v + "'"};
            c.min_zoom = z->first;
            c.max_zoom = z->second;
        } else if (arg == "--threads") {
            c.threads = parse_unsigned(arg, value());
        } else if (arg == "--repeat") {
            c.repeat = parse_unsigned(arg, value());
        } else if (arg == "--output") {
            c.output = value();
            if (c.output != "mbtiles" && c.output != "folder" && c.output != "memory")
                throw UsageError{"--output: mbtiles, folder or memory, not '" + c.output + "'"};
        } else if (arg == "--no-gzip") {
            c.gzip = false;
        } else if (arg == "--no-peer") {
            c.peer = false;
        } else if (arg == "--work-dir") {
            c.work_dir = value();
        } else {
            throw UsageError{"unknown option '" + arg + "' (see --help)"};
        }
    }
    if (c.atlas.empty()) c.atlas = (fs::path(c.work_dir) / "atlas" / "newport.gpkg").string();
    return c;
}

// --- processes ---------------------------------------------------------------------------

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (const char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return out + "'";
}

struct CommandResult {
    int exit_code = -1;
    double seconds = 0.0;
    std::string output;  // stdout and stderr
};

CommandResult run_command(const std::vector<std::string>& argv) {
    std::string command;
    for (const std::string& a : argv) command += shell_quote(a) + ' ';
    command += "2>&1";
    CommandResult r;
    const Stopwatch clock;
    std::FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return r;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
    const int status = pclose(pipe);
    r.seconds = clock.seconds();
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// --- reading the atlas -------------------------------------------------------------------

struct GdalDatasetCloser {
    void operator()(void* ds) const { GDALClose(ds); }
};

struct FieldDef {
    std::string name;
    OGRFieldType type;
};

/// The attribute fields of a layer, in order (the GeoPackage's schema, for the value types
/// that io::read_vector returns as text).
std::vector<FieldDef> layer_fields(const std::string& path, const std::string& layer) {
    std::unique_ptr<void, GdalDatasetCloser> ds(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) throw assetmap::input_error(path, "cannot open: " + std::string(CPLGetLastErrorMsg()));
    OGRLayerH l = GDALDatasetGetLayerByName(ds.get(), layer.c_str());
    if (!l) throw assetmap::input_error(path, "no layer '" + layer + "'");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    std::vector<FieldDef> out;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        OGRFieldDefnH f = OGR_FD_GetFieldDefn(defn, i);
        out.push_back({OGR_Fld_GetNameRef(f), OGR_Fld_GetType(f)});
    }
    return out;
}

tiles::VtValue typed_value(const std::string& text, OGRFieldType type) {
    if (type == OFTInteger || type == OFTInteger64) {
        std::int64_t v = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
        if (r.ec == std::errc() && r.ptr == text.data() + text.size()) return v;
        return text;
    }
    if (type == OFTReal) {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end && *end == '\0') return v;
        return text;
    }
    return text;
}

struct LoadedLayer {
    tiles::VtLayer layer;
    std::size_t vertices = 0;
};

/// Reads one atlas layer with io::read_vector into EPSG:3857 and converts it to a VtLayer.
LoadedLayer load_layer(const std::string& path, const std::string& name,
                       assetmap::io::GeometryWant want, assetmap::ProblemReport& problems) {
    const std::vector<FieldDef> fields = layer_fields(path, name);
    assetmap::io::VectorRequest req;
    req.path = path;
    req.layer = name;
    req.target_crs = "EPSG:3857";
    req.want = want;
    for (const FieldDef& f : fields) req.fields.push_back(f.name);
    const assetmap::io::VectorData data = assetmap::io::read_vector(req, problems);

    LoadedLayer out;
    out.layer.name = name;
    out.layer.fields = req.fields;
    out.layer.features.reserve(data.features.size());
    for (const auto& vf : data.features) {
        tiles::VtFeature f;
        f.id = std::uint64_t(vf.fid);
        if (vf.is_polygon) {
            f.polygons = vf.polygon;
            out.vertices += assetmap::vertex_count(vf.polygon);
        } else {
            f.points.push_back(vf.point);
            ++out.vertices;
        }
        f.values.reserve(fields.size());
        for (std::size_t i = 0; i < fields.size(); ++i)
            f.values.push_back(vf.is_null[i] ? tiles::VtValue{}
                                             : typed_value(vf.values[i], fields[i].type));
        out.layer.features.push_back(std::move(f));
    }
    return out;
}

/// Reads `areas` and `assets`, at the same time when `parallel` (each read has its own GDAL
/// dataset and PROJ context); problems merged in that order.
std::pair<LoadedLayer, LoadedLayer> load_atlas(const std::string& path, bool parallel,
                                               assetmap::ProblemReport& problems) {
    assetmap::ProblemReport asset_problems;
    auto read_assets = [&] {
        return load_layer(path, "assets", assetmap::io::GeometryWant::points, asset_problems);
    };
    std::future<LoadedLayer> assets;
    if (parallel) assets = std::async(std::launch::async, read_assets);
    LoadedLayer areas = load_layer(path, "areas", assetmap::io::GeometryWant::polygons, problems);
    LoadedLayer a = parallel ? assets.get() : read_assets();
    for (const auto& p : asset_problems.problems()) problems.add(p);
    return {std::move(areas), std::move(a)};
}

std::string mb(double bytes) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(2);
    s << bytes / 1e6 << " MB";
    return s.str();
}

std::string tile_name(const tiles::TileId& t) {
    return std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y);
}

struct TilingRun {
    double seconds = 0.0;
    double cpu_seconds = 0.0;  ///< process CPU time (all threads) over the run
    tiles::VectorTileStats stats;
};

/// One build into memory (the sink only counts): the tiler alone.
TilingRun tile_in_memory(const std::vector<tiles::VtLayer>& layers, const Config& c,
                         unsigned threads) {
    tiles::VectorTilerOptions o;
    o.threads = threads;
    o.gzip = c.gzip;
    assetmap::ProblemReport problems;
    std::uint64_t seen = 0;
    TilingRun r;
    const double cpu0 = assetmap::bench::process_cpu_seconds();
    const Stopwatch clock;
    r.stats = tiles::build_vector_tiles(
        layers, c.min_zoom, c.max_zoom, o,
        [&](const tiles::TileId&, std::string_view bytes) { seen += bytes.size(); }, problems);
    r.seconds = clock.seconds();
    r.cpu_seconds = assetmap::bench::process_cpu_seconds() - cpu0;
    if (seen != r.stats.bytes_written) throw std::logic_error("sink and stats disagree");
    return r;
}

/// Reads, projects, tiles, gzips and stores (c.output): the whole job, as ogr2ogr does it.
double end_to_end(const Config& c) {
    const fs::path out = fs::path(c.work_dir) / (c.output == "mbtiles" ? "tiles.mbtiles" : "tiles");
    fs::remove_all(out);
    const Stopwatch clock;
    assetmap::ProblemReport problems;
    auto [areas, assets] = load_atlas(c.atlas, c.threads > 1, problems);
    const std::vector<tiles::VtLayer> layers{std::move(areas.layer), std::move(assets.layer)};
    tiles::VectorTilerOptions o;
    o.threads = c.threads;
    o.gzip = c.gzip;
    std::unique_ptr<tiles::TileWriter> writer;
    if (c.output != "memory") writer = tiles::open_tile_writer(out, tiles::TileFormat::pbf);
    std::uint64_t bytes = 0;
    tiles::build_vector_tiles(
        layers, c.min_zoom, c.max_zoom, o,
        [&](const tiles::TileId& t, std::string_view b) {
            bytes += b.size();
            if (writer) writer->put(t, std::string(b));
        },
        problems);
    if (writer) {
        tiles::TilesetMetadata m;
        m.name = "newport";
        m.description = "assetmap_bench_tiles: areas and assets";
        m.format = tiles::TileFormat::pbf;
        m.min_zoom = c.min_zoom;
        m.max_zoom = c.max_zoom;
        if (const auto b = tiles::layers_bounds(layers)) {
            const assetmap::LonLat sw = tiles::mercator_to_lonlat({b->min_x, b->min_y});
            const assetmap::LonLat ne = tiles::mercator_to_lonlat({b->max_x, b->max_y});
            m.bounds = assetmap::BoxLonLat{sw.lon_deg, sw.lat_deg, ne.lon_deg, ne.lat_deg};
        }
        m.vector_layers_json = tiles::vector_layers_json(layers, c.min_zoom, c.max_zoom);
        m.tile_compression = c.gzip ? tiles::TileCompression::gzip : tiles::TileCompression::none;
        writer->finish(m);
    }
    return clock.seconds();
}

struct PeerFigures {
    bool ran = false;
    std::string why_not;
    double seconds = 0.0;
    std::uint64_t tiles = 0, bytes = 0, max_bytes = 0;
};

PeerFigures run_ogr2ogr(const Config& c, const fs::path& out) {
    PeerFigures p;
    for (unsigned i = 0; i < c.repeat; ++i) {
        fs::remove(out);
        const CommandResult r =
            run_command({"ogr2ogr", "-f", "MBTiles", out.string(), c.atlas, "areas", "assets",
                         "-dsco", "MINZOOM=" + std::to_string(c.min_zoom), "-dsco",
                         "MAXZOOM=" + std::to_string(c.max_zoom)});
        if (r.exit_code != 0) {
            p.why_not = "ogr2ogr failed (exit " + std::to_string(r.exit_code) +
                        "): " + r.output.substr(0, 400);
            return p;
        }
        if (!p.ran || r.seconds < p.seconds) p.seconds = r.seconds;
        p.ran = true;
    }
    const CommandResult q =
        run_command({"sqlite3", out.string(),
                     "SELECT COUNT(*), SUM(LENGTH(tile_data)), MAX(LENGTH(tile_data)) FROM tiles"});
    unsigned long long n = 0, bytes = 0, max_bytes = 0;
    if (q.exit_code == 0 &&
        std::sscanf(q.output.c_str(), "%llu|%llu|%llu", &n, &bytes, &max_bytes) == 3) {
        p.tiles = n;
        p.bytes = bytes;
        p.max_bytes = max_bytes;
    }
    return p;
}

int run(const Config& c) {
    fs::create_directories(c.work_dir);
    if (!fs::exists(c.atlas)) {
        const fs::path atlas_dir = fs::path(c.atlas).parent_path();
        std::cout << "atlas: " << c.atlas << " missing; making it with " << c.assetmap << " run -o "
                  << atlas_dir.string() << "\n";
        const CommandResult r = run_command({c.assetmap, "-q", "run", "-o", atlas_dir.string()});
        if (r.exit_code != 0 || !fs::exists(c.atlas))
            throw assetmap::input_error(c.atlas, "could not make the atlas (" + c.assetmap +
                                                     " run exited " + std::to_string(r.exit_code) +
                                                     "): " + r.output.substr(0, 400) +
                                                     " — pass --atlas FILE");
    }

    // Input: read and project once (timed), for the tiling-only figures.
    assetmap::ProblemReport problems;
    const Stopwatch load_clock;
    auto [areas, assets] = load_atlas(c.atlas, c.threads > 1, problems);
    const double load_s = load_clock.seconds();
    std::cout << "input: " << c.atlas << "\n"
              << "  areas: " << areas.layer.features.size() << " polygons, "
              << areas.layer.fields.size() << " fields, " << areas.vertices << " vertices\n"
              << "  assets: " << assets.layer.features.size() << " points, "
              << assets.layer.fields.size() << " fields\n"
              << "  read + project to EPSG:3857 (io::read_vector"
              << (c.threads > 1 ? ", both layers at once" : "") << "): " << load_s << " s"
              << (problems.empty() ? "" : ", " + std::to_string(problems.size()) + " problems")
              << "\n";
    const std::vector<tiles::VtLayer> layers{std::move(areas.layer), std::move(assets.layer)};

    // The tiler alone, into memory, 1 thread and --threads.
    std::vector<unsigned> thread_counts{1};
    if (c.threads > 1) thread_counts.push_back(c.threads);
    TilingRun best_multi;
    double best_tiling = 0.0;
    for (unsigned t : thread_counts) {
        TilingRun best;
        for (unsigned i = 0; i < c.repeat; ++i) {
            TilingRun r = tile_in_memory(layers, c, t);
            if (i == 0 || r.seconds < best.seconds) best = std::move(r);
        }
        const auto& s = best.stats;
        std::cout << "tiling z" << int(c.min_zoom) << "-" << int(c.max_zoom) << " threads=" << t
                  << ": " << best.seconds << " s, " << s.tiles_written << " tiles, "
                  << double(s.tiles_written) / best.seconds << " tiles/s, CPU x cores "
                  << best.cpu_seconds / best.seconds << "\n";
        if (t > 1 && best.cpu_seconds / best.seconds < 0.75 * t)
            std::cout << "note: CPU time well below " << t << " x the wall time: other work "
                      << "held the cores, so the " << t << "-thread figure is not a fair one\n";
        best_multi = best;
        best_tiling = best.seconds;
    }
    const auto& s = best_multi.stats;
    std::cout << "tiles: " << s.tiles_written << ", " << mb(double(s.bytes_written))
              << (c.gzip ? " gzipped" : " uncompressed") << " (mean "
              << (s.tiles_written ? s.bytes_written / s.tiles_written : 0) << " B), max tile "
              << s.max_tile_bytes << " B at " << tile_name(s.max_tile) << ", capped "
              << s.capped.size() << ", features dropped " << s.features_dropped
              << ", feature occurrences " << s.features_written << "\n";
    for (const auto& z : s.zooms)
        std::cout << "  z" << int(z.z) << ": " << z.tiles << " tiles, " << z.bytes << " B, max "
                  << z.max_tile_bytes << " B\n";

    // The whole job: read, project, tile, gzip, write a folder.
    double best_e2e = 0.0;
    for (unsigned i = 0; i < c.repeat; ++i) {
        const double e = end_to_end(c);
        if (i == 0 || e < best_e2e) best_e2e = e;
    }
    std::cout << "end to end threads=" << c.threads << " (read, project, tile"
              << (c.gzip ? ", gzip" : "") << ", write " << c.output << "): " << best_e2e << " s, "
              << double(s.tiles_written) / best_e2e << " tiles/s\n";

    if (!c.peer) {
        std::cout << "peer: skipped (--no-peer)\n";
        return tools::exit_ok;
    }
    const PeerFigures p = run_ogr2ogr(c, fs::path(c.work_dir) / "peer.mbtiles");
    if (!p.ran) {
        std::cout << "peer: ogr2ogr not run: " << p.why_not << "\n";
        return tools::exit_ok;
    }
    std::cout << "peer ogr2ogr -f MBTiles (GDAL " << GDALVersionInfo("RELEASE_NAME")
              << "): " << p.seconds << " s, " << p.tiles << " tiles, "
              << double(p.tiles) / p.seconds << " tiles/s, " << mb(double(p.bytes)) << ", max tile "
              << p.max_bytes << " B\n";
    std::cout << "ratio assetmap/ogr2ogr (speed, same layers and zooms): end to end "
              << p.seconds / best_e2e << "x, tiling alone " << p.seconds / best_tiling
              << "x (target >= 5x)\n";
    std::cout << "memory: peak RSS " << assetmap::bench::peak_rss_mib() << " MiB\n";
    return tools::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
    Config config;
    try {
        bool help = false;
        config = parse_args(argc, argv, &help);
        if (help) {
            std::cout << kUsage;
            return tools::exit_ok;
        }
    } catch (const UsageError& e) {
        std::cerr << "assetmap_bench_tiles: " << e.message << "\n";
        return tools::exit_usage;
    }
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    try {
        return run(config);
    } catch (const assetmap::input_error& e) {
        std::cerr << "assetmap_bench_tiles: " << e.what() << "\n";
        return tools::exit_input;
    } catch (const assetmap::crs_error& e) {
        std::cerr << "assetmap_bench_tiles: " << e.what() << "\n";
        return tools::exit_crs;
    } catch (const assetmap::io_error& e) {
        std::cerr << "assetmap_bench_tiles: " << e.what() << "\n";
        return tools::exit_output;
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "assetmap_bench_tiles: " << e.what() << "\n";
        return tools::exit_output;
    } catch (const std::exception& e) {
        std::cerr << "assetmap_bench_tiles: internal error: " << e.what() << "\n";
        return tools::exit_internal;
    }
}
