#pragma once
// Private helpers shared by the tile stores and TileJSON: gzip, a little JSON, metadata
// text forms, output-path checks and the per-store factories. Not installed.

#include <assetmap/tiles/tile_store.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assetmap::tiles::detail {

// --- gzip (store_gzip.cpp; zlib deflate with a gzip wrapper; mtime 0: deterministic bytes) -
std::string gzip_compress(std::string_view data);
/// io_error (naming `what`) on corrupt input or output above `max_bytes`.
std::string gzip_decompress(std::string_view data, const std::string& what,
                            std::size_t max_bytes = std::size_t(1) << 30);
bool is_gzip(std::string_view data);

// --- JSON (store_json.cpp) ------------------------------------------------------------------
/// A JSON string literal with the quotes.
std::string json_quote(std::string_view s);
/// Fixed, locale-free number text: up to 7 decimals, trailing zeros trimmed ("-3.1640625",
/// "51.5", "0"). 7 decimals is ~1 cm in latitude.
std::string format_number(double v);
/// The members of a JSON object, each value as its raw JSON text (nested values kept
/// verbatim). io_error naming `what` when `text` is not one valid JSON object.
std::vector<std::pair<std::string, std::string>> parse_json_object(std::string_view text,
                                                                   const std::string& what);
/// True when `text` is one valid JSON value (surrounding whitespace allowed).
bool is_valid_json(std::string_view text);
/// The value of a JSON string literal (raw text with quotes), unescaped; io_error otherwise.
std::string json_string_value(std::string_view raw, const std::string& what);

// --- metadata text forms (store_metadata.cpp; MBTiles values, metadata.json) -----------------
/// "w,s,e,n" in degrees.
std::string bounds_text(const BoxLonLat& b);
/// "lon,lat,zoom".
std::string center_text(const TileCenter& c);
std::optional<BoxLonLat> parse_bounds_text(const std::string& s);
std::optional<TileCenter> parse_center_text(const std::string& s);
/// The vector_layers text or "[]" when empty; io_error when it is not a JSON array.
std::string vector_layers_or_empty(const TilesetMetadata& m, const std::filesystem::path& p);

/// Key/value pairs in MBTiles `metadata` order and form (all strings; `json` for pbf holds
/// {"vector_layers": …}). `m` must have bounds and center set.
std::vector<std::pair<std::string, std::string>> metadata_pairs(const TilesetMetadata& m,
                                                                const std::filesystem::path& p);
/// Inverse of metadata_pairs (unknown keys ignored; missing ones keep their defaults).
TilesetMetadata metadata_from_pairs(const std::map<std::string, std::string>& kv,
                                    const std::filesystem::path& p);

// --- tiles (store_metadata.cpp) -------------------------------------------------------------
/// io_error when the tile is outside its zoom's grid or z > 30.
void check_tile(const TileId& t, const std::filesystem::path& p);

/// The tiles' extent at each zoom, to derive bounds when the metadata has none.
class TileExtent {
  public:
    void add(const TileId& t);
    bool empty() const { return by_zoom_.empty(); }
    /// The lon/lat box of the tiles at the highest zoom written (the most precise).
    BoxLonLat bounds() const;

  private:
    struct Range {
        std::uint32_t min_x, min_y, max_x, max_y;
    };
    std::map<std::uint8_t, Range> by_zoom_;
};

/// The metadata with bounds (from `extent`, or the world when nothing was written) and
/// center (middle of bounds at min_zoom) filled in; io_error when min_zoom > max_zoom or the
/// format differs from the writer's.
TilesetMetadata complete_metadata(const TilesetMetadata& m, const TileExtent& extent,
                                  TileFormat writer_format, const std::filesystem::path& p);

// --- files (store_files.cpp) ----------------------------------------------------------------
/// Checks that `path` can be written as a file: creates missing parent folders; io_error if
/// the parent cannot be created or is not a folder, or `path` is a folder.
void prepare_file_output(const std::filesystem::path& path);
/// A temporary name beside `path` ("<name>.tmp-<pid>-<n><suffix>").
std::filesystem::path temp_path_beside(const std::filesystem::path& path, const char* suffix);
/// Renames `from` over `to` (atomic on one file system); io_error with the OS message.
void rename_over(const std::filesystem::path& from, const std::filesystem::path& to);
/// Writes a whole file (temporary + rename); io_error with the OS message.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);
/// Reads a whole file; io_error when missing or unreadable.
std::string read_file(const std::filesystem::path& path);
/// "<path>: <strerror(errno)>".
std::string os_error(const std::filesystem::path& path, int err);

// --- per-store factories (mbtiles.cpp, pmtiles_writer/_reader.cpp, folder_store.cpp) ---------
std::unique_ptr<TileWriter> open_mbtiles_writer(const std::filesystem::path& path,
                                                TileFormat format, const TileStoreOptions& o);
std::unique_ptr<TileReader> open_mbtiles_reader(const std::filesystem::path& path);
std::unique_ptr<TileWriter> open_pmtiles_writer(const std::filesystem::path& path,
                                                TileFormat format, const TileStoreOptions& o);
std::unique_ptr<TileReader> open_pmtiles_reader(const std::filesystem::path& path);
std::unique_ptr<TileWriter> open_folder_writer(const std::filesystem::path& path, TileFormat format,
                                               const TileStoreOptions& o);
std::unique_ptr<TileReader> open_folder_reader(const std::filesystem::path& path);

}  // namespace assetmap::tiles::detail
