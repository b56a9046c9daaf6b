#include <assetmap/serve/area_api.hpp>

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/column_info.hpp>
#include <assetmap/atlas/profile.hpp>
#include <assetmap/core/taxonomy.hpp>

#include "catalogue.hpp"
#include "profile_text.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace assetmap::serve {

using json = nlohmann::ordered_json;

namespace {

const char* const domain_names[3] = {"individual", "community", "structural"};

double round7(double v) { return std::round(v * 1e7) / 1e7; }

json opt(const std::optional<double>& v) {
    return v && std::isfinite(*v) ? json(*v) : json();
}

json value_json(const io::FieldValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* d = std::get_if<double>(&v)) return std::isfinite(*d) ? json(*d) : json();
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    return nullptr;
}

json bbox(const BoxLonLat& b) {
    return json::array({round7(b.min_lon_deg), round7(b.min_lat_deg), round7(b.max_lon_deg),
                        round7(b.max_lat_deg)});
}

/// A value with its unit in the catalogue's language ("73%", "1,250 m"); null when none.
json text_of(const i18n::Catalogue& cat, const atlas::IndicatorLine& line,
             const std::optional<double>& value) {
    if (!value || !std::isfinite(*value)) return nullptr;
    return i18n::format_value(cat, line, *value);
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; }

}  // namespace

AreaApi::AreaApi(const atlas::Atlas& atlas, const std::map<std::string, LayerLonLat>& layers,
                 const Taxonomy* taxonomy)
    : atlas_(atlas), taxonomy_(taxonomy) {
    if (const auto it = layers.find("areas"); it != layers.end()) areas_ = &it->second;
    if (const auto it = layers.find("assets"); it != layers.end()) assets_ = &it->second;
    const io::OutputLayer& areas = atlas.areas();
    // Titles, descriptions and units from one place (atlas/column_info.hpp), read against
    // the categories the atlas itself records.
    const auto context = atlas::column_context(std::map<std::string, std::string>(
        atlas.metadata().begin(), atlas.metadata().end()));
    for (const auto& f : areas.fields) {
        const auto info = atlas::describe_column("areas", f.name, context);
        columns_[f.name] = {info.title, info.description};
        if (!info.unit.empty()) units_[f.name] = info.unit;
    }

    auto col = [&](const char* name) { return atlas::Atlas::field(areas, name); };
    const std::size_t code = col("code"), name = col("name"), parent = col("parent_code"),
                      population = col("population"), index = col("asset_index"),
                      rank = col("asset_index_rank"), decile = col("asset_index_decile");
    const std::size_t scores[3] = {col("individual_score"), col("community_score"),
                                   col("structural_score")};
    auto number = [&](std::size_t r, std::size_t c) {
        return c == atlas::Atlas::npos ? json() : opt(atlas::Atlas::number(areas, r, c));
    };
    auto text = [&](std::size_t r, std::size_t c) {
        return c == atlas::Atlas::npos ? std::string() : atlas::Atlas::text(areas, r, c);
    };
    std::vector<std::string> indicator_columns;
    if (!areas.rows.empty() && code != atlas::Atlas::npos)
        if (const auto p = atlas::area_profile(atlas, atlas::Atlas::text(areas, 0, code)))
            for (const auto& line : p->indicators) indicator_columns.push_back(line.column);
    json list = json::array();
    for (std::size_t r = 0; r < areas.rows.size(); ++r) {
        json a;
        a["code"] = text(r, code);
        a["name"] = text(r, name);
        a["parent_code"] = text(r, parent);
        a["population"] = number(r, population);
        a["asset_index"] = number(r, index);
        a["asset_index_rank"] = number(r, rank);
        a["asset_index_decile"] = number(r, decile);
        json ds;
        for (int d = 0; d < 3; ++d) ds[domain_names[d]] = number(r, scores[d]);
        a["domain_scores"] = std::move(ds);
        a["bbox"] = areas_ && r < areas_->has_geometry.size() && areas_->has_geometry[r]
                        ? bbox(areas_->boxes[r])
                        : json();
        // The web map's choropleth: every indicator's value, and the categories for which
        // the area lies outside the data extent (drawn as "no data").
        json values = json::object();
        for (const auto& column : indicator_columns) values[column] = number(r, col(column.c_str()));
        a["indicators"] = std::move(values);
        json partial = json::array();
        for (const auto& c : atlas.categories()) {
            const std::size_t f = col((c + "_partial_data").c_str());
            const json flag = number(r, f);
            if (flag.is_number() && flag.get<double>() != 0.0) partial.push_back(c);
        }
        a["partial_categories"] = std::move(partial);
        list.push_back(std::move(a));
    }
    json j;
    j["study"] = atlas.study_name();
    j["count"] = areas.rows.size();
    j["areas"] = std::move(list);
    areas_json_ = prepare_body(dump(j), "application/json");
}

std::string AreaApi::atlas_json(const AtlasFacts& facts) const {
    json j;
    j["study"] = atlas_.study_name();
    j["title"] = atlas_.title();
    j["title_cy"] = atlas_.title("cy");
    j["attribution"] = atlas_.meta("attribution");
    j["metric_crs"] = atlas_.metric_crs();
    j["run_time_utc"] = atlas_.meta("run_time_utc");
    j["software"] = atlas_.meta("software");
    j["areas"] = atlas_.areas().rows.size();
    j["bounds"] = areas_ && areas_->any_geometry ? bbox(areas_->extent) : json();
    j["domains"] = json::array({"individual", "community", "structural"});

    json cats = json::array();
    for (const auto& id : atlas_.categories()) {
        json c;
        c["id"] = id;
        const Category* cat = taxonomy_ ? taxonomy_->find(id) : nullptr;
        c["label"] = cat ? cat->label : id;
        c["domain"] = cat ? json(to_string(cat->domain)) : json();
        cats.push_back(std::move(c));
    }
    j["categories"] = std::move(cats);

    // Indicator descriptions and comparators, from the first area's profile (the same for
    // every area; the comparators list the study and region, plus each area's own parent).
    json indicators = json::array();
    json comparators = json::array();
    if (!atlas_.areas().rows.empty()) {
        const std::size_t code = atlas::Atlas::field(atlas_.areas(), "code");
        if (code != atlas::Atlas::npos) {
            if (const auto p = atlas::area_profile(atlas_, atlas::Atlas::text(atlas_.areas(), 0, code))) {
                for (const auto& line : p->indicators) {
                    json i;
                    i["column"] = line.column;
                    i["category"] = line.category;
                    i["domain"] = line.domain;
                    i["measure"] = line.measure;
                    i["threshold_m"] = opt(line.threshold_m);
                    i["unit"] = line.unit;
                    i["lower_is_better"] = line.lower_is_better;
                    if (const auto it = columns_.find(line.column); it != columns_.end()) {
                        i["title"] = it->second.first;
                        i["description"] = it->second.second;
                    }
                    indicators.push_back(std::move(i));
                }
            }
        }
    }
    const io::OutputLayer& comp = atlas_.comparators();
    const std::size_t cid = atlas::Atlas::field(comp, "comparator");
    const std::size_t kind = atlas::Atlas::field(comp, "kind");
    for (std::size_t r = 0; r < comp.rows.size(); ++r) {
        json c;
        const std::string id = cid == atlas::Atlas::npos ? "" : atlas::Atlas::text(comp, r, cid);
        c["id"] = id;
        c["kind"] = kind == atlas::Atlas::npos ? "" : atlas::Atlas::text(comp, r, kind);
        const std::string& name = atlas_.meta("comparator." + id + ".name");
        c["name"] = !name.empty() ? name : id == "study" ? atlas_.title() : id;
        c["name_cy"] = atlas_.meta("comparator." + id + ".name_cy");
        comparators.push_back(std::move(c));
    }
    j["indicators"] = std::move(indicators);
    j["scores"] = json::array({"individual_score", "community_score", "structural_score",
                               "asset_index"});
    j["comparators"] = std::move(comparators);
    j["tilesets"] = facts.tilesets;
    json near;
    near["available"] = !facts.near_modes.empty();
    near["modes"] = facts.near_modes;
    near["max_minutes"] = 60;
    if (facts.walk_speed_kmh > 0) near["walk_speed_kmh"] = facts.walk_speed_kmh;
    if (!facts.near_unavailable.empty()) near["unavailable"] = facts.near_unavailable;
    j["near"] = std::move(near);
    return dump(j);
}

Response AreaApi::area(const std::string& code, const std::string& lang,
                       const Request& request) const {
    const std::string key = lang + "/" + code;
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (const auto it = profiles_.find(key); it != profiles_.end())
            return prepared_response(*it->second, request);
    }
    auto body = area_json(code, lang);
    if (!body) return error_response(404, "no area with code '" + code + "'; /api/areas lists them");
    auto prepared = std::make_shared<const PreparedBody>(prepare_body(std::move(*body), "application/json"));
    std::lock_guard<std::mutex> lk(mu_);
    const auto it = profiles_.emplace(key, std::move(prepared)).first;
    return prepared_response(*it->second, request);
}

void AreaApi::warm() const {
    const io::OutputLayer& areas = atlas_.areas();
    const std::size_t code = atlas::Atlas::field(areas, "code");
    if (code == atlas::Atlas::npos) return;
    for (const std::string& lang : i18n::languages())
        for (std::size_t r = 0; r < areas.rows.size(); ++r) {
            const std::string c = atlas::Atlas::text(areas, r, code);
            const std::string key = lang + "/" + c;
            {
                std::lock_guard<std::mutex> lk(mu_);
                if (profiles_.count(key)) continue;
            }
            auto body = area_json(c, lang);
            if (!body) continue;
            auto prepared = std::make_shared<const PreparedBody>(
                prepare_body(std::move(*body), "application/json"));
            std::lock_guard<std::mutex> lk(mu_);
            profiles_.emplace(key, std::move(prepared));
        }
}

std::optional<std::string> AreaApi::area_json(const std::string& code, const std::string& lang) const {
    const auto p = atlas::area_profile(atlas_, code);
    if (!p) return std::nullopt;
    const i18n::Catalogue& cat = i18n::Catalogue::builtin(lang);
    const io::OutputLayer& areas = atlas_.areas();
    json j;
    j["lang"] = cat.lang();
    j["code"] = p->code;
    j["name"] = p->name;
    j["parent_code"] = p->parent_code;
    j["population"] = opt(p->population);
    j["area_km2"] = opt(p->area_km2);
    j["bbox"] = areas_ && p->row < areas_->has_geometry.size() && areas_->has_geometry[p->row]
                    ? bbox(areas_->boxes[p->row])
                    : json();
    json comps = json::array();
    for (const auto& c : p->comparators)
        comps.push_back({{"id", c.id}, {"kind", c.kind}, {"name", c.name}, {"name_cy", c.name_cy},
                         {"label", i18n::comparator_label(cat, c)}});
    j["comparators"] = std::move(comps);

    json measures = json::object();
    for (std::size_t f = 0; f < areas.fields.size(); ++f)
        measures[areas.fields[f].name] = value_json(areas.rows[p->row][f]);
    j["measures"] = std::move(measures);
    json units = json::object();
    for (const auto& f : areas.fields)
        if (const auto it = units_.find(f.name); it != units_.end()) units[f.name] = it->second;
    j["units"] = std::move(units);

    json indicators = json::array();
    for (std::size_t n = 0; n < p->indicators.size(); ++n) {
        const atlas::IndicatorLine& line = p->indicators[n];
        json i;
        i["column"] = line.column;
        i["title"] = i18n::indicator_title(cat, line);
        i["category"] = line.category;
        i["domain"] = line.domain;
        i["measure"] = line.measure;
        i["threshold_m"] = opt(line.threshold_m);
        i["unit"] = line.unit;
        i["lower_is_better"] = line.lower_is_better;
        i["value"] = opt(line.value);
        i["value_text"] = text_of(cat, line, line.value);
        i["partial_data"] = line.partial_data;
        i["data_coverage_pct"] = opt(line.data_coverage_pct);
        i["normal_score"] = opt(line.normal_score);
        json cs = json::array();
        for (std::size_t k = 0; k < p->comparators.size(); ++k) {
            const auto value = k < line.comparator_value.size() ? line.comparator_value[k]
                                                                : std::optional<double>{};
            // No sentence where the area lies outside the data extent: "0% live near a
            // library" would read as "no libraries" where it means "no data".
            const std::string sentence =
                line.partial_data ? std::string() : i18n::highlight_sentence(cat, *p, {n, k, false});
            cs.push_back({{"id", p->comparators[k].id},
                          {"value", opt(value)},
                          {"ratio", k < line.ratio.size() ? opt(line.ratio[k]) : json()},
                          {"value_text", text_of(cat, line, value)},
                          {"sentence", sentence.empty() ? json() : json(sentence)}});
        }
        i["comparators"] = std::move(cs);
        indicators.push_back(std::move(i));
    }
    j["indicators"] = std::move(indicators);
    json ds;
    for (int d = 0; d < 3; ++d) ds[domain_names[d]] = opt(p->domain_score[std::size_t(d)]);
    j["domain_scores"] = std::move(ds);
    j["asset_index"] = opt(p->asset_index);
    j["asset_index_rank"] = p->asset_index_rank ? json(*p->asset_index_rank) : json();
    j["asset_index_decile"] = p->asset_index_decile ? json(*p->asset_index_decile) : json();
    j["areas_ranked"] = p->areas_ranked;

    json assets;
    for (const char* d : domain_names) assets[d] = json::array();
    for (const auto& a : p->assets) {
        json x;
        x["asset_id"] = a.asset_id;
        x["category"] = a.category;
        x["name"] = a.name;
        x["source"] = a.source;
        if (assets_ && a.row < assets_->has_geometry.size() && assets_->has_geometry[a.row]) {
            x["lon"] = round7(assets_->points[a.row].lon_deg);
            x["lat"] = round7(assets_->points[a.row].lat_deg);
        } else {
            x["lon"] = nullptr;
            x["lat"] = nullptr;
        }
        const std::string domain = a.domain.empty() ? "structural" : a.domain;
        if (!assets.contains(domain)) assets[domain] = json::array();
        assets[domain].push_back(std::move(x));
    }
    j["assets"] = std::move(assets);
    j["partial_categories"] = p->partial_categories;

    // The strongest and weakest indicators against each comparator, in plain language.
    json highlights = json::array();
    for (std::size_t k = 0; k < p->comparators.size(); ++k) {
        json h;
        h["comparator"] = p->comparators[k].id;
        h["strengths"] = json::array();
        h["weaknesses"] = json::array();
        for (const auto& hl : atlas::profile_highlights(*p, k)) {
            const std::string sentence = i18n::highlight_sentence(cat, *p, hl);
            if (sentence.empty()) continue;
            h[hl.strong ? "strengths" : "weaknesses"].push_back(
                {{"column", p->indicators[hl.indicator].column}, {"sentence", sentence}});
        }
        highlights.push_back(std::move(h));
    }
    j["highlights"] = std::move(highlights);
    return dump(j);
}

}  // namespace assetmap::serve
