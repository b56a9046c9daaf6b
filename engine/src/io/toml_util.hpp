#pragma once
// Small helpers over toml++ shared by the study and taxonomy readers (io-internal).

#include <assetmap/core/error.hpp>

#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::io::detail {

/// Where a TOML node is: "file:line N".
inline std::string where(const std::string& file, const toml::node& node) {
    return file + ":line " + std::to_string(node.source().begin.line);
}

/// Throws config_error for any key of `table` not in `allowed` (catches typos).
inline void check_keys(const std::string& file, const toml::table& table, std::string_view section,
                       std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, node] : table) {
        bool ok = false;
        for (auto a : allowed) ok = ok || key.str() == a;
        if (!ok) {
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            throw config_error(where(file, node) + ": unknown key '" + std::string(key.str()) +
                               "' in [" + std::string(section) + "]; allowed keys: " + list);
        }
    }
}

inline std::string get_string(const std::string& file, const toml::table& t, std::string_view key,
                              bool required, std::string_view section) {
    const toml::node* n = t.get(key);
    if (!n) {
        if (required)
            throw config_error(file + ": [" + std::string(section) + "] needs key '" +
                               std::string(key) + "'");
        return {};
    }
    if (auto s = n->value<std::string>()) return *s;
    throw config_error(where(file, *n) + ": '" + std::string(key) + "' must be a string");
}

inline std::optional<double> get_number(const std::string& file, const toml::table& t,
                                        std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto d = n->value<double>()) return *d;
    throw config_error(where(file, *n) + ": '" + std::string(key) + "' must be a number");
}

inline std::optional<bool> get_bool(const std::string& file, const toml::table& t,
                                    std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto b = n->value<bool>()) return *b;
    throw config_error(where(file, *n) + ": '" + std::string(key) + "' must be true or false");
}

inline std::vector<std::string> get_strings(const std::string& file, const toml::table& t,
                                            std::string_view key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const auto* arr = n->as_array();
    if (!arr) throw config_error(where(file, *n) + ": '" + std::string(key) + "' must be a list");
    for (const auto& e : *arr) {
        auto s = e.value<std::string>();
        if (!s)
            throw config_error(where(file, e) + ": '" + std::string(key) +
                               "' must be a list of strings");
        out.push_back(*s);
    }
    return out;
}

/// Parses a whole file; syntax errors become config_error with file and line.
inline toml::table parse_toml(const std::string& path) {
    try {
        return toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw config_error(path + ":line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
    }
}

}  // namespace assetmap::io::detail
