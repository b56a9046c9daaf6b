/// @file The report's area page, <lang>/<stem>.html (see pages.hpp): one area's profile with
/// its key figures, map, spider chart, highlights, indicators, catchments and assets. Its body
/// is also one section of atlas.html (pages_detail.hpp).

#include "html.hpp"
#include "pages.hpp"
#include "pages_detail.hpp"
#include "profile_text.hpp"
#include "spider_chart.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace assetmap::report {

namespace detail {

// --- area profile --------------------------------------------------------------------------

namespace {

/// Indices of the area's indicators that belong to each domain, in order.
std::vector<std::pair<std::string, std::vector<std::size_t>>> by_domain(
    const atlas::AreaProfile& p) {
    std::vector<std::pair<std::string, std::vector<std::size_t>>> out;
    for (std::size_t i = 0; i < p.indicators.size(); ++i) {
        const auto& d = p.indicators[i].domain;
        if (out.empty() || out.back().first != d) out.push_back({d, {}});
        out.back().second.push_back(i);
    }
    return out;
}

std::string value_text(const Catalogue& cat, const atlas::IndicatorLine& line,
                       const std::optional<double>& v) {
    return v ? i18n::format_value(cat, line, *v) : cat.get("common.no_data");
}

std::string key_figures(const Catalogue& cat, const atlas::AreaProfile& p) {
    std::string s = "<dl class=\"key-figures\">\n";
    const auto item = [&](const std::string& label, const std::string& value,
                          const std::string& note = {}, const std::string& cls = {}) {
        s += "<div" + (cls.empty() ? "" : " class=\"" + cls + "\"") + "><dt>" + escape(label) +
             "</dt><dd>" + escape(value) +
             (note.empty() ? "" : "<span class=\"note\">" + escape(note) + "</span>") +
             "</dd></div>\n";
    };
    item(cat.get("common.population"),
         p.population ? i18n::format_number(*p.population, 0) : cat.get("common.no_data"));
    if (p.area_km2) item(cat.get("common.area_km2"), i18n::format_number(*p.area_km2, 1));
    if (p.asset_index) {
        std::string note;
        if (p.asset_index_rank)
            note = cat.format("score.rank_of", {{"rank", std::to_string(*p.asset_index_rank)},
                                                {"n", std::to_string(p.areas_ranked)}});
        item(cat.get("score.asset_index"), signed_number(*p.asset_index), note, "index");
    } else {
        item(cat.get("score.asset_index"), cat.get("common.no_data"),
             cat.get("report.no_index"), "index");
    }
    if (p.asset_index_decile)
        item(cat.get("score.asset_index_decile"), std::to_string(*p.asset_index_decile),
             cat.format("score.decile_of", {{"decile", std::to_string(*p.asset_index_decile)}}));
    const char* const domains[] = {"individual", "community", "structural"};
    for (std::size_t d = 0; d < 3; ++d)
        item(i18n::domain_label(cat, domains[d]),
             p.domain_score[d] ? signed_number(*p.domain_score[d]) : cat.get("common.no_data"),
             {}, std::string("score ") + domains[d]);
    s += "</dl>\n";
    return s;
}

std::string highlights(const Catalogue& cat, const atlas::AreaProfile& p, std::size_t cmp) {
    const auto hs = atlas::profile_highlights(p, cmp, 3);
    std::string strong, weak;
    for (const auto& h : hs) {
        const std::string sentence = i18n::highlight_sentence(cat, p, h);
        if (sentence.empty()) continue;
        const auto& line = p.indicators[h.indicator];
        (h.strong ? strong : weak) += "<li data-indicator=\"" + escape(line.column) +
                                      "\" data-domain=\"" + escape(line.domain) + "\">" +
                                      escape(sentence) + "</li>\n";
    }
    std::string s = "<section class=\"highlights\">\n";
    if (strong.empty() && weak.empty()) {
        s += "<p class=\"note\">" + escape(cat.get("report.no_highlights")) + "</p>\n";
    } else {
        s += "<div class=\"strong\">\n<h3>" + escape(cat.get("common.strengths")) + "</h3>\n<ul>\n" +
             strong + "</ul>\n</div>\n";
        s += "<div class=\"weak\">\n<h3>" + escape(cat.get("common.weaknesses")) + "</h3>\n<ul>\n" +
             weak + "</ul>\n</div>\n";
    }
    s += "</section>\n";
    return s;
}

std::string indicator_table(const Catalogue& cat, const atlas::AreaProfile& p, std::size_t cmp) {
    const std::string partial_mark = cat.get("report.partial_mark");
    std::string s = "<table class=\"indicators\">\n<thead>\n<tr><th scope=\"col\">" +
                    escape(cat.get("common.indicator")) + "</th><th scope=\"col\" class=\"num\">" +
                    escape(cat.get("report.col.this_area")) + "</th>";
    for (const auto& c : p.comparators)
        s += "<th scope=\"col\" class=\"num\">" + escape(i18n::comparator_label(cat, c)) + "</th>";
    s += "<th scope=\"col\" class=\"num\">" +
         escape(cat.format("report.col.ratio",
                           {{"comparator", cmp < p.comparators.size()
                                               ? i18n::comparator_label(cat, p.comparators[cmp])
                                               : ""}})) +
         "</th></tr>\n</thead>\n";
    const std::size_t columns = 3 + p.comparators.size();
    bool any_partial = false;
    for (const auto& [domain, rows] : by_domain(p)) {
        s += "<tbody data-domain=\"" + escape(domain) + "\">\n<tr class=\"domain-row\"><th colspan=\"" +
             std::to_string(columns) + "\" scope=\"colgroup\">" +
             escape(i18n::domain_label(cat, domain)) + "</th></tr>\n";
        for (const auto i : rows) {
            const auto& line = p.indicators[i];
            any_partial = any_partial || line.partial_data;
            s += "<tr data-indicator=\"" + escape(line.column) + "\"" +
                 (line.partial_data ? " class=\"partial\"" : "") + "><th scope=\"row\">" +
                 escape(i18n::indicator_title(cat, line)) +
                 (line.partial_data ? " <span class=\"mark\">" + escape(partial_mark) + "</span>"
                                    : "") +
                 "</th>";
            s += "<td class=\"num this" + std::string(line.value ? "" : " nodata") + "\">" +
                 escape(value_text(cat, line, line.value)) + "</td>";
            for (std::size_t c = 0; c < p.comparators.size(); ++c) {
                const auto v = c < line.comparator_value.size() ? line.comparator_value[c]
                                                                 : std::nullopt;
                s += "<td class=\"num" + std::string(v ? "" : " nodata") + "\">" +
                     escape(value_text(cat, line, v)) + "</td>";
            }
            const auto r = cmp < line.ratio.size() ? line.ratio[cmp] : std::nullopt;
            std::string cls = "num ratio";
            if (r) cls += *r >= 1.0 ? " above" : " below";
            s += "<td class=\"" + cls + "\"" +
                 (r ? " data-ratio=\"" + exact_number(*r) + "\"" : std::string()) + ">" +
                 (r ? escape(i18n::format_number(*r, 2)) : "–") + "</td></tr>\n";
        }
        s += "</tbody>\n";
    }
    s += "</table>\n";
    if (any_partial)
        s += "<p class=\"note\">" + escape(partial_mark + " " + cat.get("report.partial_note")) +
             "</p>\n";
    s += "<p class=\"note\">" + escape(cat.get("report.ratio_note")) + "</p>\n";
    return s;
}

std::string catchment_table(const ReportModel& m, const Catalogue& cat, std::size_t row) {
    if (!m.catchments || m.catchments->empty()) return {};
    const auto& c = *m.catchments;
    std::string s = "<section class=\"catchments\">\n<h3>" +
                    escape(cat.get("report.catchments_heading")) + "</h3>\n<p class=\"note\">" +
                    escape(cat.get("report.catchments_intro")) + "</p>\n";
    s += "<table class=\"catchment-table\">\n<thead><tr><th scope=\"col\">" +
         escape(cat.get("common.category")) + "</th>";
    for (const double minutes : c.minutes())
        s += "<th scope=\"col\" class=\"num\">" +
             escape(cat.format("report.col.minutes",
                               {{"minutes", i18n::format_number(minutes, minutes ==
                                                                             std::floor(minutes)
                                                                         ? 0
                                                                         : 1)}})) +
             "</th>";
    s += "</tr></thead>\n<tbody>\n";
    for (std::size_t k = 0; k < c.categories().size(); ++k) {
        s += "<tr data-category=\"" + escape(c.categories()[k]) + "\"><th scope=\"row\">" +
             "<span class=\"dot\" data-domain=\"" + escape(c.domain(k)) + "\"></span>" +
             escape(i18n::category_label(cat, c.categories()[k])) + "</th>";
        for (std::size_t mi = 0; mi < c.minutes().size(); ++mi) {
            const auto v = c.share_pct(row, k, mi);
            s += "<td class=\"num\"" +
                 (v ? " data-value=\"" + exact_number(*v) + "\"" : std::string()) + ">" +
                 (v ? escape(cat.format("format.percent", {{"n", i18n::format_number(*v, 0)}}))
                    : "–") +
                 "</td>";
        }
        s += "</tr>\n";
    }
    s += "</tbody>\n</table>\n</section>\n";
    return s;
}

std::string asset_list(const Catalogue& cat, const atlas::AreaProfile& p) {
    // Print density: many assets print without their sources; very many as counts only.
    const char* density = p.assets.size() > 260 ? " very-many" : (p.assets.size() > 100 ? " many" : "");
    std::string s = "<section class=\"assets" + std::string(density) + "\">\n<h3>" +
                    escape(cat.get("report.assets_heading")) +
                    " <span class=\"count\">" +
                    escape(cat.format("report.assets_count", {{"n", std::to_string(p.assets.size())}})) +
                    "</span></h3>\n";
    if (p.assets.empty()) {
        s += "<p class=\"note\">" + escape(cat.get("report.no_assets")) + "</p>\n</section>\n";
        return s;
    }
    s += "<p class=\"note\">" + escape(cat.get("report.assets_note")) + "</p>\n";
    s += "<p class=\"print-note\">" + escape(cat.get("report.assets_print_note")) + "</p>\n";
    s += "<div class=\"asset-groups\">\n";
    std::size_t i = 0;
    while (i < p.assets.size()) {
        const std::string domain = p.assets[i].domain;
        s += "<div class=\"asset-domain\" data-domain=\"" + escape(domain) + "\">\n<h4>" +
             escape(i18n::domain_label(cat, domain)) + "</h4>\n";
        while (i < p.assets.size() && p.assets[i].domain == domain) {
            const std::string category = p.assets[i].category;
            std::size_t j = i;
            while (j < p.assets.size() && p.assets[j].domain == domain &&
                   p.assets[j].category == category)
                ++j;
            // In print, a category with very many assets (bus stops in a town centre) shows
            // its count only; the web page lists them all.
            s += "<div class=\"asset-category" + std::string(j - i > 30 ? " many" : "") +
                 "\" data-category=\"" + escape(category) + "\">\n"
                 "<h5>" + escape(i18n::category_label(cat, category)) + " <span class=\"count\">" +
                 std::to_string(j - i) + "</span></h5>\n<ul>\n";
            // Named assets one by one; the unnamed ones of the category as one entry.
            std::size_t unnamed = 0;
            std::vector<std::string> unnamed_sources;
            const auto sources_of = [](const std::string& field) {
                std::vector<std::string> out;
                std::size_t start = 0;
                while (start <= field.size()) {
                    auto semi = field.find(';', start);
                    if (semi == std::string::npos) semi = field.size();
                    if (semi > start) out.push_back(field.substr(start, semi - start));
                    start = semi + 1;
                }
                return out;
            };
            const auto join = [](const std::vector<std::string>& v) {
                std::string out;
                for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
                return out;
            };
            for (; i < j; ++i) {
                const auto& a = p.assets[i];
                const auto sources = sources_of(a.source);
                if (a.name.empty()) {
                    ++unnamed;
                    for (const auto& src : sources)
                        if (std::find(unnamed_sources.begin(), unnamed_sources.end(), src) ==
                            unnamed_sources.end())
                            unnamed_sources.push_back(src);
                    continue;
                }
                s += "<li data-asset=\"" + escape(a.asset_id) + "\"><span class=\"name\">" +
                     escape(a.name) + "</span><span class=\"src\">" + escape(join(sources)) +
                     "</span></li>\n";
            }
            if (unnamed > 0) {
                std::sort(unnamed_sources.begin(), unnamed_sources.end());
                s += "<li class=\"unnamed\"><span class=\"name\">" +
                     escape(unnamed == 1 ? cat.get("common.unnamed")
                                         : cat.format("report.unnamed_many",
                                                      {{"n", std::to_string(unnamed)}})) +
                     "</span><span class=\"src\">" + escape(join(unnamed_sources)) +
                     "</span></li>\n";
            }
            s += "</ul>\n</div>\n";
        }
        s += "</div>\n";
    }
    s += "</div>\n</section>\n";
    return s;
}

std::string map_key(const Catalogue& cat) {
    std::string s = "<ul class=\"map-key\">";
    const char* const shapes[] = {"circle", "square", "triangle"};
    const char* const domains[] = {"community", "individual", "structural"};
    for (int k = 0; k < 3; ++k)
        s += std::string("<li><span class=\"symbol ") + shapes[k] + "\" data-domain=\"" +
             domains[k] + "\"></span>" + escape(i18n::domain_label(cat, domains[k])) + "</li>";
    s += "</ul>\n";
    return s;
}

}  // namespace

std::string area_body(const ReportModel& m, const Catalogue& cat, std::size_t i,
                      const Links& links) {
    const auto& p = m.profiles[i];
    const std::size_t cmp = m.chart_comparator[i];
    const std::string name = p.name.empty() ? p.code : p.name;
    std::string s;
    s += "<article class=\"profile\" id=\"area-" + escape(m.stems[i]) + "\" data-area=\"" +
         escape(p.code) + "\">\n";
    // Navigation (hidden in print).
    s += "<nav class=\"area-nav\" aria-label=\"" + escape(cat.get("report.nav_label")) + "\">";
    if (i > 0)
        s += "<a class=\"prev\" rel=\"prev\" href=\"" + escape(links.area(m, i - 1)) + "\">" +
             escape(cat.format("report.nav.previous",
                               {{"area", m.profiles[i - 1].name.empty() ? m.profiles[i - 1].code
                                                                        : m.profiles[i - 1].name}})) +
             "</a>";
    s += "<a class=\"up\" href=\"" + escape(links.index()) + "\">" +
         escape(cat.get("report.nav.index")) + "</a>";
    if (i + 1 < m.profiles.size())
        s += "<a class=\"next\" rel=\"next\" href=\"" + escape(links.area(m, i + 1)) + "\">" +
             escape(cat.format("report.nav.next",
                               {{"area", m.profiles[i + 1].name.empty() ? m.profiles[i + 1].code
                                                                        : m.profiles[i + 1].name}})) +
             "</a>";
    s += "</nav>\n";

    s += "<header class=\"profile-head\">\n<p class=\"kicker\">" + escape(m.atlas->title(cat.lang())) +
         "</p>\n<h1>" + escape(name) + "</h1>\n<p class=\"subtitle\">" + escape(p.code);
    for (const auto& c : p.comparators)
        if (c.kind == "parent") s += " · " + escape(i18n::comparator_label(cat, c));
    s += "</p>\n</header>\n";
    s += key_figures(cat, p);
    if (!p.partial_categories.empty()) {
        std::string names;
        for (const auto& c : p.partial_categories)
            names += (names.empty() ? "" : ", ") + i18n::category_label(cat, c);
        s += "<p class=\"partial-banner\"><strong>" + escape(cat.get("report.partial_heading")) +
             "</strong> " + escape(cat.format("report.partial_banner", {{"categories", names}})) +
             "</p>\n";
    }

    s += "<div class=\"visuals\">\n";
    if (m.overview_legend) {
        s += "<figure class=\"area-map\">\n<img src=\"../img/" + escape(m.stems[i]) +
             ".png\" width=\"640\" height=\"440\" alt=\"" +
             escape(cat.format("report.area_map_alt", {{"area", name}})) + "\">\n<figcaption>" +
             map_key(cat) + "</figcaption>\n</figure>\n";
    }
    SpiderChartOptions chart;
    chart.id_prefix = "chart-" + m.stems[i];
    const std::string cmp_name =
        cmp < p.comparators.size() ? i18n::comparator_label(cat, p.comparators[cmp]) : "";
    s += "<figure class=\"chart\">\n" + spider_chart_svg(p, cmp, cat, chart) +
         "<figcaption>" +
         escape(cat.format("report.chart.caption", {{"comparator", cmp_name}})) +
         "</figcaption>\n</figure>\n";
    s += "</div>\n";

    s += highlights(cat, p, cmp);
    s += "<section class=\"indicator-section\">\n<h3>" +
         escape(cat.get("report.indicators_heading")) + "</h3>\n" + indicator_table(cat, p, cmp) +
         "</section>\n";
    s += "<div class=\"lists\">\n" + catchment_table(m, cat, p.row) + asset_list(cat, p) +
         "</div>\n";
    // In print the page footer is left out; the licences' attribution stays on every profile.
    s += "<p class=\"print-attribution\">" +
         escape(cat.format("report.made_with", {{"software", m.atlas->meta("software")},
                                                {"run_date", run_date(*m.atlas)}})) +
         " " + escape(m.atlas->meta("attribution")) + "</p>\n";
    s += "</article>\n";
    return s;
}

}  // namespace detail

using detail::area_body;
using detail::footer;
using detail::head;
using detail::language_links;
using detail::Links;
using i18n::Catalogue;

std::string area_page(const ReportModel& m, const Catalogue& cat, std::size_t i) {
    const auto& p = m.profiles[i];
    const std::string file = m.stems[i] + ".html";
    std::string s = head(m, cat,
                         cat.format("report.area_title", {{"area", p.name.empty() ? p.code : p.name},
                                                          {"title", m.atlas->title(cat.lang())}}),
                         file);
    s += "<body class=\"area-page\">\n<div class=\"topbar\"><a class=\"brand\" href=\"index.html\">" +
         escape(m.atlas->title(cat.lang())) + "</a>" + language_links(m, cat, file) + "</div>\n<main>\n";
    s += area_body(m, cat, i, Links{});
    s += "</main>\n" + footer(m, cat) + "</body>\n</html>\n";
    return s;
}

}  // namespace assetmap::report
