// Shapefile field names (dBASE: at most 10 bytes). The rule, applied to one layer's fields:
//
// 1. Keep: a name of at most 10 characters made only of ASCII letters, digits and '_' is
//    kept as it is.
// 2. Abbreviate: any other name is lower-cased and split into words at '_' and at every
//    other character that is not an ASCII letter or digit. Known phrases become fixed
//    abbreviations, longest phrase first (table below): taxonomy categories (bus_stop →
//    bstp, community_centre → comc, green_space → grsp, …), measures (coverage_pct → cov,
//    cumulative → cum, m2_per_person → m2pp, per_1000 → p1k, nearest_m → nrm, …) and a few
//    common words (population → pop, …). A number of 1000 or more in whole hundreds is
//    written with k: 1200 → 1k2, 2000 → 2k.
// 3. Join: the words joined with '_' if that fits in 10, else joined without separator if
//    that fits; else every word not starting with a digit is cut to its first k characters,
//    with the largest k that fits (numbers are kept whole, they are usually thresholds);
//    if even k = 1 does not fit, the joined words are cut at 10. A name with no letters or
//    digits left becomes "field".
// 4. Unique: kept names are taken first, in field order; then every other name, in field
//    order, takes its abbreviation unless a name equal to it ignoring case is taken, in
//    which case the abbreviation's end is replaced by _1, _2, … (the first free one).
//
// Examples: bus_stop_coverage_pct_400 → bstpcov400, green_space_m2_per_person → grsp_m2pp,
// community_centre_cumulative_800 → comccum800, outside_areas → outsiareas.
#include "shapefile_names.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

namespace assetmap::io::detail {

namespace {

struct Abbreviation {
    std::string_view phrase;  ///< words joined by '_'
    std::string_view short_form;
};

// Categories of datasets/taxonomy.toml, measures of measure_key.hpp, then common words.
constexpr Abbreviation abbreviations[] = {
    {"community_centre", "comc"}, {"place_of_worship", "pow"}, {"social_facility", "socf"},
    {"arts_centre", "artc"},      {"theatre", "thtr"},         {"cinema", "cine"},
    {"sports_pitch", "sptp"},     {"sports_leisure", "sptl"},  {"playground", "play"},
    {"allotments", "allt"},       {"library", "lib"},          {"education", "edu"},
    {"green_space", "grsp"},      {"bus_stop", "bstp"},        {"rail_station", "rstn"},
    {"bus_station", "bstn"},      {"gp_doctors", "gp"},        {"pharmacy", "phar"},
    {"food_shop", "food"},        {"post_office", "post"},

    {"count", "n"},               {"per_1000", "p1k"},         {"per_km2", "pkm2"},
    {"nearest_m", "nrm"},         {"coverage_pct", "cov"},     {"cumulative", "cum"},
    {"gravity", "grav"},          {"fca2", "fca2"},            {"area_pct", "apct"},
    {"m2_per_person", "m2pp"},

    {"population", "pop"},        {"percent", "pct"},          {"distance", "dist"},
    {"number", "num"},            {"minutes", "min"},          {"threshold", "thr"},
};

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool keepable(const std::string& name) {
    return !name.empty() && name.size() <= shapefile_name_max &&
           std::all_of(name.begin(), name.end(), [](char c) { return is_alnum(c) || c == '_'; });
}

std::vector<std::string> split_words(const std::string& name) {
    std::vector<std::string> words;
    std::string word;
    for (char c : name) {
        if (is_alnum(c)) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

/// 1200 → "1k2", 2000 → "2k", 12500 → "12k5"; anything else unchanged.
std::string compact_number(const std::string& word) {
    if (word.size() < 4 || word.size() > 9 || !std::all_of(word.begin(), word.end(), is_digit))
        return word;
    const long value = std::stol(word);
    if (value < 1000 || value % 100 != 0) return word;
    const long hundreds = (value / 100) % 10;
    return std::to_string(value / 1000) + "k" + (hundreds ? std::to_string(hundreds) : "");
}

/// Words with known phrases replaced, longest phrase first at each position.
std::vector<std::string> abbreviate_words(const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < words.size();) {
        std::size_t best_len = 0;
        std::string_view best;
        for (const auto& a : abbreviations) {
            std::size_t n = 1 + static_cast<std::size_t>(
                                    std::count(a.phrase.begin(), a.phrase.end(), '_'));
            if (n <= best_len || i + n > words.size()) continue;
            std::string joined = words[i];
            for (std::size_t k = 1; k < n; ++k) joined += "_" + words[i + k];
            if (joined == a.phrase) best_len = n, best = a.short_form;
        }
        if (best_len > 0) {
            out.emplace_back(best);
            i += best_len;
        } else {
            out.push_back(compact_number(words[i]));
            ++i;
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& words, const std::string& sep) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
    return out;
}

std::string abbreviate(const std::string& name) {
    const auto words = abbreviate_words(split_words(name));
    if (words.empty()) return "field";
    if (auto s = join(words, "_"); s.size() <= shapefile_name_max) return s;
    if (auto s = join(words, ""); s.size() <= shapefile_name_max) return s;

    // Cut every word (not the numbers) to its first k characters, largest k that fits.
    for (std::size_t k = shapefile_name_max; k >= 1; --k) {
        std::string s;
        for (const auto& w : words) s += is_digit(w.front()) ? w : w.substr(0, k);
        if (s.size() <= shapefile_name_max) return s;
    }
    return join(words, "").substr(0, shapefile_name_max);
}

}  // namespace

std::vector<std::string> shapefile_field_names(const std::vector<std::string>& full_names) {
    std::vector<std::string> out(full_names.size());
    std::set<std::string> taken;  // lower case
    for (std::size_t i = 0; i < full_names.size(); ++i)
        if (keepable(full_names[i]) && taken.insert(lower(full_names[i])).second)
            out[i] = full_names[i];

    for (std::size_t i = 0; i < full_names.size(); ++i) {
        if (!out[i].empty()) continue;
        const std::string base =
            keepable(full_names[i]) ? full_names[i] : abbreviate(full_names[i]);
        std::string name = base;
        for (int n = 1; taken.count(lower(name)); ++n) {
            const std::string suffix = "_" + std::to_string(n);
            name = base.substr(0, shapefile_name_max - suffix.size()) + suffix;
        }
        taken.insert(lower(name));
        out[i] = name;
    }
    return out;
}

}  // namespace assetmap::io::detail
