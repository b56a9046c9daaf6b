/// @file LiveStudy (live_study.hpp): the run's measure stage, again for what edits changed.

#include <assetmap/atlas/live_study.hpp>

#include <assetmap/atlas/nearby.hpp>
#include <assetmap/measure/measure_engine.hpp>
#include <assetmap/measure/measure_update.hpp>
#include <assetmap/atlas/transit_layers.hpp>
#include <assetmap/transit/transit_model.hpp>

#include <chrono>
#include <future>
#include <set>

namespace assetmap::atlas {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

/// Items (catchments, isochrones: anything with a `category`) in `order`'s category order:
/// those of the `changed` categories from `fresh`, the others from `kept`.
template <typename T>
std::vector<T> merge_by_category(const std::vector<std::string>& order,
                                 const std::set<std::string>& changed, const std::vector<T>& kept,
                                 const std::vector<T>& fresh) {
    std::vector<T> merged;
    for (const auto& c : order) {
        const auto& from = changed.count(c) ? fresh : kept;
        for (const auto& k : from)
            if (k.category == c) merged.push_back(k);
    }
    return merged;
}

}  // namespace

LiveStudy::LiveStudy(Study study, Taxonomy taxonomy, StudyData ingested,
                     const RunOptions& options, std::vector<edit::AssetEdit> edits)
    : study_(std::move(study)), taxonomy_(std::move(taxonomy)), options_(options),
      edits_(std::move(edits)) {
    options_.edits.reset();
    options_.progress = nullptr;
    base_problems_ = ingested.problems;
    base_metadata_ = ingested.metadata;
    overlay_ = std::make_unique<edit::Overlay>(ingested.areas, ingested.assets, taxonomy_,
                                               ingested.region ? &*ingested.region : nullptr);
    run_.data = std::move(ingested);
    apply_overlay();

    // As run_study: the walking graph once (here over the source assets, which does not
    // change the graph), the measures, the catchments, the indicators.
    measure::MeasureOptions m = measure_options(study_, options_);
    if (run_.data.network && !run_.data.network->edges.empty()) {
        // Only its graph and snapper are used (its asset snaps are those of this moment).
        network_ = std::make_unique<NearbyFinder>(run_.data, taxonomy_);
        rebuild_walking();
        m.graph = &network_->graph();
        m.snapper = &network_->snapper();
    }
    if (run_.data.transit) {  // as run_study: on the walking network where there is one
        transit_ = std::make_unique<transit::TransitModel>(
            *run_.data.transit, network_ ? &network_->graph() : nullptr,
            network_ ? &network_->snapper() : nullptr, run_.data.snap_limit_m, m.threads);
        m.transit = transit_.get();
        pt_times_ = std::make_unique<transit::TravelTimeCache>(*transit_);
        isochrone_times_ = std::make_unique<transit::TravelTimeCache>(*transit_);
        m.transit_times = pt_times_.get();
    }
    run_.measures = measure::compute_measures(run_.data, taxonomy_, m);
    for (const auto& p : run_.measures.problems.problems()) run_.data.problems.add(p);
    if (walking_)
        run_.catchments = walking_catchments(run_.data, run_.measures.categories, *walking_,
                                             options_.threads);
    if (transit_)
        run_.isochrones = transit_isochrones(run_.data, *transit_,
                                             run_.measures.transit.categories, m.threads, nullptr,
                                             isochrone_times_.get());
    indicators_ = indicator_specs(study_, run_.measures, taxonomy_);
    run_.indicators = measure::compute_indicators(run_.measures, indicators_,
                                                    study_.measures.domain_min_indicator_share);
}

LiveStudy::~LiveStudy() = default;

void LiveStudy::apply_overlay() {
    run_.data.problems = base_problems_;
    run_.data.metadata = base_metadata_;
    edit::apply_to_study(run_.data, *overlay_, edits_);
}

void LiveStudy::rebuild_walking() {
    // The previous finder's snaps are reused for the assets that did not move.
    if (network_)
        walking_ = std::make_unique<NearbyFinder>(run_.data, taxonomy_,
                                                  walking_ ? *walking_ : *network_);
    else
        walking_.reset();
}

LiveChange LiveStudy::set_edits(std::vector<edit::AssetEdit> edits) {
    LiveChange change;
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<Asset> before = std::move(run_.data.assets);
    edits_ = std::move(edits);
    apply_overlay();
    const std::vector<Asset>& after = run_.data.assets;

    // Any attribute change (a rename too) changes the layers; a changed point, capacity,
    // area or footprint changes the measures of its categories.
    change.assets_changed = before.size() != after.size();
    for (std::size_t i = 0; !change.assets_changed && i < before.size(); ++i) {
        const Asset& x = before[i];
        const Asset& y = after[i];
        change.assets_changed = x.id != y.id || x.name != y.name || x.category != y.category ||
                                !(x.location == y.location) || x.capacity != y.capacity ||
                                x.area_code != y.area_code || x.edited_by != y.edited_by ||
                                x.edited_utc != y.edited_utc || x.sources.size() != y.sources.size();
    }
    std::vector<std::string> categories;
    const auto changed = edit::changed_categories(before, after);
    for (const auto& c : run_.measures.categories)
        if (changed.count(c)) categories.push_back(c);
    change.categories.insert(categories.begin(), categories.end());

    // The snaps of the assets follow the edited list (the near service and the catchments).
    rebuild_walking();
    change.overlay_s = seconds_since(t0);
    if (!categories.empty()) {
        // The walking catchments of the changed categories (one thread per category) on
        // another thread, beside the measures and isochrones: they read the same assets.
        std::future<std::pair<std::vector<Catchment>, double>> catchments_later;
        if (walking_)
            catchments_later = std::async(std::launch::async, [this, &categories] {
                const auto t = std::chrono::steady_clock::now();
                auto fresh = walking_catchments(run_.data, categories, *walking_, options_.threads);
                return std::make_pair(std::move(fresh), seconds_since(t));
            });
        auto t = std::chrono::steady_clock::now();
        measure::MeasureOptions m = measure_options(study_, options_);
        m.categories = categories;
        if (network_) {
            m.graph = &network_->graph();
            m.snapper = &network_->snapper();
        }
        m.transit = transit_.get();
        m.transit_times = pt_times_.get();
        const auto part = measure::compute_measures(run_.data, taxonomy_, m);
        measure::replace_categories(run_.measures, part);
        change.measures_s = seconds_since(t);
        t = std::chrono::steady_clock::now();
        if (transit_) {  // the isochrones of the changed categories, the others kept
            std::vector<std::string> pt;
            for (const auto& c : run_.measures.transit.categories)
                if (change.categories.count(c)) pt.push_back(c);
            if (!pt.empty()) {
                run_.isochrones = merge_by_category(
                    run_.measures.transit.categories, change.categories, run_.isochrones,
                    transit_isochrones(run_.data, *transit_, pt, m.threads, nullptr,
                                       isochrone_times_.get()));
            }
        }
        change.isochrones_s = seconds_since(t);
        if (catchments_later.valid()) {
            auto [fresh, seconds] = catchments_later.get();
            run_.catchments = merge_by_category(run_.measures.categories, change.categories,
                                                run_.catchments, fresh);
            change.catchments_s = seconds;
        }
        t = std::chrono::steady_clock::now();
        run_.indicators = measure::compute_indicators(run_.measures, indicators_,
                                                    study_.measures.domain_min_indicator_share);
        change.indicators_s = seconds_since(t);
    }
    for (const auto& p : run_.measures.problems.problems()) run_.data.problems.add(p);
    change.measure_s = seconds_since(t0);
    return change;
}

void LiveStudy::set_metadata(const std::string& key, const std::string& value) {
    auto set = [&](std::vector<std::pair<std::string, std::string>>& m) {
        for (auto& kv : m)
            if (kv.first == key) {
                kv.second = value;
                return;
            }
        m.emplace_back(key, value);
    };
    set(base_metadata_);
    set(run_.data.metadata);
}

Atlas LiveStudy::atlas() const { return atlas_from_run(run_, taxonomy_, transit_.get()); }

}  // namespace assetmap::atlas
