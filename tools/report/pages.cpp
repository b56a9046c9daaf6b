/// @file The report's pages (see pages.hpp).

#include "pages.hpp"

#include "html.hpp"
#include "palette.hpp"
#include "profile_text.hpp"
#include "spider_chart.hpp"

#include <assetmap/tiles/choropleth.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace assetmap::report {

namespace {

using i18n::Catalogue;

/// How one page links to the others: separate files, or anchors inside atlas.html.
struct Links {
    bool single_page = false;
    std::string area(const ReportModel& m, std::size_t i) const {
        return single_page ? "#area-" + m.stems[i] : m.stems[i] + ".html";
    }
    std::string index() const { return single_page ? "#index" : "index.html"; }
};

/// "+0.52", "−1.20" (a real minus sign), "0.00".
std::string signed_number(double v, int decimals = 2) {
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

// --- index ---------------------------------------------------------------------------------

std::string legend_html(const ReportModel& m, const Catalogue& cat) {
    if (!m.overview_legend) return {};
    const auto& c = *m.overview_legend;
    std::string s = "<div class=\"legend\" role=\"group\" aria-label=\"" +
                    escape(cat.get("report.legend_label")) + "\">\n";
    s += "<p class=\"legend-title\">" + escape(cat.get("score.asset_index")) + "</p>\n<ul>\n";
    if (!c.breaks.empty()) {
        const auto labels = tiles::class_labels(c);
        for (std::size_t i = 0; i < labels.size(); ++i)
            s += "<li><span class=\"swatch\" style=\"background:" + escape(c.colours[i]) +
                 "\"></span>" + escape(labels[i]) + "</li>\n";
    }
    s += "<li><span class=\"swatch nodata\"></span>" + escape(cat.get("common.no_data")) +
         "</li>\n</ul>\n";
    s += "<p class=\"legend-note\">" + escape(cat.get("report.legend_note")) + "</p>\n</div>\n";
    return s;
}

std::string index_body(const ReportModel& m, const Catalogue& cat, const Links& links,
                       bool print_links) {
    const auto& a = *m.atlas;
    std::string s;
    s += "<header class=\"masthead\">\n<p class=\"kicker\">" +
         escape(cat.get("report.kicker")) + "</p>\n";
    s += "<h1>" + escape(a.title(cat.lang())) + "</h1>\n";
    s += "<p class=\"lede\">" +
         escape(cat.format("report.lede", {{"n", std::to_string(m.profiles.size())}})) +
         "</p>\n";
    s += "</header>\n";

    s += "<section class=\"domains\" aria-label=\"" + escape(cat.get("common.domain")) +
         "\">\n";
    for (const char* d : {"individual", "community", "structural"}) {
        s += "<div class=\"domain-card\" data-domain=\"" + std::string(d) + "\">\n<h2>" +
             escape(i18n::domain_label(cat, d)) + "</h2>\n<p>" +
             escape(cat.get(std::string("domain.") + d + ".description")) + "</p>\n</div>\n";
    }
    s += "</section>\n";

    if (m.overview_legend) {
        s += "<section class=\"overview\">\n<h2>" + escape(cat.get("report.overview_heading")) +
             "</h2>\n<figure class=\"overview-map\">\n";
        s += "<img src=\"../img/overview.png\" width=\"" + std::to_string(m.overview_width_px) +
             "\" height=\"" + std::to_string(m.overview_height_px) + "\" alt=\"" +
             escape(cat.format("report.overview_alt", {{"title", a.title(cat.lang())}})) + "\">\n";
        s += "<figcaption>" + legend_html(m, cat) + "</figcaption>\n</figure>\n</section>\n";
    }

    s += "<section class=\"extent\">\n<h2>" + escape(cat.get("report.extent_heading")) +
         "</h2>\n<p>" + escape(cat.get("common.no_data_note")) + "</p>\n";
    if (m.partial_areas)
        s += "<p>" +
             escape(cat.format("report.extent_detail",
                               {{"n", std::to_string(m.partial_areas)},
                                {"total", std::to_string(m.profiles.size())}})) +
             "</p>\n";
    s += "</section>\n";

    // The table of areas.
    s += "<section class=\"areas\">\n<h2>" + escape(cat.get("report.areas_heading")) + "</h2>\n";
    s += "<p class=\"sort-hint\" hidden>" + escape(cat.get("report.sort_hint")) + "</p>\n";
    s += "<div class=\"table-wrap\">\n<table class=\"areas-table sortable\">\n<thead>\n<tr>";
    const auto th = [&](const std::string& text, const char* type, const char* cls = "") {
        s += "<th scope=\"col\" data-sort=\"" + std::string(type) + "\"" +
             (*cls ? " class=\"" + std::string(cls) + "\"" : "") + ">" + escape(text) + "</th>";
    };
    th(cat.get("report.col.area"), "text");
    th(cat.get("report.col.code"), "text");
    th(cat.get("common.population"), "number", "num");
    for (const char* d : {"individual", "community", "structural"})
        th(i18n::domain_label(cat, d), "number", "num");
    th(cat.get("score.asset_index"), "number", "num");
    th(cat.get("report.col.rank"), "number", "num");
    th(cat.get("report.col.decile"), "number", "num");
    s += "</tr>\n</thead>\n<tbody>\n";
    const auto num_cell = [&](const std::optional<double>& v, const std::string& text) {
        if (!v) {
            s += "<td class=\"num nodata\" data-value=\"\">" + escape(cat.get("common.no_data")) +
                 "</td>";
            return;
        }
        s += "<td class=\"num\" data-value=\"" + exact_number(*v) + "\">" + escape(text) + "</td>";
    };
    for (std::size_t i = 0; i < m.profiles.size(); ++i) {
        const auto& p = m.profiles[i];
        s += "<tr><th scope=\"row\"><a href=\"" + escape(links.area(m, i)) + "\">" +
             escape(p.name.empty() ? p.code : p.name) + "</a></th>";
        s += "<td>" + escape(p.code) + "</td>";
        num_cell(p.population, p.population ? i18n::format_number(*p.population, 0) : "");
        for (const auto& d : p.domain_score) num_cell(d, d ? signed_number(*d) : "");
        num_cell(p.asset_index, p.asset_index ? signed_number(*p.asset_index) : "");
        const auto rank = p.asset_index_rank ? std::optional<double>(*p.asset_index_rank)
                                             : std::nullopt;
        const auto decile = p.asset_index_decile ? std::optional<double>(*p.asset_index_decile)
                                                 : std::nullopt;
        num_cell(rank, rank ? std::to_string(*p.asset_index_rank) : "");
        num_cell(decile, decile ? std::to_string(*p.asset_index_decile) : "");
        s += "</tr>\n";
    }
    s += "</tbody>\n</table>\n</div>\n";
    s += "<p class=\"note\">" + escape(cat.get("report.scores_note")) + "</p>\n</section>\n";

    // Sources.
    s += "<section class=\"sources\">\n<h2>" + escape(cat.get("report.sources_heading")) +
         "</h2>\n<table class=\"sources-table\">\n<thead><tr><th scope=\"col\">" +
         escape(cat.get("report.col.source")) + "</th><th scope=\"col\">" +
         escape(cat.get("report.col.file")) + "</th><th scope=\"col\">" +
         escape(cat.get("report.col.licence")) + "</th><th scope=\"col\">" +
         escape(cat.get("report.col.attribution")) + "</th></tr></thead>\n<tbody>\n";
    for (const auto& src : m.sources)
        s += "<tr><th scope=\"row\">" + escape(src.name) + "</th><td>" + escape(src.file) +
             "</td><td>" + escape(src.licence) + "</td><td>" + escape(src.attribution) +
             "</td></tr>\n";
    s += "</tbody>\n</table>\n</section>\n";

    if (print_links) {
        s += "<section class=\"print-links\">\n<h2>" + escape(cat.get("report.print_heading")) +
             "</h2>\n<ul>\n<li><a href=\"atlas.html\">" + escape(cat.get("report.print_atlas")) +
             "</a></li>\n";
        if (m.pdf)
            s += "<li><a href=\"atlas.pdf\">" + escape(cat.get("report.pdf_link")) + "</a></li>\n";
        s += "</ul>\n</section>\n";
    }
    return s;
}

// --- area profile --------------------------------------------------------------------------

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

}  // namespace

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

std::string index_page(const ReportModel& m, const Catalogue& cat) {
    std::string s = head(m, cat, cat.format("report.index_title", {{"title", m.atlas->title(cat.lang())}}),
                         "index.html");
    s += "<body class=\"index-page\">\n<div class=\"topbar\"><span class=\"brand\">" +
         escape(m.atlas->title(cat.lang())) + "</span>" + language_links(m, cat, "index.html") +
         "</div>\n<main id=\"index\">\n";
    s += index_body(m, cat, Links{}, true);
    s += "</main>\n" + footer(m, cat) + "</body>\n</html>\n";
    return s;
}

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
