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
        const bool listed =
            c.values.empty() || std::find(c.values.begin(), c.values.end(), v) != c.values.end();
        return listed != c.negated;
    }
    return c.negated;  // absent key: only a negated condition holds
}

}  // namespace

bool TagSelector::has_positive() const {
    return std::any_of(all_of.begin(), all_of.end(),
                       [](const TagCondition& c) { return !c.negated; });
}

bool selector_matches(const TagSelector& selector, const TagList& tags) {
    return !selector.all_of.empty() &&
           std::all_of(selector.all_of.begin(), selector.all_of.end(),
                       [&](const TagCondition& c) { return condition_holds(c, tags); });
}

bool any_selector_matches(const std::vector<TagSelector>& selectors, const TagList& tags) {
    return std::any_of(selectors.begin(), selectors.end(),
                       [&](const TagSelector& s) { return selector_matches(s, tags); });
}

TagSelector parse_selector(std::string_view text) {
    TagSelector sel;
    for (auto part : split(text, '&')) {
        part = trim(part);
        const auto eq = part.find('=');
        const bool negated = eq != std::string_view::npos && eq > 0 && part[eq - 1] == '!';
        const auto key_end = negated ? eq - 1 : eq;
        if (part.empty() || eq == std::string_view::npos || key_end == 0 ||
            eq + 1 == part.size() || trim(part.substr(0, key_end)).empty())
            throw config_error("bad selector '" + std::string(text) +
                               "': write key=value, key=v1|v2, key=*, key!=value or a=b & c=d");
        TagCondition cond;
        cond.negated = negated;
        cond.key = std::string(trim(part.substr(0, key_end)));
        const auto values = trim(part.substr(eq + 1));
        if (values != "*") {
            for (auto v : split(values, '|')) {
                v = trim(v);
                if (v.empty())
                    throw config_error("bad selector '" + std::string(text) +
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
        for (const auto* list : {&c.osm, &c.select})
            for (const auto& sel : *list)
                if (!sel.has_positive())
                    throw config_error("taxonomy: category '" + c.id +
                                       "' has a selector with only '!=' conditions; a category "
                                       "selector needs at least one key=value");
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
    for (const auto& c : categories_)
        if (any_selector_matches(c.osm, tags)) out.push_back(&c);
    return out;
}

std::vector<const Category*> Taxonomy::match_fields(const TagList& fields) const {
    std::vector<const Category*> out;
    for (const auto& c : categories_)
        if (any_selector_matches(c.osm, fields) || any_selector_matches(c.select, fields))
            out.push_back(&c);
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
