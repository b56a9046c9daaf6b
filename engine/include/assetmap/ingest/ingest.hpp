#pragma once
/// @file Ingest: read a study's sources, validate, project, merge, and hand back plain values.

#include <assetmap/core/progress.hpp>
#include <assetmap/core/study.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>

#include <string>

namespace assetmap::ingest {

/// Options for one ingest.
struct IngestOptions {
    bool strict = false;        ///< any data problem makes ingest fail (strict_error)
    std::string timestamp_utc;  ///< run time for the metadata (ISO 8601, UTC)
    ProgressFn progress;        ///< optional progress reports
    unsigned threads = 1;       ///< threads for streaming CSV population points
};

/// Reads areas, population points and assets of `study` into the metric CRS, categorising
/// assets with `taxonomy`, repairing or reporting bad geometry, merging the same asset from
/// several sources and assigning assets to areas. Problems go to the result's report.
/// Throws input_error/config_error/crs_error for inputs that cannot be used at all, and
/// strict_error in strict mode when any problem was found. GDAL drivers must be registered.
StudyData ingest_study(const Study& study, const Taxonomy& taxonomy, const IngestOptions& options);

/// `path` relative to `folder` (both made absolute against the working directory and
/// normalised, symbolic links kept as written), e.g. "../../../shared/data/x.geojson"; an
/// empty path stays empty.
std::string path_relative_to(const std::string& path, const std::string& folder);

/// Sets the metadata key `study_file` to `study_file` relative to `output_folder`, the
/// folder the outputs are written to (the server finds the study from an atlas folder so).
void set_study_file(StudyData& data, const std::string& study_file,
                    const std::string& output_folder);

/// The one library call behind `assetmap ingest`: loads the study file (and its taxonomy),
/// ingests, and writes the GeoPackage at `output_path`. Returns the ingested data.
StudyData ingest_to_geopackage(const std::string& study_file, const std::string& output_path,
                               const IngestOptions& options,
                               const std::string& data_dir_override = {});

}  // namespace assetmap::ingest
