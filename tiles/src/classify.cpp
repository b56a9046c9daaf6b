#include <assetmap/tiles/classify.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace assetmap::tiles {

const char* to_string(ClassMethod m) {
    switch (m) {
        case ClassMethod::quantiles: return "quantiles";
        case ClassMethod::jenks: return "jenks";
    }
    return "quantiles";
}

std::optional<ClassMethod> parse_class_method(const std::string& text) {
    if (text == "quantiles" || text == "quantile") return ClassMethod::quantiles;
    if (text == "jenks" || text == "natural_breaks") return ClassMethod::jenks;
    return std::nullopt;
}

namespace {

/// Nearest-rank quantile breaks over sorted values.
std::vector<double> quantile_breaks(const std::vector<double>& v, std::size_t k) {
    const std::size_t n = v.size();
    std::vector<double> upper;
    upper.reserve(k);
    for (std::size_t i = 1; i <= k; ++i) {
        // rank ⌈i·n/k⌉ (1-based), in integers
        const std::size_t rank = (i * n + k - 1) / k;
        upper.push_back(v[rank - 1]);
    }
    return upper;
}

/// Fisher's exact optimal partition of sorted values into k contiguous classes (the
/// algorithm behind Jenks natural breaks): dynamic programme over prefix sums, O(k·n²).
/// Ties in cost keep the earliest split, so the result is deterministic.
std::vector<double> jenks_breaks(const std::vector<double>& v, std::size_t k) {
    const std::size_t n = v.size();
    std::vector<double> s1(n + 1, 0.0), s2(n + 1, 0.0);
    // Centre on the mean so the prefix-sum formula keeps its precision.
    double mean = 0.0;
    for (double x : v) mean += x;
    mean /= static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = v[i] - mean;
        s1[i + 1] = s1[i] + x;
        s2[i + 1] = s2[i] + x * x;
    }
    // ssd of v[a..b) (b > a)
    auto ssd = [&](std::size_t a, std::size_t b) {
        const double cnt = static_cast<double>(b - a);
        const double sum = s1[b] - s1[a];
        return std::max(0.0, (s2[b] - s2[a]) - sum * sum / cnt);
    };
    const double inf = std::numeric_limits<double>::infinity();
    // cost[c][j]: best cost of the first j values in c+1 classes; split[c][j]: start of the
    // last class.
    std::vector<std::vector<double>> cost(k, std::vector<double>(n + 1, inf));
    std::vector<std::vector<std::size_t>> split(k, std::vector<std::size_t>(n + 1, 0));
    for (std::size_t j = 1; j <= n; ++j) cost[0][j] = ssd(0, j);
    for (std::size_t c = 1; c < k; ++c) {
        for (std::size_t j = c + 1; j <= n; ++j) {
            for (std::size_t m = c; m < j; ++m) {  // last class is v[m..j)
                const double total = cost[c - 1][m] + ssd(m, j);
                if (total < cost[c][j]) {
                    cost[c][j] = total;
                    split[c][j] = m;
                }
            }
        }
    }
    std::vector<double> upper(k);
    std::size_t end = n;
    for (std::size_t c = k; c-- > 0;) {
        upper[c] = v[end - 1];
        end = c > 0 ? split[c][end] : 0;
    }
    return upper;
}

}  // namespace

ClassBreaks classify(std::vector<double> values, std::size_t classes, ClassMethod method) {
    if (classes == 0) throw std::invalid_argument("classify: classes must be at least 1");
    values.erase(std::remove_if(values.begin(), values.end(),
                                [](double x) { return !std::isfinite(x); }),
                 values.end());
    ClassBreaks out;
    if (values.empty()) return out;
    std::sort(values.begin(), values.end());
    out.min = values.front();

    std::vector<double> distinct = values;
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    const std::size_t k = std::min(classes, distinct.size());

    std::vector<double> upper = method == ClassMethod::jenks ? jenks_breaks(values, k)
                                                             : quantile_breaks(values, k);
    // Equal breaks (many ties) merge classes: keep strictly increasing bounds.
    upper.erase(std::unique(upper.begin(), upper.end()), upper.end());
    out.upper = std::move(upper);
    return out;
}

int class_of(double value, const ClassBreaks& breaks) {
    if (!std::isfinite(value) || breaks.upper.empty()) return -1;
    const auto it = std::lower_bound(breaks.upper.begin(), breaks.upper.end(), value);
    if (it == breaks.upper.end()) return static_cast<int>(breaks.upper.size()) - 1;
    return static_cast<int>(it - breaks.upper.begin());
}

double within_class_ssd(const std::vector<double>& values, const ClassBreaks& breaks) {
    const std::size_t k = breaks.upper.size();
    std::vector<double> sum(k, 0.0), sum2(k, 0.0), count(k, 0.0);
    for (double x : values) {
        const int c = class_of(x, breaks);
        if (c < 0) continue;
        sum[c] += x;
        count[c] += 1.0;
    }
    for (double x : values) {
        const int c = class_of(x, breaks);
        if (c < 0) continue;
        const double d = x - sum[c] / count[c];
        sum2[c] += d * d;
    }
    double total = 0.0;
    for (double s : sum2) total += s;
    return total;
}

}  // namespace assetmap::tiles
