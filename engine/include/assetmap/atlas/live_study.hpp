#pragma once
/// @file A study measured in memory that follows asset edits: after each change of the edit
/// list only the categories whose assets changed are measured again (with the measure code
/// of `run`), then comparators, ranks, domain scores and the asset index follow. The result
/// equals `run_study` with the same edits (RunOptions::edits), bit for bit.

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/core/study.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/edit/overlay.hpp>
#include <assetmap/transit/travel_time_cache.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace assetmap::transit {
class TransitModel;
}

namespace assetmap::atlas {

class NearbyFinder;

/// What one update did.
struct LiveChange {
    std::set<std::string> categories;  ///< categories measured again (their assets changed)
    bool assets_changed = false;       ///< any asset attribute changed (names included)
    double measure_s = 0.0;            ///< all of the below, seconds
    double overlay_s = 0.0;            ///< the edits applied, the walking snaps, seconds
    double measures_s = 0.0;           ///< the changed categories' measures (pt_ included)
    double catchments_s = 0.0;         ///< their walking catchments (beside the measures)
    double isochrones_s = 0.0;         ///< their transit isochrones
    double indicators_s = 0.0;         ///< indicators, domain scores, asset index
};

/// The live study. Not thread-safe: one writer at a time (the server's edit lock); read the
/// result through atlas() or result() between updates.
class LiveStudy {
public:
    /// Takes the ingested study (as `run_study` ingests it: `study`, `taxonomy`, `options`)
    /// and measures it with `edits` applied. `options.edits` is ignored.
    LiveStudy(Study study, Taxonomy taxonomy, StudyData ingested, const RunOptions& options,
              std::vector<edit::AssetEdit> edits = {});
    ~LiveStudy();
    LiveStudy(const LiveStudy&) = delete;
    LiveStudy& operator=(const LiveStudy&) = delete;

    /// Replaces the edit list (the whole list, in order: usually the old one plus new edits)
    /// and measures again what changed.
    LiveChange set_edits(std::vector<edit::AssetEdit> edits);

    /// Sets a metadata row of the atlas (e.g. `study_file` relative to the atlas folder).
    void set_metadata(const std::string& key, const std::string& value);

    /// The run as `run_study` would return it (data with the edits applied, measures,
    /// indicators, catchments; no export reports).
    const RunResult& result() const noexcept { return run_; }
    /// The atlas of the current result (what `run --edits` would export).
    Atlas atlas() const;
    const std::vector<edit::AssetEdit>& edits() const noexcept { return edits_; }
    const edit::Overlay& overlay() const noexcept { return *overlay_; }
    const Study& study() const noexcept { return study_; }
    const Taxonomy& taxonomy() const noexcept { return taxonomy_; }
    /// The walking finder over the current assets; null without a network.
    const NearbyFinder* walking() const noexcept { return walking_.get(); }

private:
    Study study_;
    Taxonomy taxonomy_;
    RunOptions options_;
    std::vector<edit::AssetEdit> edits_;
    std::unique_ptr<edit::Overlay> overlay_;
    ProblemReport base_problems_;
    std::vector<std::pair<std::string, std::string>> base_metadata_;
    RunResult run_;
    std::unique_ptr<NearbyFinder> network_;    ///< graph and snapper, built once
    std::unique_ptr<NearbyFinder> walking_;    ///< over run_.data
    /// Timetables and walks of the study's [transit], as run_study builds them; null without.
    std::unique_ptr<transit::TransitModel> transit_;
    /// Every departure's travel time of the pt_ measures and of the isochrones, so that an
    /// edit updates the changed category's times instead of searching from every point.
    std::unique_ptr<transit::TravelTimeCache> pt_times_, isochrone_times_;
    std::vector<measure::Indicator> indicators_;

    void apply_overlay();
    void rebuild_walking();
};

}  // namespace assetmap::atlas
