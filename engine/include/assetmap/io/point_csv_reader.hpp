#pragma once
/// @file Streaming reader of point CSVs: the file is cut into blocks at record boundaries,
/// and several threads parse each block's rows straight into coordinates (std::from_chars,
/// no string per row), transform them in batches (proj_trans_generic, one PROJ context per
/// thread) and hand them to the caller's work, then to the caller's commit in file order.
/// Memory stays a few blocks, whatever the file's size.

#include <assetmap/core/geometry.hpp>
#include <assetmap/core/problem.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::io {

/// What to read: a CSV with x/y columns in `crs`, transformed into `target_crs`.
struct PointCsvRequest {
    std::string path;        ///< any GDAL virtual path works (/vsizip/…)
    std::string crs;         ///< CRS of the x/y columns ("EPSG:4326": lon/lat)
    std::string target_crs;  ///< the metric CRS
    std::string x, y;        ///< coordinate columns (required)
    /// Up to 4 further columns handed over as text per row (e.g. id, weight, area code);
    /// an empty name hands over an empty view.
    std::vector<std::string> extra;
    unsigned threads = 1;              ///< worker threads (1: everything on the calling thread)
    /// Bytes per block (tests use tiny blocks). 64 KiB: `count` of 1M points at 2 threads
    /// held 8 MiB less than with 256 KiB, and ran as fast (the blocks stay in cache).
    std::size_t block_bytes = 64 << 10;
    /// Optional, for callers that need only a class of each point (e.g. its area), not its
    /// exact location. Rows of a geographic CRS then get an interpolated location
    /// (LatticeTransform), and `decide(rows, bounds_m)` is called, on the worker thread, with
    /// a batch of them: for each row whose class is the same for every location within
    /// `bounds_m[i]` metres of `rows[i]->location`, it sets `rows[i]->decided` to that class
    /// (any value); the row then keeps the interpolated location. Rows left undecided are
    /// transformed exactly by PROJ.
    std::function<void(const std::vector<struct PointCsvRow*>& rows,
                       const std::vector<double>& bounds_m)>
        decide;
};

/// The most extra columns a request can name.
constexpr std::size_t kMaxExtraColumns = 4;

/// One row with usable coordinates.
struct PointCsvRow {
    std::size_t line = 0;         ///< 1-based line where the row starts
    std::uint64_t offset = 0;     ///< byte offset of the row's start in the file
    PointM location;              ///< in the target CRS
    /// Texts of the extra columns, in the request's order. Views into the block: valid
    /// during the work and commit calls of its block only.
    std::array<std::string_view, kMaxExtraColumns> extra{};
    double source_x = 0.0, source_y = 0.0;  ///< the coordinates as read (source CRS)
    /// Set when PointCsvRequest::decide classified the row: `location` is then interpolated
    /// (within the bound decide was given), not PROJ's.
    std::optional<std::int64_t> decided;
};

/// A block of consecutive rows. The reader fills `rows` and `problems`; `work` may fill
/// `area` and `value` (one per row) for its `commit`.
struct PointCsvBlock {
    std::size_t index = 0;             ///< block number, in file order
    std::size_t rows_read = 0;         ///< data rows in the block
    std::vector<PointCsvRow> rows;     ///< rows with usable coordinates, in file order
    /// Rows left out by the reader, in file order: a wrong field count (bad_value), a
    /// coordinate that does not parse (bad_value), outside the CRS's range or not
    /// transformable (bad_coordinate). Same kinds and messages as a row-by-row read.
    std::vector<Problem> problems;
    std::vector<std::int64_t> area;    ///< for the caller: e.g. the area of each row
    std::vector<double> value;         ///< for the caller: e.g. the weight of each row

    std::string text;                  ///< the block's bytes (owned; rows view into it)
    std::uint64_t file_offset = 0;     ///< offset of text[0] in the file
    std::uint64_t file_bytes = 0;      ///< the file's size when known (else 0)
    std::size_t first_line = 1;        ///< line number of text[0]
};

/// What the reader found, for the metadata.
struct PointCsvInfo {
    std::string transform;         ///< the PROJ operation into the target CRS
    std::size_t rows_read = 0;     ///< data rows
    std::vector<std::string> header;
};

/// Called on a worker thread for each block (any order, several at once); `thread` is the
/// worker's number in [0, threads).
using PointBlockWork = std::function<void(PointCsvBlock& block, unsigned thread)>;
/// Called for each block in file order, one at a time, after its work.
using PointBlockCommit = std::function<void(PointCsvBlock& block)>;

/// Reads the CSV of `request` block by block. Throws input_error for a file that cannot be
/// read, a missing column (listing the columns) or a malformed CSV (the first error in file
/// order, "path:line N: …", as CsvTable::parse words it); crs_error when PROJ cannot build
/// the transformation. An exception from `work` or `commit` stops the read and is rethrown
/// (the one of the earliest block). A record longer than 64 MiB is an error.
PointCsvInfo read_point_csv(const PointCsvRequest& request, const PointBlockWork& work,
                            const PointBlockCommit& commit);

/// Reads one field of single rows again, by the byte offset where the row starts, for the
/// rare check that needs the text of an earlier row (e.g. a hash match of ids). Keeps the
/// file open; finds the column by name in the header on first use. Not thread-safe.
class CsvFieldReader {
  public:
    CsvFieldReader(std::string path, std::string column);
    ~CsvFieldReader();
    CsvFieldReader(CsvFieldReader&&) noexcept;
    CsvFieldReader& operator=(CsvFieldReader&&) noexcept;

    /// The field (unescaped) of the row starting at byte `offset`. Throws input_error when
    /// the row cannot be read or has no such field (the file changed during the run).
    std::string at(std::uint64_t offset);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::io
