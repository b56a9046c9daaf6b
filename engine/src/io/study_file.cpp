#include <assetmap/io/study_file.hpp>

#include "toml_util.hpp"

#include <assetmap/io/crs_transform.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace assetmap::io {

namespace {

using namespace detail;

std::string resolve(const fs::path& base, const std::string& p) {
    if (p.empty()) return p;
    if (p.rfind("/vsi", 0) == 0) return p;  // GDAL virtual path, taken as is
    const fs::path path(p);
    return (path.is_absolute() ? path : base / path).lexically_normal().string();
}

/// [A-Za-z0-9_-]{1,64}: the name becomes file names, so no separator, dot or space.
bool valid_study_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (const char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    return true;
}

/// A value as it can be shown on one line: control bytes as '?', at most 80 bytes.
std::string printable(const std::string& s) {
    std::string out;
    for (const char c : s.substr(0, 80)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    return s.size() > 80 ? out + "…" : out;
}

/// An optional ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD) under `key`.
std::string get_date(const TomlTable& t, std::string_view key) {
    const std::string d = t.string(key, false);
    if (d.empty()) return d;
    const auto digits = [&](std::size_t from, std::size_t n) {
        if (d.size() < from + n) return false;
        for (std::size_t i = from; i < from + n; ++i)
            if (d[i] < '0' || d[i] > '9') return false;
        return true;
    };
    const bool ok = (d.size() == 4 && digits(0, 4)) ||
                    (d.size() == 7 && digits(0, 4) && d[4] == '-' && digits(5, 2)) ||
                    (d.size() == 10 && digits(0, 4) && d[4] == '-' && digits(5, 2) &&
                     d[7] == '-' && digits(8, 2));
    if (!ok)
        throw config_error(t.where(key) + ": [" + t.section() + "] " + std::string(key) + " '" +
                           d + "' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD as a string");
    return d;
}

/// `complete` (also when absent) or `partial` under `key`.
Completeness get_completeness(const TomlTable& t, std::string_view key) {
    const std::string c = t.string(key, false);
    if (c.empty() || c == "complete") return Completeness::complete;
    if (c == "partial") return Completeness::partial;
    throw config_error(t.where(key) + ": [" + t.section() + "] " + std::string(key) + " '" + c +
                       "' is not known; use \"complete\" or \"partial\"");
}

AreaSource parse_areas(const std::string& file, const TomlTable& t, const fs::path& data) {
    t.check_keys({"path", "layer", "crs", "code_field", "name_field", "parent_field", "parents",
                  "population_field", "population_csv", "licence", "attribution", "date",
                  "population_date"});
    AreaSource a;
    a.path = resolve(data, t.string("path", true));
    a.layer = t.string("layer", false);
    a.crs = t.string("crs", false);
    a.code_field = t.string("code_field", true);
    a.name_field = t.string("name_field", false);
    a.parent_field = t.string("parent_field", false);
    a.parents = t.strings("parents");
    if (!a.parents.empty() && a.parent_field.empty())
        throw config_error(file + ": [areas] 'parents' needs 'parent_field'");
    a.population_field = t.string("population_field", false);
    a.date = get_date(t, "date");
    a.population_date = get_date(t, "population_date");
    if (const auto pop = t.table("population_csv", false)) {
        pop->check_keys({"path", "code_column", "value_column"});
        a.population_csv = resolve(data, pop->string("path", true));
        a.population_csv_code = pop->string("code_column", true);
        a.population_csv_value = pop->string("value_column", true);
    }
    if (!a.population_field.empty() && !a.population_csv.empty())
        throw config_error(file + ": [areas] give either population_field or population_csv, "
                                  "not both");
    return a;
}

PointSource parse_points(const std::string& file, const TomlTable& t, const fs::path& data) {
    t.check_keys({"format", "path", "layer", "crs", "id", "x", "y", "weight", "area_code", "date"});
    PointSource p;
    const auto format = t.string("format", false);
    if (format.empty() || format == "csv")
        p.format = PointSource::Format::csv;
    else if (format == "vector")
        p.format = PointSource::Format::vector;
    else
        throw config_error(file + ": [population_points] format '" + format +
                           "' is not known; use csv or vector");
    p.path = resolve(data, t.string("path", true));
    p.layer = t.string("layer", false);
    p.crs = t.string("crs", false);
    p.columns.id = t.string("id", false);
    p.columns.weight = t.string("weight", true);
    p.columns.area_code = t.string("area_code", false);
    p.date = get_date(t, "date");
    const bool csv = p.format == PointSource::Format::csv;
    p.columns.x = t.string("x", csv);
    p.columns.y = t.string("y", csv);
    if (csv && p.crs.empty())
        throw config_error(file + ": [population_points] a CSV needs 'crs' (e.g. EPSG:4326 for "
                                  "lon/lat columns, EPSG:27700 for easting/northing)");
    return p;
}

AssetSource parse_asset(const std::string& file, const TomlTable& t, const fs::path& data) {
    t.check_keys({"name", "format", "path", "layer", "crs", "category", "category_field",
                  "name_field", "id_field", "capacity_field", "x", "y", "licence", "attribution",
                  "extent", "inside_areas_only", "date", "filter", "completeness",
                  "completeness_note", "completeness_by_category", "dedupe_distance_m"});
    AssetSource a;
    a.name = t.string("name", true);
    const auto format = t.string("format", true);
    if (format == "osm") a.format = AssetSource::Format::osm;
    else if (format == "gtfs") a.format = AssetSource::Format::gtfs;
    else if (format == "vector") a.format = AssetSource::Format::vector;
    else if (format == "csv") a.format = AssetSource::Format::csv;
    else
        throw config_error(file + ": [[assets]] '" + a.name + "' has format '" + format +
                           "'; use osm, gtfs, vector or csv");
    a.path = resolve(data, t.string("path", true));
    a.layer = t.string("layer", false);
    a.crs = t.string("crs", false);
    a.category = t.string("category", false);
    a.columns.category = t.string("category_field", false);
    a.columns.name = t.string("name_field", false);
    a.columns.id = t.string("id_field", false);
    a.columns.capacity = t.string("capacity_field", false);
    a.columns.x = t.string("x", false);
    a.columns.y = t.string("y", false);
    a.licence = t.string("licence", false);
    a.attribution = t.string("attribution", false);
    a.inside_areas_only =
        t.boolean("inside_areas_only").value_or(a.format == AssetSource::Format::gtfs);
    a.date = get_date(t, "date");
    for (const auto& text : t.strings("filter")) {
        try {
            a.filter.push_back(parse_selector(text));
        } catch (const config_error& e) {
            throw config_error(t.where("filter") + ": [[assets]] '" + a.name + "' filter: " +
                               e.what());
        }
        a.filter_text.push_back(text);
    }
    a.completeness.completeness = get_completeness(t, "completeness");
    a.completeness.note = t.string("completeness_note", false);
    if (const auto by = t.table("completeness_by_category", false)) {
        for (const auto& category : by->node().keys) {
            const auto one = by->table(category, true);
            one->check_keys({"completeness", "note"});
            CompletenessNote c;
            c.completeness = get_completeness(*one, "completeness");
            c.note = one->string("note", false);
            a.completeness_by_category[category] = c;
        }
    }
    if (auto d = t.number("dedupe_distance_m")) {
        if (!(*d >= 0 && *d <= max_distance_m))
            throw config_error(t.where("dedupe_distance_m") + ": [[assets]] '" + a.name +
                               "' dedupe_distance_m must be >= 0 (metres) and at most 100000");
        a.dedupe_distance_m = *d;
    }
    if (const TomlNode* n = t.find("extent"); n && n->kind == TomlNode::Kind::string) {
        if (n->text != "areas")
            throw config_error(where(file, *n) +
                               ": extent must be [min_lon, min_lat, max_lon, max_lat] (degrees) "
                               "or \"areas\" (every area of the areas source)");
        a.extent_is_areas = true;
    } else if (n) {
        if (n->kind != TomlNode::Kind::array || n->items.size() != 4)
            throw config_error(where(file, *n) +
                               ": extent must be [min_lon, min_lat, max_lon, max_lat] (degrees) "
                               "or \"areas\" (every area of the areas source)");
        double v[4];
        for (std::size_t i = 0; i < 4; ++i) {
            if (!n->items[i].is_number())
                throw config_error(where(file, *n) + ": extent values must be numbers");
            v[i] = n->items[i].number;
        }
        if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90)
            throw config_error(where(file, *n) + ": extent must lie within longitudes -180..180 "
                                                 "and latitudes -90..90 (degrees)");
        if (!(v[0] < v[2] && v[1] < v[3]))
            throw config_error(where(file, *n) + ": extent must have min < max");
        a.extent = BoxLonLat{v[0], v[1], v[2], v[3]};
    }
    if (!a.category.empty() && !a.columns.category.empty())
        throw config_error(file + ": [[assets]] '" + a.name +
                           "' has both 'category' and 'category_field'; keep one");
    if (a.format == AssetSource::Format::gtfs && a.category.empty()) a.category = "bus_stop";
    if (a.format == AssetSource::Format::csv) {
        if (a.columns.x.empty() || a.columns.y.empty() || a.crs.empty())
            throw config_error(file + ": [[assets]] '" + a.name +
                               "' is a CSV: give x, y and crs (e.g. lon, lat, EPSG:4326)");
    }
    return a;
}

NetworkSettings parse_network(const std::string& file, const TomlTable& t, const fs::path& data) {
    t.check_keys({"path", "snap_limit_m", "walk_speed_kmh", "catchment_minutes",
                  "catchment_cell_m", "licence", "attribution", "date"});
    NetworkSettings n;
    n.path = resolve(data, t.string("path", true));
    if (auto v = t.number("snap_limit_m")) {
        if (!(*v > 0 && *v <= max_distance_m))
            throw config_error(t.where("snap_limit_m") +
                               ": [network] snap_limit_m must be > 0 and at most 100000 (metres)");
        n.snap_limit_m = *v;
    }
    if (auto v = t.number("walk_speed_kmh")) {
        if (!(*v > 0 && *v <= 50))
            throw config_error(t.where("walk_speed_kmh") +
                               ": [network] walk_speed_kmh must be > 0 and at most 50");
        n.walk_speed_kmh = *v;
    }
    if (const TomlNode* node = t.find("catchment_minutes")) {
        if (node->kind != TomlNode::Kind::array)
            throw config_error(where(file, *node) + ": catchment_minutes must be a list");
        // An empty list is allowed here, unlike the other lists: it turns the catchment
        // polygons off (a national run of measures only, README "England and Wales").
        n.catchment_minutes.clear();
        for (const auto& e : node->items) {
            if (!e.is_number() || !(e.number > 0 && e.number <= max_walk_minutes))
                throw config_error(where(file, e) +
                                   ": catchment_minutes must be numbers > 0 and at most 600");
            if (std::find(n.catchment_minutes.begin(), n.catchment_minutes.end(), e.number) !=
                n.catchment_minutes.end())
                throw config_error(where(file, e) + ": catchment_minutes lists " +
                                   format_number(e.number) + " twice; give each value once");
            n.catchment_minutes.push_back(e.number);
        }
    }
    if (auto v = t.number("catchment_cell_m")) {
        if (!(*v >= 1 && *v <= 100))
            throw config_error(t.where("catchment_cell_m") +
                               ": [network] catchment_cell_m must be 1 to 100 (metres; 10 by "
                               "default, 25 for a national run)");
        n.catchment_cell_m = *v;
    }
    n.licence = t.string("licence", false);
    n.attribution = t.string("attribution", false);
    n.date = get_date(t, "date");
    return n;
}

MeasureSettings parse_measures(const std::string& file, const TomlTable& t) {
    t.check_keys({"categories", "thresholds_m", "indicators", "domain_min_indicator_share"});
    MeasureSettings m;
    m.categories = t.strings("categories");
    m.indicators = t.strings("indicators");
    if (auto v = t.number("domain_min_indicator_share")) {
        if (!(*v > 0 && *v <= 1))
            throw config_error(t.where("domain_min_indicator_share") +
                               ": domain_min_indicator_share must be > 0 and <= 1 (a share of "
                               "the domain's indicators, e.g. 0.5)");
        m.domain_min_indicator_share = *v;
    }
    if (const auto th = t.table("thresholds_m", false)) {
        for (std::size_t k = 0; k < th->node().keys.size(); ++k) {
            const std::string& key = th->node().keys[k];
            const TomlNode& node = th->node().values[k];
            std::vector<double> values;
            if (node.is_number()) {
                values.push_back(node.number);
            } else if (node.kind == TomlNode::Kind::array) {
                check_list(file, "thresholds_m." + key, node);
                for (const auto& e : node.items) {
                    if (!e.is_number())
                        throw config_error(where(file, e) + ": thresholds must be numbers");
                    if (std::find(values.begin(), values.end(), e.number) != values.end())
                        throw config_error(where(file, e) + ": thresholds_m." + key + " lists " +
                                           format_number(e.number) + " twice; give each once");
                    values.push_back(e.number);
                }
            } else {
                throw config_error(where(file, node) + ": thresholds_m." + key +
                                   " must be a number or a list");
            }
            for (double v : values)
                if (!(v > 0 && v <= max_distance_m))
                    throw config_error(where(file, node) + ": thresholds must be > 0 (metres) "
                                                           "and at most 100000 (100 km)");
            m.thresholds_m[key] = values;
        }
    }
    return m;
}

TransitSettings parse_transit(const std::string& file, const TomlTable& t,
                              const fs::path& data, const std::optional<NetworkSettings>& network) {
    t.check_keys({"feeds", "date", "windows", "step_minutes", "max_walk_m", "max_transfer_m",
                  "walk_speed_kmh", "detour_factor", "max_transfers", "max_trip_minutes",
                  "categories", "isochrone_minutes", "isochrone_window", "isochrone_cell_m"});
    TransitSettings s;
    auto date_of = [&](const TomlTable& table, std::string_view key) -> std::optional<Date> {
        const std::string text = table.string(key, false);
        if (text.empty()) return std::nullopt;
        const auto d = parse_date(text);
        if (!d)
            throw config_error(table.where(key) + ": " + std::string(key) + " '" + text +
                               "' is not a date; write \"YYYY-MM-DD\" (quoted)");
        return d;
    };
    auto positive = [&](std::string_view key, double& out) {
        if (const auto v = t.number(key)) {
            if (!(*v > 0))
                throw config_error(t.where(key) + ": [transit] " + std::string(key) +
                                   " must be a number > 0");
            out = *v;
        }
    };
    for (const auto& f : t.tables("feeds")) {
        f.check_keys({"name", "path", "licence", "attribution"});
        TransitFeedSource feed;
        feed.name = f.string("name", true);
        feed.path = resolve(data, f.string("path", true));
        feed.licence = f.string("licence", false);
        feed.attribution = f.string("attribution", false);
        for (const auto& other : s.feeds)
            if (other.name == feed.name)
                throw config_error(f.where() + ": two [[transit.feeds]] are named '" + feed.name +
                                   "'; names must be unique");
        s.feeds.push_back(std::move(feed));
    }
    if (s.feeds.empty())
        throw config_error(t.where() + ": [transit] needs at least one [[transit.feeds]] with "
                                       "the path of a GTFS zip or folder");
    s.date = date_of(t, "date");
    for (const auto& w : t.tables("windows")) {
        w.check_keys({"name", "start", "end", "date", "day"});
        DepartureWindow win;
        win.name = w.string("name", true);
        for (const char* key : {"start", "end"}) {
            const std::string text = w.string(key, true);
            const auto clock = parse_clock_s(text);
            if (!clock)
                throw config_error(w.where(key) + ": " + key + " '" + text +
                                   "' is not a time; write \"HH:MM\" (quoted)");
            (std::string_view(key) == "start" ? win.start_s : win.end_s) = *clock;
        }
        win.date = date_of(w, "date");
        const std::string day = w.string("day", false);
        if (!day.empty()) {
            win.weekday = parse_weekday(day);
            if (!win.weekday)
                throw config_error(w.where("day") + ": day '" + day +
                                   "' is not a weekday; use monday … sunday");
            if (win.date)
                throw config_error(w.where("day") + ": give a window either date or day, not "
                                                    "both");
        }
        s.windows.push_back(std::move(win));
    }
    positive("step_minutes", s.step_minutes);
    positive("max_walk_m", s.max_walk_m);
    s.max_transfer_m = s.max_walk_m;
    positive("max_transfer_m", s.max_transfer_m);
    if (network) s.walk_speed_kmh = network->walk_speed_kmh;
    positive("walk_speed_kmh", s.walk_speed_kmh);
    positive("detour_factor", s.detour_factor);
    positive("max_trip_minutes", s.max_trip_minutes);
    positive("isochrone_cell_m", s.isochrone_cell_m);
    if (const auto v = t.number("max_transfers")) {
        if (!(*v >= 0 && *v <= 10 && *v == static_cast<int>(*v)))
            throw config_error(t.where("max_transfers") +
                               ": [transit] max_transfers must be a whole number 0–10");
        s.max_transfers = static_cast<int>(*v);
    }
    s.categories = t.strings("categories");
    if (const auto m = t.numbers("isochrone_minutes")) s.isochrone_minutes = *m;
    s.isochrone_window = t.string("isochrone_window", false);
    return s;
}

/// A table of comparator id = "name" ([comparators.names], [comparators.names_cy]).
std::map<std::string, std::string> parse_names(const TomlTable& t, std::string_view key) {
    std::map<std::string, std::string> out;
    const auto names = t.table(key, false);
    if (!names) return out;
    for (const auto& id : names->node().keys) {
        const std::string name = names->string(id, true);
        if (name.empty())
            throw config_error(names->where(id) + ": [comparators." + std::string(key) + "] " +
                               id + " is empty; give the comparator's name");
        out[id] = name;
    }
    return out;
}

ComparatorSettings parse_comparators(const TomlTable& t) {
    t.check_keys({"region", "region_name", "region_name_cy", "names", "names_cy"});
    ComparatorSettings c;
    c.region = t.string("region", false);
    c.region_name = t.string("region_name", false);
    c.region_name_cy = t.string("region_name_cy", false);
    c.names = parse_names(t, "names");
    c.names_cy = parse_names(t, "names_cy");
    if (c.region.empty() && (!c.region_name.empty() || !c.region_name_cy.empty()))
        throw config_error(t.where() + ": [comparators] region_name needs region (the region's "
                                       "id, e.g. \"Wales\")");
    if (c.region == "study")
        throw config_error(t.where("region") + ": [comparators] region cannot be \"study\" (the "
                                               "whole study's comparator); use a name such as "
                                               "\"Wales\"");
    if (!c.region.empty() && c.region_name.empty()) {
        const auto it = c.names.find(c.region);
        c.region_name = it == c.names.end() ? c.region : it->second;
    }
    if (!c.region.empty() && c.region_name_cy.empty()) {
        const auto it = c.names_cy.find(c.region);
        if (it != c.names_cy.end()) c.region_name_cy = it->second;
    }
    return c;
}

}  // namespace

Study load_study(const std::string& path, const std::string& data_dir_override) {
    if (!fs::exists(path))
        throw input_error(path, "study file not found; give the path of a study .toml file "
                                "(the default is datasets/newport/study.toml)");
    const TomlNode tree = parse_toml(path);
    const TomlTable root(path, tree, "top level");
    root.check_keys({"study", "areas", "population_points", "assets", "measures", "network",
                     "transit", "comparators"});
    const fs::path dir = fs::absolute(fs::path(path)).parent_path();

    Study s;
    s.file = path;
    const auto st = root.table("study", true);
    st->check_keys({"name", "title", "title_cy", "metric_crs", "data_dir", "taxonomy", "dedupe_distance_m",
                    "coverage_min_pct"});
    s.name = st->string("name", true);
    if (!valid_study_name(s.name))
        throw config_error(st->where("name") + ": study name '" + printable(s.name) +
                           "' must be 1 to 64 letters, digits, _ or - (it names the output "
                           "files, e.g. out/<name>/<name>.gpkg)");
    s.title = st->string("title", false);
    if (s.title.empty()) s.title = s.name;
    s.title_cy = st->string("title_cy", false);
    const auto crs = st->string("metric_crs", false);
    if (!crs.empty()) s.metric_crs = crs;
    if (const auto problem = metric_crs_problem(s.metric_crs))  // crs_error when unknown
        throw config_error(st->where("metric_crs") + ": metric_crs '" + printable(s.metric_crs) +
                           "' " + *problem + "; distances and areas need a projected CRS in "
                           "metres, e.g. EPSG:27700 (British National Grid)");

    std::string data_dir = data_dir_override;
    std::string data_origin = "--data-dir";
    if (data_dir.empty()) {
        if (const char* env = std::getenv("ASSETMAP_DATA_DIR"); env && *env) {
            data_dir = env;
            data_origin = "ASSETMAP_DATA_DIR";
        }
    }
    if (data_dir.empty()) {
        data_dir = resolve(dir, st->string("data_dir", false));
        if (data_dir.empty()) data_dir = dir.string();
        data_origin = "data_dir in " + path;
    }
    data_dir = fs::absolute(data_dir).lexically_normal().string();
    if (!fs::is_directory(data_dir))
        throw input_error(data_dir, "data directory not found (from " + data_origin +
                                        "); set ASSETMAP_DATA_DIR or pass --data-dir to the "
                                        "folder holding the study's data files");
    s.data_dir = data_dir;

    s.taxonomy_path = resolve(dir, st->string("taxonomy", true));
    if (auto d = st->number("dedupe_distance_m")) {
        if (!(*d >= 0 && *d <= max_distance_m))
            throw config_error(st->where("dedupe_distance_m") +
                               ": dedupe_distance_m must be >= 0 (metres) and at most 100000");
        s.dedupe_distance_m = *d;
    }
    if (auto c = st->number("coverage_min_pct")) {
        if (!(*c >= 0 && *c <= 100))
            throw config_error(st->where("coverage_min_pct") +
                               ": coverage_min_pct must be 0..100");
        s.coverage_min_pct = *c;
    }

    const auto areas = root.table("areas", true);
    s.areas = parse_areas(path, *areas, data_dir);
    s.areas_licence = areas->string("licence", false);
    s.areas_attribution = areas->string("attribution", false);
    if (const auto pts = root.table("population_points", false))
        s.population_points = parse_points(path, *pts, data_dir);

    if (const auto n = root.table("network", false))
        s.network = parse_network(path, *n, data_dir);
    if (const auto m = root.table("measures", false))
        s.measures = parse_measures(path, *m);
    if (const auto t = root.table("transit", false))
        s.transit = parse_transit(path, *t, data_dir, s.network);
    if (const auto c = root.table("comparators", false)) s.comparators = parse_comparators(*c);

    for (const auto& t : root.tables("assets")) {
        s.assets.push_back(parse_asset(path, t, data_dir));
        for (std::size_t i = 0; i + 1 < s.assets.size(); ++i)
            if (s.assets[i].name == s.assets.back().name)
                throw config_error(t.where() + ": two [[assets]] are named '" +
                                   s.assets.back().name + "'; names must be unique");
    }
    return s;
}

}  // namespace assetmap::io
