/// @file The edit overlay (overlay.hpp): sources + edits in order = the asset set.

#include <assetmap/edit/overlay.hpp>

#include <assetmap/spatial/area_locator.hpp>

#include <cmath>
#include <cstdio>
#include <tuple>

namespace assetmap::edit {

const char* to_string(EditAction action) {
    switch (action) {
    case EditAction::add: return "add";
    case EditAction::correct: return "correct";
    case EditAction::retire: return "retire";
    case EditAction::undo: return "undo";
    }
    return "add";
}

std::optional<EditAction> parse_action(std::string_view text) {
    if (text == "add") return EditAction::add;
    if (text == "correct") return EditAction::correct;
    if (text == "retire") return EditAction::retire;
    if (text == "undo") return EditAction::undo;
    return std::nullopt;
}

std::string community_asset_id(std::string_view category, std::int64_t edit_id) {
    return std::string(category) + ":" + community_source + ":" + std::to_string(edit_id);
}

namespace {

std::vector<MultiPolygonM> geometries(const std::vector<Area>& areas) {
    std::vector<MultiPolygonM> out;
    out.reserve(areas.size());
    for (const auto& a : areas) out.push_back(a.geometry);
    return out;
}

bool finite(const PointM& p) { return std::isfinite(p.x_m) && std::isfinite(p.y_m); }

bool same_rings(const RingM& a, const RingM& b) { return a == b; }

bool same_footprint(const std::optional<MultiPolygonM>& a, const std::optional<MultiPolygonM>& b) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return true;
    if (a->size() != b->size()) return false;
    for (std::size_t i = 0; i < a->size(); ++i) {
        const PolygonM& p = (*a)[i];
        const PolygonM& q = (*b)[i];
        if (!same_rings(p.outer, q.outer) || p.holes.size() != q.holes.size()) return false;
        for (std::size_t h = 0; h < p.holes.size(); ++h)
            if (!same_rings(p.holes[h], q.holes[h])) return false;
    }
    return true;
}

}  // namespace

Overlay::Overlay(const std::vector<Area>& areas, std::vector<Asset> source_assets,
                 const Taxonomy& taxonomy, const RegionData* region)
    : areas_(areas), sources_(std::move(source_assets)), taxonomy_(taxonomy),
      locator_(std::make_unique<spatial::AreaLocator>(geometries(areas_))),
      has_region_(region != nullptr) {
    for (std::size_t i = 0; i < sources_.size(); ++i) source_index_.emplace(sources_[i].id, i);
    if (region) {
        for (const Area& a : region->areas) region_codes_.push_back(a.code);
        region_locator_ = std::make_unique<spatial::AreaLocator>(geometries(region->areas));
    }
}

Overlay::~Overlay() = default;
Overlay::Overlay(Overlay&&) noexcept = default;
Overlay& Overlay::operator=(Overlay&&) noexcept = default;

std::optional<std::size_t> Overlay::locate(const PointM& p) const {
    if (!finite(p)) return std::nullopt;
    return locator_->locate(p);
}

const Asset* Overlay::source_asset(const std::string& asset_id) const {
    const auto it = source_index_.find(asset_id);
    return it == source_index_.end() ? nullptr : &sources_[it->second];
}

namespace {

/// One asset id's state while edits are replayed.
struct Slot {
    std::optional<AssetState> state;
    const AssetEdit* last = nullptr;
};

}  // namespace

std::vector<Asset> Overlay::apply(const std::vector<AssetEdit>& edits,
                                  ProblemReport* problems) const {
    std::map<std::string, Slot> slots;
    std::vector<std::string> community_order;
    auto report = [&](const AssetEdit& e, const std::string& message) {
        if (problems)
            problems->add(Problem{ProblemKind::bad_value, community_source, "asset_edits",
                                  "edit " + std::to_string(e.id), "", message, std::nullopt});
    };
    for (const AssetEdit& e : edits) {
        if (e.after) {
            if (!taxonomy_.find(e.after->category)) {
                report(e, "category '" + e.after->category +
                              "' is not in the taxonomy; the edit is not used");
                continue;
            }
            if (!finite(e.after->location)) {
                report(e, "the point is not a finite coordinate; the edit is not used");
                continue;
            }
        }
        auto it = slots.find(e.asset_id);
        if (it == slots.end()) {
            const bool source = source_index_.count(e.asset_id) != 0;
            if (!source && !e.after) {
                report(e, "retires asset '" + e.asset_id + "', which does not exist; the edit "
                          "is not used");
                continue;
            }
            it = slots.emplace(e.asset_id, Slot{}).first;
            if (!source) community_order.push_back(e.asset_id);
        }
        it->second.state = e.after;
        it->second.last = &e;
    }

    auto make = [&](const Asset* source, const std::string& id, const Slot& slot) {
        const AssetState& st = *slot.state;
        Asset a = source ? *source : Asset{};
        const Category* category = taxonomy_.find(st.category);
        a.id = id;
        a.category = st.category;
        a.domain = to_string(category->domain);
        a.name = st.name;
        a.location = st.location;
        a.capacity = st.capacity;
        if (!category->is_area) a.footprint.reset();
        if (!source) a.sources.clear();
        a.sources.push_back({community_source, std::to_string(slot.last->id)});
        a.edited_by = slot.last->editor;
        a.edited_utc = slot.last->time_utc;
        const auto area = locator_->locate(a.location);
        a.area_code = area ? areas_[*area].code : std::string();
        if (has_region_) {  // as ingest: the study area, else the region's area holding it
            a.region_area_code = a.area_code;
            if (!area)
                if (const auto other = region_locator_->locate(a.location))
                    a.region_area_code = region_codes_[*other];
        }
        if (!area && a.region_area_code.empty() && problems)
            problems->add(Problem{ProblemKind::outside_areas, community_source, "asset_edits",
                                  "edit " + std::to_string(slot.last->id), "",
                                  "community asset '" + a.name + "' (" + a.id +
                                      ") lies outside every study area; kept, flagged "
                                      "outside_areas (it still counts for nearest distances)",
                                  a.location});
        return a;
    };

    std::vector<Asset> out;
    out.reserve(sources_.size() + community_order.size());
    for (const Asset& s : sources_) {
        const auto it = slots.find(s.id);
        if (it == slots.end()) {
            out.push_back(s);
        } else if (it->second.state) {
            out.push_back(make(&s, s.id, it->second));
        }
    }
    for (const std::string& id : community_order) {
        const Slot& slot = slots.at(id);
        if (slot.state) out.push_back(make(nullptr, id, slot));
    }
    return out;
}

std::optional<AssetState> Overlay::state_of(const std::string& asset_id,
                                            const std::vector<AssetEdit>& edits) const {
    std::optional<AssetState> state;
    bool edited = false;
    for (const AssetEdit& e : edits) {
        if (e.asset_id != asset_id) continue;
        if (e.after && (!taxonomy_.find(e.after->category) || !finite(e.after->location)))
            continue;  // not used by apply() either
        state = e.after;
        edited = true;
    }
    if (edited) return state;
    const Asset* s = source_asset(asset_id);
    if (!s) return std::nullopt;
    AssetState st;
    st.category = s->category;
    st.name = s->name;
    st.location = s->location;
    st.capacity = s->capacity;
    return st;
}

std::set<std::string> changed_categories(const std::vector<Asset>& before,
                                         const std::vector<Asset>& after) {
    // Per category, the assets in order as the measures see them.
    std::map<std::string, std::vector<const Asset*>> a, b;
    for (const Asset& x : before) a[x.category].push_back(&x);
    for (const Asset& x : after) b[x.category].push_back(&x);
    std::set<std::string> out;
    auto same = [](const Asset* x, const Asset* y) {
        return x->id == y->id && x->location == y->location && x->capacity == y->capacity &&
               x->area_code == y->area_code && same_footprint(x->footprint, y->footprint);
    };
    for (const auto& [category, list] : a) {
        const auto it = b.find(category);
        if (it == b.end() || it->second.size() != list.size()) {
            out.insert(category);
            continue;
        }
        for (std::size_t i = 0; i < list.size(); ++i)
            if (!same(list[i], it->second[i])) {
                out.insert(category);
                break;
            }
    }
    for (const auto& [category, list] : b)
        if (!a.count(category)) out.insert(category);
    return out;
}

void apply_to_study(StudyData& data, const Overlay& overlay, const std::vector<AssetEdit>& edits) {
    data.assets = overlay.apply(edits, &data.problems);
    std::set<std::string> editors;
    for (const auto& e : edits) editors.insert(e.editor);
    std::string editor_list;
    for (const auto& e : editors) editor_list += (editor_list.empty() ? "" : ",") + e;

    std::map<std::string, std::size_t> per_category;
    for (const auto& a : data.assets) ++per_category[a.category];
    auto& m = data.metadata;
    // Counts per category: the keys ingest wrote, in place; new categories after them.
    std::vector<std::pair<std::string, std::string>> kept;
    kept.reserve(m.size() + per_category.size() + 3);
    bool placed = false;
    auto put_counts = [&] {
        for (const auto& [c, n] : per_category) kept.emplace_back("assets." + c, std::to_string(n));
        placed = true;
    };
    for (auto& kv : m) {
        if (kv.first.rfind("assets.", 0) == 0) {
            if (!placed) put_counts();
            continue;
        }
        if (kv.first == "edits" || kv.first == "edits.last_id" || kv.first == "edits.editors")
            continue;
        kept.push_back(std::move(kv));
    }
    if (!placed) put_counts();
    kept.emplace_back("edits", std::to_string(edits.size()));
    kept.emplace_back("edits.last_id", std::to_string(edits.empty() ? 0 : edits.back().id));
    kept.emplace_back("edits.editors", editor_list);
    m = std::move(kept);
}

}  // namespace assetmap::edit
