#pragma once
/// @file The exported layers of a measured study (README, "Output of measure and run"):
/// areas with one column per measure, assets, the long measures table, comparators,
/// indicators, problems and metadata — as plain OutputLayer values for io::write_layers.

#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/io/layer_writer.hpp>
#include <assetmap/measure/indicators.hpp>
#include <assetmap/measure/measure_table.hpp>

#include <vector>

namespace assetmap::atlas {

/// Builds every output layer, in a fixed order with fixed field order (deterministic).
std::vector<io::OutputLayer> atlas_layers(const StudyData& data, const Taxonomy& taxonomy,
                                          const measure::MeasureResults& results,
                                          const measure::IndicatorResults& indicators);

struct Catchment;

/// The layer `catchments` (category, domain, minutes, walk_m, area_km2; MultiPolygon)
/// without rows.
io::OutputLayer empty_catchments_layer();

/// Appends one catchment as a row of the `catchments` layer (its polygon moved in).
void append_catchment(io::OutputLayer& layer, Catchment&& catchment, const Taxonomy& taxonomy);

/// Inserts `layer` before the last layer (`metadata`), or as the only one.
void insert_before_metadata(std::vector<io::OutputLayer>& layers, io::OutputLayer layer);

/// Inserts the layer `catchments` (category, domain, minutes, walk_m, area_km2; MultiPolygon)
/// before `metadata`.
void add_catchments_layer(const std::vector<Catchment>& catchments, const Taxonomy& taxonomy,
                          std::vector<io::OutputLayer>& layers);

}  // namespace assetmap::atlas
