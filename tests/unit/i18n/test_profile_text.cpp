// Sentences and labels of a profile, from a hand-made profile with known numbers: the
// expected text is written out by hand.
#include "profile_text.hpp"

#include <catch2/catch.hpp>

using namespace assetmap;

namespace {

atlas::IndicatorLine line(const char* category, const char* measure, std::optional<double> t,
                          double value, std::optional<double> cmp) {
    atlas::IndicatorLine l;
    l.category = category;
    l.measure = measure;
    l.threshold_m = t;
    l.value = value;
    l.comparator_value = {cmp};
    return l;
}

atlas::AreaProfile profile() {
    atlas::AreaProfile p;
    p.comparators = {{"W06000022", "parent", "Newport", "Casnewydd"}};
    p.indicators = {line("bus_stop", "coverage_pct", 400.0, 73.2, 81.0),
                    line("library", "nearest_m", std::nullopt, 1234.4, 980.0),
                    line("green_space", "m2_per_person", std::nullopt, 12.25, 30.0),
                    line("gp_doctors", "net_coverage_pct", 1000.0, 5.25, std::nullopt),
                    line("pharmacy", "coverage_pct", 1000.0, 9.5, 45.0)};
    return p;
}

}  // namespace

TEST_CASE("highlight sentences read the numbers in English and Welsh", "[i18n][sentence]") {
    const auto& en = i18n::Catalogue::builtin("en");
    const auto& cy = i18n::Catalogue::builtin("cy");
    const auto p = profile();
    auto sentence = [&](const i18n::Catalogue& c, std::size_t i) {
        return i18n::highlight_sentence(c, p, {i, 0, true});
    };
    CHECK(sentence(en, 0) ==
          "73% of residents live within 400 m of a bus stop, against 81% across Newport.");
    CHECK(sentence(cy, 0) == "Mae 73% o'r trigolion yn byw o fewn 400 m i safle bws, o'i "
                             "gymharu â 81% ar draws Casnewydd.");
    CHECK(sentence(en, 1) == "Residents live on average 1,234 m from the nearest library, "
                             "against 980 m across Newport.");
    CHECK(sentence(en, 2) == "There are 12.3 m² of green space per resident, against 30.0 m² "
                             "across Newport.");
    // No comparator value: the sentence stands alone.
    CHECK(sentence(en, 3) ==
          "5.3% of residents live within a 1,000 m walk of a GP surgery.");
    // Both values get the decimals the finer one needs.
    CHECK(sentence(en, 4) == "9.5% of residents live within 1,000 m of a pharmacy, against "
                             "45.0% across Newport.");
}

TEST_CASE("labels, titles and numbers", "[i18n]") {
    const auto& en = i18n::Catalogue::builtin("en");
    const auto& cy = i18n::Catalogue::builtin("cy");
    const auto p = profile();
    CHECK(i18n::indicator_title(en, p.indicators[0]) == "Bus stops within 400 m (% of residents)");
    CHECK(i18n::indicator_title(cy, p.indicators[0]) ==
          "Safleoedd bws o fewn 400 m (% o'r trigolion)");
    CHECK(i18n::category_label(en, "my_new_category", "My new category") == "My new category");
    CHECK(i18n::category_label(en, "my_new_category") == "my_new_category");
    CHECK(i18n::domain_label(cy, "structural") == "Strwythurol");
    CHECK(i18n::comparator_label(cy, p.comparators[0]) == "Casnewydd");
    CHECK(i18n::comparator_label(en, p.comparators[0]) == "Newport");
    CHECK(i18n::format_number(1234567.891, 2) == "1,234,567.89");
    CHECK(i18n::format_number(-0.04, 1) == "0.0");
    CHECK(i18n::format_number(-12.5, 1) == "-12.5");
    CHECK(i18n::format_value(cy, p.indicators[0], 7.5, 1) == "7.5%");
}

TEST_CASE("public-transport indicators name their window and minutes", "[i18n][transit]") {
    const auto& en = i18n::Catalogue::builtin("en");
    const auto& cy = i18n::Catalogue::builtin("cy");
    atlas::AreaProfile p;
    p.comparators = {{"W06000022", "parent", "Newport", "Casnewydd"}};
    auto pt = line("hospital", "pt_coverage_pct", std::nullopt, 62.5, 70.0);
    pt.window = "weekday_am";
    pt.threshold_minutes = 30.0;
    auto minutes = line("gp_doctors", "pt_minutes", std::nullopt, 14.25, 12.0);
    minutes.window = "late_evening";  // no catalogue words: the name with spaces
    p.indicators = {pt, minutes};
    CHECK(i18n::indicator_title(en, pt) ==
          "Hospitals within 30 min by public transport, weekday mornings (% of residents)");
    CHECK(i18n::indicator_title(cy, pt) == "Ysbytai o fewn 30 munud ar drafnidiaeth gyhoeddus, "
                                           "boreau'r wythnos (% o'r trigolion)");
    CHECK(i18n::indicator_title(en, minutes) ==
          "GP surgeries: median time by public transport, late evening (minutes)");
    CHECK(i18n::highlight_sentence(en, p, {0, 0, true}) ==
          "63% of residents are within 30 min by public transport of a hospital (weekday "
          "mornings), against 70% across Newport.");
    CHECK(i18n::highlight_sentence(en, p, {1, 0, true}) ==
          "Residents are on average 14.3 min by public transport from the nearest GP surgery "
          "(late evening), against 12.0 min across Newport.");
    CHECK(i18n::format_value(en, minutes, 14.25) == "14.3 min");
}
