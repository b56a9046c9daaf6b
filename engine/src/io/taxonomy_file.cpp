#include <assetmap/io/taxonomy_file.hpp>

#include "toml_util.hpp"

#include <filesystem>

namespace assetmap::io {

Taxonomy load_taxonomy(const std::string& path) {
    using namespace detail;
    if (!std::filesystem::exists(path))
        throw input_error(path, "taxonomy file not found; set 'taxonomy' in the study file");
    const TomlNode tree = parse_toml(path);
    const TomlTable root(path, tree, "taxonomy");
    root.check_keys({"category"});
    const TomlNode* cats = root.find("category");
    if (!cats || cats->kind != TomlNode::Kind::array || cats->items.empty())
        throw config_error(path + ": no [[category]] entries; the taxonomy needs at least one");

    std::vector<Category> out;
    for (const auto& t : root.tables("category")) {
        const std::string node_where = t.where();
        t.check_keys({"id", "label", "domain", "threshold_m", "area", "decay_beta_per_m", "osm",
                      "select", "aliases"});
        Category c;
        c.id = t.string("id", true);
        c.label = t.string("label", false);
        if (c.label.empty()) c.label = c.id;
        const auto domain = t.string("domain", true);
        const auto d = parse_domain(domain);
        if (!d)
            throw config_error(node_where + ": category '" + c.id + "' has domain '" + domain +
                               "'; use individual, community or structural");
        c.domain = *d;
        const auto threshold = t.number("threshold_m");
        if (!threshold || !(*threshold > 0))
            throw config_error(node_where + ": category '" + c.id +
                               "' needs threshold_m > 0 (metres)");
        c.threshold_m = *threshold;
        c.is_area = t.boolean("area").value_or(false);
        c.decay_beta_per_m = t.number("decay_beta_per_m").value_or(0.0);
        if (c.decay_beta_per_m < 0)
            throw config_error(node_where + ": decay_beta_per_m must be >= 0");
        for (const auto& sel : t.strings("osm")) {
            try {
                c.osm.push_back(parse_selector(sel));
            } catch (const config_error& e) {
                throw config_error(node_where + ": category '" + c.id + "': " + e.what());
            }
        }
        for (const auto& sel : t.strings("select")) {
            try {
                c.select.push_back(parse_selector(sel));
            } catch (const config_error& e) {
                throw config_error(node_where + ": category '" + c.id + "': " + e.what());
            }
        }
        c.aliases = t.strings("aliases");
        out.push_back(std::move(c));
    }
    try {
        return Taxonomy(std::move(out));
    } catch (const config_error& e) {
        throw config_error(path + ": " + e.what());
    }
}

}  // namespace assetmap::io
