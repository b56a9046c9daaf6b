#pragma once
/// @file Internal to the report's pages: what pages.cpp (the model, the page frame, the atlas
/// and language pages) shares with the index page (index_page.cpp) and the area page
/// (area_page.cpp): links between pages, numbers, the page frame, and the two bodies that
/// the atlas page puts together.

#include "pages.hpp"

#include <cstddef>
#include <string>

namespace assetmap::report::detail {

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
std::string signed_number(double v, int decimals = 2);

/// The run's time from the atlas metadata: "2024-03-05 10:20 UTC".
std::string run_date(const atlas::Atlas& a);

/// The page from <!DOCTYPE html> to </head>: title, the page `file` in the other languages,
/// the style sheet and the script.
std::string head(const ReportModel& m, const Catalogue& cat, const std::string& title,
                 const std::string& file);

/// Links to the page `file` in the other languages (the top bar).
std::string language_links(const ReportModel& m, const Catalogue& cat, const std::string& file);

/// The page footer: software, run date and attribution.
std::string footer(const ReportModel& m, const Catalogue& cat);

/// The index's content (index_page.cpp); with `print_links`, the links to the printable atlas.
std::string index_body(const ReportModel& m, const Catalogue& cat, const Links& links,
                       bool print_links);

/// Profile `i` as an <article> (area_page.cpp).
std::string area_body(const ReportModel& m, const Catalogue& cat, std::size_t i,
                      const Links& links);

}  // namespace assetmap::report::detail
