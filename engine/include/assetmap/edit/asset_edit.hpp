#pragma once
/// @file A community edit of an asset (README, "Asset editing"): one row of the edit store's
/// `asset_edits` table, holding the asset's whole state after the edit. Plain values; the
/// overlay (overlay.hpp) applies a list of them to the ingested assets.

#include <assetmap/core/geometry.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::edit {

/// What an edit did. `undo` restores the state an earlier edit replaced.
enum class EditAction { add, correct, retire, undo };

/// "add", "correct", "retire", "undo".
const char* to_string(EditAction action);
/// Parses the names above; nullopt otherwise.
std::optional<EditAction> parse_action(std::string_view text);

/// An asset as an edit states it: every attribute an edit can set.
struct AssetState {
    std::string category;            ///< a taxonomy id
    std::string name;                ///< printable, 1–200 characters
    LonLat lonlat;                   ///< as entered: WGS84 degrees, longitude first
    PointM location;                 ///< the same place in the study's metric CRS
    std::optional<double> capacity;  ///< fca2 supply; none = 1
    std::string note;                ///< free text from the editor (not measured)

    friend bool operator==(const AssetState& a, const AssetState& b) {
        return a.category == b.category && a.name == b.name && a.location == b.location &&
               a.lonlat.lon_deg == b.lonlat.lon_deg && a.lonlat.lat_deg == b.lonlat.lat_deg &&
               a.capacity == b.capacity && a.note == b.note;
    }
};

/// One stored edit: the asset's whole state after it, or none when the asset is retired
/// after it. Edits apply in ascending `id`.
struct AssetEdit {
    std::int64_t id = 0;              ///< edit id: 1, 2, 3, … in the order applied
    EditAction action = EditAction::add;
    std::string asset_id;             ///< the asset edited (an add makes a new id)
    std::optional<AssetState> after;  ///< nullopt: retired after this edit
    std::string editor;               ///< the editor's token name
    std::string time_utc;             ///< when, "YYYY-MM-DDTHH:MM:SSZ"
    std::int64_t undoes = 0;          ///< for undo: the id of the edit reverted; else 0
};

/// The id of an asset added by edit `edit_id`: "<category>:community:<edit_id>" (the form
/// of every asset id, `<category>:<source>:<id>`). The id stays when the asset is later
/// recategorised.
std::string community_asset_id(std::string_view category, std::int64_t edit_id);

/// The source name of community edits, as it appears in `source` and `source_ids`.
inline constexpr const char* community_source = "community";

}  // namespace assetmap::edit
