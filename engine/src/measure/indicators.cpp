#include <assetmap/core/error.hpp>
#include <assetmap/measure/indicators.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace assetmap::measure {

namespace {

std::size_t category_index(const MeasureResults& r, const std::string& category) {
    const auto it = std::find(r.categories.begin(), r.categories.end(), category);
    return static_cast<std::size_t>(it - r.categories.begin());
}

/// Ranks (1-based, ascending, ties = mean rank) of the present values.
std::vector<double> mean_ranks(const std::vector<std::pair<double, std::size_t>>& sorted) {
    std::vector<double> ranks(sorted.size());
    std::size_t i = 0;
    while (i < sorted.size()) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1].first == sorted[i].first) ++j;
        const double mean = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
        for (std::size_t k = i; k <= j; ++k) ranks[k] = mean;
        i = j + 1;
    }
    return ranks;
}

std::optional<double> mean_of(const std::vector<std::optional<double>>& xs, bool need_all) {
    double sum = 0;
    std::size_t n = 0;
    for (const auto& x : xs) {
        if (!x) {
            if (need_all) return std::nullopt;
            continue;
        }
        sum += *x;
        ++n;
    }
    if (n == 0) return std::nullopt;
    return sum / static_cast<double>(n);
}

}  // namespace

double normal_quantile(double p) {
    // Acklam's rational approximation, then one Halley step on erfc for full precision.
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                               2.445134137142996e+00, 3.754408661907416e+00};
    if (!(p > 0.0 && p < 1.0)) return std::nan("");
    const double plow = 0.02425;
    double x;
    if (p < plow) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - plow) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

std::vector<Indicator> default_indicators(const MeasureResults& results,
                                          const Taxonomy& taxonomy) {
    std::vector<Indicator> out;
    for (const auto& category : results.categories) {
        const Category* cat = taxonomy.find(category);
        if (!cat) continue;
        for (const auto& key : results.areas.keys) {
            if (key.category != category) continue;
            if (key.kind == MeasureKind::coverage_pct) {
                out.push_back({key.column(), category, cat->domain, false});
                break;  // the first (lowest) threshold only
            }
        }
        if (cat->is_area) {
            const MeasureKey key{category, MeasureKind::m2_per_person, 0.0};
            if (results.areas.find(key) < results.areas.keys.size())
                out.push_back({key.column(), category, cat->domain, false});
        }
    }
    return out;
}

std::vector<Indicator> indicators_from_columns(const std::vector<std::string>& columns,
                                               const MeasureResults& results,
                                               const Taxonomy& taxonomy) {
    std::vector<Indicator> out;
    for (const auto& column : columns) {
        const std::size_t col = results.areas.find(column);
        if (col >= results.areas.keys.size()) {
            std::string hint;
            for (const auto& k : results.areas.keys) {
                const auto name = k.column();
                if (name.compare(0, std::min(name.size(), column.size() / 2),
                                 column.substr(0, column.size() / 2)) == 0)
                    hint += (hint.empty() ? "" : ", ") + name;
            }
            throw config_error("indicator '" + column + "' is not a measure column of this run" +
                               (hint.empty() ? std::string() : "; did you mean: " + hint) +
                               " (columns are <category>_<measure>[_<threshold>])");
        }
        const MeasureKey& key = results.areas.keys[col];
        const Category* cat = taxonomy.find(key.category);
        if (!cat) throw config_error("indicator '" + column + "': category not in the taxonomy");
        out.push_back({column, key.category, cat->domain, lower_is_better(key.kind)});
    }
    return out;
}

IndicatorResults compute_indicators(const MeasureResults& results,
                                    const std::vector<Indicator>& indicators,
                                    double domain_min_indicator_share) {
    if (!(domain_min_indicator_share > 0.0 && domain_min_indicator_share <= 1.0))
        throw config_error("domain_min_indicator_share must be > 0 and <= 1 (a share of the "
                           "domain's indicators), e.g. 0.5");
    const std::size_t n_areas = results.areas.row_ids.size();
    IndicatorResults out;
    out.indicators = indicators;
    out.domain_min_indicator_share = domain_min_indicator_share;
    out.value.assign(n_areas, std::vector<std::optional<double>>(indicators.size()));
    out.normal_score = out.value;
    out.domain_score.assign(n_areas, std::vector<std::optional<double>>(3));
    out.asset_index.assign(n_areas, std::nullopt);
    out.asset_index_rank.assign(n_areas, std::nullopt);
    out.asset_index_decile.assign(n_areas, std::nullopt);

    for (std::size_t i = 0; i < indicators.size(); ++i) {
        const auto& ind = indicators[i];
        const std::size_t col = results.areas.find(ind.column);
        const std::size_t cat = category_index(results, ind.category);
        std::vector<std::pair<double, std::size_t>> present;
        for (std::size_t a = 0; a < n_areas; ++a) {
            const auto& v = results.areas.at(a, col);
            const bool partial = cat < results.categories.size() && results.partial_data[a][cat];
            if (!v || partial) continue;
            const double oriented = ind.negated ? -*v : *v;
            out.value[a][i] = oriented;
            present.emplace_back(oriented, a);
        }
        std::sort(present.begin(), present.end());
        const auto ranks = mean_ranks(present);
        const double n = static_cast<double>(present.size());
        for (std::size_t k = 0; k < present.size(); ++k)
            out.normal_score[present[k].second][i] = normal_quantile((ranks[k] - 0.5) / n);
    }

    const Domain domains[] = {Domain::individual, Domain::community, Domain::structural};
    out.indicators_in_domain.assign(3, 0);
    for (const auto& ind : indicators)
        for (std::size_t d = 0; d < 3; ++d)
            if (ind.domain == domains[d]) ++out.indicators_in_domain[d];
    out.indicators_used.assign(n_areas, std::vector<int>(3, 0));
    out.full_set.assign(n_areas, false);
    std::vector<std::pair<double, std::size_t>> indexed;
    for (std::size_t a = 0; a < n_areas; ++a) {
        int used_all = 0;
        for (std::size_t d = 0; d < 3; ++d) {
            std::vector<std::optional<double>> scores;
            for (std::size_t i = 0; i < indicators.size(); ++i)
                if (indicators[i].domain == domains[d]) scores.push_back(out.normal_score[a][i]);
            int used = 0;
            for (const auto& x : scores) used += x ? 1 : 0;
            out.indicators_used[a][d] = used;
            used_all += used;
            // Like with like: a score from too few of the domain's indicators is not given.
            const bool enough = used > 0 && static_cast<double>(used) >=
                                                domain_min_indicator_share *
                                                    static_cast<double>(out.indicators_in_domain[d]);
            out.domain_score[a][d] = enough ? mean_of(scores, false) : std::nullopt;
        }
        out.full_set[a] = used_all == static_cast<int>(indicators.size());
        out.asset_index[a] = mean_of(out.domain_score[a], true);
        if (out.asset_index[a]) indexed.emplace_back(*out.asset_index[a], a);
    }
    std::sort(indexed.begin(), indexed.end());
    const int n = static_cast<int>(indexed.size());
    for (int k = 0; k < n; ++k) {
        int rank = k + 1;
        while (rank > 1 && indexed[rank - 2].first == indexed[k].first) --rank;  // ties: lower
        const std::size_t a = indexed[k].second;
        out.asset_index_rank[a] = rank;
        out.asset_index_decile[a] = (10 * rank + n - 1) / n;
    }
    return out;
}

}  // namespace assetmap::measure
