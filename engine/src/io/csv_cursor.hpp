#pragma once
// The RFC 4180 record cursor behind CsvTable and the streaming point reader (internal to io):
// one record at a time as views into the text, no per-field allocation.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::io::detail {

/// Reads records from `text` (the whole file, or a piece of it cut at a record boundary).
/// Handles a UTF-8 BOM (at offset 0 when `at_file_start`), CRLF or LF line ends, quoted
/// fields with commas, doubled quotes and line breaks, and skips blank lines. Fields are
/// views into the text; a quoted field with doubled quotes is unescaped into storage the
/// cursor owns. The views stay valid until the next call of next(). Throws input_error
/// ("source:line N: …") for an unterminated quoted field, a quote inside an unquoted field,
/// or characters after a closing quote.
class CsvCursor {
  public:
    /// `first_line`: the 1-based line number of the first byte of `text` in the file.
    CsvCursor(std::string_view text, const std::string& source, std::size_t first_line = 1,
              bool at_file_start = true);

    /// Reads the next non-blank record; false at the end of the text.
    bool next();

    /// 1-based line number where the current record starts.
    std::size_t line() const noexcept { return record_line_; }
    /// Byte offset of the current record's start in `text`.
    std::size_t offset() const noexcept { return record_offset_; }
    /// Byte offset just past the current record (its line end included).
    std::size_t end_offset() const noexcept { return pos_; }
    /// The current record's fields.
    const std::vector<std::string_view>& fields() const noexcept { return fields_; }

  private:
    void skip_blank_lines();
    bool at_record_end_consume();
    bool read_unquoted();
    bool read_quoted();

    std::string_view text_;
    const std::string& source_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t record_line_ = 0;
    std::size_t record_offset_ = 0;
    std::vector<std::string_view> fields_;
    std::deque<std::string> unescaped_;  ///< stable storage for fields with doubled quotes
    std::size_t unescaped_used_ = 0;
};

/// "source:line N", the `where` of a CSV error.
std::string where_line(const std::string& source, std::size_t line);

/// Reads the header record at the cursor: names trimmed, each unique. Throws input_error for
/// an empty file or a repeated name (csv.cpp).
std::vector<std::string> read_header(CsvCursor& cursor, const std::string& source);

}  // namespace assetmap::io::detail
