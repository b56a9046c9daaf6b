#pragma once
/// @file A measured atlas as one value: the layers `run` writes into `<study>.gpkg` (areas
/// with every measure column, assets, catchments, comparators, indicators, metadata, …),
/// with the look-ups the server, the report and the tiles need. The same value comes from a
/// GeoPackage read back (read_atlas) or from a run in memory (atlas_from_run), so what is
/// served or printed is exactly what was exported.

#include <assetmap/io/layer_writer.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::transit {
class TransitModel;
}

namespace assetmap {
class Taxonomy;
}

namespace assetmap::atlas {

struct RunResult;

/// The layers of an atlas and look-ups over them. Geometry is in the atlas's metric CRS
/// (`metric_crs()`, EPSG:27700 for the default study). Immutable once built; safe to read
/// from several threads.
class Atlas {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    Atlas() = default;
    /// Takes the layers; throws input_error when `areas`, `comparators`, `indicators` or
    /// `metadata` is missing, or a required field of them (the message says the file is not
    /// a measured atlas and to run `assetmap run` first). `origin` names the source in
    /// messages (a file path, or "memory").
    Atlas(std::vector<io::OutputLayer> layers, std::string origin);

    const std::vector<io::OutputLayer>& layers() const noexcept { return layers_; }
    /// The layer with this name, or nullptr.
    const io::OutputLayer* layer(std::string_view name) const;
    const io::OutputLayer& areas() const { return layers_[areas_]; }
    /// The assets layer; an empty layer when the atlas has none.
    const io::OutputLayer& assets() const;
    const io::OutputLayer& comparators() const { return layers_[comparators_]; }
    const std::string& origin() const noexcept { return origin_; }

    /// Index of a field in a layer, or npos.
    static std::size_t field(const io::OutputLayer& layer, std::string_view name);
    /// A cell as a number (real or integer), nullopt when null, text or out of range.
    static std::optional<double> number(const io::OutputLayer& layer, std::size_t row,
                                        std::size_t field);
    /// A cell as text (numbers formatted with up to 10 significant digits), "" when null.
    static std::string text(const io::OutputLayer& layer, std::size_t row, std::size_t field);

    /// Row of the area with this code in areas(), or npos.
    std::size_t area_row(std::string_view code) const;
    /// Row of a comparator (`study`, a parent code, or the region id) in comparators(), or
    /// npos.
    std::size_t comparator_row(std::string_view id) const;

    /// Row in the `indicators` layer of (area code, indicator column), or npos.
    std::size_t indicator_row(std::string_view area_code, std::string_view column) const;
    /// Rows of assets() whose `area_code` is `code`, in layer order (empty when none).
    const std::vector<std::size_t>& asset_rows(std::string_view code) const;

    /// A metadata value, or "" when the key is absent.
    const std::string& meta(std::string_view key) const;
    const std::map<std::string, std::string, std::less<>>& metadata() const noexcept {
        return metadata_;
    }
    /// The run's indicator columns, in order (metadata `indicators`).
    const std::vector<std::string>& indicators() const noexcept { return indicators_; }
    /// The measured categories, in taxonomy order (from the `measures` layer, else the
    /// metadata thresholds).
    const std::vector<std::string>& categories() const noexcept { return categories_; }
    std::string metric_crs() const;
    std::string study_name() const { return meta("study"); }
    /// The study's title; with `lang` "cy" its Welsh title (metadata `title_cy`) when the
    /// study gives one.
    std::string title(const std::string& lang = "en") const;

private:
    std::vector<io::OutputLayer> layers_;
    std::string origin_;
    std::size_t areas_ = npos, comparators_ = npos;  ///< indices into layers_
    std::map<std::string, std::size_t, std::less<>> area_rows_, comparator_rows_;
    std::map<std::string, std::size_t, std::less<>> indicator_rows_;  ///< "code\x1fcolumn"
    std::map<std::string, std::vector<std::size_t>, std::less<>> asset_rows_;
    std::map<std::string, std::string, std::less<>> metadata_;
    std::vector<std::string> indicators_, categories_;

    void index();
};

/// Reads the atlas GeoPackage `path` (what `assetmap run`/`measure` wrote). Throws
/// input_error when it cannot be read or is not a measured atlas.
Atlas read_atlas(const std::string& path);

/// The atlas of a run in memory: the same layers `run_study` exports (atlas_layers plus the
/// catchments layer), so a value read here equals the value in the exported GeoPackage.
Atlas atlas_from_run(const RunResult& run, const Taxonomy& taxonomy,
                     const transit::TransitModel* transit = nullptr);

}  // namespace assetmap::atlas
