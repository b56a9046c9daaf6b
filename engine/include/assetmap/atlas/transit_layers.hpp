#pragma once
/// @file The public-transport outputs of a run: transit isochrones (the area from which the
/// nearest asset of a category is reached by walk + public transport within 15/30/45
/// minutes), stop access (each stop's departures per hour in each window, for the stops in
/// the study areas' bounding box widened by the walk limit) and the
/// per-point travel times, as layers; and the metadata that says how they were made.

#include <assetmap/core/progress.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/io/layer_writer.hpp>
#include <assetmap/measure/measure_table.hpp>
#include <assetmap/transit/transit_model.hpp>
#include <assetmap/transit/travel_time_cache.hpp>

#include <string>
#include <vector>

namespace assetmap::atlas {

/// The area from which the nearest asset of `category` is reached within `minutes` (the
/// median over `window`'s departures, the same time as the pt_ measures).
struct TransitIsochrone {
    std::string category;
    std::string window;
    double minutes = 0.0;
    MultiPolygonM polygon;  ///< metric CRS; the union of grid cells
};

/// Isochrones of every category in `categories` (those with assets) for the model's
/// isochrone window and minutes: the travel time is computed from the centre of each
/// `isochrone_cell_m` grid cell inside a study area, and the cells at or below each limit
/// are traced into polygons. Thread-parallel over cells; identical for any `threads`.
/// `cache` (a live study's, on `model`): the travel times kept from the previous call,
/// updated for the categories whose assets changed (same values as searching them all).
std::vector<TransitIsochrone> transit_isochrones(const StudyData& data,
                                                 const transit::TransitModel& model,
                                                 const std::vector<std::string>& categories,
                                                 unsigned threads, const ProgressFn& progress,
                                                 transit::TravelTimeCache* cache = nullptr);

/// Inserts the layers `transit_points`, `stop_access` and `transit_isochrones` before
/// `metadata` (the last layer) and adds the transit rows to the metadata.
void add_transit_layers(const StudyData& data, const Taxonomy& taxonomy,
                        const transit::TransitModel& model,
                        const measure::MeasureResults& results,
                        const std::vector<TransitIsochrone>& isochrones,
                        std::vector<io::OutputLayer>& layers);

}  // namespace assetmap::atlas
