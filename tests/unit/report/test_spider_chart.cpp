// The spider chart of a hand-made profile (report_fixture.hpp): the plotted numbers read back
// from the SVG's data attributes equal the profile's ratios, worked out by hand.
#include "report_fixture.hpp"

#include <assetmap/atlas/profile.hpp>
#include <catalogue.hpp>
#include <spider_chart.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <regex>

using namespace assetmap;

namespace {

struct AxisData {
    std::string ratio, partial, domain, cls;
};

/// Every `<g class="axis…" data-indicator=… data-domain=… data-ratio=… data-partial=…>`.
std::map<std::string, AxisData> axes(const std::string& svg) {
    static const std::regex re(
        "<g class=\"(axis[^\"]*)\" data-indicator=\"([^\"]*)\" data-domain=\"([^\"]*)\" "
        "data-ratio=\"([^\"]*)\" data-partial=\"([01])\">");
    std::map<std::string, AxisData> out;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
         ++it)
        out[(*it)[2]] = {(*it)[4], (*it)[5], (*it)[3], (*it)[1]};
    return out;
}

}  // namespace

TEST_CASE("the spider chart plots the profile's ratios and marks partial axes", "[report]") {
    const auto atlas = report_fixture::make_atlas();
    const auto& en = i18n::Catalogue::builtin("en");
    const auto a1 = *atlas::area_profile(atlas, "A1");
    const auto a2 = *atlas::area_profile(atlas, "A2");

    // Against the region (comparator 2): bus 80/100, library none, playground 30/60.
    const std::string svg = report::spider_chart_svg(a1, 2, en);
    const auto ax = axes(svg);
    REQUIRE(ax.size() == 3);
    CHECK(std::stod(ax.at("bus_stop_coverage_pct_400").ratio) == Approx(0.8).epsilon(1e-12));
    CHECK(std::stod(ax.at("playground_coverage_pct_400").ratio) == Approx(0.5).epsilon(1e-12));
    CHECK(ax.at("library_nearest_m").ratio.empty());
    CHECK(ax.at("library_nearest_m").cls == "axis no-ratio");
    CHECK(ax.at("bus_stop_coverage_pct_400").domain == "structural");
    CHECK(svg.find("data-comparator=\"Wales\"") != std::string::npos);
    CHECK(svg.find("<title id=\"chart-title\">Spider chart: the area relative to Wales (= 1)</title>") !=
          std::string::npos);

    // Against the study (comparator 0): bus 80/64 = 1.25, library 400/500 = 0.8 (lower is
    // better), playground 30/30 = 1.
    const auto study = axes(report::spider_chart_svg(a1, 0, en));
    CHECK(std::stod(study.at("bus_stop_coverage_pct_400").ratio) == Approx(1.25).epsilon(1e-12));
    CHECK(std::stod(study.at("library_nearest_m").ratio) == Approx(0.8).epsilon(1e-12));
    CHECK(std::stod(study.at("playground_coverage_pct_400").ratio) == Approx(1.0).epsilon(1e-12));

    // Every plotted number equals the profile's ratio to 1e-9 (17 significant digits).
    for (std::size_t c = 0; c < a1.comparators.size(); ++c) {
        const auto read = axes(report::spider_chart_svg(a1, c, en));
        for (const auto& line : a1.indicators) {
            const auto& d = read.at(line.column);
            if (line.ratio[c])
                CHECK(std::fabs(std::stod(d.ratio) - *line.ratio[c]) <= 1e-9);
            else
                CHECK(d.ratio.empty());
        }
    }

    // A2 is partial for playground: the axis is marked (class, attribute, dashed spoke, †).
    const std::string svg2 = report::spider_chart_svg(a2, 0, en);
    const auto ax2 = axes(svg2);
    CHECK(ax2.at("playground_coverage_pct_400").partial == "1");
    CHECK(ax2.at("playground_coverage_pct_400").cls == "axis partial");
    CHECK(ax2.at("bus_stop_coverage_pct_400").partial == "0");
    CHECK(svg2.find("stroke-dasharray=\"3 3\"") != std::string::npos);
    CHECK(svg2.find("Playgrounds\u00a0†") != std::string::npos);  // kept together
}

TEST_CASE("ratios beyond the rim are drawn on it with their value", "[report]") {
    const auto atlas = report_fixture::make_atlas();
    const auto a2 = *atlas::area_profile(atlas, "A2");
    // Against the parent: library 1000/250 = 4, beyond the rim of 2.
    const std::string svg = report::spider_chart_svg(a2, 1, i18n::Catalogue::builtin("en"));
    const auto ax = axes(svg);
    CHECK(std::stod(ax.at("library_nearest_m").ratio) == Approx(4.0));
    CHECK(svg.find("class=\"beyond\"") != std::string::npos);
    CHECK(svg.find("(×4.0)") != std::string::npos);
}

TEST_CASE("axis labels name the measure only when a category has several", "[report]") {
    auto p = *atlas::area_profile(report_fixture::make_atlas(), "A1");
    const auto& en = i18n::Catalogue::builtin("en");
    const auto& cy = i18n::Catalogue::builtin("cy");
    CHECK(report::axis_label(en, p, 2) == "Bus stops");
    CHECK(report::axis_label(cy, p, 2) == "Safleoedd bws");
    p.indicators[0].category = "bus_stop";  // two bus-stop indicators now
    p.indicators[0].measure = "nearest_m";
    CHECK(report::axis_label(en, p, 0) == "Bus stops, distance");
    CHECK(report::axis_label(en, p, 2) == "Bus stops ≤ 400 m");
}
