#pragma once
/// @file A strict RFC 4180 CSV table with line numbers, for study inputs.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::io {

/// A parsed CSV file: a header row and data rows, each with the 1-based line number where
/// it starts in the file. Handles a UTF-8 BOM, CRLF or LF line ends, quoted fields with
/// commas, doubled quotes and line breaks, and skips blank lines. A row whose field count
/// differs from the header's is kept as it is; callers check `fields.size()`.
class CsvTable {
public:
    struct Row {
        std::size_t line = 0;             ///< 1-based line number of the row's start
        std::vector<std::string> fields;
    };

    /// Parses `text`; `source` names it in errors. Throws input_error ("source:line N: …")
    /// for an unterminated quoted field, a quote inside an unquoted field, or no header.
    static CsvTable parse(std::string_view text, const std::string& source);
    /// Reads and parses a file; any GDAL virtual path works (/vsizip/…). Throws input_error
    /// when the file cannot be read.
    static CsvTable read_file(const std::string& path);

    const std::string& source() const noexcept { return source_; }
    const std::vector<std::string>& header() const noexcept { return header_; }
    const std::vector<Row>& rows() const noexcept { return rows_; }

    /// Index of a header column (exact, then case-insensitive match), or nullopt.
    std::optional<std::size_t> find_column(std::string_view name) const;
    /// Index of a header column; throws input_error naming the file, the missing column and
    /// the columns that exist.
    std::size_t column(std::string_view name) const;

private:
    std::string source_;
    std::vector<std::string> header_;
    std::vector<Row> rows_;
};

/// Index of a column in a CSV header (exact, then case-insensitive match), or nullopt.
std::optional<std::size_t> find_csv_column(const std::vector<std::string>& header,
                                           std::string_view name);
/// Index of a column in a CSV header; throws input_error naming `source`, the missing column
/// and the columns that exist.
std::size_t csv_column(const std::vector<std::string>& header, std::string_view name,
                       const std::string& source);

/// Parses a whole field as a finite double (leading/trailing spaces allowed). nullopt for
/// empty, partial ("12abc"), NaN or infinite values.
std::optional<double> parse_double(std::string_view field);

}  // namespace assetmap::io
