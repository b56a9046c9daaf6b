/// @file EditService's state: the committed asset set, the recompute, validation, commit
/// and the JSON of what is stored (edit_service_impl.hpp); the routes are edit_service.cpp.

#include "edit_service_impl.hpp"

#include <algorithm>
#include <assetmap/core/date.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <limits>

namespace assetmap::serve {

using edit_detail::Clock;
using edit_detail::seconds_since;

namespace {

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

}  // namespace

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
    im.store =
        open_edit_store(im.opt.store, {study.name, study.metric_crs}, im.opt.tokens.has_value());
    StoreContents contents = im.store->load();
    for (std::size_t i = 0; i < contents.edits.size(); ++i)
        if (contents.edits[i].id != static_cast<std::int64_t>(i + 1) ||
            i >= contents.audit.size() || contents.audit[i].id != contents.edits[i].id)
            throw input_error(im.store->describe(),
                              "edit " + std::to_string(contents.edits[i].id) +
                                  " is out of order or has no audit row: the store is damaged");
    tell("edit store: " + im.store->describe() + ", " + std::to_string(contents.edits.size()) +
         " edits" +
         (im.opt.tokens ? ", " + std::to_string(im.opt.tokens->size()) + " editors"
                        : std::string(" (read-only: no --tokens)")));

    // The run's measure settings, as the atlas records them, so the live measures continue
    // the atlas's (`run --edits` with the same options gives the same values).
    atlas::RunOptions run;
    run.data_dir = im.opt.data_dir;
    run.threads = std::max(1u, im.opt.threads);
    run.timestamp_utc = utc_now_iso();
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

void EditService::Impl::refresh_current() {
    current = live->overlay().apply(edits, nullptr);
    current_index.clear();
    current_index.reserve(current.size());
    for (std::size_t i = 0; i < current.size(); ++i) current_index.emplace(current[i].id, i);
}

const Asset* EditService::Impl::current_asset(const std::string& id) const {
    const auto it = current_index.find(id);
    return it == current_index.end() ? nullptr : &current[it->second];
}

std::optional<edit::AssetState> EditService::Impl::state_of(const std::string& id,
                                                            std::size_t edits_upto) const {
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

StudyData EditService::Impl::slim_data() const {
    StudyData d;
    d.study_name = live->result().data.study_name;
    d.metric_crs = live->result().data.metric_crs;
    d.assets = live->result().data.assets;
    d.snap_limit_m = live->result().data.snap_limit_m;
    d.walk_speed_kmh = live->result().data.walk_speed_kmh;
    return d;
}

void EditService::Impl::recompute(std::vector<edit::AssetEdit> snapshot, bool first) {
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
        changed =
            diff_atlases(*prev.atlas, *areas_before, layer_of(prev.layers, "assets"), *atlas,
                         *areas_after, layer_of(layers, "assets"), prev.tiles->raster_columns());
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
    applied_log.push_back({timing.through_id,
                           changed.areas_changed,
                           {change.categories.begin(), change.categories.end()},
                           timing});
    while (applied_log.size() > 1024) applied_log.pop_front();
    std::lock_guard<std::mutex> lk(timing_mu);
    timing_log.push_back(timing);
    while (timing_log.size() > 1024) timing_log.pop_front();
}

EditService::Impl::Applied EditService::Impl::ensure_applied(std::int64_t id) {
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

const Category* EditService::Impl::category_of(const std::string& text, Problem* p) const {
    const Taxonomy& tax = live->taxonomy();
    if (const Category* c = tax.find(text)) return c;
    if (const Category* c = tax.match_value(text)) return c;
    std::string some;
    std::size_t n = 0;
    for (const auto& c : tax.categories())
        if (n++ < 6) some += (some.empty() ? "" : ", ") + c.id;
    *p = {400,
          "category",
          "unknown category '" + text.substr(0, 60) + "'; use a category id of the taxonomy (" +
              some + ", …: /api/atlas lists them)",
          {}};
    return nullptr;
}

std::optional<PointM> EditService::Impl::place_of(double lon, double lat, Problem* p) const {
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

bool EditService::Impl::duplicate(const std::string& category, const PointM& at,
                                  const std::string& self, const std::vector<Asset>& also,
                                  Problem* p) const {
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
          "an asset of category " + category + " ('" + best->name + "', " + best->id + ") lies " +
              msg + " away (the duplicate distance is " +
              std::to_string(static_cast<int>(std::lround(dedupe_m))) +
              " m); send \"force\": true to add it anyway",
          extra};
    return true;
}

std::optional<edit::AssetState> EditService::Impl::build_state(
    const AssetInput& in, const std::optional<edit::AssetState>& base, const Asset* existing,
    const std::string& self, const std::vector<Asset>& also, Problem* p) const {
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
            *p = {400,
                  "lon",
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
    if ((moved || recategorised) && !in.force && duplicate(st.category, st.location, self, also, p))
        return std::nullopt;
    return st;
}

std::vector<edit::AssetEdit> EditService::Impl::commit(const std::vector<Draft>& drafts,
                                                       const std::string& editor,
                                                       const std::string& client) {
    std::vector<StoredEdit> batch;
    const std::string now = utc_now_iso();
    std::int64_t id = edits.empty() ? 0 : edits.back().id;
    for (const Draft& d : drafts) {
        StoredEdit s;
        s.edit.id = ++id;
        s.edit.action = d.action;
        s.edit.asset_id =
            d.asset_id.empty() ? edit::community_asset_id(d.after->category, id) : d.asset_id;
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

json EditService::Impl::audit_entry_json(const AuditEntry& a, bool with_client,
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

void EditService::Impl::audit_indexes(std::map<std::int64_t, std::int64_t>& undone_by,
                                      std::map<std::string, std::int64_t>& latest) const {
    for (const auto& a : audit) {
        if (a.undoes) undone_by[a.undoes] = a.id;
        latest[a.asset_id] = a.id;
    }
}

json EditService::Impl::asset_json(const Asset& a) const {
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

}  // namespace assetmap::serve
