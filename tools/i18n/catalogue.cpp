/// @file Message catalogues (see catalogue.hpp).

#include "catalogue.hpp"

#include <assetmap/core/error.hpp>

#include <nlohmann/json.hpp>

namespace assetmap::i18n {

// Generated at build time from en.json and cy.json (cmake/EmbedText.cmake).
extern const char* const catalogue_en_json;
extern const char* const catalogue_cy_json;

const std::vector<std::string>& languages() {
    static const std::vector<std::string> langs = {"en", "cy"};
    return langs;
}

const Catalogue& Catalogue::builtin(std::string_view lang) {
    static const Catalogue en = parse(catalogue_en_json, "en", "tools/i18n/en.json");
    static const Catalogue cy = parse(catalogue_cy_json, "cy", "tools/i18n/cy.json");
    if (lang == "en") return en;
    if (lang == "cy") return cy;
    throw config_error("language '" + std::string(lang) +
                       "' has no message catalogue; use en (English) or cy (Cymraeg)");
}

Catalogue Catalogue::parse(std::string_view json, std::string lang, const std::string& origin) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(json.begin(), json.end());
    } catch (const nlohmann::json::parse_error& e) {
        throw config_error(origin + ": not valid JSON (" + e.what() + ")");
    }
    if (!doc.is_object()) throw config_error(origin + ": a catalogue must be a JSON object");
    Catalogue c;
    c.lang_ = std::move(lang);
    for (const auto& [key, value] : doc.items()) {
        if (!value.is_string())
            throw config_error(origin + ": the value of '" + key + "' must be a string");
        c.entries_.emplace(key, value.get<std::string>());
    }
    return c;
}

std::optional<std::string> Catalogue::find(std::string_view key) const {
    const auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

std::string Catalogue::get(std::string_view key) const {
    if (auto v = find(key)) return *v;
    return "[" + std::string(key) + "]";
}

std::string substitute(std::string text, const Args& args) {
    for (const auto& [name, value] : args) {
        const std::string token = "{" + name + "}";
        for (std::size_t at = text.find(token); at != std::string::npos;
             at = text.find(token, at + value.size()))
            text.replace(at, token.size(), value);
    }
    return text;
}

std::string Catalogue::format(std::string_view key, const Args& args) const {
    return substitute(get(key), args);
}

std::vector<std::string> missing_keys(const Catalogue& reference, const Catalogue& other) {
    std::vector<std::string> out;
    for (const auto& [key, text] : reference.entries()) {
        const auto v = other.find(key);
        if (!v || v->empty()) out.push_back(key);
    }
    return out;
}

}  // namespace assetmap::i18n
