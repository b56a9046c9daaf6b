#include "count_command.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "usage_error.hpp"

#include <assetmap/atlas/point_count.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/core/temp_path.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/output_paths.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <malloc.h>
#include <sqlite3.h>
#include <filesystem>
#include <fstream>
#include <thread>
#include <algorithm>

namespace assetmap::tools {

namespace {

/// RFC 4180 quoting when needed.
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

bool is_csv(const std::string& path) {
    const auto ext = std::filesystem::path(path).extension().string();
    return ext == ".csv" || ext == ".txt" || ext == ".CSV";
}

void write_file(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    const TempPath guard(tmp);  // removed if the process is interrupted
    {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        if (!out)
            throw io_error(path + ": cannot write; check that the folder exists and is writable");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw io_error(path + ": cannot move the finished file into place: " + ec.message());
}

/// Refuses, before any work, an output whose folder is missing or takes no new file.
void check_writable(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path target = fs::absolute(path);
    std::error_code ec;
    if (fs::is_directory(target, ec))
        throw io_error(path + ": is a folder; give a file name such as " +
                       (target / "counts.csv").string());
    const fs::path dir = target.parent_path();
    if (!fs::is_directory(dir, ec))
        throw io_error(path + ": folder " + dir.string() + " does not exist; create it first");
    const fs::path probe = dir / (target.filename().string() + ".probe.tmp");
    {
        std::ofstream out(probe, std::ios::binary);
        if (!out)
            throw io_error(path + ": cannot write in folder " + dir.string() +
                           "; check that it is writable, or choose another output");
    }
    fs::remove(probe, ec);
}

}  // namespace

CLI::App* add_count_command(CLI::App& app, CountArgs& args) {
    auto* cnt = app.add_subcommand(
        "count", "Count points in polygons for any inputs (QGIS: count points in polygon); "
                 "writes code,name,count,weight as CSV.");
    cnt->add_option("--areas", args.areas, "Polygon source (any OGR format)")->required();
    cnt->add_option("--areas-layer", args.areas_layer, "Layer of the polygon source");
    cnt->add_option("--code", args.code_field, "Area code field")->required();
    cnt->add_option("--name", args.name_field, "Area name field (optional)");
    cnt->add_option("--areas-crs", args.areas_crs, "CRS of the polygons if they have none");
    cnt->add_option("--points", args.points, "Point source: OGR format or .csv")->required();
    cnt->add_option("--points-layer", args.points_layer, "Layer of the point source");
    cnt->add_option("--x", args.x, "CSV column of longitude or easting");
    cnt->add_option("--y", args.y, "CSV column of latitude or northing");
    cnt->add_option("--crs", args.points_crs,
                    "CRS of the CSV coordinates (EPSG:4326 lon/lat, EPSG:27700 metres)");
    cnt->add_option("--weight", args.weight, "Column or field summed per area (optional)");
    cnt->add_option("--id", args.id, "Point id column (duplicates are reported)");
    cnt->add_option("--metric-crs", args.metric_crs, "CRS the join runs in")
        ->default_val("EPSG:27700");
    cnt->add_option("-o,--output", args.output, "Output CSV")->required();
    cnt->add_option("--threads", args.threads,
                    "Threads parsing, transforming and locating CSV points (default: all cores)");
    cnt->footer(exit_code_help);
    return cnt;
}

int count_command(const CountArgs& args, Console& console, CountFn count) {
    AreaSource areas;
    areas.path = args.areas;
    areas.layer = args.areas_layer;
    areas.crs = args.areas_crs;
    areas.code_field = args.code_field;
    areas.name_field = args.name_field;

    PointSource points;
    points.path = args.points;
    points.layer = args.points_layer;
    points.crs = args.points_crs;
    points.columns.x = args.x;
    points.columns.y = args.y;
    points.columns.weight = args.weight;
    points.columns.id = args.id;
    if (is_csv(args.points)) {
        points.format = PointSource::Format::csv;
        if (args.x.empty() || args.y.empty())
            throw usage_error(args.points + ": a CSV of points needs --x and --y (column names) "
                                            "and --crs (EPSG:4326 for lon/lat)");
    } else {
        points.format = PointSource::Format::vector;
    }

    if (!is_csv(args.output))
        throw usage_error("-o " + args.output + ": count writes a CSV file; name it .csv");
    if (const auto problem = io::metric_crs_problem(args.metric_crs))  // crs_error if unknown
        throw usage_error("--metric-crs " + args.metric_crs + " " + *problem +
                          "; the join needs a projected CRS in metres, e.g. EPSG:27700");
    const std::vector<io::InputFile> inputs = {{args.areas, "--areas"}, {args.points, "--points"}};
    for (const auto& out : {args.output, args.output + ".problems.csv"})
        io::check_not_an_input(out, inputs);
    check_writable(args.output);  // before the work
    const unsigned threads = worker_threads(args.threads, /*quiet=*/false);
    // A fixed threshold: every allocation from 1 MiB up is its own mapping, given back to the
    // system when freed. glibc otherwise raises the threshold after the first such free (up
    // to 32 MiB), and the large one-off buffers of the areas' read and their index's build
    // stay in the heap for the rest of the run: 12 MiB more peak memory for 1M points, no
    // faster. The streamed points themselves use a few 64 KiB blocks, below it.
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    // Setting the threshold also fixes the trim threshold at its default, 128 KiB: every
    // point block freed at the top of a heap was given back to the system and faulted in
    // again for the next (~2 blocks in 3 of 1M points' 440). Up to 4 MiB of free heap
    // is kept: 9,700 page faults instead of 17,000-25,000, 10-20 % less CPU, < 1 MiB more.
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    // The heap grows 4 MiB at a time (128 KiB by default): with the huge pages the front asks
    // for, a fresh stretch is then faulted in as 2 MiB pages, not 4 KiB ones (a fault costs
    // ~11 us on this project's virtual machines): 3,400-4,600 page faults instead of 6,400
    // for 1M points, ~4 % less CPU, 1-2 MiB more peak memory.
    mallopt(M_TOP_PAD, 4 << 20);
    // With CSV points, SQLite serves PROJ's look-ups in proj.db while the transforms are
    // built (and at most an areas GeoPackage): a soft limit keeps its page cache from
    // growing to the default 2 MB per connection, 1.2-1.7 MiB less peak memory, no slower.
    // Points read from a GeoPackage keep SQLite's default cache.
    if (points.format == PointSource::Format::csv) sqlite3_soft_heap_limit64(1 << 20);
    const auto result = count(areas, points, args.metric_crs, threads);
    std::string csv = "code,name,count,weight\n";
    char buf[64];
    for (std::size_t i = 0; i < result.codes.size(); ++i) {
        std::snprintf(buf, sizeof buf, ",%llu,%.10g\n",
                      static_cast<unsigned long long>(result.counts[i]), result.weights[i]);
        csv += csv_field(result.codes[i]) + "," + csv_field(result.names[i]) + buf;
    }
    write_file(args.output, csv);

    std::string problems_path;
    if (!result.problems.empty()) {
        problems_path = args.output + ".problems.csv";
        std::string p = "kind,source,feature,field,message\n";
        for (const auto& pr : result.problems.problems())
            p += csv_field(to_string(pr.kind)) + "," + csv_field(pr.source) + "," +
                 csv_field(pr.feature) + "," + csv_field(pr.field) + "," +
                 csv_field(pr.message) + "\n";
        write_file(problems_path, p);
    }
    console.count_summary(result, args.output, problems_path);
    return exit_ok;
}

}  // namespace assetmap::tools
