#pragma once
// Internal to io: a streaming RFC 4180 reader for one GTFS table (a .txt file of a feed),
// fast enough for stop_times.txt (hundreds of thousands of rows): fields are views into the
// file's text, one row at a time, with the line number each row starts on.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::io::detail {

class GtfsTable {
public:
    /// Takes the whole text of the file; `source` names it in errors ("feed.zip/stops.txt").
    /// Reads the header. Throws input_error for an empty file or a malformed header.
    GtfsTable(std::string text, std::string source);

    const std::string& source() const noexcept { return source_; }
    const std::vector<std::string>& header() const noexcept { return header_; }
    /// Column index by name (exact match after trimming spaces), or nullopt.
    std::optional<std::size_t> find(std::string_view column) const;
    /// Column index; throws input_error naming the file, the column and the columns there are.
    std::size_t require(std::string_view column) const;

    /// Reads the next non-blank row; false at the end. Throws input_error ("file:line N") for
    /// an unterminated quote or a quote inside an unquoted field.
    bool next();
    /// Field `i` of the current row with surrounding spaces trimmed; "" when the row is short
    /// or the column absent (npos).
    std::string_view field(std::size_t i) const;
    std::string_view field(const std::optional<std::size_t>& i) const {
        return i ? field(*i) : std::string_view();
    }
    std::size_t field_count() const noexcept { return fields_.size(); }
    /// 1-based line the current row starts on.
    std::size_t line() const noexcept { return row_line_; }
    /// "source:line N" of the current row.
    std::string where() const { return source_ + ":line " + std::to_string(row_line_); }

private:
    bool read_row();

    std::string text_;
    std::string source_;
    std::vector<std::string> header_;
    std::vector<std::string_view> fields_;
    std::vector<std::string> unescaped_;  // quoted fields with doubled quotes
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t row_line_ = 0;
};

}  // namespace assetmap::io::detail
