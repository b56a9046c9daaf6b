/// @file The atlas model: layers and look-ups (see atlas.hpp).

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/transit_layers.hpp>

#include <assetmap/atlas/atlas_layers.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/io/layer_reader.hpp>

#include <cstdio>
#include <set>

namespace assetmap::atlas {

namespace {

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        const auto comma = s.find(',', start);
        const auto end = comma == std::string::npos ? s.size() : comma;
        if (end > start) out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

const io::OutputLayer& empty_layer() {
    static const io::OutputLayer empty{};
    return empty;
}

}  // namespace

Atlas::Atlas(std::vector<io::OutputLayer> layers, std::string origin)
    : layers_(std::move(layers)), origin_(std::move(origin)) {
    index();
}

void Atlas::index() {
    auto find_layer = [&](const char* name) {
        for (std::size_t i = 0; i < layers_.size(); ++i)
            if (layers_[i].name == name) return i;
        throw input_error(origin_, std::string("has no layer '") + name +
                                       "': it is not a measured atlas; run `assetmap run` "
                                       "(or `assetmap measure`) to make one");
    };
    areas_ = find_layer("areas");
    comparators_ = find_layer("comparators");
    const auto& ind_layer = layers_[find_layer("indicators")];
    const auto& meta_layer = layers_[find_layer("metadata")];

    const auto require = [&](const io::OutputLayer& l, const char* f) {
        const auto i = field(l, f);
        if (i == npos)
            throw input_error(origin_ + ":" + l.name,
                              std::string("has no field '") + f +
                                  "': it is not a measured atlas of this version; rerun "
                                  "`assetmap run`");
        return i;
    };
    const auto code = require(areas(), "code");
    const auto id = require(comparators(), "comparator");
    require(comparators(), "kind");
    const auto key = require(meta_layer, "key");
    const auto value = require(meta_layer, "value");

    for (std::size_t r = 0; r < areas().rows.size(); ++r)
        area_rows_.emplace(text(areas(), r, code), r);
    for (std::size_t r = 0; r < comparators().rows.size(); ++r)
        comparator_rows_.emplace(text(comparators(), r, id), r);
    for (std::size_t r = 0; r < meta_layer.rows.size(); ++r)
        metadata_[text(meta_layer, r, key)] = text(meta_layer, r, value);

    const auto ind_area = require(ind_layer, "area_code");
    const auto ind_column = require(ind_layer, "indicator");
    for (std::size_t r = 0; r < ind_layer.rows.size(); ++r)
        indicator_rows_.emplace(text(ind_layer, r, ind_area) + '\x1f' +
                                    text(ind_layer, r, ind_column),
                                r);
    if (const auto* a = layer("assets")) {
        const auto area_code = field(*a, "area_code");
        if (area_code != npos)
            for (std::size_t r = 0; r < a->rows.size(); ++r) {
                auto c = text(*a, r, area_code);
                if (!c.empty()) asset_rows_[c].push_back(r);
            }
    }

    indicators_ = split_commas(meta("indicators"));
    if (const auto* measures = layer("measures"); measures && !measures->rows.empty()) {
        const auto cat = field(*measures, "category");
        std::set<std::string> seen;
        if (cat != npos)
            for (std::size_t r = 0; r < measures->rows.size(); ++r) {
                auto c = text(*measures, r, cat);
                if (!c.empty() && seen.insert(c).second) categories_.push_back(std::move(c));
            }
    }
    if (categories_.empty()) {
        // Categories from the metadata: measure.<c>.thresholds_m, in metadata order.
        const auto* rows = &meta_layer;
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            const auto k = text(*rows, r, key);
            const std::string prefix = "measure.", suffix = ".thresholds_m";
            if (k.size() > prefix.size() + suffix.size() && k.rfind(prefix, 0) == 0 &&
                k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0)
                categories_.push_back(
                    k.substr(prefix.size(), k.size() - prefix.size() - suffix.size()));
        }
    }
}

const io::OutputLayer* Atlas::layer(std::string_view name) const {
    for (const auto& l : layers_)
        if (l.name == name) return &l;
    return nullptr;
}

const io::OutputLayer& Atlas::assets() const {
    const auto* l = layer("assets");
    return l ? *l : empty_layer();
}

std::size_t Atlas::field(const io::OutputLayer& layer, std::string_view name) {
    for (std::size_t i = 0; i < layer.fields.size(); ++i)
        if (layer.fields[i].name == name) return i;
    return npos;
}

std::optional<double> Atlas::number(const io::OutputLayer& layer, std::size_t row,
                                    std::size_t f) {
    if (row >= layer.rows.size() || f >= layer.rows[row].size()) return std::nullopt;
    const auto& v = layer.rows[row][f];
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::nullopt;
}

std::string Atlas::text(const io::OutputLayer& layer, std::size_t row, std::size_t f) {
    if (row >= layer.rows.size() || f >= layer.rows[row].size()) return {};
    const auto& v = layer.rows[row][f];
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.10g", *d);
        return buf;
    }
    return {};
}

std::size_t Atlas::area_row(std::string_view code) const {
    const auto it = area_rows_.find(code);
    return it == area_rows_.end() ? npos : it->second;
}

std::size_t Atlas::comparator_row(std::string_view id) const {
    const auto it = comparator_rows_.find(id);
    return it == comparator_rows_.end() ? npos : it->second;
}

std::size_t Atlas::indicator_row(std::string_view area_code, std::string_view column) const {
    std::string k;
    k.reserve(area_code.size() + column.size() + 1);
    k.append(area_code).push_back('\x1f');
    k.append(column);
    const auto it = indicator_rows_.find(k);
    return it == indicator_rows_.end() ? npos : it->second;
}

const std::vector<std::size_t>& Atlas::asset_rows(std::string_view code) const {
    static const std::vector<std::size_t> none;
    const auto it = asset_rows_.find(code);
    return it == asset_rows_.end() ? none : it->second;
}

const std::string& Atlas::meta(std::string_view key) const {
    static const std::string none;
    const auto it = metadata_.find(key);
    return it == metadata_.end() ? none : it->second;
}

std::string Atlas::metric_crs() const {
    const auto& crs = meta("metric_crs");
    return crs.empty() ? "EPSG:27700" : crs;
}

std::string Atlas::title(const std::string& lang) const {
    if (lang == "cy") {
        const auto& cy = meta("title_cy");
        if (!cy.empty()) return cy;
    }
    const auto& t = meta("title");
    return t.empty() ? meta("study") : t;
}

Atlas read_atlas(const std::string& path) {
    auto read = io::read_layers(path);
    return Atlas(std::move(read.layers), path);
}

Atlas atlas_from_run(const RunResult& run, const Taxonomy& taxonomy,
                     const transit::TransitModel* transit) {
    auto layers = atlas_layers(run.data, taxonomy, run.measures, run.indicators);
    if (!run.catchments.empty()) add_catchments_layer(run.catchments, taxonomy, layers);
    if (transit) add_transit_layers(run.data, taxonomy, *transit, run.measures, run.isochrones, layers);
    return Atlas(std::move(layers), "memory");
}

}  // namespace assetmap::atlas
