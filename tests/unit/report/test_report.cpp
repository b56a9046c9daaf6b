// The report of a hand-made atlas (report_fixture.hpp): pages in both languages, known
// sentences from known numbers, links that resolve, the same bytes twice, catchment shares
// worked out by hand, and the missing-Chromium error.
#include "report_fixture.hpp"

#include <assetmap/core/error.hpp>
#include <catchments.hpp>
#include <html.hpp>
#include <pdf.hpp>
#include <report.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace assetmap;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "assetmap-report-test-XXXXXX").string();
        REQUIRE(::mkdtemp(t.data()));
        path = t;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

report::ReportOptions no_maps(const fs::path& dir) {
    report::ReportOptions o;
    o.output_dir = dir.string();
    o.maps = false;
    return o;
}

}  // namespace

TEST_CASE("html helpers", "[report]") {
    CHECK(report::escape("a & <b> \"c\" 'd'") == "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;");
    CHECK(report::exact_number(0.1) == "0.10000000000000001");
    CHECK(std::stod(report::exact_number(1.0 / 3.0)) == 1.0 / 3.0);
    CHECK(report::exact_number(std::nan("")).empty());
    CHECK(report::fixed(-0.001, 2) == "0.00");
    CHECK(report::fixed(12.345, 1) == "12.3");
    CHECK(report::file_stem("W02000360") == "W02000360");
    CHECK(report::file_stem("a/b c") == "a_b_c");
    CHECK(report::file_stem("index") == "area-index");
    CHECK(report::file_stem("") == "area-");
}

TEST_CASE("catchment shares are the area's surface inside each catchment", "[report]") {
    const auto atlas = report_fixture::make_atlas();
    const report::CatchmentShares c(atlas);
    REQUIRE(c.categories() == std::vector<std::string>{"playground"});
    REQUIRE(c.minutes() == std::vector<double>{5.0, 10.0});
    // 5 min: the west half of A1 (500 × 1000 of 1000 × 1000 m); 10 min: all of A1 and A2,
    // none of A3 (the box ends at x0 + 2100: 100 m of A3's 1000 → 10%).
    CHECK(*c.share_pct(0, 0, 0) == Approx(50.0));
    CHECK(*c.share_pct(1, 0, 0) == Approx(0.0).margin(1e-9));
    CHECK(*c.share_pct(0, 0, 1) == Approx(100.0));
    CHECK(*c.share_pct(1, 0, 1) == Approx(100.0));
    CHECK(*c.share_pct(2, 0, 1) == Approx(10.0));
    CHECK_FALSE(c.share_pct(0, 1, 0));
    CHECK(report::CatchmentShares(report_fixture::make_atlas(false)).empty());
}

TEST_CASE("the report has an index and a page per area in each language", "[report]") {
    const auto atlas = report_fixture::make_atlas();
    TempDir tmp;
    const auto summary = report::write_report(atlas, no_maps(tmp.path));
    CHECK(summary.areas == 3);
    CHECK(summary.pages == 1 + 2 * (3 + 2));
    CHECK(summary.images == 0);
    for (const char* lang : {"en", "cy"})
        for (const char* page : {"index.html", "atlas.html", "A1.html", "A2.html", "A3.html"})
            CHECK(fs::is_regular_file(tmp.path / lang / page));
    CHECK(fs::is_regular_file(tmp.path / "index.html"));
    CHECK(fs::is_regular_file(tmp.path / "report.css"));
    CHECK(fs::is_regular_file(tmp.path / "report.js"));

    const std::string en = read(tmp.path / "en" / "A1.html");
    const std::string cy = read(tmp.path / "cy" / "A1.html");
    CHECK(en.find("<html lang=\"en\">") != std::string::npos);
    CHECK(cy.find("<html lang=\"cy\">") != std::string::npos);
    // The sentences, against Wales (the region): worked out from the fixture's numbers.
    CHECK(en.find("80% of residents live within 400 m of a bus stop, against 100% across "
                  "Wales.") != std::string::npos);
    CHECK(en.find("30% of residents live within 400 m of a playground, against 60% across "
                  "Wales.") != std::string::npos);
    CHECK(cy.find("Mae 80% o&#39;r trigolion yn byw o fewn 400 m i safle bws, o&#39;i gymharu "
                  "â 100% ar draws Cymru.") != std::string::npos);
    // The strength is listed as one, the weakness as the other.
    const auto strong = en.find("<div class=\"strong\">"), weak = en.find("<div class=\"weak\">");
    REQUIRE(strong != std::string::npos);
    REQUIRE(weak != std::string::npos);
    CHECK(en.find("of a bus stop, against") > strong);
    CHECK(en.find("of a bus stop, against") < weak);
    CHECK(en.find("of a playground, against") > weak);
    // Every comparator's value beside the area's, with units.
    CHECK(en.find("<th scope=\"col\" class=\"num\">Newport</th>") != std::string::npos);
    CHECK(cy.find("<th scope=\"col\" class=\"num\">Casnewydd</th>") != std::string::npos);
    CHECK(en.find(">1,000 m</td>") != std::string::npos);  // library, parent
    // Navigation and the language link.
    CHECK(en.find("href=\"A2.html\"") != std::string::npos);
    CHECK(en.find("href=\"../cy/A1.html\"") != std::string::npos);
    CHECK(cy.find("href=\"../en/A1.html\"") != std::string::npos);
    // The catchments and the assets by domain and category, with sources.
    CHECK(en.find("Walking catchments") != std::string::npos);
    CHECK(en.find("data-value=\"50\"") != std::string::npos);
    CHECK(en.find("<span class=\"name\">Stop A</span><span class=\"src\">bus</span>") !=
          std::string::npos);
    CHECK(en.find("<span class=\"src\">osm, bus</span>") != std::string::npos);
    // A2 is partial for playground: banner and mark; its unnamed asset says so.
    const std::string a2 = read(tmp.path / "en" / "A2.html");
    CHECK(a2.find("class=\"partial-banner\"") != std::string::npos);
    CHECK(a2.find("(unnamed)") != std::string::npos);
    // Names are escaped.
    const std::string a3 = read(tmp.path / "en" / "A3.html");
    CHECK(a3.find("<h1>Area three &amp; &lt;more&gt;</h1>") != std::string::npos);
    // The index lists every area; the sources show file names, not local paths.
    const std::string index = read(tmp.path / "en" / "index.html");
    for (const char* a : {"A1.html", "A2.html", "A3.html"})
        CHECK(index.find(std::string("href=\"") + a + "\"") != std::string::npos);
    CHECK(index.find("extract.osm.pbf") != std::string::npos);
    CHECK(index.find("/data/somewhere") == std::string::npos);
    CHECK(index.find("ODbL-1.0") != std::string::npos);
    CHECK(index.find("assetmap 9.9.9") != std::string::npos);
    CHECK(index.find("2024-03-05 10:20 UTC") != std::string::npos);
}

TEST_CASE("every local link and image of the report resolves", "[report]") {
    TempDir tmp;
    report::write_report(report_fixture::make_atlas(), no_maps(tmp.path));
    static const std::regex ref("(?:href|src)=\"([^\"#]*)(#[^\"]*)?\"");
    static const std::regex id("id=\"([^\"]+)\"");
    std::size_t checked = 0;
    for (const auto& e : fs::recursive_directory_iterator(tmp.path)) {
        if (e.path().extension() != ".html") continue;
        const std::string html = read(e.path());
        std::set<std::string> ids;
        for (auto it = std::sregex_iterator(html.begin(), html.end(), id); it != std::sregex_iterator(); ++it)
            ids.insert((*it)[1]);
        for (auto it = std::sregex_iterator(html.begin(), html.end(), ref);
             it != std::sregex_iterator(); ++it) {
            const std::string target = (*it)[1];
            const std::string anchor = (*it)[2];
            if (target.empty()) {
                INFO(e.path() << " anchor " << anchor);
                CHECK(ids.count(anchor.substr(1)) == 1);
            } else {
                INFO(e.path() << " -> " << target);
                CHECK(fs::exists(e.path().parent_path() / target));
            }
            ++checked;
        }
    }
    CHECK(checked > 50);
}

TEST_CASE("the same atlas gives the same bytes", "[report]") {
    const auto atlas = report_fixture::make_atlas();
    TempDir a, b;
    report::write_report(atlas, no_maps(a.path));
    report::write_report(atlas, no_maps(b.path));
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(a.path)) {
        if (!e.is_regular_file()) continue;
        const auto rel = fs::relative(e.path(), a.path);
        INFO(rel);
        CHECK(read(e.path()) == read(b.path / rel));
        ++files;
    }
    CHECK(files == 13);  // index, report.css, report.js; per language index, atlas, 3 areas
}

TEST_CASE("bad options and a missing Chromium are refused before anything is written",
          "[report]") {
    const auto atlas = report_fixture::make_atlas();
    TempDir tmp;
    auto o = no_maps(tmp.path / "out");
    o.languages = {"en", "fr"};
    CHECK_THROWS_AS(report::write_report(atlas, o), config_error);
    o.languages = {"en", "en"};
    CHECK_THROWS_AS(report::write_report(atlas, o), config_error);
    o.languages = {"cy"};
    o.pdf = true;
    o.chromium = (tmp.path / "no-such-chromium").string();
    CHECK_THROWS_AS(report::write_report(atlas, o), missing_tool_error);
    CHECK_FALSE(fs::exists(tmp.path / "out"));
    CHECK(report::find_chromium((tmp.path / "no-such-chromium").string()).empty());
}

TEST_CASE("PDF dates are set to the atlas's run time", "[report]") {
    std::string pdf = "%PDF-1.4\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261206201710+00'00')\n"
                      "/ModDate (D:20261206201711+00'00')>>";
    const auto size = pdf.size();
    CHECK(report::set_pdf_dates(pdf, "2024-03-05T10:20:30Z") == 2);
    CHECK(pdf.size() == size);
    CHECK(pdf.find("/CreationDate (D:20240305102030+00'00')") != std::string::npos);
    CHECK(pdf.find("/ModDate (D:20240305102030+00'00')") != std::string::npos);
    CHECK(report::set_pdf_dates(pdf, "not a date") == 0);
}
