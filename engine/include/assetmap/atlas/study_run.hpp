#pragma once
/// @file The main job as one library call: ingest, measure, indicators, export.

#include <assetmap/core/progress.hpp>
#include <assetmap/atlas/transit_layers.hpp>
#include <assetmap/core/study.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/edit/asset_edit.hpp>
#include <assetmap/io/layer_writer.hpp>
#include <assetmap/measure/indicators.hpp>
#include <assetmap/measure/measure_engine.hpp>
#include <assetmap/measure/measure_table.hpp>

#include <functional>
#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::atlas {

struct ColumnContext;

/// Makes the default QGIS styles of the exported layers (stored in a GeoPackage's
/// `layer_styles`) from the layers as exported and the context that names their columns.
/// Tools pass one: the styles use the tile choropleth's classes, which the engine does not
/// link.
using StyleMaker = std::function<std::vector<io::LayerStyle>(
    const std::vector<io::OutputLayer>& layers, const ColumnContext& columns)>;

/// Options of one run; empty values fall back to the study file.
struct RunOptions {
    std::string data_dir;                 ///< overrides the study's data directory
    bool strict = false;                  ///< data problems are fatal
    std::string timestamp_utc;            ///< run time recorded in the metadata
    std::vector<std::string> categories;  ///< overrides [measures] categories
    std::map<std::string, std::vector<double>> thresholds_m;  ///< overrides per category
    unsigned threads = 1;
    ProgressFn progress;
    StyleMaker styles;  ///< optional: default QGIS styles for GeoPackage exports
    StageFn stage;  ///< optional: called as "ingest", "measure" and "export" begin
    /// Community edits to apply to the ingested assets before measuring (`run --edits`;
    /// edit/overlay.hpp). nullopt: none, and no `edits` metadata.
    std::optional<std::vector<edit::AssetEdit>> edits;
    /// Keep every walking catchment in RunResult::catchments (traced during the measure
    /// stage, written from memory). Off (the default), the catchments are traced category
    /// by category while their layer is written and are not kept: the same layer bytes, a
    /// few categories' polygons in memory instead of all (catchment_stream.hpp).
    bool catchments_in_memory = false;
    /// The memory the run may still take, bytes (e.g. the system's available memory),
    /// asked once the walking graph is built, before the measures: a study whose walking
    /// catchments are estimated to need more (catchment_memory.hpp) is refused there with
    /// config_error. Empty, or nullopt from it: not checked.
    std::function<std::optional<std::uint64_t>()> memory_available;
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
    /// Empty without a walking network, and unless RunOptions::catchments_in_memory.
    std::vector<Catchment> catchments;
    std::size_t catchment_rows = 0;      ///< catchments written (or kept)
    std::size_t catchment_vertices = 0;  ///< their outline vertices, closing ones included
    std::vector<TransitIsochrone> isochrones;       ///< empty without [transit]
    io::ExportReport export_report;                 ///< of the first export
    std::vector<io::ExportReport> export_reports;   ///< one per export, in order
    double ingest_s = 0, measure_s = 0, export_s = 0;  ///< stage wall times, seconds
};

class NearbyFinder;

/// The measure options of a run: the study's [measures] categories and thresholds, with
/// `options` overriding them, its coverage_min_pct, and the threads and progress of
/// `options`.
measure::MeasureOptions measure_options(const Study& study, const RunOptions& options);

/// The indicators of a run: the study's [measures] indicators, else the default list.
std::vector<measure::Indicator> indicator_specs(const Study& study,
                                                const measure::MeasureResults& results,
                                                const Taxonomy& taxonomy);

/// Catchments of each of `categories` with assets on the network, for each of the study's
/// catchment minutes (in that order): the reached network buffered by 50 m (homes front the
/// street), traced on a sparse grid of the study's catchment_cell_m (10 m by default). Categories are spread over `threads` workers; the
/// result is in category order whatever the thread count. `walking` must be built over
/// `data`.
std::vector<Catchment> walking_catchments(const StudyData& data,
                                          const std::vector<std::string>& categories,
                                          const NearbyFinder& walking, unsigned threads = 1);

/// Ingests the study file, computes every measure, indicators and the asset index, and
/// writes the layers with `export_options` (destination, format, output CRS). A GeoPackage
/// also gets the title and description of every column (`gpkg_data_columns`, from
/// describe_column) and the styles of `options.styles` (`layer_styles`). The metadata
/// key `study_file` holds the study file's path relative to the output's folder (for
/// PostGIS, to the working directory).
RunResult run_study(const std::string& study_file, const RunOptions& options,
                    io::ExportOptions export_options);

/// The same, writing the same layers once per export, in order (e.g. the atlas GeoPackage
/// that the tiles read, and the layers again as FlatGeobuf files).
RunResult run_study(const std::string& study_file, const RunOptions& options,
                    std::vector<io::ExportOptions> exports);

}  // namespace assetmap::atlas
