#pragma once
/// @file The main job as one library call: ingest, measure, indicators, export.

#include <assetmap/core/progress.hpp>
#include <assetmap/atlas/transit_layers.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/io/layer_writer.hpp>
#include <assetmap/measure/indicators.hpp>
#include <assetmap/measure/measure_table.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::atlas {

/// Options of one run; empty values fall back to the study file.
struct RunOptions {
    std::string data_dir;                 ///< overrides the study's data directory
    bool strict = false;                  ///< data problems are fatal
    std::string timestamp_utc;            ///< run time recorded in the metadata
    std::vector<std::string> categories;  ///< overrides [measures] categories
    std::map<std::string, std::vector<double>> thresholds_m;  ///< overrides per category
    unsigned threads = 1;
    ProgressFn progress;
};

/// The area within some minutes' walk of the nearest asset of a category.
struct Catchment {
    std::string category;
    double minutes = 0.0;
    double walk_m = 0.0;      ///< the same limit in metres at the study's walking speed
    MultiPolygonM polygon;    ///< metric CRS
};

/// Everything a run produced, for the CLI summary and tests.
struct RunResult {
    StudyData data;
    measure::MeasureResults measures;
    measure::IndicatorResults indicators;
    std::vector<Catchment> catchments;   ///< empty without a walking network
    std::vector<TransitIsochrone> isochrones;  ///< empty without [transit]
    io::ExportReport export_report;
    double ingest_s = 0, measure_s = 0, export_s = 0;  ///< stage wall times, seconds
};

/// Ingests the study file, computes every measure, indicators and the asset index, and
/// writes the layers with `export_options` (destination, format, output CRS).
RunResult run_study(const std::string& study_file, const RunOptions& options,
                    io::ExportOptions export_options);

}  // namespace assetmap::atlas
