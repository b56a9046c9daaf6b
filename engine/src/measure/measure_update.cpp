/// @file replace_categories (measure_update.hpp).

#include <assetmap/measure/measure_update.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

namespace assetmap::measure {

namespace {

/// The entries of `names` that are in `categories`' set `wanted`, rebuilt in category order:
/// for a category of `part` from `part_list`, else from `full_list`.
std::vector<std::string> merge_list(const std::vector<std::string>& categories,
                                    const std::set<std::string>& in_part,
                                    const std::vector<std::string>& full_list,
                                    const std::vector<std::string>& part_list) {
    const std::set<std::string> f(full_list.begin(), full_list.end());
    const std::set<std::string> p(part_list.begin(), part_list.end());
    std::vector<std::string> out;
    for (const auto& c : categories)
        if (in_part.count(c) ? p.count(c) : f.count(c)) out.push_back(c);
    return out;
}

void copy_columns(MeasureTable& to, const MeasureTable& from, const char* what) {
    if (to.row_ids != from.row_ids)
        throw std::invalid_argument(std::string("replace_categories: the ") + what +
                                    " rows differ");
    for (std::size_t k = 0; k < from.keys.size(); ++k) {
        const std::size_t col = to.find(from.keys[k]);
        if (col == to.keys.size())
            throw std::invalid_argument("replace_categories: column " + from.keys[k].column() +
                                        " is not in the full results");
        for (std::size_t r = 0; r < to.row_ids.size(); ++r) to.at(r, col) = from.at(r, k);
    }
}

}  // namespace

void replace_categories(MeasureResults& full, const MeasureResults& part) {
    std::map<std::string, std::size_t> full_index, part_index;
    for (std::size_t k = 0; k < full.categories.size(); ++k) full_index[full.categories[k]] = k;
    for (std::size_t k = 0; k < part.categories.size(); ++k) {
        if (!full_index.count(part.categories[k]))
            throw std::invalid_argument("replace_categories: category " + part.categories[k] +
                                        " is not in the full results");
        part_index[part.categories[k]] = k;
    }
    if (full.coverage_pct.size() != part.coverage_pct.size())
        throw std::invalid_argument("replace_categories: the areas differ");
    copy_columns(full.areas, part.areas, "area");
    copy_columns(full.comparators, part.comparators, "comparator");
    for (std::size_t a = 0; a < full.coverage_pct.size(); ++a)
        for (const auto& [c, kp] : part_index) {
            full.coverage_pct[a][full_index[c]] = part.coverage_pct[a][kp];
            full.partial_data[a][full_index[c]] = part.partial_data[a][kp];
        }
    // Per-category facts: the sources' completeness, the region comparator's sources, and
    // the region's assets beyond the network.
    if (full.completeness.size() == full.categories.size() &&
        part.completeness.size() == part.categories.size())
        for (const auto& [c, kp] : part_index) full.completeness[full_index[c]] = part.completeness[kp];
    if (full.region && part.region) {
        auto& fr = *full.region;
        const auto& pr = *part.region;
        auto put = [&](auto& to, const auto& from) {
            if (to.size() != full.categories.size() || from.size() != part.categories.size())
                return;
            for (const auto& [c, kp] : part_index) to[full_index[c]] = from[kp];
        };
        put(fr.sources, pr.sources);
        put(fr.null_reason, pr.null_reason);
        put(fr.completeness, pr.completeness);
        put(fr.areas_left_out, pr.areas_left_out);
    }
    {
        auto& fo = full.network.region_off_network_by_category;
        const auto& po = part.network.region_off_network_by_category;
        if (fo.size() == full.categories.size() && po.size() == part.categories.size()) {
            for (const auto& [c, kp] : part_index) fo[full_index[c]] = po[kp];
            std::size_t total = 0;
            for (auto n : fo) total += n;
            full.network.region_assets_off_network = total;
        }
    }
    // Each public-transport point's minutes of the categories measured again.
    if (full.transit.used && part.transit.used &&
        full.transit.points.size() == part.transit.points.size()) {
        const std::size_t nf = full.transit.categories.size();
        const std::size_t np = part.transit.categories.size();
        const std::size_t windows = full.transit.windows.size();
        for (std::size_t kp = 0; kp < np; ++kp) {
            const auto it = std::find(full.transit.categories.begin(),
                                      full.transit.categories.end(), part.transit.categories[kp]);
            if (it == full.transit.categories.end()) continue;
            const auto kf = static_cast<std::size_t>(it - full.transit.categories.begin());
            for (std::size_t i = 0; i < full.transit.points.size(); ++i) {
                auto& to = full.transit.points[i].minutes;
                const auto& from = part.transit.points[i].minutes;
                if (to.size() != windows * nf || from.size() != windows * np) continue;
                for (std::size_t w = 0; w < windows; ++w) to[w * nf + kf] = from[w * np + kp];
            }
        }
    }
    std::set<std::string> in_part(part.categories.begin(), part.categories.end());
    full.categories_without_assets = merge_list(full.categories, in_part,
                                                full.categories_without_assets,
                                                part.categories_without_assets);
    full.network.categories_unreachable =
        merge_list(full.categories, in_part, full.network.categories_unreachable,
                   part.network.categories_unreachable);

    // Problems: the population points' (the same in both), then each category's own.
    auto starts = [](const MeasureResults& r) {
        std::size_t assets = 0;
        for (auto n : r.asset_problems) assets += n;
        std::vector<std::size_t> begin(r.asset_problems.size() + 1,
                                       r.problems.size() - std::min(assets, r.problems.size()));
        for (std::size_t k = 0; k < r.asset_problems.size(); ++k)
            begin[k + 1] = begin[k] + r.asset_problems[k];
        return begin;
    };
    if (full.asset_problems.size() != full.categories.size() ||
        part.asset_problems.size() != part.categories.size())
        throw std::invalid_argument("replace_categories: results without problem counts");
    const auto full_begin = starts(full);
    const auto part_begin = starts(part);
    ProblemReport merged;
    const auto& fp = full.problems.problems();
    const auto& pp = part.problems.problems();
    for (std::size_t i = 0; i < full_begin.front(); ++i) merged.add(fp[i]);
    std::vector<std::size_t> counts(full.categories.size(), 0);
    for (std::size_t k = 0; k < full.categories.size(); ++k) {
        const auto it = part_index.find(full.categories[k]);
        if (it == part_index.end()) {
            for (std::size_t i = full_begin[k]; i < full_begin[k + 1]; ++i) merged.add(fp[i]);
            counts[k] = full.asset_problems[k];
        } else {
            const std::size_t kp = it->second;
            for (std::size_t i = part_begin[kp]; i < part_begin[kp + 1]; ++i) merged.add(pp[i]);
            counts[k] = part.asset_problems[kp];
        }
    }
    full.problems = std::move(merged);
    full.asset_problems = std::move(counts);
}

}  // namespace assetmap::measure
