#pragma once
/// @file Community asset editing over HTTP (README, "Asset editing"): the write URLs
/// `POST /api/assets`, `PATCH|DELETE /api/assets/{id}`, `POST /api/assets/import`,
/// `POST /api/audit/{id}/undo` (Bearer token, rate-limited), and the reads `GET /api/assets/{id}`,
/// `GET /api/audit`, `GET /api/whoami`. Each accepted edit is one transaction in the edit
/// store (durable before the answer); then the affected categories are measured again
/// (atlas::LiveStudy), and the server's state is swapped: /api/areas, OGC API – Features,
/// /api/near and the tiles follow without a restart. Edits that arrive while a recompute
/// runs are committed at once and applied together by the next one.

#include <assetmap/atlas/live_study.hpp>
#include <assetmap/serve/atlas_service.hpp>
#include <assetmap/serve/http_server.hpp>
#include <assetmap/serve/tokens.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace assetmap::serve {

/// How editing is set up (`assetmap serve --tokens --db --edit-rate --edit-margin-m`).
struct EditOptions {
    std::string store;                  ///< SQLite path or PG:<conninfo>
    std::optional<TokenTable> tokens;   ///< none: read-only (the store's edits still apply)
    unsigned rate_per_minute = 60;      ///< write requests per token per minute; 0 = no limit
    double margin_m = 0.0;              ///< accepted distance outside every study area, metres
    std::optional<double> dedupe_m;     ///< duplicate distance; default the study's
    std::string study_file;             ///< the atlas's study
    std::string data_dir;               ///< overrides the study's data folder
    unsigned threads = 1;               ///< measuring threads
};

/// Timings of one recompute (the benchmark and the log).
struct RecomputeTiming {
    std::int64_t through_id = 0;   ///< the last edit applied
    std::size_t categories = 0;    ///< categories measured again
    std::size_t areas_changed = 0;
    double measure_s = 0.0;        ///< overlay, measures, catchments, indicators
    atlas::LiveChange stages;      ///< measure_s by stage
    double atlas_s = 0.0;          ///< the atlas layers
    double state_s = 0.0;          ///< layers in CRS84, OGC API, area JSON, tiles, near
    double total_s = 0.0;
};

/// The edit URLs of one server. Thread-safe.
class EditService final : public Handler {
public:
    /// Opens the store (creating it when tokens are given), ingests the atlas's study, applies
    /// the stored edits, and swaps `service`'s state (which must be loaded) for the edited
    /// one. `say` gets one line per step. Throws input_error/config_error/io_error for a
    /// store or study that cannot be used.
    EditService(AtlasService& service, EditOptions options,
                const std::function<void(const std::string&)>& say);
    ~EditService();

    /// True for the paths this service answers.
    static bool owns(std::string_view path);

    Response handle(const Request& request) const override;
    /// Writes (they wait for the recompute) run on the worker pool.
    bool heavy(const Request& request) const override;

    /// Edits in the store.
    std::size_t edit_count() const;
    /// The store, for the console ("SQLite out/newport/edits.sqlite").
    std::string store_description() const;
    /// Timings of the latest recomputes (newest last, at most 1024).
    std::vector<RecomputeTiming> timings() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::serve
