#include "report_command.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "ingest_command.hpp"

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>
#include <report.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>

namespace assetmap::tools {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_languages(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string lang = text.substr(start, comma - start);
        while (!lang.empty() && lang.front() == ' ') lang.erase(0, 1);
        while (!lang.empty() && lang.back() == ' ') lang.pop_back();
        if (!lang.empty()) out.push_back(lang);
        start = comma + 1;
    }
    if (out.empty())
        throw config_error("--lang '" + text + "': give one or more of en, cy, e.g. --lang en,cy");
    return out;
}

void setup_mapnik() {
    static std::once_flag once;
    std::call_once(once, [] {
        tiles::register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR,
                                                 ASSETMAP_MAPNIK_PLUGINS_DIR);
    });
}

void print_summary(const report::ReportSummary& s, double read_s, std::size_t languages,
                   Console& console) {
    console.finish_progress();
    if (console.quiet()) return;
    std::fprintf(stderr,
                 "wrote the report: %zu areas x %zu languages, %zu pages, %zu maps (%.1f MB) "
                 "to %s\n",
                 s.areas, languages, s.pages, s.images, double(s.bytes) / 1e6, s.index.c_str());
    for (const auto& pdf : s.pdfs) std::fprintf(stderr, "PDF: %s\n", pdf.c_str());
    std::fprintf(stderr, "read %.2f s, maps %.2f s, catchments %.2f s, pages %.2f s", read_s,
                 s.maps_s, s.catchments_s, s.pages_s);
    if (!s.pdfs.empty()) std::fprintf(stderr, ", PDF %.1f s", s.pdf_s);
    std::fprintf(stderr, "\n");
}

report::ReportSummary write(const std::string& atlas_path, const std::string& dir,
                            const report::ReportOptions& base, Console& console, double& read_s) {
    const auto start = std::chrono::steady_clock::now();
    const atlas::Atlas atlas = atlas::read_atlas(atlas_path);
    read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report::ReportOptions options = base;
    options.output_dir = dir;
    options.styles_dir = ASSETMAP_STYLES_DIR;
    options.progress = console.progress();
    if (options.maps) setup_mapnik();
    return report::write_report(atlas, options);
}

}  // namespace

std::string resolve_atlas_path(const std::string& source) {
    const fs::path p(source.empty() ? "newport" : source);
    std::error_code ec;
    if (p.extension() == ".gpkg") {
        if (!fs::is_regular_file(p, ec))
            throw input_error(p.string(), "no such atlas; make it with 'assetmap run'");
        return p.string();
    }
    if (fs::is_directory(p, ec) && !fs::exists(p / "study.toml", ec)) {
        // An atlas folder: <folder>/<folder name>.gpkg, else its only .gpkg.
        const fs::path named = p / (fs::absolute(p).lexically_normal().filename().string() + ".gpkg");
        if (fs::is_regular_file(named, ec)) return named.string();
        std::vector<fs::path> found;
        for (const auto& e : fs::directory_iterator(p, ec))
            if (e.path().extension() == ".gpkg") found.push_back(e.path());
        if (found.size() == 1) return found.front().string();
        throw input_error(p.string(), found.empty()
                                          ? "holds no atlas (.gpkg); give the folder that "
                                            "'assetmap run' wrote, e.g. out/newport"
                                          : "holds several .gpkg files; give the atlas file "
                                            "itself");
    }
    // A study: its atlas where `assetmap run` puts it.
    const std::string study_file = resolve_study_path(p.string());
    const std::string name = io::load_study(study_file).name;
    const fs::path atlas = fs::path("out") / name / (name + ".gpkg");
    if (!fs::is_regular_file(atlas, ec))
        throw input_error(atlas.string(), "no atlas of study '" + name +
                                              "' here; make it with 'assetmap run " + name +
                                              "', or give the atlas folder");
    return atlas.string();
}

int report_command(const ReportArgs& args, Console& console) {
    report::ReportOptions options;
    options.languages = split_languages(args.languages);
    options.maps = !args.no_maps;
    options.pdf = args.pdf;
    options.chromium = args.chromium;
    const std::string atlas = resolve_atlas_path(args.source);
    const std::string dir =
        args.output.empty() ? (fs::path(atlas).parent_path() / "report").string() : args.output;
    double read_s = 0;
    const auto summary = write(atlas, dir, options, console, read_s);
    print_summary(summary, read_s, options.languages.size(), console);
    return exit_ok;
}

void write_default_report(const std::string& atlas, const std::string& dir, Console& console) {
    report::ReportOptions options;
    double read_s = 0;
    const auto summary = write(atlas, dir, options, console, read_s);
    print_summary(summary, read_s, options.languages.size(), console);
}

}  // namespace assetmap::tools
