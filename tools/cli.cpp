#include "cli.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "ingest_command.hpp"

#include <assetmap/core/error.hpp>

#include <CLI/CLI.hpp>
#include <gdal.h>
#include <cpl_error.h>

#include <cstdlib>
#include <functional>
#include <string>

namespace assetmap::tools {

namespace {

const char* const exit_code_help =
    "Exit codes: 0 ok, 1 internal error, 2 usage, 3 input data, 4 study file/taxonomy, "
    "5 CRS, 6 output, 7 --strict found problems, 8 not built yet.";

/// Process-wide set-up: GDAL drivers once, GDAL's own error printing silenced (errors are
/// reported through exceptions with the GDAL message), hermetic PROJ.
void setup_process() {
    setenv("PROJ_SKIP_READ_USER_WRITABLE_DIRECTORY", "YES", 0);
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
}

/// Maps an exception to its exit code and prints it.
int report(Console& console, const std::function<int()>& body) {
    try {
        return body();
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
    } catch (const io_error& e) {
        console.error(e.what());
        return exit_output;
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

/// A subcommand a later issue builds: named, documented, and honest about it.
void add_placeholder(CLI::App& app, const std::string& name, const std::string& what,
                     std::function<int()>& action) {
    auto* cmd = app.add_subcommand(name, what + " (not built yet)");
    cmd->allow_extras();
    cmd->callback([&action, name] {
        action = [name]() -> int {
            throw not_built_error("'assetmap " + name +
                                  "' is not built yet in this version; see the README "
                                  "for what is available (assetmap ingest)");
        };
    });
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App app{"assetmap — community asset mapping: areas, assets and how well residents "
                 "reach them.",
                 "assetmap"};
    app.footer(exit_code_help);
    app.require_subcommand(1);
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

    add_placeholder(app, "measure", "Compute every measure of a study and export layers", action);
    add_placeholder(app, "count", "Count points in polygons for any inputs", action);
    add_placeholder(app, "run", "The main job: ingest, measure, export, tiles, report", action);
    add_placeholder(app, "tiles", "Render raster and vector tiles", action);
    add_placeholder(app, "serve", "Serve tiles, features and profiles over HTTP", action);
    add_placeholder(app, "report", "Write the static HTML atlas", action);
    add_placeholder(app, "near", "List assets within walking time of a place", action);

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
    if (ing->parsed()) {
        action = [&] { return ingest_command(ingest, console); };
    }
    setup_process();
    return report(console, action);
}

}  // namespace assetmap::tools
