#include "serve_command.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "ingest_command.hpp"
#include "interrupt.hpp"
#include "measure_command.hpp"
#include "usage_error.hpp"

#include <assetmap/core/date.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/io/output_paths.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/serve/atlas_service.hpp>
#include <assetmap/serve/edit_service.hpp>
#include <assetmap/serve/http_server.hpp>
#include <assetmap/serve/serve_state.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace assetmap::tools {

namespace fs = std::filesystem;

namespace {

fs::file_time_type mtime(const std::string& path) {
    std::error_code ec;
    const auto t = fs::last_write_time(path, ec);
    return ec ? fs::file_time_type::min() : t;
}

/// The newest input of a study, and its path.
std::pair<fs::file_time_type, std::string> newest_input(const Study& study) {
    std::vector<std::string> inputs = {study.file, study.taxonomy_path, study.areas.path,
                                       study.areas.population_csv};
    if (study.population_points) inputs.push_back(study.population_points->path);
    for (const auto& a : study.assets) inputs.push_back(a.path);
    if (study.network) inputs.push_back(study.network->path);
    std::pair<fs::file_time_type, std::string> newest{fs::file_time_type::min(), ""};
    for (const auto& p : inputs) {
        if (p.empty()) continue;
        const auto t = mtime(p);
        if (t > newest.first) newest = {t, p};
    }
    return newest;
}


}  // namespace

AtlasLocation locate_atlas(const ServeArgs& args) {
    AtlasLocation loc;
    const std::string& s = args.source;
    std::error_code ec;
    if (!s.empty() && fs::is_regular_file(s, ec) && fs::path(s).extension() == ".gpkg") {
        loc.atlas_gpkg = s;
        return loc;
    }
    if (!s.empty() && fs::is_directory(s, ec) && !fs::exists(fs::path(s) / "study.toml", ec)) {
        const fs::path dir(s);
        const fs::path named = dir / (fs::absolute(dir).lexically_normal().filename().string() + ".gpkg");
        if (fs::is_regular_file(named, ec)) {
            loc.atlas_gpkg = named.string();
            return loc;
        }
        std::vector<std::string> found;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".gpkg") found.push_back(e.path().filename().string());
        if (found.size() == 1) {
            loc.atlas_gpkg = (dir / found.front()).string();
            return loc;
        }
        if (found.empty())
            throw input_error(s, "no atlas GeoPackage (.gpkg) in this folder; give the folder "
                                 "'assetmap run' wrote (out/<study>) or a study to build");
        std::string list;
        for (const auto& f : found) list += (list.empty() ? "" : ", ") + f;
        throw input_error(s, "several GeoPackages here (" + list + "); give the atlas .gpkg itself");
    }
    loc.study_file = resolve_study_path(s);
    const Study study = io::load_study(loc.study_file, args.data_dir);
    const fs::path dir = args.output.empty() ? fs::path("out") / study.name : fs::path(args.output);
    loc.atlas_gpkg = (dir / (study.name + ".gpkg")).string();
    if (!fs::exists(loc.atlas_gpkg, ec)) {
        loc.stale = true;
        loc.why = "no atlas at " + loc.atlas_gpkg;
    } else {
        const auto [t, path] = newest_input(study);
        if (t > mtime(loc.atlas_gpkg)) {
            loc.stale = true;
            loc.why = path + " is newer than " + loc.atlas_gpkg;
        }
    }
    return loc;
}

int serve_command(const ServeArgs& args, Console& console) {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    if (args.threads > max_threads || args.workers > max_threads)
        throw usage_error("--threads and --workers must be at most 256");
    if (args.port > 65535) throw usage_error("--port must be 0 to 65535");
    if (args.render_max_zoom > 24) throw usage_error("--render-max-zoom must be 0 to 24");

    const AtlasLocation loc = locate_atlas(args);
    if (!args.port_file.empty()) {  // a file serve writes: never the atlas or a study input
        std::vector<io::InputFile> inputs = {{loc.atlas_gpkg, "the atlas"}};
        if (!loc.study_file.empty()) {
            const auto study = io::study_inputs(io::load_study(loc.study_file, args.data_dir));
            inputs.insert(inputs.end(), study.begin(), study.end());
        }
        io::check_not_an_input(args.port_file, inputs);
    }
    if (loc.stale && args.no_build)
        throw input_error(loc.atlas_gpkg, "the atlas is missing or stale (" + loc.why +
                                              "); run without --no-build to build it");

    // Listen first (a port in use fails before any work); connections wait in the backlog
    // until the state is loaded and the server started.
    const bool quiet = console.quiet();
    serve::ServiceOptions service_options;
    service_options.public_url = args.public_url;
    service_options.tile_max_age_s = args.tile_max_age;
    serve::AtlasService service(nullptr, service_options);
    serve::ServerOptions options;
    options.bind = args.bind;
    options.port = static_cast<unsigned short>(args.port);
    options.threads = args.threads ? args.threads : hw;
    options.workers = args.workers ? args.workers : hw;
    if (!quiet) {
        auto mu = std::make_shared<std::mutex>();
        options.access_log = [mu](const serve::AccessLogEntry& e) {
            char line[1024];
            std::snprintf(line, sizeof line, "%s %s %s %s %u %zu %lld µs%s%s\n",
                          utc_now_iso().c_str(), e.remote.empty() ? "-" : e.remote.c_str(),
                          e.method.c_str(), e.target.empty() ? "-" : e.target.c_str(), e.status,
                          e.bytes, static_cast<long long>(e.micros), e.note.empty() ? "" : " ",
                          e.note.c_str());
            std::lock_guard<std::mutex> lk(*mu);
            std::fputs(line, stderr);
        };
    }
    serve::HttpServer server(service, options);

    if (loc.stale) {
        if (!quiet)
            std::fprintf(stderr, "assetmap serve: building the atlas first (%s)\n", loc.why.c_str());
        MeasureArgs run;
        run.study = loc.study_file;
        run.output = fs::path(loc.atlas_gpkg).parent_path().string();
        run.data_dir = args.data_dir;
        run.threads = args.threads;
        run_command(run, console);
    }

    static std::once_flag mapnik_once;
    std::call_once(mapnik_once, [] {
        tiles::register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR,
                                                 ASSETMAP_MAPNIK_PLUGINS_DIR);
    });

    serve::ServeConfig config;
    config.atlas_gpkg = loc.atlas_gpkg;
    config.web_dir = args.web_dir.empty() ? std::string(ASSETMAP_WEB_DIR) : args.web_dir;
    config.data_dir = args.data_dir;
    config.near = !args.no_near;
    config.tiles.styles_dir = args.styles_dir.empty() ? std::string(ASSETMAP_STYLES_DIR)
                                                      : args.styles_dir;
    config.tiles.render_max_zoom = static_cast<std::uint8_t>(args.render_max_zoom);
    config.tiles.raster_cache_bytes = std::size_t(args.raster_cache_mb) << 20;
    config.tiles.preload_max_bytes = std::uint64_t(args.preload_mb) << 20;
    const auto say = [quiet](const std::string& line) {
        if (!quiet) std::fprintf(stderr, "assetmap serve: %s\n", line.c_str());
    };
    service.swap_state(serve::load_state(config, say));

    // Asset editing: with --tokens, or when there is an edit store to apply (read-only).
    std::unique_ptr<serve::EditService> edits;
    const std::string store =
        args.db.empty() ? (fs::path(loc.atlas_gpkg).parent_path() / "edits.sqlite").string()
                        : args.db;
    std::error_code ec;
    if (!args.tokens.empty() || !args.db.empty() || fs::exists(store, ec)) {
        serve::EditOptions eo;
        eo.store = store;
        if (!args.tokens.empty()) {
            eo.tokens = serve::TokenTable::load(args.tokens);
            const auto perms = fs::status(args.tokens, ec).permissions();
            if (!ec && (perms & (fs::perms::group_read | fs::perms::others_read)) != fs::perms::none)
                say("warning: " + args.tokens + " is readable by other users; chmod 600 it");
        }
        eo.rate_per_minute = args.edit_rate;
        if (!(args.edit_margin_m >= 0 && args.edit_margin_m <= 100000))
            throw config_error("--edit-margin-m must be 0 to 100000 metres");
        eo.margin_m = args.edit_margin_m;
        eo.study_file = serve::study_file_of(*service.state()->atlas, loc.atlas_gpkg);
        eo.data_dir = args.data_dir;
        eo.threads = args.threads ? args.threads : hw;
        edits = std::make_unique<serve::EditService>(service, std::move(eo), say);
        service.set_edit_handler(edits.get(), &serve::EditService::owns);
        if (!args.tokens.empty()) service.set_json_cache_control("no-cache");
    }

    const std::string host = args.bind.find(':') != std::string::npos ? "[" + args.bind + "]"
                                                                       : args.bind;
    if (!args.port_file.empty()) {
        std::ofstream out(args.port_file);
        out << server.port() << "\n";
        if (!out) throw io_error(args.port_file + ": cannot write the port file");
    }
    if (!quiet)
        std::fprintf(stderr,
                     "assetmap serve: listening on http://%s:%u/ with %u threads and %u workers "
                     "(Ctrl-C or SIGTERM stops it)\n",
                     host.c_str(), server.port(), options.threads, options.workers);
    stop_interrupt_cleanup();  // from here the server's own signal wait stops it cleanly
    const int sig = server.run_until_signal();
    if (!quiet)
        std::fprintf(stderr, "assetmap serve: stopped (signal %d); requests in flight finished\n",
                     sig);
    return exit_ok;
}

}  // namespace assetmap::tools
