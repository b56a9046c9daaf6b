#include "cli.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "interrupt.hpp"
#include "option_checks.hpp"
#include "count_command.hpp"
#include "ingest_command.hpp"
#include "measure_command.hpp"
#include "near_command.hpp"
#include "report_command.hpp"
#include "serve_command.hpp"
#include "tiles_command.hpp"
#include "usage_error.hpp"

#include <assetmap/atlas/point_count.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/core/study.hpp>
#include <assetmap/serve/http_server.hpp>

#include <CLI/CLI.hpp>
#include <gdal.h>
#include <cpl_error.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace assetmap::tools {

namespace {

/// Process-wide set-up: GDAL's own error printing silenced (errors are reported through
/// exceptions with the GDAL message), hermetic PROJ. GDAL's drivers are registered when first
/// needed (io::ensure_gdal_drivers), so `count` of a CSV never pays for them.
void setup_process() {
    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);
    CPLSetErrorHandler(CPLQuietErrorHandler);
}

/// Maps an exception to its exit code and prints it.
int report(Console& console, const std::function<int()>& body) {
    try {
        return body();
    } catch (const usage_error& e) {
        console.error(e.what());
        return exit_usage;
    } catch (const strict_error& e) {
        console.error(e.what());
        return exit_strict;
    } catch (const input_error& e) {
        console.error(e.what());
        return exit_input;
    } catch (const config_error& e) {
        console.error(e.what());
        return exit_config;
    } catch (const crs_error& e) {
        console.error(e.what());
        return exit_crs;
    } catch (const serve::listen_error& e) {
        console.error(e.what());
        return exit_listen;
    } catch (const io_error& e) {
        console.error(e.what());
        return exit_output;
    } catch (const render_error& e) {
        console.error(e.what());
        return exit_render;
    } catch (const missing_tool_error& e) {
        console.error(e.what());
        return exit_missing_tool;
    } catch (const not_built_error& e) {
        console.error(e.what());
        return exit_not_built;
    } catch (const std::bad_alloc&) {
        console.error("out of memory");
        return exit_internal;
    } catch (const std::exception& e) {
        console.error(std::string("internal error: ") + e.what() +
                      " (please report this with the command you ran)");
        return exit_internal;
    }
}

/// A number option checked before use: finite and within [lo, hi] (lo excluded when
/// `above_lo`); CLI11 turns a failure into a usage error (exit 2).
CLI::Validator number_in(double lo, double hi, bool above_lo, const std::string& unit) {
    char rule[128];
    std::snprintf(rule, sizeof rule, "a number %s %g and at most %g%s", above_lo ? ">" : ">=", lo,
                  hi, unit.empty() ? "" : (" (" + unit + ")").c_str());
    const std::string text = rule;
    return CLI::Validator(
        [=](std::string& s) -> std::string {
            const auto v = parse_finite(s);
            if (!v || (above_lo ? !(*v > lo) : !(*v >= lo)) || !(*v <= hi))
                return "'" + s + "' is not " + text;
            return {};
        },
        "NUMBER");
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App app{"assetmap — community asset mapping: areas, assets and how well residents "
                 "reach them.",
                 "assetmap"};
    app.footer(exit_code_help);
    app.require_subcommand(1);
    app.fallthrough();  // -q works after the subcommand too
    bool quiet = false;
    app.add_flag("-q,--quiet", quiet, "Print only errors");
    app.set_version_flag("--version", std::string("assetmap ") + ASSETMAP_VERSION);

    std::function<int()> action;

    IngestArgs ingest;
    auto* ing = app.add_subcommand(
        "ingest",
        "Read a study's areas, population points and assets; validate, reproject into the "
        "metric CRS, merge duplicates; write a GeoPackage with layers areas, "
        "population_points, assets, asset_footprints, problems and metadata.");
    ing->add_option("study", ingest.study,
                    "Study file (.toml), a folder holding study.toml, or a study name under "
                    "datasets/ (default: newport)");
    ing->add_option("-o,--output", ingest.output, "Output GeoPackage (.gpkg)")->required();
    ing->add_option("--data-dir", ingest.data_dir,
                    "Folder of the data files (overrides the study's data_dir and "
                    "ASSETMAP_DATA_DIR)");
    ing->add_flag("--strict", ingest.strict, "Fail (exit 7) if any data problem is found");
    ing->footer(exit_code_help);

    MeasureArgs measure_args;
    auto add_measure_options = [&measure_args](CLI::App* cmd, bool output_required) {
        cmd->add_option("study", measure_args.study,
                        "Study file (.toml), a folder holding study.toml, or a study name "
                        "under datasets/ (default: newport)");
        auto* o = cmd->add_option("-o,--output", measure_args.output,
                                  output_required
                                      ? "Output: a .gpkg/.fgb/.geojson/.shp/.csv path, a folder, "
                                        "or a PG:… connection string"
                                      : "Output folder (default out/<study>)");
        if (output_required) o->required();
        cmd->add_option("--format", measure_args.format,
                        output_required
                            ? "gpkg (default for .gpkg), fgb, geojson (EPSG:4326), shp, csv, "
                              "postgis"
                            : "fgb, geojson (EPSG:4326), shp or csv: every layer also as "
                              "<study>_<layer>.<ext> beside the atlas <study>.gpkg");
        cmd->add_option("--crs", measure_args.crs,
                        "Output CRS (default the study's metric CRS; GeoJSON is always "
                        "EPSG:4326)");
        cmd->add_option("--threshold", measure_args.thresholds,
                        "CATEGORY=METRES[,METRES…]: thresholds for a category (repeatable)");
        cmd->add_option("--categories", measure_args.categories,
                        "Measure only these categories (comma-separated)")
            ->delimiter(',');
        cmd->add_option("--threads", measure_args.threads,
                        "Worker threads (default: all cores; at most 4 × cores)")
            ->check(whole_number_in(0, 1000000));
        cmd->add_option("--data-dir", measure_args.data_dir,
                        "Folder of the data files (overrides the study and ASSETMAP_DATA_DIR)");
        cmd->add_flag("--strict", measure_args.strict,
                      "Fail (exit 7) if ingest finds any data problem");
        cmd->add_flag("--no-memory-check", measure_args.no_memory_check,
                      "Trace the walking catchments even when their estimated memory exceeds "
                      "what the machine has available (refused otherwise, exit 4)");
        cmd->add_option("--edits", measure_args.edits,
                        "Apply the community edits of an edit store (the server's "
                        "<atlas>/edits.sqlite, or PG:…) to the sources before measuring");
        cmd->footer(exit_code_help);
    };
    auto* meas = app.add_subcommand(
        "measure",
        "Ingest a study, compute every measure for every area and comparator, the indicators, "
        "domain scores and asset index, and export the layers areas, assets, "
        "asset_footprints, measures, comparators, indicators, problems and metadata.");
    add_measure_options(meas, true);
    auto* run = app.add_subcommand(
        "run", "The main job: ingest, measure and export the study (default: newport) into "
               "out/<study>/<study>.gpkg, with its default vector and raster tile sets and the "
               "bilingual HTML report (out/<study>/report/).");
    add_measure_options(run, false);
    run->add_flag("--no-report", measure_args.no_report,
                  "Do not write the HTML report (out/<study>/report/)");

    NearArgs near_args;
    auto* nr = app.add_subcommand(
        "near", "What is near here: assets reachable from a place on foot (--mode walk) or by "
                "walk + bus and train leaving at --depart (--mode transit), soonest first, with "
                "minutes, name, category and source; for transit also the journey (the social "
                "prescriber's question).");
    nr->add_option("study", near_args.study,
                   "Study (default: newport); walk needs its [network], transit its [transit]");
    nr->add_option("--at", near_args.at, "The place: LON,LAT in degrees (WGS84)")->required();
    nr->add_option("--mode", near_args.mode, "walk (default) or transit")
        ->check(CLI::IsMember({"walk", "transit"}));
    nr->add_option("--minutes", near_args.minutes,
                   "Time limit door to door (default 15 walking, 30 by transit; at most 600)")
        ->check(number_in(0, max_walk_minutes, true, "minutes"));
    nr->add_option("--depart", near_args.depart, "transit: leaving time HH:MM (required)");
    nr->add_option("--date", near_args.date,
                   "transit: service date YYYY-MM-DD (default: the study's transit date)");
    nr->add_option("--category", near_args.categories, "Only these categories (comma-separated)")
        ->delimiter(',');
    nr->add_option("--domain", near_args.domains,
                   "Only these domains: individual, community, structural")
        ->delimiter(',');
    nr->add_option("--format", near_args.format, "table (default), json or geojson");
    nr->add_option("--data-dir", near_args.data_dir, "Folder of the data files");
    nr->footer(exit_code_help);

    CountArgs count_args;
    auto* cnt = add_count_command(app, count_args);
    TilesArgs tiles_args;
    TilesMergeArgs merge_args;
    const TilesCommands tiles = add_tiles_commands(app, tiles_args, merge_args);
    ServeArgs serve_args;
    auto* srv = app.add_subcommand(
        "serve", "The atlas over HTTP: tiles and TileJSON, OGC API - Features, area profiles, "
                 "'near here' and the web map (builds the atlas first when given a study whose "
                 "atlas is missing or stale).");
    srv->add_option("source", serve_args.source,
                    "An atlas folder (what run writes, out/<study>), an atlas .gpkg, or a study "
                    "(file, folder or name; default newport)");
    srv->add_option("--port", serve_args.port, "TCP port (default 8080; 0 = any free port)")
        ->check(CLI::Range(0, 65535));
    srv->add_option("--bind", serve_args.bind,
                    "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)");
    srv->add_option("--threads", serve_args.threads,
                    "Network threads (default: the hardware threads)");
    srv->add_option("--workers", serve_args.workers,
                    "Threads for slow requests: rendering, near, feature pages (default: the "
                    "hardware threads)");
    srv->add_option("-o,--output", serve_args.output,
                    "With a study: the atlas folder to use or build (default out/<study>)");
    srv->add_option("--data-dir", serve_args.data_dir, "Folder of the study's data files");
    srv->add_option("--web", serve_args.web_dir,
                    "Folder of the web page bundle (default: the build tree's "
                    "tools/serve/web)");
    srv->add_option("--styles", serve_args.styles_dir,
                    "Folder of the raster styles (default: the source tree's styles/)");
    srv->add_option("--public-url", serve_args.public_url,
                    "URL prefix of links and TileJSON when behind a proxy, e.g. "
                    "https://maps.example.org");
    srv->add_option("--render-max-zoom", serve_args.render_max_zoom,
                    "Highest zoom of raster tiles rendered on demand (default 18)");
    srv->add_option("--raster-cache-mb", serve_args.raster_cache_mb,
                    "Memory for rendered raster tiles, MB (default 64)");
    srv->add_option("--preload-mb", serve_args.preload_mb,
                    "Tile archives up to this total size are held in memory, MB (default 1024)");
    srv->add_option("--tile-max-age", serve_args.tile_max_age,
                    "Cache-Control max-age of tiles, seconds (default 3600)");
    srv->add_flag("--no-near", serve_args.no_near,
                  "Do not load the walking network (/api/near answers 503)");
    srv->add_flag("--no-build", serve_args.no_build,
                  "With a study: fail instead of building a missing or stale atlas");
    srv->add_option("--port-file", serve_args.port_file,
                    "Write the port listened on to this file (for scripts with --port 0)");
    srv->add_option("--tokens", serve_args.tokens,
                    "Editors' tokens: one 'NAME TOKEN' per line; turns on asset editing "
                    "(POST/PATCH/DELETE /api/assets with Authorization: Bearer TOKEN)");
    srv->add_option("--db", serve_args.db,
                    "The edit store: a SQLite file or PG:<connection string> (default "
                    "<atlas folder>/edits.sqlite)");
    srv->add_option("--edit-rate", serve_args.edit_rate,
                    "Edits per minute per token (default 60; 0 = no limit)");
    srv->add_option("--edit-margin-m", serve_args.edit_margin_m,
                    "Accept edited assets up to this many metres outside the study areas "
                    "(default 0)");
    srv->footer(exit_code_help);

    ReportArgs report_args;
    auto* rep = app.add_subcommand(
        "report", "The static, printable, bilingual (English/Welsh) atlas of a measured atlas: an "
                  "index page with the overview map and a table of all areas, and a profile page "
                  "per area with its map, spider chart, indicators beside the comparators, "
                  "highlights, walking catchments and assets; works from file:// with no server.");
    rep->add_option("atlas", report_args.source,
                    "An atlas folder (out/<study>), an atlas .gpkg, or a study (its atlas "
                    "out/<study>/<study>.gpkg; default: newport)");
    rep->add_option("-o,--output", report_args.output,
                    "Report folder (default: report/ beside the atlas)");
    rep->add_option("--lang", report_args.languages,
                    "Languages, comma-separated: en, cy (default en,cy)");
    rep->add_flag("--pdf", report_args.pdf,
                  "Also print each language's whole atlas to <lang>/atlas.pdf with headless "
                  "Chromium (exit 10 when it is not installed)");
    rep->add_option("--chromium", report_args.chromium,
                    "The Chromium binary for --pdf (default: chromium on PATH)");
    rep->add_flag("--no-maps", report_args.no_maps, "Leave out the map images");
    rep->footer(exit_code_help);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_usage;
    }

    Console console(quiet);
    if (ing->parsed()) action = [&] { return ingest_command(ingest, console); };
    if (meas->parsed()) action = [&] { return measure_command(measure_args, console); };
    if (run->parsed()) action = [&] { return run_command(measure_args, console); };
    if (cnt->parsed())
        action = [&] { return count_command(count_args, console, &atlas::count_points); };
    if (nr->parsed()) action = [&] { return near_command(near_args, console); };
    if (rep->parsed()) action = [&] { return report_command(report_args, console); };
    if (tiles.vector->parsed())
        action = [&] { return tiles_vector_command(tiles_args, console); };
    if (tiles.raster->parsed())
        action = [&] { return tiles_raster_command(tiles_args, console); };
    if (tiles.merge->parsed())
        action = [&] { return tiles_merge_command(merge_args, console); };
    if (srv->parsed()) action = [&] { return serve_command(serve_args, console); };
    install_interrupt_cleanup();  // before any worker thread starts (serve hands it over)
    setup_process();
    return report(console, action);
}

}  // namespace assetmap::tools
