// A streaming RFC 4180 reader for GTFS tables (see gtfs_table.hpp).

#include "gtfs_table.hpp"

#include <assetmap/core/error.hpp>

#include <cstring>

namespace assetmap::io::detail {

namespace {

std::string_view trim(std::string_view s) {
    constexpr std::string_view ws = " \t\r";
    const std::size_t a = s.find_first_not_of(ws);
    if (a == std::string_view::npos) return {};
    const std::size_t b = s.find_last_not_of(ws);
    return s.substr(a, b - a + 1);
}

}  // namespace

GtfsTable::GtfsTable(std::string text, std::string source)
    : text_(std::move(text)), source_(std::move(source)) {
    if (text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
    if (!read_row())
        throw input_error(source_, "the file is empty; a GTFS table needs a header row");
    for (std::size_t i = 0; i < fields_.size(); ++i) header_.emplace_back(trim(fields_[i]));
    fields_.clear();
}

std::optional<std::size_t> GtfsTable::find(std::string_view column) const {
    for (std::size_t i = 0; i < header_.size(); ++i)
        if (header_[i] == column) return i;
    return std::nullopt;
}

std::size_t GtfsTable::require(std::string_view column) const {
    if (auto i = find(column)) return *i;
    std::string have;
    for (const auto& h : header_) have += (have.empty() ? "" : ", ") + h;
    throw input_error(source_, "missing column '" + std::string(column) +
                                   "' (GTFS requires it); the file has: " + have);
}

std::string_view GtfsTable::field(std::size_t i) const {
    return i < fields_.size() ? trim(fields_[i]) : std::string_view();
}

bool GtfsTable::next() { return read_row(); }

bool GtfsTable::read_row() {
    fields_.clear();
    unescaped_.clear();
    const std::size_t n = text_.size();
    // Skip blank lines.
    while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        if (text_[pos_] == '\n') ++line_;
        ++pos_;
    }
    if (pos_ >= n) return false;
    row_line_ = line_;
    const char* t = text_.data();
    for (;;) {
        if (pos_ < n && t[pos_] == '"') {
            const std::size_t open_line = line_;
            std::size_t p = pos_ + 1;
            std::size_t start = p;
            std::string* buf = nullptr;
            for (;;) {
                const void* q = p < n ? std::memchr(t + p, '"', n - p) : nullptr;
                if (!q)
                    throw input_error(source_ + ":line " + std::to_string(open_line),
                                      "a quoted field is never closed; add the closing quote");
                const std::size_t qp = static_cast<const char*>(q) - t;
                for (std::size_t k = p; k < qp; ++k)
                    if (t[k] == '\n') ++line_;
                if (qp + 1 < n && t[qp + 1] == '"') {  // doubled quote
                    if (!buf) {
                        unescaped_.emplace_back();
                        buf = &unescaped_.back();
                    }
                    buf->append(t + start, qp + 1 - start);
                    p = start = qp + 2;
                    continue;
                }
                if (buf) {
                    buf->append(t + start, qp - start);
                    fields_.emplace_back(*buf);
                } else {
                    fields_.emplace_back(t + start, qp - start);
                }
                pos_ = qp + 1;
                break;
            }
            // After the closing quote: spaces, then a comma or the line end.
            while (pos_ < n && (t[pos_] == ' ' || t[pos_] == '\t' || t[pos_] == '\r')) ++pos_;
            if (pos_ < n && t[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < n && t[pos_] != '\n')
                throw input_error(source_ + ":line " + std::to_string(line_),
                                  "text after the closing quote of a quoted field; quote the "
                                  "whole field");
            if (pos_ < n) {
                ++pos_;
                ++line_;
            }
            return true;
        }
        std::size_t p = pos_;
        while (p < n && t[p] != ',' && t[p] != '\n' && t[p] != '"') ++p;
        if (p < n && t[p] == '"')
            throw input_error(source_ + ":line " + std::to_string(line_),
                              "a quote character inside an unquoted field (field " +
                                  std::to_string(fields_.size() + 1) +
                                  "); quote the whole field and double the quotes inside it");
        fields_.emplace_back(t + pos_, p - pos_);
        if (p < n && t[p] == ',') {
            pos_ = p + 1;
            continue;
        }
        pos_ = p < n ? p + 1 : n;
        if (p < n) ++line_;
        return true;
    }
}

}  // namespace assetmap::io::detail
