// The only file that includes the TOML parser (toml11, Debian libtoml11-dev).
#include "toml_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <new>
#include <sstream>
#include <toml.hpp>
#include <tuple>

namespace assetmap::io::detail {

namespace {

// std::map keeps a table's keys in a fixed order (toml11's default is an unordered_map).
using Value = toml::basic_value<toml::discard_comments, std::map, std::vector>;

[[noreturn]] void fail(const std::string& name, std::size_t line, const std::string& what) {
    throw config_error(name + ":line " + std::to_string(line) + ": " + what);
}

/// Length of the UTF-8 sequence at `i` (1 to 4), or 0 when it is not valid UTF-8 (the same
/// rules as toml11's lexer: no overlong forms, no surrogates, nothing past U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) -> unsigned {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0x100;
    };
    const auto cont = [&](std::size_t k) { return b(k) >= 0x80 && b(k) <= 0xBF; };
    const unsigned c = b(0);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

/// Rejects what would make the parser recurse deeply or rescan long lines (toml11 recurses per
/// nested array, inline table and dotted-key part, and copies the current line into each
/// error it builds while trying the value kinds), before any parsing. A light lexer: it skips
/// strings and comments and tells keys from values well enough to count key parts.
void check_limits(const std::string& name, std::string_view text, const TomlLimits& limits) {
    if (text.size() > limits.max_bytes)
        throw config_error(name + ": " + std::to_string(text.size()) +
                           " bytes; a TOML config file is limited to " +
                           std::to_string(limits.max_bytes) + " bytes");
    enum class Str { none, basic, literal, ml_basic, ml_literal };
    Str str = Str::none;
    std::vector<char> open;  // '[' or '{' still open
    bool comment = false;
    bool in_value = false;  // after '=' (and before the line or inline-table entry ends)
    std::size_t key_parts = 1;
    std::size_t line = 1;
    std::size_t line_start = 0;
    const auto starts = [&](std::size_t i, std::string_view s) {
        return text.substr(i, s.size()) == s;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            // TOML is UTF-8; toml11 3.7 reads out of bounds on bad UTF-8 in a '...' string.
            const std::size_t n = utf8_length(text, i);
            if (n == 0) {
                char byte[8];
                std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(c));
                fail(name, line,
                     std::string("byte ") + byte + " is not UTF-8 text; save the file as UTF-8");
            }
            i += n - 1;
            continue;
        }
        if (c == '\n') {
            if (i - line_start > limits.max_line_bytes)
                fail(name, line,
                     "line longer than " + std::to_string(limits.max_line_bytes) +
                         " bytes; split the list over several lines");
            ++line;
            line_start = i + 1;
            comment = false;
            if (open.empty() && (str == Str::none || str == Str::basic || str == Str::literal)) {
                str = Str::none;  // a single-line string cannot span lines (the parser says so)
                in_value = false;
                key_parts = 1;
            }
            continue;
        }
        if (comment) continue;
        switch (str) {
            case Str::basic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n')
                    ++i;
                else if (c == '"')
                    str = Str::none;
                continue;
            case Str::literal:
                if (c == '\'') str = Str::none;
                continue;
            case Str::ml_basic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
                    ++i;
                } else if (starts(i, "\"\"\"")) {
                    i += 2;
                    for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == '"';
                         ++extra)
                        ++i;  // """ may end with one or two more quotes that belong to the string
                    str = Str::none;
                }
                continue;
            case Str::ml_literal:
                if (starts(i, "'''")) {
                    i += 2;
                    for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == '\'';
                         ++extra)
                        ++i;
                    str = Str::none;
                }
                continue;
            case Str::none:
                break;
        }
        switch (c) {
            case '#':
                comment = true;
                break;
            case '"':
                if (starts(i, "\"\"\"")) {
                    str = Str::ml_basic;
                    i += 2;
                } else {
                    str = Str::basic;
                }
                break;
            case '\'':
                if (starts(i, "'''")) {
                    str = Str::ml_literal;
                    i += 2;
                } else {
                    str = Str::literal;
                }
                break;
            case '[':
            case '{':
                open.push_back(c);
                if (open.size() > limits.max_depth)
                    fail(name, line,
                         "brackets nested deeper than " + std::to_string(limits.max_depth) +
                             " levels");
                if (c == '{') {  // an inline table starts with a key
                    in_value = false;
                    key_parts = 1;
                }
                break;
            case ']':
            case '}':
                if (!open.empty()) open.pop_back();
                in_value = true;
                break;
            case '=':
                if (!in_value) in_value = true;
                break;
            case ',':
                if (!open.empty() && open.back() == '{') {
                    in_value = false;
                    key_parts = 1;
                }
                break;
            case '.':
                if (!in_value && ++key_parts > limits.max_key_parts)
                    fail(name, line,
                         "a dotted key or table name with more than " +
                             std::to_string(limits.max_key_parts) + " parts");
                break;
            default:
                break;
        }
    }
    if (text.size() - line_start > limits.max_line_bytes)
        fail(name, line,
             "line longer than " + std::to_string(limits.max_line_bytes) +
                 " bytes; split the list over several lines");
}

/// toml11's message is several lines (a headline, the source line, a marker and a comment
/// under it, hints): keep the headline and the last comment, on one line.
std::string one_line(const std::string& message) {
    std::istringstream in(message);
    std::string line, headline, comment;
    while (std::getline(in, line)) {
        if (headline.empty()) {
            headline = line;
            continue;
        }
        for (const char* marker : {"^---", "~ "}) {
            const auto at = line.find(marker);
            if (at != std::string::npos && line.find(" | ") != std::string::npos) {
                comment = line.substr(at + std::string(marker).size());
                break;
            }
        }
    }
    const auto strip = [](std::string& s, std::string_view prefix) {
        if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
    };
    strip(headline, "[error]");
    while (!headline.empty() && headline.front() == ' ') headline.erase(0, 1);
    if (headline.rfind("toml::", 0) == 0 || headline.rfind("parse_", 0) == 0) {
        const auto colon = headline.find(": ");
        if (colon != std::string::npos) headline.erase(0, colon + 2);
    }
    while (!comment.empty() && (comment.front() == ' ' || comment.front() == '~'))
        comment.erase(0, 1);
    while (!headline.empty() && (headline.back() == '.' || headline.back() == ' '))
        headline.pop_back();
    std::string out = headline;
    if (!comment.empty() && comment != "here") out += (out.empty() ? "" : ": ") + comment;
    if (headline == "an invalid key appeared")
        out +=
            " (a key is letters, digits, _ and -, or quoted; a table header is [name] or "
            "[[name]])";
    if (out.find("got '0x") != std::string::npos && out.find("'0x") + 3 < out.size() &&
        std::string("89abcdefABCDEF").find(out[out.find("'0x") + 3]) != std::string::npos)
        out +=
            " (a non-ASCII character outside quotes, e.g. a pasted ©: put it inside a "
            "quoted string or after #)";
    return out.empty() ? "not valid TOML" : out;
}

std::size_t line_of(const Value& v) { return v.location().line(); }

TomlNode convert(const std::string& name, const Value& v) {
    TomlNode n;
    n.line = line_of(v);
    switch (v.type()) {
        case toml::value_t::string:
            n.kind = TomlNode::Kind::string;
            n.text = v.as_string().str;
            break;
        case toml::value_t::integer: {
            n.kind = TomlNode::Kind::integer;
            const auto i = v.as_integer();
            // toml11 saturates an integer that does not fit in 64 bits instead of failing.
            if (i == std::numeric_limits<std::int64_t>::max() ||
                i == std::numeric_limits<std::int64_t>::min())
                fail(name, n.line, "integer out of range");
            n.number = static_cast<double>(i);
            break;
        }
        case toml::value_t::floating:
            n.kind = TomlNode::Kind::floating;
            n.number = v.as_floating();
            if (!std::isfinite(n.number))  // no setting takes one; nan/inf would pass checks
                fail(name, n.line, "nan and inf are not allowed; give a finite number");
            break;
        case toml::value_t::boolean:
            n.kind = TomlNode::Kind::boolean;
            n.flag = v.as_boolean();
            break;
        case toml::value_t::array:
            n.kind = TomlNode::Kind::array;
            for (const auto& e : v.as_array()) n.items.push_back(convert(name, e));
            break;
        case toml::value_t::table: {
            n.kind = TomlNode::Kind::table;
            // File order, so that the first unknown key reported is the first one written.
            std::vector<std::tuple<std::size_t, std::size_t, const std::string*, const Value*>> kv;
            for (const auto& [key, value] : v.as_table()) {
                const auto loc = value.location();
                kv.emplace_back(loc.line(), loc.column(), &key, &value);
            }
            std::sort(kv.begin(), kv.end(), [](const auto& a, const auto& b) {
                return std::tie(std::get<0>(a), std::get<1>(a), *std::get<2>(a)) <
                       std::tie(std::get<0>(b), std::get<1>(b), *std::get<2>(b));
            });
            for (const auto& [line, column, key, value] : kv) {
                n.keys.push_back(*key);
                n.values.push_back(convert(name, *value));
            }
            break;
        }
        default:  // dates and times: no key of ours takes one, and the typed getters say so
            n.kind = TomlNode::Kind::datetime;
            break;
    }
    return n;
}

const char* kind_name(TomlNode::Kind k) {
    switch (k) {
        case TomlNode::Kind::string:
            return "a string";
        case TomlNode::Kind::integer:
            return "an integer";
        case TomlNode::Kind::floating:
            return "a number";
        case TomlNode::Kind::boolean:
            return "true/false";
        case TomlNode::Kind::datetime:
            return "a date or time";
        case TomlNode::Kind::array:
            return "a list";
        case TomlNode::Kind::table:
            return "a table";
    }
    return "a value";
}

}  // namespace

void check_list(const std::string& file, std::string_view key, const TomlNode& list) {
    if (list.items.empty())
        throw config_error(where(file, list) + ": '" + std::string(key) +
                           "' is an empty list; give at least one value or remove the key");
}

std::string format_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

const TomlNode* TomlNode::find(std::string_view key) const noexcept {
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key) return &values[i];
    return nullptr;
}

TomlNode parse_toml_text(const std::string& name, std::string_view text, const TomlLimits& limits) {
    check_limits(name, text, limits);
    Value root;
    try {
        std::istringstream in{std::string(text)};
        root = toml::parse<toml::discard_comments, std::map, std::vector>(in, name);
    } catch (const toml::exception& e) {
        fail(name, e.location().line(), one_line(e.what()));
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        throw config_error(name + ": not valid TOML (" + e.what() + ")");
    }
    TomlNode out = convert(name, root);
    out.line = 1;
    return out;
}

TomlNode parse_toml(const std::string& path, const TomlLimits& limits) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(path, "cannot read the file");
    std::string text;
    char buf[16384];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<std::size_t>(in.gcount()));
        if (text.size() > limits.max_bytes) break;  // check_limits names the size
    }
    if (in.bad()) throw input_error(path, "cannot read the file (is it a folder?)");
    return parse_toml_text(path, text, limits);
}

std::string where(const std::string& file, const TomlNode& node) {
    return file + ":line " + std::to_string(node.line);
}

TomlTable::TomlTable(std::string file, const TomlNode& node, std::string section)
    : TomlTable(std::move(file), node, std::move(section), true) {}

TomlTable::TomlTable(std::string file, const TomlNode& node, std::string section, bool root)
    : file_(std::move(file)), node_(&node), section_(std::move(section)), root_(root) {}

std::string TomlTable::where() const { return detail::where(file_, *node_); }

std::string TomlTable::where(std::string_view key) const {
    const TomlNode* n = find(key);
    return detail::where(file_, n ? *n : *node_);
}

std::string TomlTable::child_section(std::string_view key) const {
    return root_ ? std::string(key) : section_ + "." + std::string(key);
}

void TomlTable::check_keys(std::initializer_list<std::string_view> allowed) const {
    for (std::size_t i = 0; i < node_->keys.size(); ++i) {
        const auto& key = node_->keys[i];
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        throw config_error(detail::where(file_, node_->values[i]) + ": unknown key '" + key +
                           "' in [" + section_ + "]; allowed keys: " + list);
    }
}

std::string TomlTable::string(std::string_view key, bool required) const {
    const TomlNode* n = find(key);
    if (!n) {
        if (required)
            throw config_error(file_ + ": [" + section_ + "] needs key '" + std::string(key) + "'");
        return {};
    }
    if (n->kind != TomlNode::Kind::string)
        throw config_error(detail::where(file_, *n) + ": '" + std::string(key) +
                           "' must be a string, not " + kind_name(n->kind));
    return n->text;
}

std::optional<double> TomlTable::number(std::string_view key) const {
    const TomlNode* n = find(key);
    if (!n) return std::nullopt;
    if (!n->is_number())
        throw config_error(detail::where(file_, *n) + ": '" + std::string(key) +
                           "' must be a number, not " + kind_name(n->kind));
    return n->number;
}

std::optional<bool> TomlTable::boolean(std::string_view key) const {
    const TomlNode* n = find(key);
    if (!n) return std::nullopt;
    if (n->kind != TomlNode::Kind::boolean)
        throw config_error(detail::where(file_, *n) + ": '" + std::string(key) +
                           "' must be true or false");
    return n->flag;
}

std::vector<std::string> TomlTable::strings(std::string_view key) const {
    std::vector<std::string> out;
    const TomlNode* n = find(key);
    if (!n) return out;
    if (n->kind != TomlNode::Kind::array)
        throw config_error(detail::where(file_, *n) + ": '" + std::string(key) +
                           "' must be a list");
    check_list(file_, key, *n);
    for (const auto& e : n->items) {
        if (e.kind != TomlNode::Kind::string)
            throw config_error(detail::where(file_, e) + ": '" + std::string(key) +
                               "' must be a list of strings");
        if (std::find(out.begin(), out.end(), e.text) != out.end())
            throw config_error(detail::where(file_, e) + ": '" + std::string(key) + "' lists '" +
                               e.text + "' twice; give each value once");
        out.push_back(e.text);
    }
    return out;
}

std::optional<std::vector<double>> TomlTable::numbers(std::string_view key) const {
    const TomlNode* n = find(key);
    if (!n) return std::nullopt;
    if (n->kind != TomlNode::Kind::array)
        throw config_error(detail::where(file_, *n) + ": '" + std::string(key) +
                           "' must be a list");
    check_list(file_, key, *n);
    std::vector<double> out;
    for (const auto& e : n->items) {
        if (!e.is_number())
            throw config_error(detail::where(file_, e) + ": '" + std::string(key) +
                               "' must be a list of numbers");
        if (std::find(out.begin(), out.end(), e.number) != out.end())
            throw config_error(detail::where(file_, e) + ": '" + std::string(key) + "' lists " +
                               format_number(e.number) + " twice; give each value once");
        out.push_back(e.number);
    }
    return out;
}

std::optional<TomlTable> TomlTable::table(std::string_view key, bool required) const {
    const TomlNode* n = find(key);
    if (!n) {
        if (required) throw config_error(file_ + ": missing section [" + child_section(key) + "]");
        return std::nullopt;
    }
    if (n->kind != TomlNode::Kind::table)
        throw config_error(detail::where(file_, *n) + ": '" + std::string(key) +
                           "' must be a table");
    return TomlTable(file_, *n, child_section(key), false);
}

std::vector<TomlTable> TomlTable::tables(std::string_view key) const {
    std::vector<TomlTable> out;
    const TomlNode* n = find(key);
    if (!n) return out;
    if (n->kind != TomlNode::Kind::array)
        throw config_error(detail::where(file_, *n) + ": use [[" + std::string(key) + "]] tables");
    for (const auto& e : n->items) {
        if (e.kind != TomlNode::Kind::table)
            throw config_error(detail::where(file_, e) + ": [[" + std::string(key) +
                               "]] must be a table");
        out.push_back(TomlTable(file_, e, child_section(key), false));
    }
    return out;
}

}  // namespace assetmap::io::detail
