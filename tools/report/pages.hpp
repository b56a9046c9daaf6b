#pragma once
/// @file The report's pages as HTML text (private to the report library): the model they are
/// drawn from and one function per kind of page.

#include "catalogue.hpp"
#include "catchments.hpp"

#include <assetmap/atlas/profile.hpp>
#include <assetmap/tiles/choropleth.hpp>

#include <optional>
#include <string>
#include <vector>

namespace assetmap::report {

/// A data source of the atlas (metadata `source.<name>.*`).
struct SourceInfo {
    std::string name, file, licence, attribution;
};

/// Everything the pages show, computed once for all languages.
struct ReportModel {
    const atlas::Atlas* atlas = nullptr;
    std::vector<atlas::AreaProfile> profiles;  ///< in page order (by area code)
    std::vector<std::string> stems;            ///< file stem of each profile's page and map
    std::vector<std::size_t> chart_comparator; ///< per profile: the comparator of its chart
    std::optional<CatchmentShares> catchments;
    std::optional<tiles::Choropleth> overview_legend;  ///< set when maps are drawn
    unsigned overview_width_px = 0, overview_height_px = 0;  ///< CSS pixels
    std::vector<SourceInfo> sources;
    std::vector<std::string> languages;
    std::size_t partial_areas = 0;  ///< areas partial for at least one category
    bool pdf = false;
};

/// Builds the model: profiles by area code, file stems, comparators, sources, catchments.
ReportModel make_model(const atlas::Atlas& atlas, const std::vector<std::string>& languages);

/// <lang>/index.html
std::string index_page(const ReportModel& model, const i18n::Catalogue& cat);
/// <lang>/<stem>.html of profile `i`
std::string area_page(const ReportModel& model, const i18n::Catalogue& cat, std::size_t i);
/// <lang>/atlas.html: the index and every profile in print order
std::string atlas_page(const ReportModel& model, const i18n::Catalogue& cat);
/// index.html at the top: the language choice
std::string language_page(const ReportModel& model);

/// The style sheet and the table sorter (tools/report/report.css, report.js, embedded).
const char* report_css();
const char* report_js();

}  // namespace assetmap::report
