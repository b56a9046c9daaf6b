// The report's maps of the hand-made atlas (report_fixture.hpp), rendered with the raster
// style: sizes, the area brought forward (white) among its neighbours (the shade), and the
// pages that show them.
#include "report_fixture.hpp"

#include <assetmap/tiles/mapnik_setup.hpp>
#include <assetmap/tiles/png_image.hpp>
#include <report.hpp>
#include <report_maps.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unistd.h>

using namespace assetmap;
namespace fs = std::filesystem;

namespace {

void setup_mapnik() {
    static std::once_flag once;
    std::call_once(once, [] {
        tiles::register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR,
                                                 ASSETMAP_MAPNIK_PLUGINS_DIR);
    });
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string rgb(const tiles::RgbaImage& img, unsigned x, unsigned y) {
    const auto* p = img.pixel(x, y);
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", p[0], p[1], p[2]);
    return buf;
}

}  // namespace

TEST_CASE("area maps bring the area forward among its neighbours", "[report][maps]") {
    setup_mapnik();
    const auto atlas = report_fixture::make_atlas();
    const report::ReportMaps maps(atlas, ASSETMAP_STYLES_DIR);
    // Quantile classes of the asset index over A1 (0.1333) and A3 (0.3); A2 has none.
    const auto& c = maps.overview_choropleth();
    CHECK(c.indicator == "asset_index");
    CHECK(c.breaks.classes() == 2);

    const auto a1 = tiles::decode_png(maps.area_png(0));
    CHECK(a1.width == 960);
    CHECK(a1.height == 660);
    CHECK(rgb(a1, 480, 330) == "#ffffff");   // the middle of A1: the focus fill
    CHECK(rgb(a1, 900, 75) == "#e3e1da");    // A2, to the east: the neighbours' shade
    // The outline of the focus: dark pixels on the row through the middle.
    bool dark = false;
    for (unsigned x = 0; x < a1.width && !dark; ++x) {
        const auto* p = a1.pixel(x, 330);
        dark = p[0] < 60 && p[1] < 60 && p[2] < 60;
    }
    CHECK(dark);

    const auto overview = tiles::decode_png(maps.overview_png());
    CHECK(overview.width == 1440);
    CHECK(maps.overview_height_px() == 480);  // the strip of three squares: the least height
    CHECK(overview.height == 720);
    // The same request gives the same bytes.
    CHECK(maps.area_png(1) == maps.area_png(1));
}

TEST_CASE("a report with maps shows them on its pages", "[report][maps]") {
    setup_mapnik();
    std::string t = (fs::temp_directory_path() / "assetmap-report-maps-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()));
    const fs::path dir(t);
    report::ReportOptions o;
    o.output_dir = dir.string();
    o.styles_dir = ASSETMAP_STYLES_DIR;
    const auto summary = report::write_report(report_fixture::make_atlas(), o);
    CHECK(summary.images == 4);
    for (const char* img : {"overview.png", "A1.png", "A2.png", "A3.png"})
        CHECK(fs::file_size(dir / "img" / img) > 1000);
    const std::string index = read(dir / "cy" / "index.html");
    CHECK(index.find("src=\"../img/overview.png\"") != std::string::npos);
    CHECK(index.find("class=\"legend\"") != std::string::npos);
    CHECK(read(dir / "en" / "A2.html").find("src=\"../img/A2.png\"") != std::string::npos);
    fs::remove_all(dir);
}
