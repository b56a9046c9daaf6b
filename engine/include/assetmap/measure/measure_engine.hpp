#pragma once
/// @file Computing every straight-line measure of DESIGN.md for a study (pure computation).

#include <assetmap/core/progress.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/measure/measure_table.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>
#include <assetmap/transit/transit_model.hpp>
#include <assetmap/transit/travel_time_cache.hpp>

#include <map>
#include <string>
#include <vector>

namespace assetmap::measure {

/// Options of one measuring run.
struct MeasureOptions {
    /// Thresholds per category id, metres; a category absent here uses its taxonomy
    /// threshold. Several thresholds give several coverage/cumulative/fca2 columns.
    std::map<std::string, std::vector<double>> thresholds_m;
    /// Categories to measure (ids); empty = every category of the taxonomy.
    std::vector<std::string> categories;
    /// Data-extent coverage below which an area's measures for a category are partial_data.
    double coverage_min_pct = 95.0;
    /// Worker threads for the per-point work (1 = serial). Results are identical for any
    /// value.
    unsigned threads = 1;
    /// Walking-network measures (net_*) when the study data has a network.
    bool network = true;
    /// A graph and snapper already built from data.network (else built here); borrowed.
    const network::WalkGraph* graph = nullptr;
    const network::Snapper* snapper = nullptr;
    /// Public-transport measures (pt_*) for every window of this prepared model (built from
    /// data.transit); borrowed. None: no pt_ columns.
    const transit::TransitModel* transit = nullptr;
    /// The travel times kept from an earlier call on the same points (a live study's): a
    /// category whose assets changed is updated from them, not searched in full; the values
    /// are the same. Borrowed; built on `transit`. None: every category searched.
    transit::TravelTimeCache* transit_times = nullptr;
    ProgressFn progress;
};

/// Computes all measures for all areas and comparators. Pure: no I/O, no printing; progress
/// goes to `options.progress` (called on the calling thread only). Throws config_error for
/// an unknown category id or a threshold that is not a finite number ≥ 0, and
/// assetmap::error if GEOS fails on the polygon measures.
MeasureResults compute_measures(const StudyData& data, const Taxonomy& taxonomy,
                                const MeasureOptions& options);

}  // namespace assetmap::measure
