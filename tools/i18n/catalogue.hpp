#pragma once
/// @file A message catalogue: every user-facing string of the web page and the report, one
/// catalogue per language (tools/i18n/en.json, tools/i18n/cy.json — flat JSON objects of
/// key → text with `{name}` placeholders). The JSON files are compiled into the binary, so
/// a tool needs no data folder to speak Welsh; the web page bundles the same files.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assetmap::i18n {

/// Placeholder values for Catalogue::format, e.g. {{"value", "73%"}, {"threshold", "400"}}.
using Args = std::vector<std::pair<std::string, std::string>>;

/// The languages there are catalogues for, in display order: "en", "cy".
const std::vector<std::string>& languages();

class Catalogue {
public:
    /// The built-in catalogue of `lang` ("en" or "cy"); throws config_error for another
    /// language (the message lists the ones there are).
    static const Catalogue& builtin(std::string_view lang);
    /// Parses a catalogue (a flat JSON object of strings); throws config_error naming
    /// `origin` when it is not one.
    static Catalogue parse(std::string_view json, std::string lang, const std::string& origin);

    const std::string& lang() const noexcept { return lang_; }
    bool has(std::string_view key) const { return entries_.count(std::string(key)) != 0; }
    std::optional<std::string> find(std::string_view key) const;
    /// The text of `key`; "[key]" when the catalogue lacks it (visible, never a crash).
    std::string get(std::string_view key) const;
    /// get(key) with every `{name}` of `args` replaced; unknown placeholders are kept.
    std::string format(std::string_view key, const Args& args) const;
    const std::map<std::string, std::string>& entries() const noexcept { return entries_; }

private:
    std::string lang_;
    std::map<std::string, std::string> entries_;
};

/// Replaces every `{name}` of `args` in `text`.
std::string substitute(std::string text, const Args& args);

/// Keys of `reference` that `other` lacks or leaves empty, sorted (a missing Welsh string).
std::vector<std::string> missing_keys(const Catalogue& reference, const Catalogue& other);

}  // namespace assetmap::i18n
