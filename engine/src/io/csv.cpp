/// @file A strict RFC 4180 CSV reader with line numbers (see csv.hpp); reading a file through
/// GDAL's virtual file system is in csv_file.cpp.

#include "assetmap/io/csv.hpp"

#include "csv_cursor.hpp"

#include <assetmap/core/ascii.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <unordered_set>

#include "assetmap/core/error.hpp"

namespace assetmap::io {

namespace {

/// Strips spaces and tabs (and stray CR/LF) from both ends.
std::string_view trim(std::string_view s) {
    constexpr std::string_view ws = " \t\r\n";
    const std::size_t first = s.find_first_not_of(ws);
    if (first == std::string_view::npos) return {};
    const std::size_t last = s.find_last_not_of(ws);
    return s.substr(first, last - first + 1);
}


}  // namespace

CsvTable CsvTable::parse(std::string_view text, const std::string& source) {
    detail::check_csv_text(text, source);
    CsvTable table;
    table.source_ = source;
    detail::CsvCursor cursor(text, source);
    table.header_ = detail::read_header(cursor, source);
    while (cursor.next()) {
        Row row;
        row.line = cursor.line();
        row.fields.assign(cursor.fields().begin(), cursor.fields().end());
        table.rows_.push_back(std::move(row));
    }
    return table;
}

std::optional<std::size_t> CsvTable::find_column(std::string_view name) const {
    return find_csv_column(header_, name);
}

std::size_t CsvTable::column(std::string_view name) const {
    return csv_column(header_, name, source_);
}

std::optional<std::size_t> find_csv_column(const std::vector<std::string>& header,
                                           std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) return i;
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (ascii_iequals(header[i], name)) return i;
    }
    return std::nullopt;
}

std::size_t csv_column(const std::vector<std::string>& header, std::string_view name,
                       const std::string& source) {
    if (const auto index = find_csv_column(header, name)) return *index;
    // The names as they can be shown: at most 20, each at most 40 bytes, no control bytes.
    std::string list;
    for (std::size_t i = 0; i < header.size() && i < 20; ++i) {
        if (!list.empty()) list += ", ";
        for (const char c : header[i].substr(0, 40))
            list += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
        if (header[i].size() > 40) list += "…";
    }
    if (header.size() > 20) list += ", … (" + std::to_string(header.size()) + " columns)";
    throw input_error(source, "no column '" + std::string(name) + "'; the columns are: " + list +
                                  " \u2014 set the right column name in the study file");
}

namespace detail {

void check_csv_text(std::string_view text, const std::string& source) {
    // A binary file (a spreadsheet, a zip, an image) is not CSV: say so rather than echo it.
    if (text.substr(0, 65536).find('\0') != std::string_view::npos ||
        text.rfind("PK\x03\x04", 0) == 0 || text.rfind("\x1f\x8b", 0) == 0)
        throw input_error(where_line(source, 1),
                          "is not a CSV text file (it holds binary data, e.g. a spreadsheet or a "
                          "zip); export the table as CSV (UTF-8, comma-separated, a header row)");
    std::size_t lead = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    while (lead < text.size() && std::string_view(" \t\r\n").find(text[lead]) != std::string_view::npos)
        ++lead;
    if (lead < text.size() && (text[lead] == '{' || text[lead] == '<'))
        throw input_error(where_line(source, 1),
                          std::string("does not look like a CSV file (it starts with '") +
                              text[lead] + "', as JSON and XML do); give a CSV file with a "
                              "header row, or use format = \"vector\" for a GIS file");
}

std::vector<std::string> read_header(CsvCursor& cursor, const std::string& source) {
    if (!cursor.next()) {
        throw input_error(where_line(source, 1),
                          "the file is empty or has only blank lines; it needs a header row "
                          "naming the columns, followed by the data rows");
    }
    std::vector<std::string> header;
    header.reserve(cursor.fields().size());
    std::unordered_set<std::string> seen;
    for (const std::string_view raw : cursor.fields()) {
        std::string name(trim(raw));
        if (!seen.insert(name).second) {
            throw input_error(where_line(source, cursor.line()),
                              name.empty() ? "the header has more than one empty column name; "
                                             "name every column (or remove trailing commas)"
                                           : "the header names column '" + name +
                                                 "' twice; give every column a unique name");
        }
        header.push_back(std::move(name));
    }
    return header;
}

}  // namespace detail

namespace {

/// Clinger's fast path: a plain decimal ([-]digits[.digits], at most 15 digits) is an
/// integer below 2^53 divided by an exact power of ten (at most 10^15): one correctly
/// rounded IEEE division, so the same double as strtod and from_chars give (test_csv
/// compares them on a million random decimals). Coordinates such as -2.9876543 take
/// this path at a third of from_chars' cost. nullopt for anything else.
std::optional<double> plain_decimal(std::string_view s) {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    std::size_t i = 0;
    const bool negative = !s.empty() && s[0] == '-';
    if (negative) i = 1;
    std::uint64_t w = 0;
    int digits = 0;
    int fraction = -1;  // digits after the point; -1 before it
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            if (++digits > 15) return std::nullopt;
            w = w * 10 + static_cast<std::uint64_t>(c - '0');
            if (fraction >= 0) ++fraction;
        } else if (c == '.' && fraction < 0) {
            fraction = 0;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0) return std::nullopt;
    double v = static_cast<double>(w);  // exact: w < 10^15 < 2^53
    if (fraction > 0) v /= kPow10[fraction];
    return negative ? -v : v;
}

}  // namespace

std::optional<double> parse_double(std::string_view field) {
    // Most fields are a bare number: no blank at either end, no '+'.
    if (!field.empty() && field.front() != ' ' && field.front() != '\t' &&
        field.front() != '+' && field.back() != ' ' && field.back() != '\t') {
        if (const auto v = plain_decimal(field)) return v;
    }
    const std::size_t first = field.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::nullopt;
    const std::size_t last = field.find_last_not_of(" \t");
    std::string_view s = field.substr(first, last - first + 1);
    // from_chars rejects a leading '+', which strtod and people accept.
    if (s.size() > 1 && s[0] == '+' && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
    if (const auto v = plain_decimal(s)) return v;
    double value = 0.0;
    const char* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace assetmap::io
