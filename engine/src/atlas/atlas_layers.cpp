#include <assetmap/atlas/atlas_layers.hpp>

#include <assetmap/atlas/study_run.hpp>
#include <assetmap/io/geopackage_writer.hpp>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <variant>

namespace assetmap::atlas {

namespace {

using io::FieldDef;
using io::FieldType;
using io::FieldValue;
using io::LayerGeometry;
using io::OutputLayer;

FieldValue text(const std::string& s) {
    return s.empty() ? FieldValue{} : FieldValue{s};
}
FieldValue real(const std::optional<double>& v) { return v ? FieldValue{*v} : FieldValue{}; }
FieldValue integer(std::int64_t v) { return FieldValue{v}; }
/// A whole number held as a double (counts, residents), rounded to the nearest integer.
FieldValue whole(const std::optional<double>& v) {
    return v && std::isfinite(*v) ? FieldValue{static_cast<std::int64_t>(std::llround(*v))}
                                  : FieldValue{};
}

/// Counts are whole numbers: their columns are integers (the rest of the measures, reals).
FieldType measure_type(const measure::MeasureKey& k) {
    return k.kind == measure::MeasureKind::count ? FieldType::integer : FieldType::real;
}
FieldValue measure_value(const measure::MeasureKey& k, const std::optional<double>& v) {
    return k.kind == measure::MeasureKind::count ? whole(v) : real(v);
}

std::string format_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

const char* const domain_names[] = {"individual", "community", "structural"};

OutputLayer areas_layer(const StudyData& data, const measure::MeasureResults& r,
                        const measure::IndicatorResults& ind) {
    OutputLayer l;
    l.name = "areas";
    l.geometry = LayerGeometry::multipolygon;
    l.fields = {{"code", FieldType::string},        {"name", FieldType::string},
                {"parent_code", FieldType::string}, {"population", FieldType::integer},
                {"area_km2", FieldType::real},      {"population_points", FieldType::integer},
                {"centroid_fallback", FieldType::integer}};
    for (const auto& k : r.areas.keys) l.fields.push_back({k.column(), measure_type(k)});
    for (const auto& c : r.categories) {
        l.fields.push_back({c + "_data_coverage_pct", FieldType::real});
        l.fields.push_back({c + "_partial_data", FieldType::integer});
    }
    for (const char* d : domain_names) l.fields.push_back({std::string(d) + "_score", FieldType::real});
    for (const char* d : domain_names)
        l.fields.push_back({std::string(d) + "_indicators_used", FieldType::integer});
    l.fields.push_back({"asset_index", FieldType::real});
    l.fields.push_back({"asset_index_rank", FieldType::integer});
    l.fields.push_back({"asset_index_decile", FieldType::integer});
    l.fields.push_back({"asset_index_full_set", FieldType::integer});

    for (std::size_t a = 0; a < data.areas.size(); ++a) {
        const Area& area = data.areas[a];
        const auto& facts = r.facts[a];
        std::vector<FieldValue> row = {text(area.code),
                                       text(area.name),
                                       text(area.parent_code),
                                       whole(area.population),
                                       area.area_m2 / 1e6,
                                       integer(static_cast<std::int64_t>(facts.points)),
                                       integer(facts.centroid_fallback ? 1 : 0)};
        for (std::size_t k = 0; k < r.areas.keys.size(); ++k)
            row.push_back(measure_value(r.areas.keys[k], r.areas.at(a, k)));
        for (std::size_t c = 0; c < r.categories.size(); ++c) {
            row.push_back(r.coverage_pct[a][c]);
            row.push_back(integer(r.partial_data[a][c] ? 1 : 0));
        }
        for (std::size_t d = 0; d < 3; ++d) row.push_back(real(ind.domain_score[a][d]));
        for (std::size_t d = 0; d < 3; ++d)
            row.push_back(integer(a < ind.indicators_used.size() ? ind.indicators_used[a][d] : 0));
        row.push_back(real(ind.asset_index[a]));
        row.push_back(ind.asset_index_rank[a] ? FieldValue{std::int64_t{*ind.asset_index_rank[a]}}
                                              : FieldValue{});
        row.push_back(ind.asset_index_decile[a]
                          ? FieldValue{std::int64_t{*ind.asset_index_decile[a]}}
                          : FieldValue{});
        row.push_back(ind.asset_index[a] ? FieldValue{std::int64_t{ind.full_set[a] ? 1 : 0}}
                                         : FieldValue{});
        l.rows.push_back(std::move(row));
        l.polygons.push_back(area.geometry);
    }
    return l;
}

OutputLayer measures_layer(const measure::MeasureResults& r) {
    OutputLayer l;
    l.name = "measures";
    l.fields = {{"area_code", FieldType::string}, {"category", FieldType::string},
                {"measure", FieldType::string},   {"threshold_m", FieldType::real},
                {"value", FieldType::real},       {"unit", FieldType::string},
                {"partial_data", FieldType::integer},
                {"window", FieldType::string},    {"threshold_min", FieldType::real}};
    std::map<std::string, std::size_t> category_index;
    for (std::size_t c = 0; c < r.categories.size(); ++c) category_index[r.categories[c]] = c;
    for (std::size_t a = 0; a < r.areas.row_ids.size(); ++a) {
        for (std::size_t k = 0; k < r.areas.keys.size(); ++k) {
            const auto& key = r.areas.keys[k];
            const auto ci = category_index.find(key.category);
            const bool partial = ci != category_index.end() && r.partial_data[a][ci->second];
            l.rows.push_back({text(r.areas.row_ids[a]), text(key.category),
                              text(measure::to_string(key.kind)),
                              measure::has_threshold(key.kind) ? FieldValue{key.threshold_m}
                                                               : FieldValue{},
                              real(r.areas.at(a, k)), text(measure::unit_of(key.kind)),
                              integer(partial ? 1 : 0),
                              measure::has_window(key.kind) ? text(key.window) : FieldValue{},
                              measure::has_threshold_minutes(key.kind)
                                  ? FieldValue{key.threshold_minutes}
                                  : FieldValue{}});
        }
    }
    return l;
}

OutputLayer comparators_layer(const measure::MeasureResults& r) {
    OutputLayer l;
    l.name = "comparators";
    l.fields = {{"comparator", FieldType::string}, {"kind", FieldType::string}};
    for (const auto& k : r.comparators.keys) l.fields.push_back({k.column(), measure_type(k)});
    for (std::size_t row = 0; row < r.comparators.row_ids.size(); ++row) {
        std::vector<FieldValue> values = {text(r.comparators.row_ids[row]),
                                          text(r.comparator_kinds[row])};
        for (std::size_t k = 0; k < r.comparators.keys.size(); ++k)
            values.push_back(measure_value(r.comparators.keys[k], r.comparators.at(row, k)));
        l.rows.push_back(std::move(values));
    }
    return l;
}

OutputLayer indicators_layer(const measure::MeasureResults& r,
                             const measure::IndicatorResults& ind) {
    OutputLayer l;
    l.name = "indicators";
    l.fields = {{"area_code", FieldType::string}, {"indicator", FieldType::string},
                {"category", FieldType::string},  {"domain", FieldType::string},
                {"value", FieldType::real},       {"normal_score", FieldType::real}};
    for (std::size_t a = 0; a < r.areas.row_ids.size(); ++a)
        for (std::size_t i = 0; i < ind.indicators.size(); ++i) {
            const auto& spec = ind.indicators[i];
            l.rows.push_back({text(r.areas.row_ids[a]), text(spec.column), text(spec.category),
                              text(to_string(spec.domain)), real(ind.value[a][i]),
                              real(ind.normal_score[a][i])});
        }
    return l;
}

using AddFn = std::function<void(const std::string&, const std::string&)>;

/// `category.<c>.completeness` and `.completeness_note` per measured category.
void add_completeness_metadata(const AddFn& add, const measure::MeasureResults& r) {
    for (std::size_t c = 0; c < r.categories.size() && c < r.completeness.size(); ++c) {
        const auto& note = r.completeness[c];
        add("category." + r.categories[c] + ".completeness", to_string(note.completeness));
        if (!note.note.empty()) add("category." + r.categories[c] + ".completeness_note", note.note);
    }
}

/// `comparator.<id>.kind`, `.name`, `.name_cy` per comparator row, and the region's facts.
void add_comparator_metadata(const AddFn& add, const StudyData& data,
                             const measure::MeasureResults& r) {
    const auto& names = data.comparators;
    for (std::size_t row = 0; row < r.comparators.row_ids.size(); ++row) {
        const std::string& id = r.comparators.row_ids[row];
        const std::string& kind = r.comparator_kinds[row];
        const std::string k = "comparator." + id + ".";
        add(k + "kind", kind);
        std::string name, name_cy;
        if (const auto it = names.names.find(id); it != names.names.end()) name = it->second;
        if (const auto it = names.names_cy.find(id); it != names.names_cy.end())
            name_cy = it->second;
        if (kind == "region") {
            if (!names.region_name.empty()) name = names.region_name;
            if (!names.region_name_cy.empty()) name_cy = names.region_name_cy;
        }
        if (!name.empty()) add(k + "name", name);
        if (!name_cy.empty()) add(k + "name_cy", name_cy);
    }
    if (!r.region) return;
    const auto& g = *r.region;
    const std::string k = "comparator." + g.id + ".";
    add(k + "rule", "every area of the areas source (before the parents filter) with all their "
                    "population points; per category only the sources whose extent covers at "
                    "least coverage_min_pct of the region's residents");
    add(k + "areas", std::to_string(g.areas));
    add(k + "population", format_number(g.population));
    add(k + "population_points", std::to_string(g.population_points));
    for (const auto& [source, pct] : g.source_coverage_pct)
        add(k + "source." + source + ".coverage_pct", format_number(pct));
    if (r.network.used)
        add(k + "network", "walking-network (net_) values are null: the network is the "
                           "study's, not the region's");
    for (std::size_t c = 0; c < r.categories.size() && c < g.sources.size(); ++c) {
        const std::string kc = k + r.categories[c] + ".";
        std::string used;
        for (const auto& s : g.sources[c]) used += (used.empty() ? "" : ",") + s;
        add(kc + "sources", used);
        if (!g.null_reason[c].empty()) add(kc + "null_reason", g.null_reason[c]);
        if (g.null_reason[c].empty() || !g.sources[c].empty()) {
            add(kc + "completeness", to_string(g.completeness[c].completeness));
            if (!g.completeness[c].note.empty())
                add(kc + "completeness_note", g.completeness[c].note);
        }
        add(kc + "areas_left_out", std::to_string(g.areas_left_out[c]));
    }
}

/// The sources' attribution lines joined, each clause once: a clause (text up to ". " or
/// "; ") already given by an earlier source — "Contains OS data © Crown copyright and
/// database right 2014" of several address-based lists — is not repeated.
std::string joined_attribution(const std::vector<SourceSummary>& sources) {
    std::string out;
    for (const auto& s : sources) {
        const std::string& a = s.attribution;
        std::size_t start = 0;
        while (start < a.size()) {
            std::size_t end = a.size();
            for (const char* sep : {". ", "; "})
                if (const auto at = a.find(sep, start); at != std::string::npos && at + 1 < end)
                    end = at + 1;
            std::string clause = a.substr(start, end - start);
            start = end;
            while (start < a.size() && a[start] == ' ') ++start;
            std::string bare = clause;
            while (!bare.empty() && (bare.back() == '.' || bare.back() == ';')) bare.pop_back();
            if (bare.empty() || out.find(bare) != std::string::npos) continue;
            out += (out.empty() ? "" : " ") + clause;
        }
    }
    return out;
}

/// Adds the region's share of residents inside each source's extent to `source_extents`.
void extend_source_extents(std::vector<OutputLayer>& layers, const measure::MeasureResults& r) {
    if (!r.region) return;
    for (auto& l : layers) {
        if (l.name != "source_extents") continue;
        l.fields.push_back({"region_coverage_pct", FieldType::real});
        l.fields.push_back({"covers_region_for", FieldType::string});
        for (std::size_t i = 0; i < l.rows.size(); ++i) {
            const auto& source = std::get<std::string>(l.rows[i][0]);
            std::optional<double> pct;
            for (const auto& [s, v] : r.region->source_coverage_pct)
                if (s == source) pct = v;
            std::string used;
            for (std::size_t c = 0; c < r.categories.size(); ++c)
                for (const auto& s : r.region->sources[c])
                    if (s == source) used += (used.empty() ? "" : ",") + r.categories[c];
            l.rows[i].push_back(real(pct));
            l.rows[i].push_back(text(used));
        }
    }
}

/// Adds the measuring run's facts to the ingest metadata layer `l`.
void extend_metadata(OutputLayer& l, const StudyData& data, const Taxonomy& taxonomy,
                     const measure::MeasureResults& r, const measure::IndicatorResults& ind) {
    auto add = [&](const std::string& k, const std::string& v) {
        l.rows.push_back({text(k), FieldValue{v}});
    };
    // Ingest counted its own problems; measuring added more (e.g. off_network): the count
    // must be the problems layer's.
    for (auto& row : l.rows)
        if (std::get_if<std::string>(&row[0]) && std::get<std::string>(row[0]) == "problems")
            row[1] = FieldValue{std::to_string(data.problems.size())};
    for (const auto& [kind, n] : data.problems.counts_by_kind())
        add("problems." + kind, std::to_string(n));
    add("attribution", joined_attribution(data.sources));
    for (const auto& c : r.categories) {
        std::string thresholds;
        for (const auto& k : r.areas.keys)
            if (k.category == c && k.kind == measure::MeasureKind::coverage_pct)
                thresholds += (thresholds.empty() ? "" : ",") + format_number(k.threshold_m);
        add("measure." + c + ".thresholds_m", thresholds);
        if (const Category* cat = taxonomy.find(c)) {
            add("measure." + c + ".decay_beta_per_m", format_number(cat->decay_beta_per_m));
            // Readers of a finished atlas name columns from these (atlas::column_context).
            add("measure." + c + ".label", cat->label);
            add("measure." + c + ".domain", to_string(cat->domain));
        }
    }
    std::string none;
    for (const auto& c : r.categories_without_assets) none += (none.empty() ? "" : ",") + c;
    add("categories_without_assets", none);
    if (r.network.used) {
        const auto& n = r.network;
        add("network.nodes", std::to_string(n.nodes));
        add("network.edges", std::to_string(n.edges));
        add("network.components", std::to_string(n.components));
        add("network.largest_component_nodes", std::to_string(n.largest_component_nodes));
        add("network.island_nodes", std::to_string(n.nodes - n.largest_component_nodes));
        add("network.points_snapped", std::to_string(n.points_snapped));
        add("network.points_beyond_snap_limit", std::to_string(n.points_beyond_limit));
        std::string unreachable;
        for (const auto& c : n.categories_unreachable)
            unreachable += (unreachable.empty() ? "" : ",") + c;
        add("network.categories_without_assets_on_network", unreachable);
        if (data.region)
            add("network.region_assets_beyond_snap_limit",
                std::to_string(n.region_assets_off_network));
        add("network.snap_limit_m", format_number(data.snap_limit_m));
        add("network.walk_speed_kmh", format_number(data.walk_speed_kmh));
    }
    std::string list;
    for (const auto& i : ind.indicators) list += (list.empty() ? "" : ",") + i.column;
    add("indicators", list);
    add("asset_index_rule", "mean of the three domain scores; a domain score is the mean of the "
                            "normal scores of its indicators' ranks, given only when at least " +
                                format_number(100.0 * ind.domain_min_indicator_share) +
                                "% of the domain's indicators have a score for the area; rank 1 "
                                "= lowest index");
    add("domain_min_indicator_share", format_number(ind.domain_min_indicator_share));
    for (std::size_t d = 0; d < 3 && d < ind.indicators_in_domain.size(); ++d)
        add(std::string("domain.") + domain_names[d] + ".indicators",
            std::to_string(ind.indicators_in_domain[d]));
    std::size_t ranked = 0, reduced = 0;
    for (std::size_t a = 0; a < ind.asset_index.size(); ++a) {
        if (!ind.asset_index[a]) continue;
        ++ranked;
        if (!ind.full_set[a]) ++reduced;
    }
    add("asset_index.areas_ranked", std::to_string(ranked));
    add("asset_index.areas_ranked_from_fewer_indicators", std::to_string(reduced));
    if (reduced > 0)
        add("asset_index.note",
            std::to_string(reduced) + " of the " + std::to_string(ranked) +
                " ranked areas have an asset index from fewer than all indicators (partial data "
                "or null measures; asset_index_full_set = 0, <domain>_indicators_used says how "
                "many); they are ranked with the others");
    add_completeness_metadata(add, r);
    add_comparator_metadata(add, data, r);
    add("units", "count: assets; per_1000: per 1,000 residents; per_km2: per km2; nearest_m: "
                 "metres; coverage_pct_T: % of residents within T metres; cumulative_T: assets "
                 "within T metres; gravity: sum of exp(-beta d); fca2_T: per 1,000 residents; "
                 "area_pct: % of area; m2_per_person: m2 per resident; pt_minutes_W: minutes "
                 "door to door by walk and public transport (median over window W's "
                 "departures); pt_coverage_pct_W_M: % of residents within M minutes; "
                 "pt_reachable_pct_W: % of residents who reach an asset within max_trip");
}

}  // namespace

std::vector<io::OutputLayer> atlas_layers(const StudyData& data, const Taxonomy& taxonomy,
                                          const measure::MeasureResults& results,
                                          const measure::IndicatorResults& indicators) {
    // The ingest layers, with `areas` replaced by the measured areas, then the measure tables;
    // metadata stays last.
    std::vector<io::OutputLayer> layers = io::study_layers(data);
    io::OutputLayer metadata = std::move(layers.back());
    layers.pop_back();
    for (auto& l : layers)
        if (l.name == "areas") l = areas_layer(data, results, indicators);
    layers.push_back(measures_layer(results));
    layers.push_back(comparators_layer(results));
    layers.push_back(indicators_layer(results, indicators));
    extend_source_extents(layers, results);
    extend_metadata(metadata, data, taxonomy, results, indicators);
    layers.push_back(std::move(metadata));
    return layers;
}

}  // namespace assetmap::atlas

namespace assetmap::atlas {

io::OutputLayer empty_catchments_layer() {
    OutputLayer l;
    l.name = "catchments";
    l.geometry = LayerGeometry::multipolygon;
    l.fields = {{"category", FieldType::string}, {"domain", FieldType::string},
                {"minutes", FieldType::real},    {"walk_m", FieldType::real},
                {"area_km2", FieldType::real}};
    return l;
}

void append_catchment(io::OutputLayer& layer, Catchment&& catchment, const Taxonomy& taxonomy) {
    const Category* cat = taxonomy.find(catchment.category);
    layer.rows.push_back({text(catchment.category),
                          cat ? text(to_string(cat->domain)) : FieldValue{}, catchment.minutes,
                          catchment.walk_m, area_m2(catchment.polygon) / 1e6});
    layer.polygons.push_back(std::move(catchment.polygon));
}

void insert_before_metadata(std::vector<io::OutputLayer>& layers, io::OutputLayer layer) {
    const auto at = layers.empty() ? layers.end() : layers.end() - 1;  // before metadata
    layers.insert(at, std::move(layer));
}

void add_catchments_layer(const std::vector<Catchment>& catchments, const Taxonomy& taxonomy,
                          std::vector<io::OutputLayer>& layers) {
    OutputLayer l = empty_catchments_layer();
    for (const auto& c : catchments) append_catchment(l, Catchment(c), taxonomy);
    insert_before_metadata(layers, std::move(l));
}

}  // namespace assetmap::atlas
