#include <assetmap/core/error.hpp>
#include <assetmap/core/taxonomy.hpp>

#include <algorithm>
#include <set>

namespace assetmap {

const char* to_string(Domain d) {
    switch (d) {
        case Domain::individual: return "individual";
        case Domain::community: return "community";
        case Domain::structural: return "structural";
    }
    return "unknown";
}

std::optional<Domain> parse_domain(std::string_view s) {
    if (s == "individual") return Domain::individual;
    if (s == "community") return Domain::community;
    if (s == "structural") return Domain::structural;
    return std::nullopt;
}

namespace {

std::string_view trim(std::string_view s) {
    const auto* ws = " \t";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

bool condition_holds(const TagCondition& c, const TagList& tags) {
    for (const auto& [k, v] : tags) {
        if (k != c.key) continue;
        if (c.values.empty()) return true;
        return std::find(c.values.begin(), c.values.end(), v) != c.values.end();
    }
    return false;
}

}  // namespace

TagSelector parse_selector(std::string_view text) {
    TagSelector sel;
    for (auto part : split(text, '&')) {
        part = trim(part);
        const auto eq = part.find('=');
        if (part.empty() || eq == std::string_view::npos || eq == 0 || eq + 1 == part.size())
            throw config_error("bad OSM selector '" + std::string(text) +
                               "': write key=value, key=v1|v2, key=* or a=b & c=d");
        TagCondition cond;
        cond.key = std::string(trim(part.substr(0, eq)));
        const auto values = trim(part.substr(eq + 1));
        if (values != "*") {
            for (auto v : split(values, '|')) {
                v = trim(v);
                if (v.empty())
                    throw config_error("bad OSM selector '" + std::string(text) +
                                       "': empty value in a '|' list");
                cond.values.emplace_back(v);
            }
        }
        sel.all_of.push_back(std::move(cond));
    }
    return sel;
}

Taxonomy::Taxonomy(std::vector<Category> categories) : categories_(std::move(categories)) {
    std::set<std::string> names;
    for (const auto& c : categories_) {
        if (c.id.empty()) throw config_error("taxonomy: a category has no id");
        if (!names.insert(c.id).second)
            throw config_error("taxonomy: category '" + c.id + "' is defined twice");
        for (const auto& a : c.aliases)
            if (a != c.id && !names.insert(a).second)
                throw config_error("taxonomy: alias '" + a + "' of '" + c.id +
                                   "' is already used by another category");
    }
}

const Category* Taxonomy::find(std::string_view id) const {
    for (const auto& c : categories_)
        if (c.id == id) return &c;
    return nullptr;
}

const Category* Taxonomy::match_value(std::string_view value) const {
    for (const auto& c : categories_) {
        if (c.id == value) return &c;
        if (std::find(c.aliases.begin(), c.aliases.end(), value) != c.aliases.end()) return &c;
    }
    return nullptr;
}

std::vector<const Category*> Taxonomy::match_osm(const TagList& tags) const {
    std::vector<const Category*> out;
    for (const auto& c : categories_) {
        for (const auto& sel : c.osm) {
            const bool all = std::all_of(sel.all_of.begin(), sel.all_of.end(),
                                         [&](const TagCondition& k) { return condition_holds(k, tags); });
            if (all && !sel.all_of.empty()) {
                out.push_back(&c);
                break;
            }
        }
    }
    return out;
}

std::vector<std::string> Taxonomy::osm_keys() const {
    std::set<std::string> keys;
    for (const auto& c : categories_)
        for (const auto& sel : c.osm)
            for (const auto& cond : sel.all_of) keys.insert(cond.key);
    return {keys.begin(), keys.end()};
}

}  // namespace assetmap
