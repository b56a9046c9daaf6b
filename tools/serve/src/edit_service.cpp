/// @file Community asset editing over HTTP (edit_service.hpp).

#include <assetmap/serve/edit_service.hpp>

#include <assetmap/atlas/live_study.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/serve/asset_input.hpp>
#include <assetmap/serve/edit_store.hpp>
#include <assetmap/serve/live_state.hpp>
#include <assetmap/serve/rate_limiter.hpp>
#include <assetmap/serve/reaper.hpp>
#include <assetmap/serve/url.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <future>
#include <mutex>
#include <unordered_map>

namespace assetmap::serve {

using json = nlohmann::ordered_json;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Response json_response(unsigned status, const json& j) {
    Response r;
    r.status = status;
    r.content_type = "application/json";
    r.body = dump(j);
    r.set_header("Cache-Control", "no-store");
    return r;
}

/// An error naming the field at fault: {"status","error","field","message"}.
Response field_error(unsigned status, const std::string& field, const std::string& message) {
    Response r = error_response(status, message);
    json j = json::parse(r.body);
    json out;
    out["status"] = j["status"];
    out["error"] = j["error"];
    out["field"] = field;
    out["message"] = message;
    r.body = dump(out);
    return r;
}

/// Distance in metres from `p` to the nearest edge of any area (metric CRS).
double distance_to_areas_m(const std::vector<Area>& areas, const PointM& p) {
    double best = std::numeric_limits<double>::infinity();
    auto ring = [&](const RingM& r) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i) {
            const PointM& a = r[i];
            const PointM& b = r[i + 1];
            const double dx = b.x_m - a.x_m, dy = b.y_m - a.y_m;
            const double len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? ((p.x_m - a.x_m) * dx + (p.y_m - a.y_m) * dy) / len2 : 0.0;
            t = std::clamp(t, 0.0, 1.0);
            best = std::min(best, distance_m(p, {a.x_m + t * dx, a.y_m + t * dy}));
        }
    };
    for (const Area& area : areas)
        for (const PolygonM& poly : area.geometry) {
            ring(poly.outer);
            for (const RingM& h : poly.holes) ring(h);
        }
    return best;
}

/// Splits "/api/assets/{id}[/rest]" style paths: the segment after `prefix`.
std::string tail_after(std::string_view path, std::string_view prefix) {
    return std::string(path.substr(prefix.size()));
}

}  // namespace

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
    std::vector<Asset> current;                     ///< the assets after every stored edit
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

    Impl(AtlasService& s, EditOptions o) : service(s), opt(std::move(o)), limiter(opt.rate_per_minute) {}

    // ---- the committed asset set -------------------------------------------------------

    void refresh_current() {
        current = live->overlay().apply(edits, nullptr);
        current_index.clear();
        current_index.reserve(current.size());
        for (std::size_t i = 0; i < current.size(); ++i) current_index.emplace(current[i].id, i);
    }

    const Asset* current_asset(const std::string& id) const {
        const auto it = current_index.find(id);
        return it == current_index.end() ? nullptr : &current[it->second];
    }

    /// The state of an asset as an edit states it, lon/lat filled (under write_mu).
    std::optional<edit::AssetState> state_of(const std::string& id, std::size_t edits_upto) const {
        const std::vector<edit::AssetEdit> prefix(edits.begin(),
                                                  edits.begin() + static_cast<long>(edits_upto));
        auto st = live->overlay().state_of(id, prefix);
        if (st) {
            bool from_edit = false;
            for (const auto& e : prefix) from_edit = from_edit || e.asset_id == id;
            if (!from_edit)
                if (const auto ll = to_lonlat_w->to_source(st->location)) st->lonlat = *ll;
        }
        return st;
    }

    // ---- the recompute -----------------------------------------------------------------

    StudyData slim_data() const {
        StudyData d;
        d.study_name = live->result().data.study_name;
        d.metric_crs = live->result().data.metric_crs;
        d.assets = live->result().data.assets;
        d.snap_limit_m = live->result().data.snap_limit_m;
        d.walk_speed_kmh = live->result().data.walk_speed_kmh;
        return d;
    }

    /// Builds and swaps in the state of `snapshot` (under apply_mu).
    void recompute(std::vector<edit::AssetEdit> snapshot, bool first) {
        const auto t0 = Clock::now();
        RecomputeTiming timing;
        timing.through_id = snapshot.empty() ? 0 : snapshot.back().id;
        atlas::LiveChange change;
        if (!first) change = live->set_edits(std::move(snapshot));
        timing.measure_s = first ? 0.0 : change.measure_s;
        timing.stages = change;
        // The near service (its own copy of the assets and their snaps) is built on another
        // thread while this one makes the atlas and its CRS84 layers.
        const ServeState& before = *state;
        std::future<std::shared_ptr<const NearService>> near_later;
        if (before.near && (first || change.assets_changed))
            near_later = std::async(std::launch::async, [this, &before] {
                return std::make_shared<const NearService>(slim_data(), *before.near);
            });
        const auto t1 = Clock::now();
        auto atlas = std::make_shared<const atlas::Atlas>(live->atlas());
        timing.atlas_s = seconds_since(t1);
        const auto t2 = Clock::now();
        const ServeState& prev = *state;
        auto layers = relayer(*atlas, &prev.layers, *to_lonlat_a);
        // The OGC features (the largest part of the state) on another thread, beside the
        // tile diff; both only read the new layers.
        auto ogc_later = std::async(std::launch::async, [&atlas, &layers, &prev] {
            return std::make_unique<OgcFeatures>(*atlas, layers, prev.ogc.get());
        });
        auto layer_of = [](const std::map<std::string, LayerLonLat>& m, const char* name) {
            const auto it = m.find(name);
            return it == m.end() ? nullptr : &it->second;
        };
        const LayerLonLat* areas_before = layer_of(prev.layers, "areas");
        const LayerLonLat* areas_after = layer_of(layers, "areas");
        TileChanges changed;
        if (areas_before && areas_after)
            changed = diff_atlases(*prev.atlas, *areas_before, layer_of(prev.layers, "assets"),
                                   *atlas, *areas_after, layer_of(layers, "assets"),
                                   prev.tiles->raster_columns());
        stale.merge(changed);
        std::shared_ptr<const NearService> near;
        if (near_later.valid()) near = near_later.get();
        NextState next;
        next.ogc = ogc_later.get();  // before `layers` moves (its nodes stay where they are)
        next.atlas = atlas;
        next.layers = std::move(layers);
        next.near = std::move(near);
        next.stale = stale;
        next.changed = first ? stale : changed;
        next.version = static_cast<std::uint64_t>(timing.through_id);
        std::shared_ptr<const ServeState> old = state;
        state = next_state(prev, std::move(next));
        service.swap_state(state);
        reaper.release(std::move(old));
        applied = timing.through_id;
        timing.state_s = seconds_since(t2);
        timing.total_s = seconds_since(t0);
        timing.categories = change.categories.size();
        timing.areas_changed = changed.areas_changed.size();
        applied_log.push_back({timing.through_id, changed.areas_changed,
                               {change.categories.begin(), change.categories.end()}, timing});
        while (applied_log.size() > 1024) applied_log.pop_front();
        std::lock_guard<std::mutex> lk(timing_mu);
        timing_log.push_back(timing);
        while (timing_log.size() > 1024) timing_log.pop_front();
    }

    /// Waits until edit `id` is applied (applying every committed edit when it is not yet);
    /// returns what the recompute that applied it changed.
    Applied ensure_applied(std::int64_t id) {
        std::lock_guard<std::mutex> lk(apply_mu);
        if (applied < id) {
            std::vector<edit::AssetEdit> snapshot;
            {
                std::lock_guard<std::mutex> w(write_mu);
                snapshot = edits;
            }
            recompute(std::move(snapshot), false);
        }
        for (const auto& a : applied_log)
            if (a.through >= id) return a;
        return {};
    }

    // ---- validation (under write_mu) ---------------------------------------------------

    struct Problem {
        unsigned status = 400;
        std::string field, message;
        json extra;
    };

    const Category* category_of(const std::string& text, Problem* p) const {
        const Taxonomy& tax = live->taxonomy();
        if (const Category* c = tax.find(text)) return c;
        if (const Category* c = tax.match_value(text)) return c;
        std::string some;
        std::size_t n = 0;
        for (const auto& c : tax.categories())
            if (n++ < 6) some += (some.empty() ? "" : ", ") + c.id;
        *p = {400, "category",
              "unknown category '" + text.substr(0, 60) + "'; use a category id of the taxonomy (" +
                  some + ", …: /api/atlas lists them)",
              {}};
        return nullptr;
    }

    /// The metric point of lon/lat, inside the areas or the margin; nullopt with `p` set.
    std::optional<PointM> place_of(double lon, double lat, Problem* p) const {
        const auto pt = to_metric->to_metric(lon, lat);
        if (!pt) {
            *p = {400, "lon", "lon/lat cannot be transformed into the study's CRS", {}};
            return std::nullopt;
        }
        if (live->overlay().locate(*pt)) return pt;
        const double d = opt.margin_m > 0 ? distance_to_areas_m(live->overlay().areas(), *pt)
                                          : std::numeric_limits<double>::infinity();
        if (d <= opt.margin_m) return pt;
        char msg[200];
        if (opt.margin_m > 0)
            std::snprintf(msg, sizeof msg,
                          "the place is %.0f m outside the study areas (at most %.0f m is "
                          "accepted); choose a place on the map's areas",
                          d, opt.margin_m);
        else
            std::snprintf(msg, sizeof msg,
                          "the place is outside the study areas; choose a place on the map's "
                          "areas");
        *p = {400, "lon", msg, {}};
        return std::nullopt;
    }

    /// An asset of `category` within the dedupe distance of `at` (other than `self`, and
    /// among `also`), or none.
    bool duplicate(const std::string& category, const PointM& at, const std::string& self,
                   const std::vector<Asset>& also, Problem* p) const {
        const Asset* best = nullptr;
        double best_d = dedupe_m;
        auto look = [&](const Asset& a) {
            if (a.category != category || a.id == self) return;
            const double d = distance_m(a.location, at);
            if (d <= best_d) {
                best_d = d;
                best = &a;
            }
        };
        for (const auto& a : current) look(a);
        for (const auto& a : also) look(a);
        if (!best) return false;
        char msg[120];
        std::snprintf(msg, sizeof msg, "%.1f m", best_d);
        json extra;
        extra["duplicate_of"] = best->id;
        extra["distance_m"] = std::round(best_d * 10) / 10;
        *p = {409, "force",
              "an asset of category " + category + " ('" + best->name + "', " + best->id +
                  ") lies " + msg + " away (the duplicate distance is " +
                  std::to_string(static_cast<int>(std::lround(dedupe_m))) +
                  " m); send \"force\": true to add it anyway",
              extra};
        return true;
    }

    /// A new or changed state from input fields over `base` (none for an add).
    std::optional<edit::AssetState> build_state(const AssetInput& in,
                                                const std::optional<edit::AssetState>& base,
                                                const Asset* existing, const std::string& self,
                                                const std::vector<Asset>& also, Problem* p) const {
        edit::AssetState st = base ? *base : edit::AssetState{};
        bool moved = false, recategorised = false;
        if (in.category) {
            const Category* c = category_of(*in.category, p);
            if (!c) return std::nullopt;
            recategorised = !base || c->id != base->category;
            st.category = c->id;
        }
        if (in.lon && in.lat) {
            const auto pt = place_of(*in.lon, *in.lat, p);
            if (!pt) return std::nullopt;
            moved = !base || !(*pt == base->location);
            if (moved && existing && existing->footprint) {
                *p = {400, "lon",
                      "this asset is an area (its outline comes from " +
                          (existing->sources.empty() ? std::string("its source")
                                                     : existing->sources.front().source) +
                          "); its point follows the outline and cannot be moved",
                      {}};
                return std::nullopt;
            }
            st.location = *pt;
            st.lonlat = {*in.lon, *in.lat};
        }
        if (in.name) st.name = *in.name;
        if (in.capacity_given) st.capacity = in.capacity;
        if (in.note) st.note = *in.note;
        if ((moved || recategorised) && !in.force &&
            duplicate(st.category, st.location, self, also, p))
            return std::nullopt;
        return st;
    }

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
                                        const std::string& client) {
        std::vector<StoredEdit> batch;
        const std::string now = utc_now();
        std::int64_t id = edits.empty() ? 0 : edits.back().id;
        for (const Draft& d : drafts) {
            StoredEdit s;
            s.edit.id = ++id;
            s.edit.action = d.action;
            s.edit.asset_id = d.asset_id.empty() ? edit::community_asset_id(d.after->category, id)
                                                 : d.asset_id;
            s.edit.after = d.after;
            s.edit.editor = editor;
            s.edit.time_utc = now;
            s.edit.undoes = d.undoes;
            s.audit.id = id;
            s.audit.time_utc = now;
            s.audit.token_name = editor;
            s.audit.action = edit::to_string(d.action);
            s.audit.asset_id = s.edit.asset_id;
            s.audit.before_json = audit_json(s.edit.asset_id, d.before);
            s.audit.after_json = audit_json(s.edit.asset_id, d.after);
            s.audit.client = client;
            s.audit.undoes = d.undoes;
            batch.push_back(std::move(s));
        }
        store->append(batch);
        std::vector<edit::AssetEdit> made;
        for (auto& s : batch) {
            edits.push_back(s.edit);
            audit.push_back(s.audit);
            made.push_back(std::move(s.edit));
        }
        refresh_current();
        return made;
    }

    // ---- JSON of what is stored --------------------------------------------------------

    json audit_entry_json(const AuditEntry& a, bool with_client,
                          const std::map<std::int64_t, std::int64_t>& undone_by,
                          const std::map<std::string, std::int64_t>& latest) const {
        json j;
        j["id"] = a.id;
        j["time_utc"] = a.time_utc;
        j["token_name"] = a.token_name;
        j["action"] = a.action;
        j["asset_id"] = a.asset_id;
        j["before"] = a.before_json.empty() ? json() : json::parse(a.before_json);
        j["after"] = a.after_json.empty() ? json() : json::parse(a.after_json);
        j["undoes"] = a.undoes ? json(a.undoes) : json();
        const auto u = undone_by.find(a.id);
        j["undone_by"] = u == undone_by.end() ? json() : json(u->second);
        const auto l = latest.find(a.asset_id);
        j["can_undo"] = l != latest.end() && l->second == a.id;
        if (with_client) j["client"] = a.client;
        return j;
    }

    void audit_indexes(std::map<std::int64_t, std::int64_t>& undone_by,
                       std::map<std::string, std::int64_t>& latest) const {
        for (const auto& a : audit) {
            if (a.undoes) undone_by[a.undoes] = a.id;
            latest[a.asset_id] = a.id;
        }
    }

    json asset_json(const Asset& a) const {
        json j;
        j["asset_id"] = a.id;
        j["category"] = a.category;
        j["domain"] = a.domain;
        j["name"] = a.name;
        const auto ll = to_lonlat_w->to_source(a.location);
        j["lon"] = ll ? json(std::round(ll->lon_deg * 1e7) / 1e7) : json();
        j["lat"] = ll ? json(std::round(ll->lat_deg * 1e7) / 1e7) : json();
        j["capacity"] = a.capacity ? json(*a.capacity) : json();
        j["area_code"] = a.area_code.empty() ? json() : json(a.area_code);
        std::string sources, ids;
        for (const auto& s : a.sources) {
            if (sources.find(s.source) == std::string::npos)
                sources += (sources.empty() ? "" : ";") + s.source;
            ids += (ids.empty() ? "" : ";") + s.source + ":" + s.id;
        }
        j["source"] = sources;
        j["source_ids"] = ids;
        j["edited_by"] = a.edited_by.empty() ? json() : json(a.edited_by);
        j["edited_utc"] = a.edited_utc.empty() ? json() : json(a.edited_utc);
        j["is_area"] = a.footprint.has_value();
        return j;
    }
};

EditService::EditService(AtlasService& service, EditOptions options,
                         const std::function<void(const std::string&)>& say)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
    auto tell = [&](const std::string& line) {
        if (say) say(line);
    };
    auto& im = *impl_;
    im.state = service.state();
    if (!im.state) throw config_error("the edit service needs the atlas loaded first");
    const atlas::Atlas& base = *im.state->atlas;
    if (im.opt.study_file.empty())
        throw input_error(im.state->atlas_gpkg.string(),
                          "the atlas names no study file that exists (metadata study_file): "
                          "edits are overlays on the study's sources, which must be at hand");
    const auto t0 = Clock::now();
    Study study = io::load_study(im.opt.study_file, im.opt.data_dir);
    Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    im.dedupe_m = im.opt.dedupe_m ? *im.opt.dedupe_m : study.dedupe_distance_m;
    im.study_name = study.name;
    im.store = open_edit_store(im.opt.store, {study.name, study.metric_crs},
                               im.opt.tokens.has_value());
    StoreContents contents = im.store->load();
    for (std::size_t i = 0; i < contents.edits.size(); ++i)
        if (contents.edits[i].id != static_cast<std::int64_t>(i + 1) ||
            i >= contents.audit.size() || contents.audit[i].id != contents.edits[i].id)
            throw input_error(im.store->describe(),
                              "edit " + std::to_string(contents.edits[i].id) +
                                  " is out of order or has no audit row: the store is damaged");
    tell("edit store: " + im.store->describe() + ", " + std::to_string(contents.edits.size()) +
         " edits" + (im.opt.tokens ? ", " + std::to_string(im.opt.tokens->size()) + " editors"
                                   : std::string(" (read-only: no --tokens)")));

    // The run's measure settings, as the atlas records them, so the live measures continue
    // the atlas's (`run --edits` with the same options gives the same values).
    atlas::RunOptions run;
    run.data_dir = im.opt.data_dir;
    run.threads = std::max(1u, im.opt.threads);
    run.timestamp_utc = utc_now();
    run.categories = base.categories();
    for (const auto& c : base.categories()) {
        std::vector<double> ts;
        const std::string& text = base.meta("measure." + c + ".thresholds_m");
        std::size_t start = 0;
        while (start < text.size()) {
            const auto comma = text.find(',', start);
            ts.push_back(std::strtod(text.substr(start, comma - start).c_str(), nullptr));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (!ts.empty()) run.thresholds_m[c] = ts;
    }
    ingest::IngestOptions ingest_options;
    ingest_options.timestamp_utc = run.timestamp_utc;
    StudyData data = ingest::ingest_study(study, taxonomy, ingest_options);
    im.live = std::make_unique<atlas::LiveStudy>(std::move(study), std::move(taxonomy),
                                                 std::move(data), run, contents.edits);
    im.live->set_metadata("study_file", base.meta("study_file"));
    im.to_metric = std::make_unique<io::CrsTransform>("OGC:CRS84", base.metric_crs());
    im.to_lonlat_w = std::make_unique<io::CrsTransform>("OGC:CRS84", base.metric_crs());
    im.to_lonlat_a = std::make_unique<io::CrsTransform>("OGC:CRS84", base.metric_crs());
    im.edits = std::move(contents.edits);
    im.audit = std::move(contents.audit);
    im.refresh_current();
    {
        std::lock_guard<std::mutex> lk(im.apply_mu);
        im.recompute(im.edits, true);
    }
    char line[160];
    std::snprintf(line, sizeof line,
                  "live atlas with %zu edits: %zu areas differ from the archived tiles (%.2f s)",
                  im.edits.size(), im.stale.areas_changed.size(), seconds_since(t0));
    tell(line);
}

EditService::~EditService() = default;

bool EditService::owns(std::string_view path) {
    return path == "/api/assets" || path.rfind("/api/assets/", 0) == 0 || path == "/api/audit" ||
           path.rfind("/api/audit/", 0) == 0 || path == "/api/whoami";
}

bool EditService::heavy(const Request& r) const {
    return r.method == Method::post || r.method == Method::patch || r.method == Method::del;
}

std::size_t EditService::edit_count() const {
    std::lock_guard<std::mutex> lk(impl_->write_mu);
    return impl_->edits.size();
}

std::string EditService::store_description() const { return impl_->store->describe(); }

std::vector<RecomputeTiming> EditService::timings() const {
    std::lock_guard<std::mutex> lk(impl_->timing_mu);
    return {impl_->timing_log.begin(), impl_->timing_log.end()};
}

namespace {

Response method_not_allowed(const char* allow) {
    Response r = error_response(405, std::string("this URL answers ") + allow);
    r.set_header("Allow", allow);
    return r;
}

bool json_content(const Request& req) {
    const std::string* ct = req.header("content-type");
    return !ct || ct->find("json") != std::string::npos;
}

bool csv_content(const Request& req) {
    const std::string* ct = req.header("content-type");
    return !ct || ct->find("csv") != std::string::npos || ct->find("text/plain") != std::string::npos;
}

}  // namespace

Response EditService::handle(const Request& req) const {
    auto& im = *impl_;
    const std::string& path = req.path;
    const bool get = req.method == Method::get || req.method == Method::head;
    const bool write = req.method == Method::post || req.method == Method::patch ||
                       req.method == Method::del;

    // Who is asking (reads use it only to show client addresses).
    auto authenticate = [&](std::string* name) -> std::optional<Response> {
        if (!im.opt.tokens)
            return error_response(403, "editing is off on this server: it was started without "
                                       "--tokens");
        const AuthResult a = im.opt.tokens->check(req.header("authorization"));
        if (a.status == AuthResult::Status::ok) {
            *name = a.name;
            return std::nullopt;
        }
        if (a.status == AuthResult::Status::wrong)
            return error_response(403, "the token is not one of this server's editors' tokens");
        Response r = error_response(401, a.status == AuthResult::Status::missing
                                             ? "editing needs a token: send Authorization: "
                                               "Bearer <token>"
                                             : "the Authorization header must be 'Bearer <token>'");
        r.set_header("WWW-Authenticate", "Bearer realm=\"assetmap\"");
        return r;
    };

    auto problem_response = [](const Impl::Problem& p) {
        Response r = field_error(p.status, p.field, p.message);
        if (!p.extra.is_null()) {
            json j = json::parse(r.body);
            for (const auto& [k, v] : p.extra.items()) j[k] = v;
            r.body = dump(j);
        }
        return r;
    };

    // A write: token, rate limit, then `plan` (under the write lock) makes the drafts, which
    // are committed and applied before the answer.
    auto write_with = [&](unsigned status,
                          const std::function<std::optional<Response>(std::vector<Impl::Draft>&)>&
                              plan) -> Response {
        std::string editor;
        if (auto r = authenticate(&editor)) return *r;
        if (const unsigned wait = im.limiter.take(editor)) {
            Response r = error_response(429, "at most " + std::to_string(im.limiter.per_minute()) +
                                                 " edits a minute per token; try again in " +
                                                 std::to_string(wait) + " s");
            r.set_header("Retry-After", std::to_string(wait));
            return r;
        }
        std::vector<edit::AssetEdit> made;
        const auto commit_start = Clock::now();
        {
            std::lock_guard<std::mutex> lk(im.write_mu);
            std::vector<Impl::Draft> drafts;
            if (auto refused = plan(drafts)) return *refused;
            try {
                made = im.commit(drafts, editor, req.remote.empty() ? "-" : req.remote);
            } catch (const error& e) {
                Response r = error_response(503, "the edit store cannot be written now; nothing "
                                                 "was changed — try again shortly");
                r.set_header(internal_note_header, e.what());
                return r;
            }
        }
        const double commit_s = seconds_since(commit_start);
        Impl::Applied applied;
        try {
            applied = im.ensure_applied(made.back().id);
        } catch (const std::exception& e) {
            Response r = error_response(500, "the edit was stored but the map could not be "
                                             "updated; the server log has the details");
            r.set_header(internal_note_header, e.what());
            return r;
        }
        json out;
        json list = json::array();
        {
            std::lock_guard<std::mutex> lk(im.write_mu);
            for (const auto& e : made) {
                json item;
                item["audit_id"] = e.id;
                item["action"] = edit::to_string(e.action);
                item["asset_id"] = e.asset_id;
                const Asset* a = im.current_asset(e.asset_id);
                item["asset"] = a ? im.asset_json(*a) : json();
                list.push_back(std::move(item));
            }
        }
        if (made.size() == 1) {
            out = list[0];
        } else {
            out["imported"] = made.size();
            out["edits"] = std::move(list);
        }
        out["version"] = im.applied.load();
        out["areas_changed"] = applied.areas_changed;
        out["categories_remeasured"] = applied.categories;
        Response r = json_response(status, out);
        // The recompute that applied the edit, in milliseconds (W3C Server-Timing).
        const auto ms = [](double s) { return std::to_string(s * 1000.0); };
        const atlas::LiveChange& st = applied.timing.stages;
        r.set_header("Server-Timing", "commit;dur=" + ms(commit_s) +
                                          ", measure;dur=" + ms(applied.timing.measure_s) +
                                          ", overlay;dur=" + ms(st.overlay_s) +
                                          ", measures;dur=" + ms(st.measures_s) +
                                          ", catchments;dur=" + ms(st.catchments_s) +
                                          ", isochrones;dur=" + ms(st.isochrones_s) +
                                          ", indicators;dur=" + ms(st.indicators_s) +
                                          ", atlas;dur=" + ms(applied.timing.atlas_s) +
                                          ", state;dur=" + ms(applied.timing.state_s) +
                                          ", recompute;dur=" + ms(applied.timing.total_s));
        if (made.size() == 1 && made.front().after)
            r.set_header("Location", "/api/assets/" + percent_encode(made.front().asset_id));
        return r;
    };

    // ---- /api/whoami
    if (path == "/api/whoami") {
        if (!get) return method_not_allowed("GET, HEAD, OPTIONS");
        std::string name;
        if (auto r = authenticate(&name)) return *r;
        json j;
        j["name"] = name;
        j["rate_limit_per_minute"] = im.limiter.per_minute();
        j["dedupe_distance_m"] = im.dedupe_m;
        j["margin_m"] = im.opt.margin_m;
        return json_response(200, j);
    }

    // ---- /api/audit and /api/audit/{id}/undo
    if (path == "/api/audit") {
        if (!get) return method_not_allowed("GET, HEAD, OPTIONS");
        std::int64_t since = 0;
        std::size_t limit = 100;
        std::string asset;
        for (const auto& [k, v] : req.query) {
            if (k == "since") {
                const auto n = parse_uint(v, std::uint64_t(1) << 53);
                if (!n) return field_error(400, "since", "since must be a whole number >= 0");
                since = static_cast<std::int64_t>(*n);
            } else if (k == "limit") {
                const auto n = parse_uint(v, 1000);
                if (!n || *n == 0) return field_error(400, "limit", "limit must be 1 to 1000");
                limit = *n;
            } else if (k == "asset") {
                asset = v;
            } else {
                return field_error(400, k, "unknown query parameter '" + k.substr(0, 40) +
                                               "'; this URL takes since, asset and limit");
            }
        }
        std::string who;
        const bool with_client = im.opt.tokens && !authenticate(&who);
        std::lock_guard<std::mutex> lk(im.write_mu);
        std::map<std::int64_t, std::int64_t> undone_by;
        std::map<std::string, std::int64_t> latest;
        im.audit_indexes(undone_by, latest);
        json entries = json::array();
        std::int64_t last_listed = since;
        bool more = false;
        for (const auto& a : im.audit) {
            if (a.id <= since || (!asset.empty() && a.asset_id != asset)) continue;
            if (entries.size() == limit) {
                more = true;
                break;
            }
            entries.push_back(im.audit_entry_json(a, with_client, undone_by, latest));
            last_listed = a.id;
        }
        json out;
        out["count"] = entries.size();
        out["last_id"] = im.audit.empty() ? 0 : im.audit.back().id;
        out["next_since"] = more ? json(last_listed) : json();
        out["entries"] = std::move(entries);
        return json_response(200, out);
    }
    if (path.rfind("/api/audit/", 0) == 0) {
        const std::string rest = tail_after(path, "/api/audit/");
        const auto slash = rest.find('/');
        if (slash == std::string::npos || rest.substr(slash) != "/undo")
            return error_response(404, "no such audit URL; see /api/audit and "
                                       "POST /api/audit/{id}/undo");
        const auto id = parse_uint(rest.substr(0, slash), std::uint64_t(1) << 53);
        if (!id) return error_response(404, "no audit entry '" + rest.substr(0, slash) + "'");
        if (req.method != Method::post) return method_not_allowed("POST, OPTIONS");
        if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
        return write_with(201, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
            const auto target = static_cast<std::int64_t>(*id);
            if (target < 1 || target > static_cast<std::int64_t>(im.edits.size()))
                return error_response(404, "no audit entry " + std::to_string(target));
            const edit::AssetEdit& e = im.edits[static_cast<std::size_t>(target - 1)];
            for (std::size_t i = static_cast<std::size_t>(target); i < im.edits.size(); ++i)
                if (im.edits[i].asset_id == e.asset_id) {
                    Impl::Problem p{409, "id",
                                    "asset " + e.asset_id + " was edited again by audit entry " +
                                        std::to_string(im.edits[i].id) +
                                        "; undo the latest change of an asset first",
                                    {}};
                    p.extra["latest"] = im.edits[i].id;
                    return problem_response(p);
                }
            Impl::Draft d;
            d.action = edit::EditAction::undo;
            d.asset_id = e.asset_id;
            d.before = e.after;
            d.after = im.state_of(e.asset_id, static_cast<std::size_t>(target - 1));
            d.undoes = target;
            drafts.push_back(std::move(d));
            return std::nullopt;
        });
    }

    // ---- /api/assets, /api/assets/import, /api/assets/{id}
    if (path == "/api/assets") {
        if (req.method != Method::post) return method_not_allowed("POST, OPTIONS");
        if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
        if (!json_content(req))
            return field_error(415, "body", "send the asset as JSON (Content-Type: "
                                            "application/json)");
        auto parsed = parse_asset_json(req.body, true);
        return write_with(201, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
            if (parsed.error) return field_error(400, parsed.error->field, parsed.error->message);
            Impl::Problem p;
            auto st = im.build_state(*parsed.input, std::nullopt, nullptr, "", {}, &p);
            if (!st) return problem_response(p);
            Impl::Draft d;
            d.action = edit::EditAction::add;
            d.after = std::move(st);
            drafts.push_back(std::move(d));
            return std::nullopt;
        });
    }
    if (path == "/api/assets/import") {
        if (req.method != Method::post) return method_not_allowed("POST, OPTIONS");
        if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
        if (!csv_content(req))
            return field_error(415, "body", "send a CSV file (Content-Type: text/csv)");
        auto parsed = parse_asset_csv(req.body);
        return write_with(201, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
            json rows = json::array();
            auto bad = [&](std::size_t line, const std::string& field, const std::string& msg,
                           const json& extra) {
                json r;
                r["line"] = line;
                r["field"] = field;
                r["message"] = msg;
                for (const auto& [k, v] : extra.items()) r[k] = v;
                rows.push_back(std::move(r));
            };
            for (const auto& e : parsed.errors) bad(e.line, e.error.field, e.error.message, json::object());
            std::vector<Asset> accepted;  // earlier rows of this file, for duplicates
            // Rows that parsed are checked against the study too, so one answer lists every
            // bad row (by line).
            for (const auto& row : parsed.rows) {
                    Impl::Problem p;
                    auto st = im.build_state(row.input, std::nullopt, nullptr, "", accepted, &p);
                    if (!st) {
                        bad(row.line, p.field, p.message, p.extra.is_null() ? json::object() : p.extra);
                        continue;
                    }
                    Asset a;
                    a.id = "line " + std::to_string(row.line);
                    a.name = st->name;
                    a.category = st->category;
                    a.location = st->location;
                    accepted.push_back(std::move(a));
                    Impl::Draft d;
                    d.action = edit::EditAction::add;
                    d.after = std::move(st);
                    drafts.push_back(std::move(d));
                }
            if (rows.empty()) return std::nullopt;
            std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
                return a["line"].get<std::size_t>() < b["line"].get<std::size_t>();
            });
            json out;
            out["status"] = 400;
            out["error"] = "bad_request";
            out["field"] = "body";
            out["message"] = std::to_string(rows.size()) + " row" + (rows.size() == 1 ? "" : "s") +
                             " of the file cannot be imported; nothing was imported (fix them "
                             "and send the whole file again)";
            out["rows"] = std::move(rows);
            return json_response(400, out);
        });
    }
    if (path.rfind("/api/assets/", 0) == 0) {
        const std::string id = tail_after(path, "/api/assets/");
        if (id.empty() || id.find('/') != std::string::npos)
            return error_response(404, "no such asset URL; see /api/assets/{asset_id}");
        if (get) {
            if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
            std::lock_guard<std::mutex> lk(im.write_mu);
            std::map<std::int64_t, std::int64_t> undone_by;
            std::map<std::string, std::int64_t> latest;
            im.audit_indexes(undone_by, latest);
            json history = json::array();
            std::string who;
            const bool with_client = im.opt.tokens && !authenticate(&who);
            for (const auto& a : im.audit)
                if (a.asset_id == id)
                    history.push_back(im.audit_entry_json(a, with_client, undone_by, latest));
            const Asset* a = im.current_asset(id);
            if (!a && history.empty())
                return error_response(404, "no asset '" + id.substr(0, 100) + "'");
            json out;
            out["asset_id"] = id;
            out["retired"] = a == nullptr;
            out["asset"] = a ? im.asset_json(*a) : json();
            out["note"] = "";
            if (a)
                if (const auto st = im.state_of(id, im.edits.size())) out["note"] = st->note;
            out["history"] = std::move(history);
            return json_response(200, out);
        }
        if (req.method == Method::patch) {
            if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
            if (!json_content(req))
                return field_error(415, "body", "send the changes as JSON (Content-Type: "
                                                "application/json)");
            auto parsed = parse_asset_json(req.body, false);
            return write_with(200, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
                if (parsed.error) return field_error(400, parsed.error->field, parsed.error->message);
                const Asset* existing = im.current_asset(id);
                if (!existing) return error_response(404, "no asset '" + id.substr(0, 100) + "' (or it is retired)");
                const auto before = im.state_of(id, im.edits.size());
                Impl::Problem p;
                auto st = im.build_state(*parsed.input, before, existing, id, {}, &p);
                if (!st) return problem_response(p);
                if (before && *st == *before)
                    return field_error(400, "body", "the asset already has these values; "
                                                    "nothing to change");
                Impl::Draft d;
                d.action = edit::EditAction::correct;
                d.asset_id = id;
                d.before = before;
                d.after = std::move(st);
                drafts.push_back(std::move(d));
                return std::nullopt;
            });
        }
        if (req.method == Method::del) {
            if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
            return write_with(200, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
                if (!im.current_asset(id))
                    return error_response(404, "no asset '" + id.substr(0, 100) + "' (or it is already retired)");
                Impl::Draft d;
                d.action = edit::EditAction::retire;
                d.asset_id = id;
                d.before = im.state_of(id, im.edits.size());
                drafts.push_back(std::move(d));
                return std::nullopt;
            });
        }
        return method_not_allowed("GET, HEAD, PATCH, DELETE, OPTIONS");
    }
    (void)write;
    return error_response(404, "no such editing URL");
}

}  // namespace assetmap::serve
