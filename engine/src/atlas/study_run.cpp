#include <assetmap/atlas/atlas_layers.hpp>
#include <assetmap/atlas/study_run.hpp>

#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/measure/measure_engine.hpp>

#include <chrono>

namespace assetmap::atlas {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

RunResult run_study(const std::string& study_file, const RunOptions& options,
                    io::ExportOptions export_options) {
    RunResult out;
    auto t = std::chrono::steady_clock::now();
    const Study study = io::load_study(study_file, options.data_dir);
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    ingest::IngestOptions ingest_options;
    ingest_options.strict = options.strict;
    ingest_options.timestamp_utc = options.timestamp_utc;
    ingest_options.progress = options.progress;
    out.data = ingest::ingest_study(study, taxonomy, ingest_options);
    out.ingest_s = seconds_since(t);

    t = std::chrono::steady_clock::now();
    measure::MeasureOptions m;
    m.categories = options.categories.empty() ? study.measures.categories : options.categories;
    m.thresholds_m = study.measures.thresholds_m;
    for (const auto& [c, ts] : options.thresholds_m) m.thresholds_m[c] = ts;
    m.coverage_min_pct = study.coverage_min_pct;
    m.threads = options.threads;
    m.progress = options.progress;
    out.measures = measure::compute_measures(out.data, taxonomy, m);
    const auto indicators =
        study.measures.indicators.empty()
            ? measure::default_indicators(out.measures, taxonomy)
            : measure::indicators_from_columns(study.measures.indicators, out.measures, taxonomy);
    out.indicators = measure::compute_indicators(out.measures, indicators);
    out.measure_s = seconds_since(t);

    t = std::chrono::steady_clock::now();
    if (export_options.source_crs.empty()) export_options.source_crs = study.metric_crs;
    if (export_options.timestamp_utc.empty()) export_options.timestamp_utc = options.timestamp_utc;
    out.export_report = io::write_layers(
        atlas_layers(out.data, taxonomy, out.measures, out.indicators), export_options);
    out.export_s = seconds_since(t);
    return out;
}

}  // namespace assetmap::atlas
