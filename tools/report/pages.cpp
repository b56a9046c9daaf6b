/// @file The report's pages (see pages.hpp): the model, the frame every page shares, the atlas
/// page and the language page. The index page is in index_page.cpp, the area page in
/// area_page.cpp (pages_detail.hpp).

#include "pages.hpp"

#include "html.hpp"
#include "pages_detail.hpp"
#include "palette.hpp"
#include "profile_text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace assetmap::report {

namespace detail {

/// "+0.52", "−1.20" (a real minus sign), "0.00".
std::string signed_number(double v, int decimals) {
    std::string s = i18n::format_number(std::fabs(v), decimals);
    const bool zero = i18n::format_number(v, decimals).find_first_not_of("0.,-") ==
                      std::string::npos;
    if (zero) return s;
    return (v < 0 ? "\u2212" : "+") + s;
}

std::string run_date(const atlas::Atlas& a) {
    std::string t = a.meta("run_time_utc");  // 2024-03-05T10:20:30Z
    if (t.size() >= 16 && t[10] == 'T') return t.substr(0, 10) + " " + t.substr(11, 5) + " UTC";
    return t;
}

std::string head(const ReportModel& m, const Catalogue& cat, const std::string& title,
                 const std::string& file) {
    std::string s = "<!DOCTYPE html>\n<html lang=\"" + escape(cat.lang()) + "\">\n<head>\n";
    s += "<meta charset=\"utf-8\">\n";
    s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    s += "<meta name=\"generator\" content=\"" + escape(m.atlas->meta("software")) + "\">\n";
    s += "<title>" + escape(title) + "</title>\n";
    for (const auto& lang : m.languages)
        if (lang != cat.lang())
            s += "<link rel=\"alternate\" hreflang=\"" + escape(lang) + "\" href=\"../" +
                 escape(lang) + "/" + escape(file) + "\">\n";
    s += "<link rel=\"stylesheet\" href=\"../report.css\">\n";
    s += "<script src=\"../report.js\" defer></script>\n";
    s += "</head>\n";
    return s;
}

std::string language_links(const ReportModel& m, const Catalogue& cat, const std::string& file) {
    std::string s;
    for (const auto& lang : m.languages) {
        if (lang == cat.lang()) continue;
        const auto& other = Catalogue::builtin(lang);
        const bool pair = m.languages.size() == 2;
        s += "<a class=\"lang\" href=\"../" + escape(lang) + "/" + escape(file) + "\" hreflang=\"" +
             escape(lang) + "\" lang=\"" + escape(lang) + "\"" +
             (pair ? " title=\"" + escape(cat.get("language.switch_label")) + "\"" : "") + ">" +
             escape(pair ? cat.get("language.switch") : other.get("language.name")) + "</a>";
    }
    return s;
}

std::string footer(const ReportModel& m, const Catalogue& cat) {
    std::string s = "<footer class=\"page-footer\">\n<p>";
    s += escape(cat.format("report.made_with", {{"software", m.atlas->meta("software")},
                                                {"run_date", run_date(*m.atlas)}}));
    s += "</p>\n";
    const auto& attribution = m.atlas->meta("attribution");
    if (!attribution.empty())
        s += "<p class=\"attribution\">" + escape(attribution) + "</p>\n";
    s += "</footer>\n";
    return s;
}

}  // namespace detail

using detail::area_body;
using detail::footer;
using detail::head;
using detail::index_body;
using detail::language_links;
using detail::Links;
using i18n::Catalogue;

ReportModel make_model(const atlas::Atlas& atlas, const std::vector<std::string>& languages) {
    ReportModel m;
    m.atlas = &atlas;
    m.languages = languages;
    const auto& areas = atlas.areas();
    const auto code_col = atlas::Atlas::field(areas, "code");
    std::vector<std::string> codes;
    for (std::size_t r = 0; r < areas.rows.size(); ++r)
        codes.push_back(atlas::Atlas::text(areas, r, code_col));
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    std::set<std::string> used;
    for (const auto& code : codes) {
        auto p = atlas::area_profile(atlas, code);
        if (!p) continue;
        std::string stem = file_stem(code);
        for (int k = 2; used.count(stem); ++k) stem = file_stem(code) + "-" + std::to_string(k);
        used.insert(stem);
        // The chart's comparator: the region, else the local authority, else the study.
        std::size_t cmp = 0;
        for (const char* kind : {"study", "parent", "region"})
            for (std::size_t c = 0; c < p->comparators.size(); ++c)
                if (p->comparators[c].kind == kind) cmp = c;
        if (!p->partial_categories.empty()) ++m.partial_areas;
        m.stems.push_back(std::move(stem));
        m.chart_comparator.push_back(cmp);
        m.profiles.push_back(std::move(*p));
    }
    // Sources: areas and population points first, then the others by name.
    std::map<std::string, SourceInfo> sources;
    for (const auto& [key, value] : atlas.metadata()) {
        if (key.rfind("source.", 0) != 0) continue;
        const auto dot = key.find('.', 7);
        if (dot == std::string::npos) continue;
        const std::string name = key.substr(7, dot - 7), field = key.substr(dot + 1);
        auto& s = sources[name];
        s.name = name;
        if (field == "path") s.file = value.substr(value.find_last_of("/\\") + 1);
        if (field == "licence") s.licence = value;
        if (field == "attribution") s.attribution = value;
    }
    for (const char* first : {"areas", "population_points"})
        if (auto it = sources.find(first); it != sources.end()) {
            m.sources.push_back(it->second);
            sources.erase(it);
        }
    for (auto& [name, s] : sources)
        if (!s.file.empty() || !s.licence.empty()) m.sources.push_back(s);
    return m;
}

std::string atlas_page(const ReportModel& m, const Catalogue& cat) {
    std::string s = head(m, cat, cat.format("report.atlas_title", {{"title", m.atlas->title(cat.lang())}}),
                         "atlas.html");
    Links links;
    links.single_page = true;
    s += "<body class=\"atlas-page\">\n<div class=\"topbar\"><a class=\"brand\" href=\"index.html\">" +
         escape(m.atlas->title(cat.lang())) + "</a>" + language_links(m, cat, "atlas.html") +
         "</div>\n<main>\n<div class=\"atlas-index\" id=\"index\">\n";
    s += index_body(m, cat, links, false);
    s += footer(m, cat);
    s += "</div>\n";
    for (std::size_t i = 0; i < m.profiles.size(); ++i) s += area_body(m, cat, i, links);
    s += "</main>\n</body>\n</html>\n";
    return s;
}

std::string language_page(const ReportModel& m) {
    const auto& first = Catalogue::builtin(m.languages.front());
    std::string s = "<!DOCTYPE html>\n<html lang=\"" + escape(first.lang()) +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" + escape(m.atlas->title(first.lang())) + "</title>\n"
                    "<link rel=\"stylesheet\" href=\"report.css\">\n</head>\n"
                    "<body class=\"language-page\">\n<main>\n<h1>" + escape(m.atlas->title(first.lang())) +
                    "</h1>\n<ul class=\"languages\">\n";
    for (const auto& lang : m.languages) {
        const auto& cat = Catalogue::builtin(lang);
        s += "<li lang=\"" + escape(lang) + "\"><a href=\"" + escape(lang) + "/index.html\" hreflang=\"" +
             escape(lang) + "\"><span class=\"language\">" + escape(cat.get("language.name")) +
             "</span> <span class=\"what\">" + escape(cat.get("report.choose_language")) +
             "</span></a></li>\n";
    }
    s += "</ul>\n</main>\n</body>\n</html>\n";
    return s;
}

}  // namespace assetmap::report
