/// @file Area profiles and their highlights (see profile.hpp).

#include <assetmap/atlas/profile.hpp>

#include <assetmap/core/taxonomy.hpp>
#include <assetmap/measure/measure_key.hpp>

#include <algorithm>
#include <numeric>

namespace assetmap::atlas {

namespace {

constexpr std::size_t npos = Atlas::npos;

int domain_order(std::string_view domain) {
    if (auto d = parse_domain(domain)) return static_cast<int>(*d);
    return 3;  // unknown domains last
}

ComparatorInfo comparator_info(const Atlas& atlas, std::size_t row) {
    const auto& l = atlas.comparators();
    ComparatorInfo c;
    c.id = Atlas::text(l, row, Atlas::field(l, "comparator"));
    c.kind = Atlas::text(l, row, Atlas::field(l, "kind"));
    c.name = atlas.meta("comparator." + c.id + ".name");
    c.name_cy = atlas.meta("comparator." + c.id + ".name_cy");
    if (c.name.empty()) c.name = c.kind == "study" ? atlas.title() : c.id;
    return c;
}

std::optional<double> oriented_ratio(std::optional<double> value, std::optional<double> cmp,
                                     bool lower_is_better) {
    if (!value || !cmp) return std::nullopt;
    const double num = lower_is_better ? *cmp : *value;
    const double den = lower_is_better ? *value : *cmp;
    if (den == 0.0) return std::nullopt;
    return num / den;
}

}  // namespace

std::optional<AreaProfile> area_profile(const Atlas& atlas, std::string_view code) {
    const std::size_t row = atlas.area_row(code);
    if (row == npos) return std::nullopt;
    const auto& areas = atlas.areas();
    const auto col = [&](std::string_view name) { return Atlas::field(areas, name); };
    const auto num = [&](std::string_view name) { return Atlas::number(areas, row, col(name)); };

    AreaProfile p;
    p.row = row;
    p.code = std::string(code);
    p.name = Atlas::text(areas, row, col("name"));
    p.parent_code = Atlas::text(areas, row, col("parent_code"));
    p.population = num("population");
    p.area_km2 = num("area_km2");

    // Comparators: study, the area's parent, the region(s).
    std::vector<std::size_t> comparator_rows;
    if (auto r = atlas.comparator_row("study"); r != npos) comparator_rows.push_back(r);
    if (!p.parent_code.empty())
        if (auto r = atlas.comparator_row(p.parent_code); r != npos &&
            Atlas::text(atlas.comparators(), r, Atlas::field(atlas.comparators(), "kind")) ==
                "parent")
            comparator_rows.push_back(r);
    const auto kind_col = Atlas::field(atlas.comparators(), "kind");
    for (std::size_t r = 0; r < atlas.comparators().rows.size(); ++r)
        if (Atlas::text(atlas.comparators(), r, kind_col) == "region") comparator_rows.push_back(r);
    for (auto r : comparator_rows) p.comparators.push_back(comparator_info(atlas, r));

    // Indicators in the run's order, grouped by domain.
    const auto* ind_layer = atlas.layer("indicators");
    const auto ind_domain = Atlas::field(*ind_layer, "domain");
    const auto ind_category = Atlas::field(*ind_layer, "category");
    const auto ind_score = Atlas::field(*ind_layer, "normal_score");
    for (const auto& column : atlas.indicators()) {
        IndicatorLine line;
        line.column = column;
        const auto key = measure::parse_column(column, atlas.categories());
        if (key) {
            line.category = key->category;
            line.measure = measure::to_string(key->kind);
            if (measure::has_threshold(key->kind)) line.threshold_m = key->threshold_m;
            line.unit = measure::unit_of(key->kind);
            line.lower_is_better = measure::lower_is_better(key->kind);
        }
        const auto ir = atlas.indicator_row(p.code, column);
        if (ir != npos) {
            line.domain = Atlas::text(*ind_layer, ir, ind_domain);
            if (line.category.empty()) line.category = Atlas::text(*ind_layer, ir, ind_category);
            line.normal_score = Atlas::number(*ind_layer, ir, ind_score);
        }
        line.value = num(column);
        if (!line.category.empty()) {
            line.partial_data = num(line.category + "_partial_data").value_or(0.0) != 0.0;
            line.data_coverage_pct = num(line.category + "_data_coverage_pct");
            line.partial_source =
                atlas.meta("category." + line.category + ".completeness") == "partial";
            line.source_note = atlas.meta("category." + line.category + ".completeness_note");
        }
        const auto cmp_col = Atlas::field(atlas.comparators(), column);
        for (std::size_t k = 0; k < comparator_rows.size(); ++k) {
            const auto v = Atlas::number(atlas.comparators(), comparator_rows[k], cmp_col);
            line.comparator_value.push_back(v);
            line.ratio.push_back(oriented_ratio(line.value, v, line.lower_is_better));
            const std::string prefix =
                "comparator." + p.comparators[k].id + "." + line.category + ".";
            std::string note = atlas.meta(prefix + "null_reason");
            if (note.empty()) note = atlas.meta(prefix + "completeness_note");
            line.comparator_note.push_back(note);
        }
        p.indicators.push_back(std::move(line));
    }
    std::stable_sort(p.indicators.begin(), p.indicators.end(),
                     [](const IndicatorLine& a, const IndicatorLine& b) {
                         return domain_order(a.domain) < domain_order(b.domain);
                     });

    const char* const scores[] = {"individual_score", "community_score", "structural_score"};
    for (std::size_t d = 0; d < 3; ++d) p.domain_score[d] = num(scores[d]);
    p.asset_index = num("asset_index");
    if (auto r = num("asset_index_rank")) p.asset_index_rank = static_cast<int>(*r);
    if (auto r = num("asset_index_decile")) p.asset_index_decile = static_cast<int>(*r);
    const auto index_col = col("asset_index");
    for (std::size_t r = 0; r < areas.rows.size(); ++r)
        if (Atlas::number(areas, r, index_col)) ++p.areas_ranked;

    // Assets by domain, category, name.
    const auto& assets = atlas.assets();
    const auto a_id = Atlas::field(assets, "asset_id"), a_cat = Atlas::field(assets, "category"),
               a_dom = Atlas::field(assets, "domain"), a_name = Atlas::field(assets, "name"),
               a_src = Atlas::field(assets, "source");
    for (auto r : atlas.asset_rows(p.code))
        p.assets.push_back({r, Atlas::text(assets, r, a_id), Atlas::text(assets, r, a_cat),
                            Atlas::text(assets, r, a_dom), Atlas::text(assets, r, a_name),
                            Atlas::text(assets, r, a_src)});
    std::stable_sort(p.assets.begin(), p.assets.end(),
                     [](const ProfileAsset& a, const ProfileAsset& b) {
                         const int da = domain_order(a.domain), db = domain_order(b.domain);
                         if (da != db) return da < db;
                         if (a.category != b.category) return a.category < b.category;
                         if (a.name != b.name) return a.name < b.name;
                         return a.asset_id < b.asset_id;
                     });

    for (const auto& c : atlas.categories())
        if (num(c + "_partial_data").value_or(0.0) != 0.0) p.partial_categories.push_back(c);
    return p;
}

std::vector<Highlight> profile_highlights(const AreaProfile& profile, std::size_t comparator,
                                          std::size_t n) {
    std::vector<std::size_t> usable;
    for (std::size_t i = 0; i < profile.indicators.size(); ++i) {
        const auto& line = profile.indicators[i];
        if (line.partial_data || line.partial_source || comparator >= line.ratio.size() ||
            !line.ratio[comparator])
            continue;
        usable.push_back(i);
    }
    const auto ratio = [&](std::size_t i) { return *profile.indicators[i].ratio[comparator]; };
    // Strongest first; ties keep the earlier indicator first (stable sort).
    std::vector<std::size_t> by_strength = usable;
    std::stable_sort(by_strength.begin(), by_strength.end(),
                     [&](std::size_t a, std::size_t b) { return ratio(a) > ratio(b); });
    const std::size_t strong_n = std::min(n, (usable.size() + 1) / 2);
    const std::size_t weak_n = std::min(n, usable.size() - strong_n);
    std::vector<Highlight> out;
    for (std::size_t k = 0; k < strong_n; ++k) out.push_back({by_strength[k], comparator, true});
    std::vector<std::size_t> by_weakness = usable;
    std::stable_sort(by_weakness.begin(), by_weakness.end(),
                     [&](std::size_t a, std::size_t b) { return ratio(a) < ratio(b); });
    for (std::size_t k = 0, taken = 0; k < by_weakness.size() && taken < weak_n; ++k) {
        const auto i = by_weakness[k];
        const bool is_strong = std::any_of(out.begin(), out.end(), [&](const Highlight& h) {
            return h.strong && h.indicator == i;
        });
        if (is_strong) continue;
        out.push_back({i, comparator, false});
        ++taken;
    }
    return out;
}

}  // namespace assetmap::atlas
