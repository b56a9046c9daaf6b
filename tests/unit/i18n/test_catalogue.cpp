// The message catalogues: every English string has a Welsh one, placeholders agree, and the
// built-in catalogues parse.
#include "catalogue.hpp"

#include <assetmap/core/error.hpp>

#include <catch2/catch.hpp>

#include <regex>
#include <set>

using namespace assetmap;

namespace {

std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> out;
    const std::regex re("\\{([a-z_]+)\\}");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re);
         it != std::sregex_iterator(); ++it)
        out.insert((*it)[1]);
    return out;
}

}  // namespace

TEST_CASE("every English string has a Welsh string with the same placeholders", "[i18n]") {
    const auto& en = i18n::Catalogue::builtin("en");
    const auto& cy = i18n::Catalogue::builtin("cy");
    CHECK(en.entries().size() > 100);
    CHECK(i18n::missing_keys(en, cy).empty());
    CHECK(i18n::missing_keys(cy, en).empty());
    for (const auto& [key, text] : en.entries()) {
        INFO(key);
        CHECK(placeholders(text) == placeholders(cy.get(key)));
    }
    CHECK(cy.get("language.name") == "Cymraeg");
    CHECK(cy.get("category.library") == "Llyfrgelloedd");
}

TEST_CASE("a missing string is found, shown visibly, and formats substitute", "[i18n]") {
    const auto en = i18n::Catalogue::parse(R"({"a": "x {n} y {n}", "b": "two"})", "en", "t");
    const auto cy = i18n::Catalogue::parse(R"({"a": "x {n}", "b": ""})", "cy", "t");
    CHECK(i18n::missing_keys(en, cy) == std::vector<std::string>{"b"});
    CHECK(en.format("a", {{"n", "5"}}) == "x 5 y 5");
    CHECK(en.get("nope") == "[nope]");
    CHECK(en.format("a", {{"m", "5"}}) == "x {n} y {n}");
    CHECK_THROWS_AS(i18n::Catalogue::parse("[1]", "en", "t"), config_error);
    CHECK_THROWS_AS(i18n::Catalogue::parse(R"({"a": 1})", "en", "t"), config_error);
    CHECK_THROWS_AS(i18n::Catalogue::parse("{", "en", "t"), config_error);
    CHECK_THROWS_AS(i18n::Catalogue::builtin("fr"), config_error);
}
