// Titles, descriptions and units of every atlas column (README, "Output of measure and
// run"): the one place the GeoPackage's gpkg_data_columns, QGIS aliases, legends, the
// server and the report take them from.
#include <assetmap/atlas/column_info.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace assetmap::atlas {

namespace {

using measure::MeasureKind;

/// Measure names, longest first among those sharing an ending (net_ before plain).
constexpr MeasureKind measure_kinds[] = {
    MeasureKind::net_coverage_pct, MeasureKind::net_cumulative, MeasureKind::net_nearest_m,
    MeasureKind::net_minutes,      MeasureKind::net_reachable_pct, MeasureKind::coverage_pct,
    MeasureKind::cumulative,       MeasureKind::nearest_m,      MeasureKind::per_1000,
    MeasureKind::per_km2,          MeasureKind::count,          MeasureKind::gravity,
    MeasureKind::fca2,             MeasureKind::area_pct,       MeasureKind::m2_per_person,
};

/// "400" → 400, "402p5" → 402.5; nullopt for anything else.
std::optional<double> parse_threshold_label(const std::string& label) {
    if (label.empty()) return std::nullopt;
    std::string text;
    bool point = false;
    for (char ch : label) {
        if (std::isdigit(static_cast<unsigned char>(ch))) {
            text += ch;
        } else if (ch == 'p' && !point && !text.empty()) {
            text += '.';
            point = true;
        } else {
            return std::nullopt;
        }
    }
    if (text.back() == '.') return std::nullopt;
    return std::strtod(text.c_str(), nullptr);
}

/// The measure a column suffix names ("coverage_pct_400", "pt_minutes_weekday_am"), or
/// nullopt.
std::optional<measure::MeasureKey> parse_measure_suffix(const std::string& suffix) {
    // Public-transport measures carry a window (and minutes): measure::parse_column reads them.
    if (suffix.compare(0, 3, "pt_") == 0) {
        auto key = measure::parse_column("c_" + suffix, {"c"});
        if (key && measure::has_window(key->kind)) {
            key->category.clear();
            return key;
        }
        return std::nullopt;
    }
    for (const MeasureKind kind : measure_kinds) {
        const std::string name = measure::to_string(kind);
        if (!measure::has_threshold(kind)) {
            if (suffix == name) return measure::MeasureKey{"", kind, 0.0};
            continue;
        }
        if (suffix.size() <= name.size() + 1 || suffix.compare(0, name.size(), name) != 0 ||
            suffix[name.size()] != '_')
            continue;
        if (const auto t = parse_threshold_label(suffix.substr(name.size() + 1)))
            return measure::MeasureKey{"", kind, *t};
    }
    return std::nullopt;
}

bool is_category_suffix(const std::string& suffix) {
    return suffix == "data_coverage_pct" || suffix == "partial_data" ||
           parse_measure_suffix(suffix).has_value();
}

/// "green_space" → "Green space" (for categories no taxonomy names).
std::string label_from_id(const std::string& id) {
    std::string out = id;
    for (char& ch : out)
        if (ch == '_') ch = ' ';
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

/// The threshold as a reader sees it: "400 m", "402.5 m".
std::string metres(double t) {
    std::string s = measure::threshold_label(t);
    for (char& ch : s)
        if (ch == 'p') ch = '.';
    return s + " m";
}

struct Phrase {
    std::string title;       ///< after "<label>: "
    std::string definition;  ///< a sentence
};

/// Minutes as a reader sees them: "30", "7.5".
std::string minutes_text(double m) {
    std::string s = measure::threshold_label(m);
    for (char& ch : s)
        if (ch == 'p') ch = '.';
    return s;
}

/// What every public-transport column shares: how a point's time is made.
const char* const pt_time_rule =
    "A point's time is the median, over the departures of window W (every step_minutes "
    "from its start to its end, metadata transit.window.W), of the door-to-door time by "
    "walk + bus and train to the nearest asset of the category (waiting at the start "
    "included; walk-only when no later), under the study's [transit] limits.";

Phrase measure_phrase(const measure::MeasureKey& k) {
    const std::string t = has_threshold(k.kind) ? metres(k.threshold_m) : std::string();
    const std::string w = k.window;
    switch (k.kind) {
        case MeasureKind::pt_minutes:
            return {"median time by public transport, " + w + " (minutes)",
                    "Population-weighted mean, over the residents' points that reach an asset "
                    "of the category within max_trip_minutes, of each point's median time in "
                    "window " + w + ". " + pt_time_rule};
        case MeasureKind::pt_coverage_pct:
            return {"residents within " + minutes_text(k.threshold_minutes) +
                        " min by public transport, " + w + " (%)",
                    "Share of the residents (population-weighted points) whose median time in "
                    "window " + w + " is at most " + minutes_text(k.threshold_minutes) +
                        " minutes (the category's pt_minutes in the taxonomy). " +
                        pt_time_rule};
        case MeasureKind::pt_reachable_pct:
            return {"residents who reach one by public transport, " + w + " (%)",
                    "Share of the residents (population-weighted points) whose median time in "
                    "window " + w + " is within max_trip_minutes. " + pt_time_rule};
        case MeasureKind::count:
            return {"number in the area",
                    "Number of assets of the category whose point lies inside the area (a point "
                    "on an edge shared by several areas belongs to the one with the lowest "
                    "code)."};
        case MeasureKind::per_1000:
            return {"per 1,000 residents",
                    "Assets of the category in the area per 1,000 residents: 1000 · count / "
                    "population; null when the population is 0."};
        case MeasureKind::per_km2:
            return {"per km²", "Assets of the category in the area per square kilometre: count "
                               "/ area_km2."};
        case MeasureKind::nearest_m:
            return {"distance to the nearest (m)",
                    "Population-weighted mean straight-line distance from the residents' points "
                    "to the nearest asset of the category anywhere in the study; null when the "
                    "study has none."};
        case MeasureKind::coverage_pct:
            return {"residents within " + t + " (%)",
                    "Share of the residents (population-weighted points) within " + t +
                        " in a straight line of an asset of the category."};
        case MeasureKind::cumulative:
            return {"number within " + t,
                    "Population-weighted mean number of assets of the category within " + t +
                        " in a straight line of the residents' points."};
        case MeasureKind::gravity:
            return {"gravity access",
                    "Population-weighted mean of the sum of exp(−β·d) over the assets of the "
                    "category, β the category's decay per metre (metadata "
                    "measure.<category>.decay_beta_per_m)."};
        case MeasureKind::fca2:
            return {"2SFCA access within " + t + " (per 1,000)",
                    "Two-step floating catchment access (Luo & Wang 2003) with a catchment of " +
                        t +
                        ": each asset's capacity shared among the residents within reach, "
                        "summed over the assets within reach of the residents, per 1,000 "
                        "residents."};
        case MeasureKind::area_pct:
            return {"share of the area (%)",
                    "Share of the area covered by the category's footprints (overlaps counted "
                    "once)."};
        case MeasureKind::m2_per_person:
            return {"m² per resident",
                    "Area of the category's footprints inside the area divided by its "
                    "population."};
        case MeasureKind::net_nearest_m:
            return {"walk to the nearest (m)",
                    "Population-weighted mean walking distance on the network from the "
                    "residents' points to the nearest asset of the category (snap distances "
                    "included), over the points that reach one."};
        case MeasureKind::net_minutes:
            return {"walk to the nearest (minutes)",
                    "The walking distance to the nearest asset of the category at the study's "
                    "walking speed (metadata network.walk_speed_kmh)."};
        case MeasureKind::net_coverage_pct:
            return {"residents within a " + t + " walk (%)",
                    "Share of the snapped residents within " + t +
                        " walking on the network of an asset of the category."};
        case MeasureKind::net_cumulative:
            return {"number within a " + t + " walk",
                    "Population-weighted mean number of assets of the category within " + t +
                        " walking on the network."};
        case MeasureKind::net_reachable_pct:
            return {"residents connected by the network (%)",
                    "Share of the snapped residents whose part of the walking network holds "
                    "an asset of the category (islands show here)."};
    }
    return {measure::to_string(k.kind), ""};
}

std::string sentence_end(const std::string& unit) {
    return unit.empty() ? std::string() : " Unit: " + unit + ".";
}

struct Fixed {
    const char* column;
    ColumnFamily family;
    const char* title;
    const char* description;
    const char* unit;
};

constexpr auto id_ = ColumnFamily::identifier;
constexpr auto at_ = ColumnFamily::attribute;

/// Columns that several layers share, with the same meaning.
const Fixed common_columns[] = {
    {"code", id_, "Area code", "The area's code in its source (e.g. an MSOA code).", ""},
    {"name", id_, "Name", "The name given by the source.", ""},
    {"parent_code", id_, "Parent area code",
     "Code of the area's parent (local authority): its comparator.", ""},
    {"area_code", id_, "Area code",
     "Code of the study area this row belongs to (empty when outside every area).", ""},
    {"asset_id", id_, "Asset id",
     "<category>:<source>:<id> of the record kept for this asset.", ""},
    {"category", at_, "Category", "Category id of the taxonomy.", ""},
    {"domain", at_, "Domain", "Asset domain: individual, community or structural.", ""},
};

const Fixed areas_columns[] = {
    {"population", at_, "Population", "Residents of the area (from the study's population "
                                      "source); null when unknown.", "residents"},
    {"area_km2", at_, "Area (km²)", "Planar area of the area's polygon in the metric CRS.",
     "km²"},
    {"area_m2", at_, "Area (m²)", "Planar area of the area's polygon in the metric CRS.", "m²"},
    {"population_points", at_, "Population points used",
     "Number of population-weighted points measured from (0 when the centroid stood in).",
     "points"},
    {"centroid_fallback", at_, "Centroid stood in (1 = yes)",
     "1 when the area had no population points and its centroid stood in as one point "
     "weighted by its population.", ""},
    {"individual_score", ColumnFamily::domain_score, "Individual domain score",
     "Mean of the normal scores of the area's ranks on the individual domain's indicators "
     "(0 = the middle area; higher = more or nearer assets).", "normal score"},
    {"community_score", ColumnFamily::domain_score, "Community domain score",
     "Mean of the normal scores of the area's ranks on the community domain's indicators "
     "(0 = the middle area; higher = more or nearer assets).", "normal score"},
    {"structural_score", ColumnFamily::domain_score, "Structural domain score",
     "Mean of the normal scores of the area's ranks on the structural domain's indicators "
     "(0 = the middle area; higher = more or nearer assets).", "normal score"},
    {"individual_indicators_used", at_, "Individual indicators used",
     "How many of the individual domain's indicators have a score for the area (a domain "
     "score needs the share domain_min_indicator_share of them).", "indicators"},
    {"community_indicators_used", at_, "Community indicators used",
     "How many of the community domain's indicators have a score for the area (a domain "
     "score needs the share domain_min_indicator_share of them).", "indicators"},
    {"structural_indicators_used", at_, "Structural indicators used",
     "How many of the structural domain's indicators have a score for the area (a domain "
     "score needs the share domain_min_indicator_share of them).", "indicators"},
    {"asset_index_full_set", at_, "Asset index from every indicator (1 = yes)",
     "1 when every indicator had a score for the area; 0 when its asset index rests on fewer "
     "(ranked with the others, said in the metadata asset_index.note); null without an "
     "index.", ""},
    {"asset_index", ColumnFamily::asset_index, "Asset index",
     "Mean of the three domain scores; null unless all three exist. Higher = more or nearer "
     "assets.", "normal score"},
    {"asset_index_rank", ColumnFamily::asset_index_rank, "Asset index rank (1 = lowest)",
     "Rank of the asset index among the areas that have one; 1 = the lowest index (fewest or "
     "farthest assets).", "rank"},
    {"asset_index_decile", ColumnFamily::asset_index_decile,
     "Asset index decile (1 = lowest tenth)",
     "Decile of the asset index rank: ceil(10 · rank / n); 1 = the lowest tenth.", "decile"},
};

const Fixed comparators_columns[] = {
    {"comparator", id_, "Comparator", "'study' (the whole study), a parent area's code, or the region's name.", ""},
    {"kind", at_, "Comparator kind", "study, parent (a local authority) or region.", ""},
};

const Fixed assets_columns[] = {
    {"source", at_, "Sources", "Names of the sources that reported this asset, ';'-separated.",
     ""},
    {"source_ids", at_, "Source records",
     "<source>:<id> of every source record merged into this asset, ';'-separated.", ""},
    {"outside_areas", at_, "Outside every area (1 = yes)",
     "1 when the asset lies outside every study area (it still counts for distances).", ""},
    {"capacity", at_, "Capacity", "Supply of the asset for the 2SFCA measure (e.g. the number "
                                  "of GPs); null counts as 1.", "capacity units"},
    {"edited_by", at_, "Edited by", "Token name of the editor of the asset's latest community "
                                    "edit (source 'community'); null when it was never edited.",
     ""},
    {"edited_utc", at_, "Edited (UTC)", "Time of the asset's latest community edit, "
                                        "YYYY-MM-DDTHH:MM:SSZ; null when it was never edited.",
     ""},
};

const Fixed population_points_columns[] = {
    {"id", id_, "Point id", "Id of the population point in its source.", ""},
    {"weight", at_, "Residents represented", "Residents the point stands for.", "residents"},
};

const Fixed measures_columns[] = {
    {"measure", at_, "Measure", "Measure name, e.g. coverage_pct (README, \"Measures\").", ""},
    {"threshold_m", at_, "Threshold (m)", "Distance threshold of the measure; null when it "
                                          "takes none.", "metres"},
    {"value", at_, "Value", "The measure's value for the area, in the unit of the row.", ""},
    {"unit", at_, "Unit", "Unit of the value.", ""},
    {"window", at_, "Departure window",
     "Public-transport measures: the [transit] window; null for the others.", ""},
    {"threshold_min", at_, "Threshold (minutes)",
     "pt_coverage_pct: the time limit M; null for the others.", "minutes"},
    {"partial_data", ColumnFamily::partial_data, "Partial data (1 = yes)",
     "1 when the area's residents are below the study's coverage minimum inside the "
     "category's data extent: the value is given but means \"no data\" rather than \"no "
     "asset\".", ""},
};

const Fixed indicators_columns[] = {
    {"indicator", at_, "Indicator", "The measure column used as an indicator.", ""},
    {"value", at_, "Oriented value",
     "The indicator's value, oriented so that higher = more or nearer assets (nearest_m "
     "negated); null for partial data.", ""},
    {"normal_score", at_, "Normal score",
     "Φ⁻¹((r − 0.5)/n) of the area's rank r among the n areas with a value.", "normal score"},
};

const Fixed catchments_columns[] = {
    {"minutes", at_, "Walking minutes", "Walking time limit of the catchment.", "minutes"},
    {"walk_m", at_, "Walking distance (m)",
     "The same limit in metres at the study's walking speed.", "metres"},
    {"area_km2", at_, "Area (km²)", "Planar area of the catchment polygon.", "km²"},
};

const Fixed transit_points_columns[] = {
    {"point_id", id_, "Population point id",
     "Id of the population point; empty where the area's centroid stood in.", ""},
    {"weight", at_, "Residents represented", "Residents the point stands for.", "residents"},
    {"walk_model", at_, "Walk model",
     "network: the point walks on the walking network; straight_line: straight lines × the "
     "study's detour_factor.", ""},
    {"stops_in_reach", at_, "Stops within the walk limit",
     "Public-transport stops within max_walk_m of the point.", "stops"},
    {"nearest_stop_m", at_, "Walk to the nearest stop (m)",
     "Walking distance to the nearest stop (by the point's walk model); null when none is "
     "within max_walk_m.", "metres"},
};

const Fixed stop_access_columns[] = {
    {"stop_id", id_, "Stop id", "GTFS stop_id (stops of several feeds merged by id).", ""},
    {"name", id_, "Stop name", "GTFS stop_name.", ""},
    {"feed", at_, "Feed", "Name of the [[transit.feeds]] entry the stop came from first.", ""},
    {"walk_model", at_, "Walk model",
     "network: the stop walks on the walking network; straight_line: straight lines × the "
     "study's detour_factor.", ""},
    {"routes", at_, "Routes", "Names of the routes one can board at the stop, ';'-separated.",
     ""},
};

const Fixed transit_isochrones_columns[] = {
    {"window", at_, "Departure window", "The [transit] window the times are taken in.", ""},
    {"minutes", at_, "Minutes by public transport",
     "Time limit: the polygon covers the places whose median door-to-door time by walk + "
     "public transport to the nearest asset of the category is at most this.", "minutes"},
    {"area_km2", at_, "Area (km²)", "Planar area of the isochrone polygon.", "km²"},
};

const Fixed problems_columns[] = {
    {"kind", at_, "Problem kind", "What happened (README, \"Problem kinds\").", ""},
    {"source", at_, "Source", "Source (file or study source name) the record came from.", ""},
    {"layer", at_, "Layer", "Layer of the source, when it has several.", ""},
    {"feature", at_, "Feature", "The record: fid, 'line N' of a CSV, or an OSM id.", ""},
    {"field", at_, "Field", "The field concerned, if any.", ""},
    {"message", at_, "Message", "What is wrong and what was done with the record.", ""},
};

const Fixed source_extents_columns[] = {
    {"source", id_, "Source", "Name of the asset source in the study file.", ""},
    {"kind", at_, "Extent kind",
     "box (a declared lon/lat box), areas (every area of the areas source) or hull (a hull "
     "of the source's records; README, \"Data extent\").", ""},
    {"declared", at_, "Declared (1 = yes)",
     "1 when the study file declares the extent; 0 when it is a hull of the records.", ""},
    {"categories", at_, "Categories", "Categories the source provides, ','-separated.", ""},
    {"completeness", at_, "Completeness",
     "<category>:complete|partial for each category the source provides.", ""},
    {"date", at_, "Source date", "Date of the source's data, as the study file gives it.", ""},
    {"hull_records", at_, "Hull records", "Records the hull was drawn around.", "records"},
    {"hull_outliers", at_, "Hull outliers",
     "Records left out of the hull as outliers (far from every other record).", "records"},
    {"hull_buffer_m", at_, "Hull buffer (m)",
     "Distance the hull was grown by: the records' median spacing.", "metres"},
    {"hull_edge_limit_m", at_, "Hull edge limit (m)",
     "Longest Delaunay edge kept in the hull: max(2 km, 10 x the 90th-percentile spacing).",
     "metres"},
    {"area_km2", at_, "Extent area (km²)", "Planar area of the extent polygon.", "km²"},
    {"region_coverage_pct", at_, "Region residents inside (%)",
     "Share of the region comparator's residents inside the extent.", "% of residents"},
    {"covers_region_for", at_, "Provides the region for",
     "Categories for which the source's extent covers the region comparator, ','-separated.",
     ""},
};

const Fixed metadata_columns[] = {
    {"key", id_, "Key", "Metadata key (README, \"Output of measure and run\").", ""},
    {"value", at_, "Value", "Metadata value as text.", ""},
};

template <std::size_t N>
const Fixed* find_in(const Fixed (&table)[N], const std::string& column) {
    for (const auto& f : table)
        if (column == f.column) return &f;
    return nullptr;
}

const Fixed* find_fixed(const std::string& layer, const std::string& column) {
    const Fixed* f = nullptr;
    if (layer == "areas") f = find_in(areas_columns, column);
    else if (layer == "comparators") f = find_in(comparators_columns, column);
    else if (layer == "assets") f = find_in(assets_columns, column);
    else if (layer == "population_points") f = find_in(population_points_columns, column);
    else if (layer == "measures") f = find_in(measures_columns, column);
    else if (layer == "indicators") f = find_in(indicators_columns, column);
    else if (layer == "catchments") f = find_in(catchments_columns, column);
    else if (layer == "problems") f = find_in(problems_columns, column);
    else if (layer == "metadata") f = find_in(metadata_columns, column);
    else if (layer == "transit_points") f = find_in(transit_points_columns, column);
    else if (layer == "stop_access") f = find_in(stop_access_columns, column);
    else if (layer == "transit_isochrones") f = find_in(transit_isochrones_columns, column);
    else if (layer == "source_extents") f = find_in(source_extents_columns, column);
    return f ? f : find_in(common_columns, column);
}

ColumnInfo from_fixed(const std::string& column, const Fixed& f) {
    ColumnInfo info;
    info.name = column;
    info.family = f.family;
    info.title = f.title;
    info.unit = f.unit;
    info.description = std::string(f.description) + sentence_end(info.unit);
    return info;
}

/// The per-window columns of stop_access and transit_points.
ColumnInfo describe_transit_column(const std::string& layer, const std::string& column,
                                   const ColumnContext& context, ColumnInfo info) {
    const std::string per_hour = "departures_per_hour_";
    if (layer == "stop_access" && column.compare(0, per_hour.size(), per_hour) == 0 &&
        column.size() > per_hour.size()) {
        const std::string w = column.substr(per_hour.size());
        info.family = ColumnFamily::attribute;
        info.unit = "departures per hour";
        info.title = "Departures per hour, " + w;
        info.description = "Departures one can board at the stop in window " + w +
                           " (every route and trip running on the window's date), divided "
                           "by the window's hours." + sentence_end(info.unit);
        return info;
    }
    if (layer != "transit_points") return info;
    const auto split = split_category_column(column, context);
    if (!split) return info;
    const auto key = parse_measure_suffix(split->second);
    if (!key || key->kind != MeasureKind::pt_minutes) return info;
    std::string label = label_from_id(split->first);
    for (const auto& c : context.categories)
        if (c.id == split->first) label = c.label;
    info.family = ColumnFamily::attribute;
    info.category = split->first;
    info.unit = "minutes";
    info.title = label + ": this point's median time by public transport, " + key->window +
                 " (minutes)";
    info.description = std::string(pt_time_rule) + " Null when that median departure reaches "
                       "no asset within max_trip_minutes." + sentence_end(info.unit);
    return info;
}

}  // namespace

ColumnContext column_context(const Taxonomy& taxonomy) {
    ColumnContext c;
    for (const auto& cat : taxonomy.categories())
        c.categories.push_back({cat.id, cat.label, to_string(cat.domain), ""});
    return c;
}

ColumnContext column_context(const std::map<std::string, std::string>& metadata) {
    ColumnContext c;
    const std::string prefix = "measure.", suffix = ".label";
    for (const auto& [key, value] : metadata) {
        if (key.size() <= prefix.size() + suffix.size() || key.compare(0, prefix.size(), prefix) ||
            key.compare(key.size() - suffix.size(), suffix.size(), suffix))
            continue;
        const std::string id =
            key.substr(prefix.size(), key.size() - prefix.size() - suffix.size());
        const auto domain = metadata.find(prefix + id + ".domain");
        std::string partial;
        if (const auto it = metadata.find("category." + id + ".completeness");
            it != metadata.end() && it->second == "partial") {
            const auto note = metadata.find("category." + id + ".completeness_note");
            partial = note == metadata.end() || note->second.empty() ? "partial" : note->second;
        }
        c.categories.push_back(
            {id, value, domain == metadata.end() ? "" : domain->second, partial});
    }
    return c;
}

std::optional<std::pair<std::string, std::string>> split_category_column(
    const std::string& column, const ColumnContext& context) {
    const CategoryName* best = nullptr;
    for (const auto& c : context.categories) {
        if (column.size() > c.id.size() + 1 && column.compare(0, c.id.size(), c.id) == 0 &&
            column[c.id.size()] == '_' && is_category_suffix(column.substr(c.id.size() + 1)) &&
            (!best || c.id.size() > best->id.size()))
            best = &c;
    }
    if (best) return std::make_pair(best->id, column.substr(best->id.size() + 1));
    for (std::size_t u = column.find('_'); u != std::string::npos; u = column.find('_', u + 1)) {
        if (u == 0) continue;
        const std::string suffix = column.substr(u + 1);
        if (is_category_suffix(suffix)) return std::make_pair(column.substr(0, u), suffix);
    }
    return std::nullopt;
}

ColumnInfo describe_column(const std::string& layer, const std::string& column,
                           const ColumnContext& context) {
    if (const Fixed* f = find_fixed(layer, column)) return from_fixed(column, *f);

    ColumnInfo info;
    info.name = column;
    info.title = column;
    if (layer == "stop_access" || layer == "transit_points")
        return describe_transit_column(layer, column, context, info);
    const bool measure_layer = layer == "areas" || layer == "comparators" ||
                               !(layer == "assets" || layer == "asset_footprints" ||
                                 layer == "population_points" || layer == "measures" ||
                                 layer == "indicators" || layer == "catchments" ||
                                 layer == "problems" || layer == "metadata");
    if (!measure_layer) return info;
    const auto split = split_category_column(column, context);
    if (!split) return info;
    const auto& [id, suffix] = *split;
    std::string label = label_from_id(id);
    std::string domain, partial;
    for (const auto& c : context.categories)
        if (c.id == id) label = c.label, domain = c.domain, partial = c.partial_note;
    const std::string category = " Category: " + label + " (" + id +
                                 (domain.empty() ? "" : ", " + domain + " domain") + ").";
    info.category = id;
    if (suffix == "data_coverage_pct") {
        info.family = ColumnFamily::data_coverage;
        info.unit = "% of residents";
        info.title = label + ": residents inside the data extent (%)";
        info.description = "Share of the area's residents inside the category's data extent "
                           "(the union of the extents of the sources that provide it)." +
                           category + sentence_end(info.unit);
    } else if (suffix == "partial_data") {
        info.family = ColumnFamily::partial_data;
        info.title = label + ": partial data (1 = yes)";
        info.description = "1 when the area's data coverage for the category is below the "
                           "study's minimum: its values are given but mean \"no data\" rather "
                           "than \"no asset\", and it is left out of ranks and comparators." +
                           category;
    } else {
        auto key = *parse_measure_suffix(suffix);
        key.category = id;
        const Phrase p = measure_phrase(key);
        info.family = ColumnFamily::measure;
        info.unit = measure::unit_of(key.kind);
        info.title = label + ": " + p.title;
        info.description = p.definition + category + sentence_end(info.unit);
        info.measure = key;
    }
    // A partial source is never presented as the whole truth (README, "Source completeness").
    if (!partial.empty() && info.family != ColumnFamily::partial_data) {
        info.title += " (partial source)";
        info.description += " Partial source, not every asset is in the data: " + partial + ".";
    }
    return info;
}

}  // namespace assetmap::atlas
