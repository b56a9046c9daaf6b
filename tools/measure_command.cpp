#include "measure_command.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "ingest_command.hpp"
#include "qgis_styles.hpp"
#include "report_command.hpp"
#include "stage_meter.hpp"
#include "system_memory.hpp"
#include "tiles_command.hpp"
#include "usage_error.hpp"

#include <assetmap/atlas/study_run.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/io/output_paths.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/serve/edit_store.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

namespace assetmap::tools {

namespace {

/// Parses "bus_stop=400,800" into the options.
void parse_threshold(const std::string& text, atlas::RunOptions& options) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw usage_error("--threshold '" + text + "': write CATEGORY=METRES[,METRES…], e.g. "
                          "bus_stop=400,800");
    const std::string category = text.substr(0, eq);
    if (options.thresholds_m.count(category))
        throw usage_error("--threshold '" + text + "': " + category +
                          " is given twice; give all its thresholds in one option");
    std::vector<double> values;
    std::size_t start = eq + 1;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string part = text.substr(start, comma == std::string::npos ? comma
                                                                                 : comma - start);
        const auto v = parse_finite(part);
        if (!v || !(*v > 0 && *v <= max_distance_m))
            throw usage_error("--threshold '" + text + "': '" + part +
                              "' is not a distance in metres > 0 and at most 100000 (100 km)");
        if (std::find(values.begin(), values.end(), *v) != values.end())
            throw usage_error("--threshold '" + text + "': '" + part +
                              "' is given twice; give each threshold once");
        values.push_back(*v);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    options.thresholds_m[category] = values;
}

/// --categories and the categories of --threshold: each once, each in the taxonomy.
void check_categories(const MeasureArgs& args, const atlas::RunOptions& options) {
    for (std::size_t i = 0; i < args.categories.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (args.categories[i] == args.categories[j])
                throw usage_error("--categories lists '" + args.categories[i] +
                                  "' twice; give each category once");
    if (args.categories.empty() && options.thresholds_m.empty()) return;
    const Study study = io::load_study(resolve_study_path(args.study), args.data_dir);
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    auto check = [&](const std::string& id, const char* option) {
        if (taxonomy.find(id)) return;
        std::string known;
        for (const auto& c : taxonomy.categories()) known += (known.empty() ? "" : ", ") + c.id;
        throw usage_error(std::string(option) + ": unknown category '" + id + "'; the taxonomy " +
                          study.taxonomy_path + " has: " + known);
    };
    for (const auto& c : args.categories) check(c, "--categories");
    for (const auto& [c, values] : options.thresholds_m) check(c, "--threshold");
}

/// The export to `destination` in the format of --format, else of the destination's
/// extension; refused before any work when neither tells it.
io::ExportOptions export_to(const MeasureArgs& args, const std::string& destination) {
    io::ExportOptions export_options;
    export_options.destination = destination;
    if (!args.format.empty()) {
        export_options.format = io::parse_format(args.format);
        if (!export_options.format)
            throw usage_error("--format '" + args.format +
                              "' is not known; use gpkg, fgb, geojson, shp, csv or postgis");
    } else if (!io::format_from_destination(destination)) {
        throw usage_error("cannot tell the format of '" + destination +
                          "'; give a file extension (.gpkg, .fgb, .geojson, .shp, .csv) or "
                          "--format");
    }
    export_options.output_crs = args.crs;
    return export_options;
}

atlas::RunResult run(const MeasureArgs& args, std::vector<io::ExportOptions> exports,
                     Console& console, const StageFn& stage = {}) {
    atlas::RunOptions options;
    options.stage = stage;
    options.data_dir = args.data_dir;
    options.strict = args.strict;
    options.timestamp_utc = run_timestamp_utc();
    options.categories = args.categories;
    for (const auto& t : args.thresholds) parse_threshold(t, options);
    check_categories(args, options);
    options.threads = worker_threads(args.threads, console.quiet());
    options.progress = console.progress();
    options.styles = atlas_qgis_styles;
    if (!args.no_memory_check) options.memory_available = available_memory_bytes;
    const std::string study_file = resolve_study_path(args.study);
    if (!args.edits.empty()) {
        // The community edits, as the server applies them (README, "Asset editing").
        const Study study = io::load_study(study_file, args.data_dir);
        const auto store =
            serve::open_edit_store(args.edits, {study.name, study.metric_crs}, false);
        options.edits = store->load().edits;
    }

    auto result = atlas::run_study(study_file, options, std::move(exports));
    console.measure_summary(result);
    return result;
}

}  // namespace

int measure_command(const MeasureArgs& args, Console& console) {
    StageMeter meter;  // wall time and peak memory per stage, printed after the summary
    run(args, {export_to(args, args.output)}, console,
        [&](std::string_view s) { meter.begin(s); });
    meter.finish();
    console.stage_summary(meter);
    return exit_ok;
}

int run_command(MeasureArgs args, Console& console) {
    namespace fs = std::filesystem;
    // run -o is a folder that always holds the atlas GeoPackage <study>.gpkg (the tiles, the
    // server and the report read it); --format F other than gpkg writes every layer again
    // as <study>_<layer>.<ext> beside it. Checked before any work.
    std::optional<io::OutputFormat> extra;
    if (!args.format.empty()) {
        extra = io::parse_format(args.format);
        if (!extra)
            throw usage_error("--format '" + args.format +
                              "' is not known; use gpkg, fgb, geojson, shp or csv");
        if (*extra == io::OutputFormat::postgis)
            throw usage_error("run -o takes a folder; to load the layers into PostGIS use "
                              "'assetmap measure STUDY -o PG:\"dbname=…\"'");
    }
    const std::string study_file = resolve_study_path(args.study);
    const Study study = io::load_study(study_file, args.data_dir);
    const std::string& name = study.name;  // [A-Za-z0-9_-]{1,64}: checked by load_study
    const fs::path dir = args.output.empty() ? fs::path("out") / name : fs::path(args.output);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw io_error(dir.string() + ": cannot create the output folder (" + ec.message() +
                       "); choose another with -o");
    const std::string atlas = io::output_in_folder(dir.string(), name + ".gpkg");
    MeasureArgs gpkg = args;
    gpkg.format = "gpkg";
    std::vector<io::ExportOptions> exports = {export_to(gpkg, atlas)};
    if (extra && *extra != io::OutputFormat::gpkg)
        exports.push_back(export_to(
            args, io::output_in_folder(dir.string(), name + "." + io::to_string(*extra))));
    StageMeter meter;  // wall time and peak memory per stage, printed after the summary
    const StageFn stage = [&](std::string_view s) { meter.begin(s); };
    run(args, std::move(exports), console, stage);
    const auto inputs = io::study_inputs(study);
    write_default_tiles(atlas, dir.string(), name, worker_threads(args.threads, true), console,
                        stage, inputs);
    if (!args.no_report) {
        stage("report");
        write_default_report(atlas, io::output_in_folder(dir.string(), "report"), console,
                             inputs);
    }
    meter.finish();
    console.stage_summary(meter);
    return exit_ok;
}

}  // namespace assetmap::tools
