#include <assetmap/atlas/atlas_layers.hpp>
#include <assetmap/atlas/column_info.hpp>
#include <assetmap/atlas/nearby.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/atlas/transit_layers.hpp>

#include <assetmap/edit/overlay.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/output_paths.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/measure/measure_engine.hpp>
#include <assetmap/spatial/grid_tracer.hpp>
#include <assetmap/network/catchment.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include <chrono>
#include <filesystem>
#include <variant>

namespace assetmap::atlas {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

std::vector<Catchment> walking_catchments(const StudyData& data,
                                          const std::vector<std::string>& categories,
                                          const NearbyFinder& walking, unsigned threads) {
    constexpr double buffer_m = 50.0;
    const double cell_m = data.catchment_cell_m;
    const double m_per_min = data.walk_speed_kmh * 1000.0 / 60.0;
    std::vector<double> limits;
    for (double minutes : data.catchment_minutes) limits.push_back(minutes * m_per_min);
    std::vector<Catchment> out;
    if (limits.empty()) return out;
    const double max_limit = *std::max_element(limits.begin(), limits.end());
    std::vector<std::vector<MultiPolygonM>> polygons(categories.size());
    std::vector<char> done(categories.size(), 0);
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(std::max(1u, threads));
    auto work = [&](unsigned w) {
        try {
            for (std::size_t c = next++; c < categories.size(); c = next++) {
                const auto sources = walking.snaps_of(categories[c]);
                if (sources.empty()) continue;
                const SparseGridM grid = network::walking_distance_grid(
                    walking.graph(), sources, max_limit, buffer_m, cell_m);
                polygons[c] = spatial::trace_levels(grid, limits);
                done[c] = 1;
            }
        } catch (...) {
            errors[w] = std::current_exception();
            next = categories.size();
        }
    };
    const unsigned n = std::max(1u, std::min<unsigned>(threads, unsigned(categories.size())));
    std::vector<std::thread> pool;
    for (unsigned w = 1; w < n; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    for (std::size_t c = 0; c < categories.size(); ++c) {
        if (!done[c]) continue;
        for (std::size_t k = 0; k < limits.size(); ++k)
            out.push_back({categories[c], data.catchment_minutes[k], limits[k],
                           std::move(polygons[c][k])});
    }
    return out;
}

measure::MeasureOptions measure_options(const Study& study, const RunOptions& options) {
    measure::MeasureOptions m;
    m.categories = options.categories.empty() ? study.measures.categories : options.categories;
    m.thresholds_m = study.measures.thresholds_m;
    for (const auto& [c, ts] : options.thresholds_m) m.thresholds_m[c] = ts;
    m.coverage_min_pct = study.coverage_min_pct;
    m.threads = options.threads;
    m.progress = options.progress;
    return m;
}

std::vector<measure::Indicator> indicator_specs(const Study& study,
                                                const measure::MeasureResults& results,
                                                const Taxonomy& taxonomy) {
    return study.measures.indicators.empty()
               ? measure::default_indicators(results, taxonomy)
               : measure::indicators_from_columns(study.measures.indicators, results, taxonomy);
}

namespace {

/// The folder an export's files go to (the working directory for PostGIS).
std::string output_folder(const io::ExportOptions& e) {
    namespace fs = std::filesystem;
    const auto format = e.format ? e.format : io::format_from_destination(e.destination);
    if (format == io::OutputFormat::postgis) return ".";
    std::error_code ec;
    if (fs::is_directory(e.destination, ec)) return e.destination;
    return fs::absolute(e.destination).parent_path().string();
}

/// Sets the `study_file` row of the metadata layer.
void set_study_file_row(std::vector<io::OutputLayer>& layers, const std::string& value) {
    for (auto& l : layers) {
        if (l.name != "metadata") continue;
        for (auto& row : l.rows)
            if (std::get_if<std::string>(&row[0]) && std::get<std::string>(row[0]) == "study_file")
                row[1] = value;
    }
}

}  // namespace

RunResult run_study(const std::string& study_file, const RunOptions& options,
                    io::ExportOptions export_options) {
    return run_study(study_file, options, std::vector<io::ExportOptions>{std::move(export_options)});
}

RunResult run_study(const std::string& study_file, const RunOptions& options,
                    std::vector<io::ExportOptions> exports) {
    RunResult out;
    if (options.stage) options.stage("ingest");
    auto t = std::chrono::steady_clock::now();
    const Study study = io::load_study(study_file, options.data_dir);
    // No output may write over an input: each GeoPackage now, each layer file on export.
    const auto inputs = io::study_inputs(study);
    for (auto& e : exports) {
        e.inputs = inputs;
        const auto format = e.format ? e.format : io::format_from_destination(e.destination);
        if (format == io::OutputFormat::gpkg) io::check_not_an_input(e.destination, e.inputs);
    }
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    for (auto& e : exports) {
        if (e.source_crs.empty()) e.source_crs = study.metric_crs;
        io::check_destination(e);  // an output that cannot be written fails now
    }
    ingest::IngestOptions ingest_options;
    ingest_options.strict = options.strict;
    ingest_options.timestamp_utc = options.timestamp_utc;
    ingest_options.progress = options.progress;
    ingest_options.threads = options.threads;
    out.data = ingest::ingest_study(study, taxonomy, ingest_options);
    if (options.edits) {
        const edit::Overlay overlay(out.data.areas, out.data.assets, taxonomy,
                                    out.data.region ? &*out.data.region : nullptr);
        edit::apply_to_study(out.data, overlay, *options.edits);
    }
    out.ingest_s = seconds_since(t);

    if (options.stage) options.stage("measure");
    t = std::chrono::steady_clock::now();
    // The walking graph is built once: for the net_ measures and for the catchments.
    std::unique_ptr<NearbyFinder> walking;
    if (out.data.network && !out.data.network->edges.empty())
        walking = std::make_unique<NearbyFinder>(out.data, taxonomy);
    measure::MeasureOptions m = measure_options(study, options);
    if (walking) {
        m.graph = &walking->graph();
        m.snapper = &walking->snapper();
    }
    // Public transport: timetables and walks prepared once, for the pt_ measures and the
    // isochrones; on the walking network where there is one.
    std::unique_ptr<transit::TransitModel> transit_model;
    if (out.data.transit) {
        report_progress(options.progress, "timetables", 0, 0);
        transit_model = std::make_unique<transit::TransitModel>(
            *out.data.transit, walking ? &walking->graph() : nullptr,
            walking ? &walking->snapper() : nullptr, out.data.snap_limit_m, m.threads);
        m.transit = transit_model.get();
    }
    out.measures = measure::compute_measures(out.data, taxonomy, m);
    for (const auto& p : out.measures.problems.problems()) out.data.problems.add(p);
    if (walking)
        out.catchments =
            walking_catchments(out.data, out.measures.categories, *walking, options.threads);
    if (transit_model)
        out.isochrones = transit_isochrones(out.data, *transit_model,
                                            out.measures.transit.categories, m.threads,
                                            options.progress);
    out.indicators =
        measure::compute_indicators(out.measures, indicator_specs(study, out.measures, taxonomy),
                                    study.measures.domain_min_indicator_share);
    out.measure_s = seconds_since(t);

    if (options.stage) options.stage("export");
    t = std::chrono::steady_clock::now();
    // The run's own metadata names the study from the first output's folder, so the atlas
    // of the run in memory (atlas_from_run) equals that export read back.
    if (!exports.empty())
        ingest::set_study_file(out.data, study_file, output_folder(exports.front()));
    auto layers = atlas_layers(out.data, taxonomy, out.measures, out.indicators);
    if (!out.catchments.empty()) add_catchments_layer(out.catchments, taxonomy, layers);
    if (transit_model)
        add_transit_layers(out.data, taxonomy, *transit_model, out.measures, out.isochrones,
                           layers);
    ColumnContext columns = column_context(taxonomy);
    for (auto& c : columns.categories)  // the completeness of each measured category
        for (std::size_t k = 0; k < out.measures.categories.size(); ++k)
            if (out.measures.categories[k] == c.id && k < out.measures.completeness.size() &&
                out.measures.completeness[k].completeness == Completeness::partial)
                c.partial_note = out.measures.completeness[k].note.empty()
                                     ? "partial"
                                     : out.measures.completeness[k].note;
    std::vector<io::ColumnDescription> described;
    for (const auto& l : layers)
        for (const auto& f : l.fields) {
            const ColumnInfo info = describe_column(l.name, f.name, columns);
            described.push_back({l.name, f.name, info.title, info.description});
        }
    std::vector<io::LayerStyle> styles;
    if (options.styles) styles = options.styles(layers, columns);
    for (auto& e : exports) {
        const auto format = e.format ? e.format : io::format_from_destination(e.destination);
        if (format == io::OutputFormat::gpkg) {
            if (e.data_columns.empty()) e.data_columns = described;
            if (e.layer_styles.empty()) e.layer_styles = styles;
        }
        if (e.source_crs.empty()) e.source_crs = study.metric_crs;
        if (e.timestamp_utc.empty()) e.timestamp_utc = options.timestamp_utc;
        set_study_file_row(layers, ingest::path_relative_to(study_file, output_folder(e)));
        out.export_reports.push_back(io::write_layers(layers, e));
    }
    if (!out.export_reports.empty()) out.export_report = out.export_reports.front();
    out.export_s = seconds_since(t);
    return out;
}

}  // namespace assetmap::atlas
