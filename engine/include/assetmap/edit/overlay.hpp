#pragma once
/// @file The edit overlay: the edited asset set = the ingested (source) assets + the edits in
/// order. Pure computation; the source files are never written.
///
/// Rules (README, "Asset editing"):
/// - Each edit sets its asset's whole state (AssetEdit::after) or retires it (none).
/// - An edited source asset keeps its id, place in the list, footprint and source records,
///   and gains the record `community:<edit id>` of its latest edit; its category, domain,
///   name, point, capacity and area follow the edit. A retired asset leaves the list; an
///   edit that brings it back (an undo) puts it back in its place.
/// - Assets that are not from the sources (added by the community) follow the source
///   assets, in the order of the edit that first added them; their only record is
///   `community:<edit id>`.
/// - The area of an edited asset is found by point in polygon with the ingest's shared-edge
///   rule (the lowest code wins); outside every area it is flagged as ingest flags one
///   (area_code empty, an `outside_areas` problem).
/// - A footprint (area assets such as green space) counts only while the category is an area
///   category, as in ingest.

#include <assetmap/core/problem.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/core/taxonomy.hpp>
#include <assetmap/edit/asset_edit.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace assetmap::spatial {
class AreaLocator;
}

namespace assetmap::edit {

/// Applies edits to a study's source assets. Holds the point-in-polygon index of the areas;
/// immutable after construction and safe to share between threads.
class Overlay {
public:
    /// `areas` in StudyData order (sorted by code); `source_assets` as ingest made them.
    /// Both are copied. `region` (a study with a region comparator): its areas outside the
    /// study, so that an edited asset's `region_area_code` is set as ingest sets it (the
    /// study area holding it, else the region's area, else empty) and it counts for the
    /// region comparator.
    Overlay(const std::vector<Area>& areas, std::vector<Asset> source_assets,
            const Taxonomy& taxonomy, const RegionData* region = nullptr);
    ~Overlay();
    Overlay(Overlay&&) noexcept;
    Overlay& operator=(Overlay&&) noexcept;

    /// The edited asset list (see the rules above). An edit naming a category the taxonomy
    /// does not know, or a non-finite point, is reported in `problems` (kind bad_value) and
    /// skipped; so is an edit that is not the first of its id and has no earlier state.
    /// `outside_areas` problems are reported for edited assets outside every area.
    std::vector<Asset> apply(const std::vector<AssetEdit>& edits, ProblemReport* problems) const;

    /// The state of asset `asset_id` after `edits` (nullopt when it does not exist or is
    /// retired), as an edit would state it. An unedited source asset's state has its ingest
    /// category, name, point and capacity, and lon/lat 0 (the caller converts the point).
    std::optional<AssetState> state_of(const std::string& asset_id,
                                       const std::vector<AssetEdit>& edits) const;

    /// The source asset with this id, or nullptr.
    const Asset* source_asset(const std::string& asset_id) const;
    const std::vector<Asset>& source_assets() const noexcept { return sources_; }

    /// The index of the area containing `p` (shared-edge rule), or nullopt.
    std::optional<std::size_t> locate(const PointM& p) const;
    const std::vector<Area>& areas() const noexcept { return areas_; }

private:
    std::vector<Area> areas_;
    std::vector<Asset> sources_;
    std::map<std::string, std::size_t> source_index_;
    Taxonomy taxonomy_;
    std::unique_ptr<spatial::AreaLocator> locator_;
    bool has_region_ = false;
    std::vector<std::string> region_codes_;                ///< the region's other areas
    std::unique_ptr<spatial::AreaLocator> region_locator_;  ///< over those areas
};

/// The categories whose measures differ between two asset lists: a category is changed
/// when its assets (ids, points, capacities, footprints, areas, in order) differ. Renames
/// alone change no measure. Sorted.
std::set<std::string> changed_categories(const std::vector<Asset>& before,
                                         const std::vector<Asset>& after);

/// Puts the edited assets into an ingested study: `data.assets` becomes overlay.apply(edits),
/// its problems gain the overlay's, and the metadata says how many edits were applied
/// (`edits`, `edits.last_id`, `edits.editors`) and counts the assets per category again
/// (`assets.<category>`). `run --edits` and the live server both call this, so they agree.
void apply_to_study(StudyData& data, const Overlay& overlay, const std::vector<AssetEdit>& edits);

}  // namespace assetmap::edit
