// Class breaks on hand-worked examples.
#include <assetmap/tiles/classify.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace assetmap::tiles;

TEST_CASE("quantiles: nearest rank on 1..10 in 4 classes", "[tiles][classify]") {
    // rank ⌈i·10/4⌉ for i = 1..4: 3, 5, 8, 10 → values 3, 5, 8, 10 (counts 3, 2, 3, 2).
    const ClassBreaks b = classify({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 4, ClassMethod::quantiles);
    CHECK(b.min == 1);
    CHECK(b.upper == std::vector<double>{3, 5, 8, 10});
    CHECK(class_of(1, b) == 0);
    CHECK(class_of(3, b) == 0);  // a class includes its upper bound
    CHECK(class_of(3.0001, b) == 1);
    CHECK(class_of(10, b) == 3);
    CHECK(class_of(11, b) == 3);  // above the maximum: last class
    CHECK(class_of(NAN, b) == -1);
}

TEST_CASE("quantiles: ties merge classes - nulls ignored", "[tiles][classify]") {
    // ranks ⌈i·6/3⌉ = 2, 4, 6 → 0, 0, 7: the equal breaks merge, leaving 2 classes.
    const ClassBreaks b = classify({0, 0, 0, NAN, 0, 5, 7, INFINITY}, 3, ClassMethod::quantiles);
    CHECK(b.upper == std::vector<double>{0, 7});
    CHECK(classify({NAN}, 5, ClassMethod::quantiles).empty());
    CHECK(classify({4, 4, 4}, 5, ClassMethod::quantiles).upper == std::vector<double>{4});
    CHECK_THROWS(classify({1, 2}, 0, ClassMethod::quantiles));
}

TEST_CASE("jenks: a split that is not the widest gap", "[tiles][classify]") {
    // {1, 2, 6, 7, 8, 14} into 2 classes, every split's SDCM by hand:
    //   {1}{2,6,7,8,14}: 0 + 75.2          = 75.2
    //   {1,2}{6,7,8,14}: 0.5 + 38.75       = 39.25
    //   {1,2,6}{7,8,14}: 14 + 28.667       = 42.67
    //   {1,2,6,7}{8,14}: 26 + 18           = 44
    //   {1,2,6,7,8}{14}: 38.8 + 0          = 38.8   ← least
    // The widest gap (2 → 6) is not the natural break: 14 alone is.
    const std::vector<double> v{7, 1, 14, 2, 8, 6};
    const ClassBreaks b = classify(v, 2, ClassMethod::jenks);
    CHECK(b.upper == std::vector<double>{8, 14});
    CHECK(within_class_ssd(v, b) == Approx(38.8));
    ClassBreaks gap;
    gap.min = 1;
    gap.upper = {2, 14};
    CHECK(within_class_ssd(v, gap) == Approx(39.25));
}

TEST_CASE("jenks: three obvious groups - and agreement with brute force", "[tiles][classify]") {
    const std::vector<double> v{1, 2, 3, 10, 11, 12, 20, 21, 22};
    CHECK(classify(v, 3, ClassMethod::jenks).upper == std::vector<double>{3, 12, 22});
    // Brute force over every 3-class split of 12 values (indices i < j).
    const std::vector<double> w{0.5, 1.1, 1.3, 2.9, 3.0, 3.2, 6.5, 7.0, 7.1, 9.8, 12.0, 12.5};
    double best = INFINITY;
    for (std::size_t i = 1; i < w.size(); ++i) {
        for (std::size_t j = i + 1; j < w.size(); ++j) {
            ClassBreaks b;
            b.min = w[0];
            b.upper = {w[i - 1], w[j - 1], w.back()};
            best = std::min(best, within_class_ssd(w, b));
        }
    }
    const ClassBreaks j = classify(w, 3, ClassMethod::jenks);
    CHECK(within_class_ssd(w, j) == Approx(best));
    CHECK(j.classes() == 3);
}

TEST_CASE("class method names", "[tiles][classify]") {
    CHECK(parse_class_method("jenks") == ClassMethod::jenks);
    CHECK(parse_class_method("quantiles") == ClassMethod::quantiles);
    CHECK_FALSE(parse_class_method("equal").has_value());
    CHECK(std::string(to_string(ClassMethod::jenks)) == "jenks");
}
