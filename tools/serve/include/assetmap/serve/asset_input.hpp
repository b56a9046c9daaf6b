#pragma once
/// @file What an editor sends for an asset (README, "Asset editing"): a JSON object for
/// POST/PATCH /api/assets, a CSV row for POST /api/assets/import, read into one value with
/// every field checked on its own (the first problem is reported with the field's name).
/// Checks that need the study (inside the areas, the taxonomy, duplicates) come later.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::serve {

/// A problem with one field of the input.
struct FieldError {
    std::string field;    ///< e.g. "name"; "body" for the whole body
    std::string message;  ///< one line: what is wrong and what is accepted
};

/// Limits of the text fields, in characters (Unicode code points).
inline constexpr std::size_t max_name_chars = 200;
inline constexpr std::size_t max_note_chars = 1000;
inline constexpr double max_capacity = 1e6;

/// The fields an edit may set; absent ones are nullopt.
struct AssetInput {
    std::optional<double> lon, lat;         ///< WGS84 degrees
    std::optional<std::string> category;    ///< as sent (id or alias; resolved later)
    std::optional<std::string> name;        ///< trimmed
    bool capacity_given = false;            ///< `capacity` was sent (null clears it)
    std::optional<double> capacity;
    std::optional<std::string> note;
    bool force = false;                     ///< add even near an asset of the same category
};

/// Reads a JSON body. `require_all` (POST) needs lon, lat, category and name; otherwise
/// (PATCH) at least one field, and lon with lat. Unknown members are errors (typos are
/// caught). Returns the input or the first error.
struct ParsedAsset {
    std::optional<AssetInput> input;
    std::optional<FieldError> error;
};
ParsedAsset parse_asset_json(std::string_view body, bool require_all);

/// One row of an import, with its 1-based line in the file.
struct ImportRow {
    std::size_t line = 0;
    AssetInput input;
};

/// One bad row of an import.
struct RowError {
    std::size_t line = 0;  ///< 1-based; 1 is the header
    FieldError error;
};

/// A CSV import read: the rows that parsed, and every bad row with its line (the caller
/// imports only when there is none: all or nothing).
struct ParsedImport {
    std::vector<ImportRow> rows;
    std::vector<RowError> errors;
};

/// Reads a CSV (RFC 4180; header `lon,lat,category,name` and optionally `capacity`, `note`,
/// `force`, in any order). At most `max_rows` data rows.
ParsedImport parse_asset_csv(std::string_view text, std::size_t max_rows = 10000);

/// Checks a name or note: valid UTF-8, no control characters, 1..max characters after
/// trimming spaces (a note may be empty). Returns the trimmed text, or the error.
std::optional<std::string> check_text(std::string_view text, const char* field,
                                      std::size_t max_chars, bool allow_empty, FieldError* error);

}  // namespace assetmap::serve
