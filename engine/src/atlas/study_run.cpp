#include <assetmap/atlas/atlas_layers.hpp>
#include <assetmap/atlas/catchment_memory.hpp>
#include <assetmap/atlas/catchment_stream.hpp>
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

#include <chrono>
#include <filesystem>
#include <variant>

namespace assetmap::atlas {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

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
    // Refuse catchments that cannot fit now, not after the measures.
    if (walking && !out.data.catchment_minutes.empty() && options.memory_available) {
        if (const auto available = options.memory_available()) {
            std::vector<std::string> categories = m.categories;
            if (categories.empty())
                for (const auto& c : taxonomy.categories()) categories.push_back(c.id);
            check_catchment_memory(out.data, categories, options.threads, *available);
        }
    }
    out.measures = measure::compute_measures(out.data, taxonomy, m);
    for (const auto& p : out.measures.problems.problems()) out.data.problems.add(p);
    // The catchments: traced now and kept when asked, else traced while their layer is
    // written (below), a few categories at a time.
    if (walking && options.catchments_in_memory) {
        out.catchments =
            walking_catchments(out.data, out.measures.categories, *walking, options.threads);
        const CatchmentTally tally = tally_of(out.catchments);
        out.catchment_rows = tally.rows;
        out.catchment_vertices = tally.vertices;
    }
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
    CatchmentTally streamed;
    if (!out.catchments.empty()) {
        add_catchments_layer(out.catchments, taxonomy, layers);
    } else if (walking && !options.catchments_in_memory) {
        if (auto l = streamed_catchments_layer(out.data, out.measures.categories, *walking,
                                               taxonomy, options.threads, &streamed))
            insert_before_metadata(layers, std::move(*l));
    }
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
    if (!options.catchments_in_memory) {
        out.catchment_rows = streamed.rows;
        out.catchment_vertices = streamed.vertices;
    }
    out.export_s = seconds_since(t);
    return out;
}

}  // namespace assetmap::atlas
