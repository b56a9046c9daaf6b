#pragma once
/// @file Writing an ingested study as a GeoPackage (GDAL).

#include <assetmap/core/study_data.hpp>

#include <assetmap/io/layer_writer.hpp>

#include <string>
#include <vector>

namespace assetmap::io {

/// The ingest layers as plain values: `areas`, `population_points`, `assets`,
/// `asset_footprints`, `source_extents` (the data extent of each asset source; null
/// geometry when it has none), `problems` (null geometry where a problem has no location)
/// and `metadata`, in the metric CRS.
std::vector<OutputLayer> study_layers(const StudyData& data);

/// Writes the layers of study_layers as a GeoPackage: `areas` (MultiPolygon), `population_points` (Point), `assets` (Point),
/// `asset_footprints` (MultiPolygon, area assets only), `problems` (Point, nullable) and
/// `metadata` (no geometry) in the study's metric CRS. The file is written beside the
/// target and renamed into place, so a failed run never leaves a half-written file.
/// `timestamp_utc` (ISO 8601) is stored as the GeoPackage's last-change time, which keeps
/// the bytes the same for the same inputs and timestamp. Throws io_error with the GDAL
/// message and a fix (e.g. a read-only folder).
void write_study_geopackage(const StudyData& data, const std::string& path,
                            const std::string& timestamp_utc);

}  // namespace assetmap::io
