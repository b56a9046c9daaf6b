#pragma once
/// @file Internal to EditService: the state behind the edit routes (edit_service_impl.cpp:
/// the committed asset set, the recompute, validation, commit, the JSON of what is stored;
/// edit_service.cpp: the routes).

#include <assetmap/atlas/live_study.hpp>
#include <assetmap/serve/asset_input.hpp>
#include <assetmap/serve/edit_service.hpp>
#include <assetmap/serve/edit_store.hpp>
#include <assetmap/serve/live_state.hpp>
#include <assetmap/serve/rate_limiter.hpp>
#include <assetmap/serve/reaper.hpp>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace assetmap::serve {

using json = nlohmann::ordered_json;

namespace edit_detail {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace edit_detail

struct EditService::Impl {
    AtlasService& service;
    EditOptions opt;
    double dedupe_m = 25.0;
    std::unique_ptr<EditStore> store;
    RateLimiter limiter;
    std::string study_name;

    // What the store holds (guarded by write_mu).
    mutable std::mutex write_mu;
    std::vector<edit::AssetEdit> edits;
    std::vector<AuditEntry> audit;
    std::vector<Asset> current;  ///< the assets after every stored edit
    std::unordered_map<std::string, std::size_t> current_index;
    std::unique_ptr<io::CrsTransform> to_metric;    ///< CRS84 → metric, under write_mu
    std::unique_ptr<io::CrsTransform> to_lonlat_w;  ///< metric → CRS84, under write_mu

    // What is applied (guarded by apply_mu).
    std::mutex apply_mu;
    std::unique_ptr<atlas::LiveStudy> live;
    std::shared_ptr<const ServeState> state;
    TileChanges stale;                              ///< since the archives were written
    std::unique_ptr<io::CrsTransform> to_lonlat_a;  ///< metric → CRS84, under apply_mu
    std::atomic<std::int64_t> applied{0};
    struct Applied {
        std::int64_t through = 0;
        std::vector<std::string> areas_changed;
        std::vector<std::string> categories;
        RecomputeTiming timing;
    };
    std::deque<Applied> applied_log;  ///< under apply_mu
    mutable std::mutex timing_mu;
    std::deque<RecomputeTiming> timing_log;
    Reaper reaper;  ///< frees replaced states off the request thread (destroyed first)

    Impl(AtlasService& s, EditOptions o)
        : service(s), opt(std::move(o)), limiter(opt.rate_per_minute) {}

    // ---- the committed asset set -------------------------------------------------------

    void refresh_current();

    const Asset* current_asset(const std::string& id) const;

    /// The state of an asset as an edit states it, lon/lat filled (under write_mu).
    std::optional<edit::AssetState> state_of(const std::string& id, std::size_t edits_upto) const;

    // ---- the recompute -----------------------------------------------------------------

    StudyData slim_data() const;

    /// Builds and swaps in the state of `snapshot` (under apply_mu).
    void recompute(std::vector<edit::AssetEdit> snapshot, bool first);

    /// Waits until edit `id` is applied (applying every committed edit when it is not yet);
    /// returns what the recompute that applied it changed.
    Applied ensure_applied(std::int64_t id);

    // ---- validation (under write_mu) ---------------------------------------------------

    struct Problem {
        unsigned status = 400;
        std::string field, message;
        json extra;
    };

    const Category* category_of(const std::string& text, Problem* p) const;

    /// The metric point of lon/lat, inside the areas or the margin; nullopt with `p` set.
    std::optional<PointM> place_of(double lon, double lat, Problem* p) const;

    /// An asset of `category` within the dedupe distance of `at` (other than `self`, and
    /// among `also`), or none.
    bool duplicate(const std::string& category, const PointM& at, const std::string& self,
                   const std::vector<Asset>& also, Problem* p) const;

    /// A new or changed state from input fields over `base` (none for an add).
    std::optional<edit::AssetState> build_state(const AssetInput& in,
                                                const std::optional<edit::AssetState>& base,
                                                const Asset* existing, const std::string& self,
                                                const std::vector<Asset>& also, Problem* p) const;

    // ---- commit ------------------------------------------------------------------------

    /// One planned edit before it has an id.
    struct Draft {
        edit::EditAction action = edit::EditAction::add;
        std::string asset_id;  ///< "" for an add (made from the id)
        std::optional<edit::AssetState> before, after;
        std::int64_t undoes = 0;
    };

    /// Stores drafts as edits 'last id + 1…' with their audit rows (under write_mu). Throws
    /// what the store throws; nothing changes in memory then.
    std::vector<edit::AssetEdit> commit(const std::vector<Draft>& drafts, const std::string& editor,
                                        const std::string& client);

    // ---- JSON of what is stored --------------------------------------------------------

    json audit_entry_json(const AuditEntry& a, bool with_client,
                          const std::map<std::int64_t, std::int64_t>& undone_by,
                          const std::map<std::string, std::int64_t>& latest) const;

    void audit_indexes(std::map<std::int64_t, std::int64_t>& undone_by,
                       std::map<std::string, std::int64_t>& latest) const;

    json asset_json(const Asset& a) const;
};

}  // namespace assetmap::serve
