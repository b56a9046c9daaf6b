/// @file The RFC 4180 record cursor (see csv_cursor.hpp).

#include "csv_cursor.hpp"

#include "assetmap/core/error.hpp"

#include <array>

namespace assetmap::io::detail {

namespace {

/// The bytes that end an unquoted field: ',', '\n' and '"' (an error there).
constexpr std::array<bool, 256> make_stops() {
    std::array<bool, 256> t{};
    t[static_cast<unsigned char>(',')] = true;
    t[static_cast<unsigned char>('\n')] = true;
    t[static_cast<unsigned char>('"')] = true;
    return t;
}
constexpr std::array<bool, 256> kStops = make_stops();

}  // namespace

std::string where_line(const std::string& source, std::size_t line) {
    return source + ":line " + std::to_string(line);
}

CsvCursor::CsvCursor(std::string_view text, const std::string& source, std::size_t first_line,
                     bool at_file_start)
    : text_(text), source_(source), line_(first_line) {
    if (at_file_start && text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
}

bool CsvCursor::next() {
    skip_blank_lines();
    if (pos_ >= text_.size()) return false;
    record_line_ = line_;
    record_offset_ = pos_;
    fields_.clear();
    unescaped_used_ = 0;
    for (;;) {
        const bool more = (pos_ < text_.size() && text_[pos_] == '"') ? read_quoted() : read_unquoted();
        if (!more) return true;
    }
}

/// Skips lines that are empty or hold only "\r".
void CsvCursor::skip_blank_lines() {
    while (pos_ < text_.size()) {
        if (text_[pos_] == '\n') {
            ++pos_;
            ++line_;
        } else if (text_[pos_] == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n')) {
            ++pos_;
        } else {
            return;
        }
    }
}

/// Consumes the end of a record ("\n", "\r\n" or the end of the text) if it is at `pos_`.
bool CsvCursor::at_record_end_consume() {
    if (pos_ >= text_.size()) return true;
    if (text_[pos_] == '\n') {
        ++pos_;
        ++line_;
        return true;
    }
    if (text_[pos_] == '\r') {
        if (pos_ + 1 == text_.size()) {
            ++pos_;
            return true;
        }
        if (text_[pos_ + 1] == '\n') {
            pos_ += 2;
            ++line_;
            return true;
        }
    }
    return false;
}

/// Reads an unquoted field; returns true when another field follows on the same record.
bool CsvCursor::read_unquoted() {
    const std::size_t start = pos_;
    const char* p = text_.data() + pos_;
    const char* const end_of_text = text_.data() + text_.size();
    while (p != end_of_text && !kStops[static_cast<unsigned char>(*p)]) ++p;
    const std::size_t end = static_cast<std::size_t>(p - text_.data());
    if (end < text_.size() && text_[end] == '"') {
        throw input_error(
            where_line(source_, line_),
            "a quote character (\") appears inside an unquoted field (field " +
                std::to_string(fields_.size() + 1) +
                "); quote the whole field (\"...\") and double any quotes inside it (\"\")");
    }
    std::size_t value_end = end;
    // A CR right before the line end belongs to the CRLF, not to the field.
    if ((end == text_.size() || text_[end] == '\n') && value_end > start &&
        text_[value_end - 1] == '\r') {
        --value_end;
    }
    fields_.push_back(text_.substr(start, value_end - start));
    pos_ = end;
    if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        return true;
    }
    if (pos_ < text_.size()) {  // '\n'
        ++pos_;
        ++line_;
    }
    return false;
}

/// Reads a quoted field starting at the opening quote; returns true when another field
/// follows on the same record.
bool CsvCursor::read_quoted() {
    const std::size_t open_line = line_;
    ++pos_;  // opening quote
    const std::size_t content = pos_;
    std::string* value = nullptr;  // storage once a doubled quote is seen
    for (;;) {
        const std::size_t q = text_.find('"', pos_);
        if (q == std::string_view::npos) {
            throw input_error(where_line(source_, open_line),
                              "a quoted field (field " + std::to_string(fields_.size() + 1) +
                                  ") is never closed; add the closing quote (\") or remove the "
                                  "opening one");
        }
        const std::string_view chunk = text_.substr(pos_, q - pos_);
        for (char c : chunk) {
            if (c == '\n') ++line_;
        }
        if (value) value->append(chunk);
        pos_ = q + 1;
        if (pos_ < text_.size() && text_[pos_] == '"') {  // doubled quote
            if (!value) {
                if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
                value = &unescaped_[unescaped_used_++];
                value->assign(text_.data() + content, q - content);
            }
            value->push_back('"');
            ++pos_;
            continue;
        }
        if (!value) fields_.push_back(text_.substr(content, q - content));
        break;
    }
    if (value) fields_.push_back(*value);
    if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        return true;
    }
    if (at_record_end_consume()) return false;
    throw input_error(
        where_line(source_, line_),
        "a quoted field (field " + std::to_string(fields_.size()) +
            ") is followed by other characters after its closing quote; put a comma "
            "right after the closing quote, or double quotes meant as text (\"\")");
}

}  // namespace assetmap::io::detail
