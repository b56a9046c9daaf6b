#pragma once
/// @file Class breaks of an indicator for a choropleth: quantiles (default) or Jenks natural
/// breaks (Fisher's exact optimisation), computed from the data.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::tiles {

/// How class breaks are drawn from the values.
enum class ClassMethod {
    quantiles,  ///< equal counts: class i ends at the value of rank ⌈(i+1)·n/k⌉ (nearest rank)
    jenks,      ///< natural breaks: least total within-class sum of squared deviations
};

/// "quantiles" or "jenks".
const char* to_string(ClassMethod m);
/// Parses "quantiles"/"quantile" or "jenks"/"natural_breaks"; nullopt otherwise.
std::optional<ClassMethod> parse_class_method(const std::string& text);

/// Classes of one indicator, in the indicator's own unit. Class 0 holds v ≤ upper[0];
/// class i > 0 holds upper[i−1] < v ≤ upper[i]. Every break is a data value, so each class
/// holds at least one value; `upper.back()` is the maximum.
struct ClassBreaks {
    double min = 0.0;           ///< the smallest value classified
    std::vector<double> upper;  ///< strictly increasing upper bounds, one per class

    std::size_t classes() const { return upper.size(); }
    bool empty() const { return upper.empty(); }
};

/// Breaks of `values` into at most `classes` classes (fewer when there are fewer distinct
/// values). Non-finite values are ignored; no finite value gives no classes. `classes` must
/// be ≥ 1.
ClassBreaks classify(std::vector<double> values, std::size_t classes, ClassMethod method);

/// The class of a value: the first i with v ≤ upper[i] (values above the last break fall in
/// the last class); −1 for a non-finite value or empty breaks.
int class_of(double value, const ClassBreaks& breaks);

/// Total within-class sum of squared deviations of `values` under `breaks` (Jenks' SDCM);
/// what `ClassMethod::jenks` minimises. Non-finite values are ignored.
double within_class_ssd(const std::vector<double>& values, const ClassBreaks& breaks);

}  // namespace assetmap::tiles
