#pragma once
/// @file `assetmap report`: the static, bilingual, printable atlas of a measured atlas — an
/// index page (overview map of the asset index with its legend, a sortable table of every
/// area, the data-extent note, data sources and licences, software and run date) and one
/// profile page per area (map, spider chart, plain-language highlights, every indicator
/// beside every comparator, walking catchments, assets by domain and category), in English
/// and Welsh, plus one page per language holding the whole atlas in print order, and
/// optionally its PDF (headless Chromium). Works from file:// with no server and no network.

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/core/progress.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace assetmap::report {

/// What to write and how.
struct ReportOptions {
    /// The report folder (created when missing). Files of the layout below are written or
    /// replaced; nothing else in the folder is touched.
    std::string output_dir;
    /// Languages in the order of the language links: "en", "cy" (both by default).
    std::vector<std::string> languages = {"en", "cy"};
    /// The folder of the raster style (raster.xml.in, hatch.png, markers/); required when
    /// `maps` is set.
    std::string styles_dir;
    bool maps = true;  ///< render the overview and area maps (Mapnik)
    bool pdf = false;  ///< print each language's whole atlas to PDF with headless Chromium
    /// The Chromium binary for `pdf`; "" = the first of chromium, chromium-browser,
    /// google-chrome on PATH.
    std::string chromium;
    ProgressFn progress;  ///< stages "report pages", "report maps", "report PDF"
};

/// What was written.
struct ReportSummary {
    std::size_t areas = 0;
    std::size_t pages = 0;   ///< HTML files
    std::size_t images = 0;  ///< PNG files
    std::uint64_t bytes = 0; ///< everything written
    std::vector<std::string> pdfs;
    std::string index;       ///< the top-level index.html
    double maps_s = 0, catchments_s = 0, pages_s = 0, pdf_s = 0;  ///< wall time of each stage
};

/// Writes the report of `atlas` into options.output_dir:
///
///     index.html            language choice (links to en/ and cy/)
///     report.css, report.js the style sheet (screen and print) and the table sorter
///     img/overview.png      the overview map; img/<code>.png one map per area
///     <lang>/index.html     the index page
///     <lang>/<code>.html    one profile page per area (code made file-safe)
///     <lang>/atlas.html     the whole atlas on one page, in print order
///     <lang>/atlas.pdf      with `pdf`
///
/// Same atlas and options, same bytes (PDF dates are set to the atlas's run time). Throws
/// config_error for an unknown language, io_error when a file cannot be written,
/// render_error / input_error from the maps, missing_tool_error when `pdf` is asked and no
/// Chromium is found.
ReportSummary write_report(const atlas::Atlas& atlas, const ReportOptions& options);

}  // namespace assetmap::report
