#include "measure_command.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "ingest_command.hpp"
#include "qgis_styles.hpp"
#include "report_command.hpp"
#include "stage_meter.hpp"
#include "tiles_command.hpp"
#include "usage_error.hpp"

#include <assetmap/atlas/study_run.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/serve/edit_store.hpp>

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
        throw config_error("--threshold '" + text + "': write CATEGORY=METRES[,METRES…], e.g. "
                           "bus_stop=400,800");
    const std::string category = text.substr(0, eq);
    std::vector<double> values;
    std::size_t start = eq + 1;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string part = text.substr(start, comma == std::string::npos ? comma
                                                                                 : comma - start);
        char* end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        if (part.empty() || *end != '\0' || !(v > 0))
            throw config_error("--threshold '" + text + "': '" + part +
                               "' is not a distance in metres > 0");
        values.push_back(v);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    options.thresholds_m[category] = values;
}

/// The export to `destination` in the format of --format, else of the destination's
/// extension; refused before any work when neither tells it.
io::ExportOptions export_to(const MeasureArgs& args, const std::string& destination) {
    io::ExportOptions export_options;
    export_options.destination = destination;
    if (!args.format.empty()) {
        export_options.format = io::parse_format(args.format);
        if (!export_options.format)
            throw config_error("--format '" + args.format +
                               "' is not known; use gpkg, fgb, geojson, shp, csv or postgis");
    } else if (!io::format_from_destination(destination)) {
        throw config_error("cannot tell the format of '" + destination +
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
    options.threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
    options.progress = console.progress();
    options.styles = atlas_qgis_styles;
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
    run(args, {export_to(args, args.output)}, console);
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
    const std::string name = io::load_study(study_file, args.data_dir).name;
    const fs::path dir = args.output.empty() ? fs::path("out") / name : fs::path(args.output);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw io_error(dir.string() + ": cannot create the output folder (" + ec.message() +
                       "); choose another with -o");
    const std::string atlas = (dir / (name + ".gpkg")).string();
    MeasureArgs gpkg = args;
    gpkg.format = "gpkg";
    std::vector<io::ExportOptions> exports = {export_to(gpkg, atlas)};
    if (extra && *extra != io::OutputFormat::gpkg)
        exports.push_back(export_to(args, (dir / (name + "." + io::to_string(*extra))).string()));
    StageMeter meter;  // wall time and peak memory per stage, printed after the summary
    const StageFn stage = [&](std::string_view s) { meter.begin(s); };
    run(args, std::move(exports), console, stage);
    write_default_tiles(atlas, dir.string(), name,
                        args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency()),
                        console, stage);
    if (!args.no_report) {
        stage("report");
        write_default_report(atlas, (dir / "report").string(), console);
    }
    meter.finish();
    console.stage_summary(meter);
    return exit_ok;
}

}  // namespace assetmap::tools
