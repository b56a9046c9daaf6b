/// @file The report's index page, <lang>/index.html (see pages.hpp): the study, its domains,
/// the overview map, the table of areas and the sources. Its body is also the first part of
/// atlas.html (pages_detail.hpp).

#include "html.hpp"
#include "pages.hpp"
#include "pages_detail.hpp"
#include "profile_text.hpp"

#include <assetmap/tiles/choropleth.hpp>

#include <optional>
#include <string>

namespace assetmap::report {

namespace detail {

// --- index ---------------------------------------------------------------------------------

namespace {

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

}  // namespace

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

}  // namespace detail

using detail::footer;
using detail::head;
using detail::index_body;
using detail::language_links;
using detail::Links;
using i18n::Catalogue;

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

}  // namespace assetmap::report
