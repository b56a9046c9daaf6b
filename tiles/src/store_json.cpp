// A little JSON for the tile stores and TileJSON (store_support.hpp): quoting, number text,
// a validating scanner, object members and string values.
#include <assetmap/core/error.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "store_support.hpp"

namespace assetmap::tiles::detail {

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    char hex[8];
                    std::snprintf(hex, sizeof hex, "\\u%04x", unsigned(c));
                    out += hex;
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
    return out;
}

std::string format_number(double v) {
    if (!std::isfinite(v)) return "0";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 7);
    std::string s(buf, res.ptr);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

namespace {

/// A validating recursive-descent scanner over JSON text (RFC 8259), depth-limited.
class JsonScanner {
  public:
    explicit JsonScanner(std::string_view s) : s_(s) {}

    void ws() {
        while (i_ < s_.size() &&
               (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
            ++i_;
    }
    bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
    bool eat(char c) {
        if (!at(c)) return false;
        ++i_;
        return true;
    }
    bool done() const { return i_ == s_.size(); }
    std::size_t pos() const { return i_; }

    bool value(int depth = 0) {
        if (depth > 128) return false;
        ws();
        if (i_ >= s_.size()) return false;
        const char c = s_[i_];
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') return string();
        if (c == 't') return literal("true");
        if (c == 'f') return literal("false");
        if (c == 'n') return literal("null");
        return number();
    }

    bool string() {
        if (!eat('"')) return false;
        while (i_ < s_.size()) {
            const auto c = static_cast<unsigned char>(s_[i_++]);
            if (c == '"') return true;
            if (c < 0x20) return false;
            if (c == '\\') {
                if (i_ >= s_.size()) return false;
                const char e = s_[i_++];
                if (e == 'u') {
                    for (int k = 0; k < 4; ++k, ++i_)
                        if (i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_])))
                            return false;
                } else if (std::strchr("\"\\/bfnrt", e) == nullptr || e == '\0') {
                    return false;
                }
            }
        }
        return false;
    }

  private:
    bool object(int depth) {
        eat('{');
        ws();
        if (eat('}')) return true;
        for (;;) {
            ws();
            if (!string()) return false;
            ws();
            if (!eat(':')) return false;
            if (!value(depth + 1)) return false;
            ws();
            if (eat('}')) return true;
            if (!eat(',')) return false;
        }
    }
    bool array(int depth) {
        eat('[');
        ws();
        if (eat(']')) return true;
        for (;;) {
            if (!value(depth + 1)) return false;
            ws();
            if (eat(']')) return true;
            if (!eat(',')) return false;
        }
    }
    bool literal(const char* word) {
        const std::size_t n = std::strlen(word);
        if (s_.substr(i_, n) != word) return false;
        i_ += n;
        return true;
    }
    bool number() {
        const std::size_t start = i_;
        eat('-');
        if (eat('0')) {
        } else if (i_ < s_.size() && s_[i_] >= '1' && s_[i_] <= '9') {
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
        } else {
            return false;
        }
        if (eat('.')) {
            if (i_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[i_]))) return false;
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
        }
        if (at('e') || at('E')) {
            ++i_;
            if (!eat('+')) eat('-');
            if (i_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[i_]))) return false;
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
        }
        return i_ > start;
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

}  // namespace

bool is_valid_json(std::string_view text) {
    JsonScanner sc(text);
    if (!sc.value()) return false;
    sc.ws();
    return sc.done();
}

std::vector<std::pair<std::string, std::string>> parse_json_object(std::string_view text,
                                                                   const std::string& what) {
    const auto bad = [&what]() {
        return io_error(what + ": not a valid JSON object; re-create the file");
    };
    std::vector<std::pair<std::string, std::string>> members;
    JsonScanner sc(text);
    sc.ws();
    if (!sc.eat('{')) throw bad();
    sc.ws();
    if (!sc.eat('}')) {
        for (;;) {
            sc.ws();
            const std::size_t k0 = sc.pos();
            if (!sc.string()) throw bad();
            std::string key = json_string_value(text.substr(k0, sc.pos() - k0), what);
            sc.ws();
            if (!sc.eat(':')) throw bad();
            sc.ws();
            const std::size_t v0 = sc.pos();
            if (!sc.value(1)) throw bad();
            members.emplace_back(std::move(key), std::string(text.substr(v0, sc.pos() - v0)));
            sc.ws();
            if (sc.eat('}')) break;
            if (!sc.eat(',')) throw bad();
        }
    }
    sc.ws();
    if (!sc.done()) throw bad();
    return members;
}

std::string json_string_value(std::string_view raw, const std::string& what) {
    const auto bad = [&]() { return io_error(what + ": expected a JSON string"); };
    if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') throw bad();
    std::string out;
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i + 1 > raw.size() - 1) throw bad();
        const char e = raw[i];
        switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                const auto hex4 = [&](std::size_t at) -> std::uint32_t {
                    if (at + 4 > raw.size() - 1) throw bad();
                    std::uint32_t v = 0;
                    const auto r = std::from_chars(raw.data() + at, raw.data() + at + 4, v, 16);
                    if (r.ptr != raw.data() + at + 4) throw bad();
                    return v;
                };
                std::uint32_t cp = hex4(i + 1);
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() && raw[i + 1] == '\\' &&
                    raw[i + 2] == 'u') {
                    const std::uint32_t lo = hex4(i + 3);
                    if (lo >= 0xDC00 && lo < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 6;
                    }
                }
                append_utf8(out, cp);
                break;
            }
            default:
                throw bad();
        }
    }
    return out;
}

}  // namespace assetmap::tiles::detail
