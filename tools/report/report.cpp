/// @file Writing the report (see report.hpp).

#include "report.hpp"

#include "catalogue.hpp"
#include "pages.hpp"
#include "pdf.hpp"
#include "report_maps.hpp"

#include <assetmap/core/error.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace assetmap::report {

namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

/// Writes a file beside and renames it into place; counts its bytes.
void write_file(const fs::path& path, const std::string& bytes, ReportSummary& summary) {
    const fs::path tmp = path.string() + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out)
            throw io_error(path.string() + ": cannot write the report file; check that the "
                                           "folder is writable or choose another with -o");
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec)
        throw io_error(path.string() + ": cannot write the report file (" + ec.message() + ")");
    summary.bytes += bytes.size();
}

void make_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw io_error(dir.string() + ": cannot create the report folder (" + ec.message() +
                       "); choose another with -o");
}

}  // namespace

ReportSummary write_report(const atlas::Atlas& atlas, const ReportOptions& options) {
    if (options.output_dir.empty()) throw config_error("report: no output folder given");
    if (options.languages.empty()) throw config_error("report: no language given; use en, cy");
    for (const auto& lang : options.languages) i18n::Catalogue::builtin(lang);  // throws
    for (std::size_t i = 0; i < options.languages.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (options.languages[i] == options.languages[j])
                throw config_error("report: language '" + options.languages[i] +
                                   "' is given twice");
    std::string chromium;
    if (options.pdf) {
        chromium = find_chromium(options.chromium);
        if (chromium.empty())
            throw missing_tool_error(
                options.chromium.empty()
                    ? "--pdf needs headless Chromium, which is not installed; install it "
                      "(Debian: apt-get install chromium) or leave out --pdf (nothing was written)"
                    : "--chromium " + options.chromium +
                          ": not an executable file; give the path of Chromium or install it "
                          "(Debian: apt-get install chromium)");
    }
    if (options.maps && options.styles_dir.empty())
        throw config_error("report: maps need the styles folder (raster.xml.in)");

    ReportSummary summary;
    const fs::path root(options.output_dir);
    make_dir(root);
    make_dir(root / "img");
    for (const auto& lang : options.languages) make_dir(root / lang);

    ReportModel model = make_model(atlas, options.languages);
    model.pdf = options.pdf;
    summary.areas = model.profiles.size();

    // Maps first: the pages need the overview's legend.
    auto t = std::chrono::steady_clock::now();
    if (options.maps && !model.profiles.empty()) {
        const ReportMaps maps(atlas, options.styles_dir);
        model.overview_legend = maps.overview_choropleth();
        model.overview_width_px = maps.sizes().overview_width_px;
        model.overview_height_px = maps.overview_height_px();
        write_file(root / "img" / "overview.png", maps.overview_png(), summary);
        ++summary.images;
        for (std::size_t i = 0; i < model.profiles.size(); ++i) {
            write_file(root / "img" / (model.stems[i] + ".png"),
                       maps.area_png(model.profiles[i].row), summary);
            ++summary.images;
            report_progress(options.progress, "report maps", i + 1, model.profiles.size());
        }
    }
    summary.maps_s = seconds_since(t);

    t = std::chrono::steady_clock::now();
    model.catchments.emplace(atlas);
    summary.catchments_s = seconds_since(t);
    t = std::chrono::steady_clock::now();
    write_file(root / "report.css", report_css(), summary);
    write_file(root / "report.js", report_js(), summary);
    write_file(root / "index.html", language_page(model), summary);
    summary.pages = 1;
    summary.index = (root / "index.html").string();
    const std::size_t total = options.languages.size() * (model.profiles.size() + 2);
    std::size_t done = 0;
    for (const auto& lang : options.languages) {
        const auto& cat = i18n::Catalogue::builtin(lang);
        const fs::path dir = root / lang;
        write_file(dir / "index.html", index_page(model, cat), summary);
        for (std::size_t i = 0; i < model.profiles.size(); ++i) {
            write_file(dir / (model.stems[i] + ".html"), area_page(model, cat, i), summary);
            report_progress(options.progress, "report pages", ++done, total);
        }
        write_file(dir / "atlas.html", atlas_page(model, cat), summary);
        summary.pages += model.profiles.size() + 2;
        done += 2;
    }
    summary.pages_s = seconds_since(t);

    t = std::chrono::steady_clock::now();
    if (options.pdf) {
        std::size_t n = 0;
        for (const auto& lang : options.languages) {
            const fs::path pdf = root / lang / "atlas.pdf";
            print_to_pdf(chromium, (root / lang / "atlas.html").string(), pdf.string(),
                         atlas.meta("run_time_utc"));
            std::error_code ec;
            summary.bytes += fs::file_size(pdf, ec);
            summary.pdfs.push_back(pdf.string());
            report_progress(options.progress, "report PDF", ++n, options.languages.size());
        }
    }
    summary.pdf_s = seconds_since(t);
    return summary;
}

}  // namespace assetmap::report
