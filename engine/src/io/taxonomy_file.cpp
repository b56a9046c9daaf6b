#include <assetmap/io/taxonomy_file.hpp>

#include "toml_util.hpp"

#include <filesystem>

namespace assetmap::io {

Taxonomy load_taxonomy(const std::string& path) {
    using namespace detail;
    if (!std::filesystem::exists(path))
        throw input_error(path, "taxonomy file not found; set 'taxonomy' in the study file");
    const toml::table root = parse_toml(path);
    check_keys(path, root, "taxonomy", {"category"});
    const auto* cats = root["category"].as_array();
    if (!cats || cats->empty())
        throw config_error(path + ": no [[category]] entries; the taxonomy needs at least one");

    std::vector<Category> out;
    for (const auto& node : *cats) {
        const auto* t = node.as_table();
        if (!t) throw config_error(where(path, node) + ": [[category]] must be a table");
        check_keys(path, *t, "category",
                   {"id", "label", "domain", "threshold_m", "area", "decay_beta_per_m", "osm",
                    "select", "aliases"});
        Category c;
        c.id = get_string(path, *t, "id", true, "category");
        c.label = get_string(path, *t, "label", false, "category");
        if (c.label.empty()) c.label = c.id;
        const auto domain = get_string(path, *t, "domain", true, "category");
        const auto d = parse_domain(domain);
        if (!d)
            throw config_error(where(path, node) + ": category '" + c.id + "' has domain '" +
                               domain + "'; use individual, community or structural");
        c.domain = *d;
        const auto threshold = get_number(path, *t, "threshold_m");
        if (!threshold || !(*threshold > 0))
            throw config_error(where(path, node) + ": category '" + c.id +
                               "' needs threshold_m > 0 (metres)");
        c.threshold_m = *threshold;
        c.is_area = get_bool(path, *t, "area").value_or(false);
        c.decay_beta_per_m = get_number(path, *t, "decay_beta_per_m").value_or(0.0);
        if (c.decay_beta_per_m < 0)
            throw config_error(where(path, node) + ": decay_beta_per_m must be >= 0");
        for (const auto& sel : get_strings(path, *t, "osm")) {
            try {
                c.osm.push_back(parse_selector(sel));
            } catch (const config_error& e) {
                throw config_error(where(path, node) + ": category '" + c.id + "': " + e.what());
            }
        }
        for (const auto& sel : get_strings(path, *t, "select")) {
            try {
                c.select.push_back(parse_selector(sel));
            } catch (const config_error& e) {
                throw config_error(where(path, node) + ": category '" + c.id + "': " + e.what());
            }
        }
        c.aliases = get_strings(path, *t, "aliases");
        out.push_back(std::move(c));
    }
    try {
        return Taxonomy(std::move(out));
    } catch (const config_error& e) {
        throw config_error(path + ": " + e.what());
    }
}

}  // namespace assetmap::io
