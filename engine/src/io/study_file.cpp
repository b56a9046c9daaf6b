#include <assetmap/io/study_file.hpp>

#include "toml_util.hpp"

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

const toml::table* sub_table(const std::string& file, const toml::table& t, std::string_view key,
                             bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
        if (required)
            throw config_error(file + ": missing section [" + std::string(key) + "]");
        return nullptr;
    }
    const auto* tab = n->as_table();
    if (!tab) throw config_error(where(file, *n) + ": '" + std::string(key) + "' must be a table");
    return tab;
}

/// An optional ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD) under `key` of a section.
std::string get_date(const std::string& file, const toml::table& t, std::string_view key,
                     std::string_view section) {
    const std::string d = get_string(file, t, key, false, section);
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
        throw config_error(where(file, *t.get(key)) + ": [" + std::string(section) + "] " +
                           std::string(key) + " '" + d + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
    return d;
}

Completeness parse_completeness(const std::string& file, const toml::table& t,
                                std::string_view key, std::string_view section) {
    const std::string c = get_string(file, t, key, false, section);
    if (c.empty() || c == "complete") return Completeness::complete;
    if (c == "partial") return Completeness::partial;
    throw config_error(where(file, *t.get(key)) + ": [" + std::string(section) + "] " +
                       std::string(key) + " '" + c + "' is not known; use complete or partial");
}

AreaSource parse_areas(const std::string& file, const toml::table& t, const fs::path& data) {
    check_keys(file, t, "areas",
               {"path", "layer", "crs", "code_field", "name_field", "parent_field", "parents",
                "population_field", "population_csv", "licence", "attribution", "date",
                "population_date"});
    AreaSource a;
    a.path = resolve(data, get_string(file, t, "path", true, "areas"));
    a.layer = get_string(file, t, "layer", false, "areas");
    a.crs = get_string(file, t, "crs", false, "areas");
    a.code_field = get_string(file, t, "code_field", true, "areas");
    a.name_field = get_string(file, t, "name_field", false, "areas");
    a.parent_field = get_string(file, t, "parent_field", false, "areas");
    a.parents = get_strings(file, t, "parents");
    if (!a.parents.empty() && a.parent_field.empty())
        throw config_error(file + ": [areas] 'parents' needs 'parent_field'");
    a.population_field = get_string(file, t, "population_field", false, "areas");
    a.date = get_date(file, t, "date", "areas");
    a.population_date = get_date(file, t, "population_date", "areas");
    if (const auto* pop = sub_table(file, t, "population_csv", false)) {
        check_keys(file, *pop, "areas.population_csv", {"path", "code_column", "value_column"});
        a.population_csv = resolve(data, get_string(file, *pop, "path", true, "areas.population_csv"));
        a.population_csv_code =
            get_string(file, *pop, "code_column", true, "areas.population_csv");
        a.population_csv_value =
            get_string(file, *pop, "value_column", true, "areas.population_csv");
    }
    if (!a.population_field.empty() && !a.population_csv.empty())
        throw config_error(file + ": [areas] give either population_field or population_csv, "
                                  "not both");
    return a;
}

PointSource parse_points(const std::string& file, const toml::table& t, const fs::path& data) {
    check_keys(file, t, "population_points",
               {"format", "path", "layer", "crs", "id", "x", "y", "weight", "area_code", "date"});
    PointSource p;
    const auto format = get_string(file, t, "format", false, "population_points");
    if (format.empty() || format == "csv")
        p.format = PointSource::Format::csv;
    else if (format == "vector")
        p.format = PointSource::Format::vector;
    else
        throw config_error(file + ": [population_points] format '" + format +
                           "' is not known; use csv or vector");
    p.path = resolve(data, get_string(file, t, "path", true, "population_points"));
    p.layer = get_string(file, t, "layer", false, "population_points");
    p.crs = get_string(file, t, "crs", false, "population_points");
    p.columns.id = get_string(file, t, "id", false, "population_points");
    p.columns.weight = get_string(file, t, "weight", true, "population_points");
    p.columns.area_code = get_string(file, t, "area_code", false, "population_points");
    p.date = get_date(file, t, "date", "population_points");
    const bool csv = p.format == PointSource::Format::csv;
    p.columns.x = get_string(file, t, "x", csv, "population_points");
    p.columns.y = get_string(file, t, "y", csv, "population_points");
    if (csv && p.crs.empty())
        throw config_error(file + ": [population_points] a CSV needs 'crs' (e.g. EPSG:4326 for "
                                  "lon/lat columns, EPSG:27700 for easting/northing)");
    return p;
}

AssetSource parse_asset(const std::string& file, const toml::table& t, const fs::path& data) {
    check_keys(file, t, "assets",
               {"name", "format", "path", "layer", "crs", "category", "category_field",
                "name_field", "id_field", "capacity_field", "x", "y", "licence", "attribution",
                "extent", "inside_areas_only", "date", "filter", "completeness",
                "completeness_note", "completeness_by_category", "dedupe_distance_m"});
    AssetSource a;
    a.name = get_string(file, t, "name", true, "assets");
    const auto format = get_string(file, t, "format", true, "assets");
    if (format == "osm") a.format = AssetSource::Format::osm;
    else if (format == "gtfs") a.format = AssetSource::Format::gtfs;
    else if (format == "vector") a.format = AssetSource::Format::vector;
    else if (format == "csv") a.format = AssetSource::Format::csv;
    else
        throw config_error(file + ": [[assets]] '" + a.name + "' has format '" + format +
                           "'; use osm, gtfs, vector or csv");
    a.path = resolve(data, get_string(file, t, "path", true, "assets"));
    a.layer = get_string(file, t, "layer", false, "assets");
    a.crs = get_string(file, t, "crs", false, "assets");
    a.category = get_string(file, t, "category", false, "assets");
    a.columns.category = get_string(file, t, "category_field", false, "assets");
    a.columns.name = get_string(file, t, "name_field", false, "assets");
    a.columns.id = get_string(file, t, "id_field", false, "assets");
    a.columns.capacity = get_string(file, t, "capacity_field", false, "assets");
    a.columns.x = get_string(file, t, "x", false, "assets");
    a.columns.y = get_string(file, t, "y", false, "assets");
    a.licence = get_string(file, t, "licence", false, "assets");
    a.attribution = get_string(file, t, "attribution", false, "assets");
    a.inside_areas_only = get_bool(file, t, "inside_areas_only")
                              .value_or(a.format == AssetSource::Format::gtfs);
    a.date = get_date(file, t, "date", "assets");
    for (const auto& text : get_strings(file, t, "filter")) {
        try {
            a.filter.push_back(parse_selector(text));
        } catch (const config_error& e) {
            throw config_error(where(file, *t.get("filter")) + ": [[assets]] '" + a.name +
                               "' filter: " + e.what());
        }
        a.filter_text.push_back(text);
    }
    a.completeness.completeness = parse_completeness(file, t, "completeness", "assets");
    a.completeness.note = get_string(file, t, "completeness_note", false, "assets");
    if (const toml::node* n = t.get("completeness_by_category")) {
        const auto* by = n->as_table();
        if (!by)
            throw config_error(where(file, *n) + ": completeness_by_category must be a table of "
                                                 "category = { completeness = \"partial\", "
                                                 "note = \"…\" }");
        for (const auto& [key, node] : *by) {
            const auto* one = node.as_table();
            if (!one)
                throw config_error(where(file, node) + ": completeness_by_category." +
                                   std::string(key.str()) +
                                   " must be { completeness = \"complete\"|\"partial\", note = "
                                   "\"…\" }");
            check_keys(file, *one, "assets.completeness_by_category", {"completeness", "note"});
            CompletenessNote c;
            c.completeness = parse_completeness(file, *one, "completeness",
                                                "assets.completeness_by_category");
            c.note = get_string(file, *one, "note", false, "assets.completeness_by_category");
            a.completeness_by_category[std::string(key.str())] = c;
        }
    }
    if (auto d = get_number(file, t, "dedupe_distance_m")) {
        if (!(*d >= 0))
            throw config_error(where(file, *t.get("dedupe_distance_m")) +
                               ": dedupe_distance_m must be >= 0 (metres)");
        a.dedupe_distance_m = *d;
    }
    if (const toml::node* n = t.get("extent"); n && n->is_string()) {
        if (n->value<std::string>() != "areas")
            throw config_error(where(file, *n) +
                               ": extent must be [min_lon, min_lat, max_lon, max_lat] (degrees) "
                               "or \"areas\" (every area of the areas source)");
        a.extent_is_areas = true;
    } else if (n) {
        const auto* arr = n->as_array();
        if (!arr || arr->size() != 4)
            throw config_error(where(file, *n) +
                               ": extent must be [min_lon, min_lat, max_lon, max_lat] (degrees)");
        double v[4];
        for (std::size_t i = 0; i < 4; ++i) {
            auto d = (*arr)[i].value<double>();
            if (!d) throw config_error(where(file, *n) + ": extent values must be numbers");
            v[i] = *d;
        }
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

NetworkSettings parse_network(const std::string& file, const toml::table& t,
                              const fs::path& data) {
    check_keys(file, t, "network",
               {"path", "snap_limit_m", "walk_speed_kmh", "catchment_minutes", "licence",
                "attribution", "date"});
    NetworkSettings n;
    n.path = resolve(data, get_string(file, t, "path", true, "network"));
    if (auto v = get_number(file, t, "snap_limit_m")) {
        if (!(*v > 0)) throw config_error(file + ": [network] snap_limit_m must be > 0 (metres)");
        n.snap_limit_m = *v;
    }
    if (auto v = get_number(file, t, "walk_speed_kmh")) {
        if (!(*v > 0)) throw config_error(file + ": [network] walk_speed_kmh must be > 0");
        n.walk_speed_kmh = *v;
    }
    if (const toml::node* node = t.get("catchment_minutes")) {
        const auto* arr = node->as_array();
        if (!arr) throw config_error(where(file, *node) + ": catchment_minutes must be a list");
        n.catchment_minutes.clear();
        for (const auto& e : *arr) {
            auto v = e.value<double>();
            if (!v || !(*v > 0))
                throw config_error(where(file, e) + ": catchment_minutes must be numbers > 0");
            n.catchment_minutes.push_back(*v);
        }
    }
    n.licence = get_string(file, t, "licence", false, "network");
    n.attribution = get_string(file, t, "attribution", false, "network");
    n.date = get_date(file, t, "date", "network");
    return n;
}

MeasureSettings parse_measures(const std::string& file, const toml::table& t) {
    check_keys(file, t, "measures",
               {"categories", "thresholds_m", "indicators", "domain_min_indicator_share"});
    MeasureSettings m;
    m.categories = get_strings(file, t, "categories");
    m.indicators = get_strings(file, t, "indicators");
    if (auto v = get_number(file, t, "domain_min_indicator_share")) {
        if (!(*v > 0 && *v <= 1))
            throw config_error(where(file, *t.get("domain_min_indicator_share")) +
                               ": domain_min_indicator_share must be > 0 and <= 1 (a share of "
                               "the domain's indicators, e.g. 0.5)");
        m.domain_min_indicator_share = *v;
    }
    if (const auto* th = sub_table(file, t, "thresholds_m", false)) {
        for (const auto& [key, node] : *th) {
            std::vector<double> values;
            if (auto d = node.value<double>()) {
                values.push_back(*d);
            } else if (const auto* arr = node.as_array()) {
                for (const auto& e : *arr) {
                    auto v = e.value<double>();
                    if (!v) throw config_error(where(file, e) + ": thresholds must be numbers");
                    values.push_back(*v);
                }
            } else {
                throw config_error(where(file, node) + ": thresholds_m." +
                                   std::string(key.str()) + " must be a number or a list");
            }
            for (double v : values)
                if (!(v > 0))
                    throw config_error(where(file, node) + ": thresholds must be > 0 (metres)");
            m.thresholds_m[std::string(key.str())] = values;
        }
    }
    return m;
}

/// A table of id = "name" pairs ([comparators.names], [comparators.names_cy]).
std::map<std::string, std::string> parse_names(const std::string& file, const toml::table& t,
                                               std::string_view key) {
    std::map<std::string, std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const auto* tab = n->as_table();
    if (!tab)
        throw config_error(where(file, *n) + ": '" + std::string(key) +
                           "' must be a table of comparator id = \"name\"");
    for (const auto& [id, node] : *tab) {
        auto v = node.value<std::string>();
        if (!v || v->empty())
            throw config_error(where(file, node) + ": comparators." + std::string(key) + "." +
                               std::string(id.str()) + " must be a non-empty string");
        out[std::string(id.str())] = *v;
    }
    return out;
}

ComparatorSettings parse_comparators(const std::string& file, const toml::table& t) {
    check_keys(file, t, "comparators",
               {"region", "region_name", "region_name_cy", "names", "names_cy"});
    ComparatorSettings c;
    c.region = get_string(file, t, "region", false, "comparators");
    c.region_name = get_string(file, t, "region_name", false, "comparators");
    c.region_name_cy = get_string(file, t, "region_name_cy", false, "comparators");
    c.names = parse_names(file, t, "names");
    c.names_cy = parse_names(file, t, "names_cy");
    if (c.region.empty() && (!c.region_name.empty() || !c.region_name_cy.empty()))
        throw config_error(file + ": [comparators] region_name needs region (the region's id, "
                                  "e.g. \"Wales\")");
    if (c.region == "study")
        throw config_error(file + ": [comparators] region cannot be \"study\" (the whole study's "
                                  "comparator); use a name such as \"Wales\"");
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
    const toml::table root = parse_toml(path);
    check_keys(path, root, "top level",
               {"study", "areas", "population_points", "assets", "measures", "network",
                "comparators"});
    const fs::path dir = fs::absolute(fs::path(path)).parent_path();

    Study s;
    s.file = path;
    const auto* st = sub_table(path, root, "study", true);
    check_keys(path, *st, "study",
               {"name", "title", "metric_crs", "data_dir", "taxonomy", "dedupe_distance_m",
                "coverage_min_pct"});
    s.name = get_string(path, *st, "name", true, "study");
    s.title = get_string(path, *st, "title", false, "study");
    if (s.title.empty()) s.title = s.name;
    const auto crs = get_string(path, *st, "metric_crs", false, "study");
    if (!crs.empty()) s.metric_crs = crs;

    std::string data_dir = data_dir_override;
    std::string data_origin = "--data-dir";
    if (data_dir.empty()) {
        if (const char* env = std::getenv("ASSETMAP_DATA_DIR"); env && *env) {
            data_dir = env;
            data_origin = "ASSETMAP_DATA_DIR";
        }
    }
    if (data_dir.empty()) {
        data_dir = resolve(dir, get_string(path, *st, "data_dir", false, "study"));
        if (data_dir.empty()) data_dir = dir.string();
        data_origin = "data_dir in " + path;
    }
    data_dir = fs::absolute(data_dir).lexically_normal().string();
    if (!fs::is_directory(data_dir))
        throw input_error(data_dir, "data directory not found (from " + data_origin +
                                        "); set ASSETMAP_DATA_DIR or pass --data-dir to the "
                                        "folder holding the study's data files");
    s.data_dir = data_dir;

    s.taxonomy_path = resolve(dir, get_string(path, *st, "taxonomy", true, "study"));
    if (auto d = get_number(path, *st, "dedupe_distance_m")) {
        if (*d < 0) throw config_error(path + ": dedupe_distance_m must be >= 0 (metres)");
        s.dedupe_distance_m = *d;
    }
    if (auto c = get_number(path, *st, "coverage_min_pct")) {
        if (*c < 0 || *c > 100) throw config_error(path + ": coverage_min_pct must be 0..100");
        s.coverage_min_pct = *c;
    }

    const auto* areas = sub_table(path, root, "areas", true);
    s.areas = parse_areas(path, *areas, data_dir);
    s.areas_licence = get_string(path, *areas, "licence", false, "areas");
    s.areas_attribution = get_string(path, *areas, "attribution", false, "areas");
    if (const auto* pts = sub_table(path, root, "population_points", false))
        s.population_points = parse_points(path, *pts, data_dir);

    if (const auto* n = sub_table(path, root, "network", false))
        s.network = parse_network(path, *n, data_dir);
    if (const auto* m = sub_table(path, root, "measures", false))
        s.measures = parse_measures(path, *m);
    if (const auto* c = sub_table(path, root, "comparators", false))
        s.comparators = parse_comparators(path, *c);

    if (const toml::node* n = root.get("assets")) {
        const auto* arr = n->as_array();
        if (!arr) throw config_error(where(path, *n) + ": use [[assets]] tables");
        for (const auto& e : *arr) {
            const auto* t = e.as_table();
            if (!t) throw config_error(where(path, e) + ": [[assets]] must be a table");
            s.assets.push_back(parse_asset(path, *t, data_dir));
            for (std::size_t i = 0; i + 1 < s.assets.size(); ++i)
                if (s.assets[i].name == s.assets.back().name)
                    throw config_error(where(path, e) + ": two [[assets]] are named '" +
                                       s.assets.back().name + "'; names must be unique");
        }
    }
    return s;
}

}  // namespace assetmap::io
