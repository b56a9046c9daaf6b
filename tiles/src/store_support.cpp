#include "store_support.hpp"

#include "gzip.hpp"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <assetmap/core/error.hpp>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace assetmap::tiles {

const char* to_string(TileFormat f) { return f == TileFormat::png ? "png" : "pbf"; }

const char* to_string(TileCompression c) { return c == TileCompression::gzip ? "gzip" : "none"; }

std::optional<TileFormat> parse_tile_format(const std::string& text) {
    if (text == "png") return TileFormat::png;
    if (text == "pbf" || text == "mvt") return TileFormat::pbf;
    return std::nullopt;
}

std::optional<TileCompression> parse_tile_compression(const std::string& text) {
    if (text == "none") return TileCompression::none;
    if (text == "gzip") return TileCompression::gzip;
    return std::nullopt;
}

}  // namespace assetmap::tiles

namespace assetmap::tiles::detail {

namespace fs = std::filesystem;

// --- gzip -----------------------------------------------------------------------------------

std::string gzip_compress(std::string_view data) {
    return GzipDeflater(Z_BEST_COMPRESSION).compress(data);
}

std::string gzip_decompress(std::string_view data, const std::string& what, std::size_t max_bytes) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) throw io_error(what + ": zlib inflateInit2 failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    std::string out;
    char buf[65536];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            const std::string msg = zs.msg ? zs.msg : "truncated or corrupt data";
            inflateEnd(&zs);
            throw io_error(what + ": cannot decompress (zlib: " + msg + ")");
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > max_bytes) {
            inflateEnd(&zs);
            throw io_error(what + ": decompressed data larger than " + std::to_string(max_bytes) +
                           " bytes");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw io_error(what + ": cannot decompress (zlib: truncated data)");
        }
    }
    inflateEnd(&zs);
    return out;
}

bool is_gzip(std::string_view data) {
    return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
           static_cast<unsigned char>(data[1]) == 0x8b;
}

// --- JSON -----------------------------------------------------------------------------------

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

// --- metadata text forms --------------------------------------------------------------------

std::string bounds_text(const BoxLonLat& b) {
    return format_number(b.min_lon_deg) + "," + format_number(b.min_lat_deg) + "," +
           format_number(b.max_lon_deg) + "," + format_number(b.max_lat_deg);
}

std::string center_text(const TileCenter& c) {
    return format_number(c.lon_deg) + "," + format_number(c.lat_deg) + "," +
           std::to_string(unsigned(c.zoom));
}

namespace {

std::vector<double> parse_numbers(const std::string& s) {
    std::vector<double> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find(',', start);
        if (end == std::string::npos) end = s.size();
        std::size_t a = start, b = end;
        while (a < b && s[a] == ' ') ++a;
        while (b > a && s[b - 1] == ' ') --b;
        double v = 0;
        const auto r = std::from_chars(s.data() + a, s.data() + b, v);
        if (a == b || r.ec != std::errc() || r.ptr != s.data() + b) return {};
        out.push_back(v);
        start = end + 1;
    }
    return out;
}

std::optional<int> parse_int(const std::string& s) {
    int v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<BoxLonLat> parse_bounds_text(const std::string& s) {
    const auto v = parse_numbers(s);
    if (v.size() != 4) return std::nullopt;
    return BoxLonLat{v[0], v[1], v[2], v[3]};
}

std::optional<TileCenter> parse_center_text(const std::string& s) {
    const auto v = parse_numbers(s);
    if (v.size() != 3 || v[2] < 0 || v[2] > 30) return std::nullopt;
    return TileCenter{v[0], v[1], std::uint8_t(v[2])};
}

std::string vector_layers_or_empty(const TilesetMetadata& m, const fs::path& p) {
    if (m.vector_layers_json.empty()) return "[]";
    std::string_view t = m.vector_layers_json;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    if (t.empty() || t.front() != '[' || !is_valid_json(t))
        throw io_error(p.string() + ": vector_layers is not a JSON array: " +
                       m.vector_layers_json.substr(0, 80));
    return m.vector_layers_json;
}

std::vector<std::pair<std::string, std::string>> metadata_pairs(const TilesetMetadata& m,
                                                                const fs::path& p) {
    std::vector<std::pair<std::string, std::string>> kv;
    kv.emplace_back("name", m.name);
    kv.emplace_back("format", to_string(m.format));
    kv.emplace_back("bounds", bounds_text(m.bounds.value()));
    kv.emplace_back("center", center_text(m.center.value()));
    kv.emplace_back("minzoom", std::to_string(unsigned(m.min_zoom)));
    kv.emplace_back("maxzoom", std::to_string(unsigned(m.max_zoom)));
    kv.emplace_back("attribution", m.attribution);
    kv.emplace_back("description", m.description);
    kv.emplace_back("type", m.type);
    kv.emplace_back("version", m.version);
    kv.emplace_back("tile_compression", to_string(m.tile_compression));
    if (m.format == TileFormat::pbf)
        kv.emplace_back("json", "{\"vector_layers\":" + vector_layers_or_empty(m, p) + "}");
    return kv;
}

TilesetMetadata metadata_from_pairs(const std::map<std::string, std::string>& kv,
                                    const fs::path& p) {
    TilesetMetadata m;
    const auto get = [&kv](const char* key) -> const std::string* {
        const auto it = kv.find(key);
        return it == kv.end() ? nullptr : &it->second;
    };
    if (const auto* v = get("name")) m.name = *v;
    if (const auto* v = get("description")) m.description = *v;
    if (const auto* v = get("attribution")) m.attribution = *v;
    if (const auto* v = get("version")) m.version = *v;
    if (const auto* v = get("type")) m.type = *v;
    if (const auto* v = get("format")) {
        const auto f = parse_tile_format(*v);
        if (!f)
            throw io_error(p.string() + ": unsupported tile format '" + *v +
                           "' (png or pbf expected)");
        m.format = *f;
    }
    if (const auto* v = get("minzoom"))
        if (const auto z = parse_int(*v); z && *z >= 0 && *z <= 30) m.min_zoom = std::uint8_t(*z);
    if (const auto* v = get("maxzoom"))
        if (const auto z = parse_int(*v); z && *z >= 0 && *z <= 30) m.max_zoom = std::uint8_t(*z);
    if (const auto* v = get("bounds")) m.bounds = parse_bounds_text(*v);
    if (const auto* v = get("center")) m.center = parse_center_text(*v);
    if (const auto* v = get("tile_compression"))
        m.tile_compression = parse_tile_compression(*v).value_or(TileCompression::none);
    if (const auto* v = get("json")) {
        for (const auto& [key, raw] : parse_json_object(*v, p.string() + ": metadata 'json'"))
            if (key == "vector_layers") m.vector_layers_json = raw;
    }
    return m;
}

// --- tiles ----------------------------------------------------------------------------------

void check_tile(const TileId& t, const fs::path& p) {
    if (t.z > 30 || t.x >= (1u << t.z) || t.y >= (1u << t.z))
        throw io_error(p.string() + ": tile " + std::to_string(unsigned(t.z)) + "/" +
                       std::to_string(t.x) + "/" + std::to_string(t.y) +
                       " is outside its zoom's grid (x, y < 2^z, z <= 30)");
}

void TileExtent::add(const TileId& t) {
    const auto it = by_zoom_.find(t.z);
    if (it == by_zoom_.end()) {
        by_zoom_.emplace(t.z, Range{t.x, t.y, t.x, t.y});
        return;
    }
    Range& r = it->second;
    r.min_x = std::min(r.min_x, t.x);
    r.min_y = std::min(r.min_y, t.y);
    r.max_x = std::max(r.max_x, t.x);
    r.max_y = std::max(r.max_y, t.y);
}

BoxLonLat TileExtent::bounds() const {
    const auto& [z, r] = *by_zoom_.rbegin();
    const BoxLonLat nw = tile_bounds_lonlat({z, r.min_x, r.min_y});
    const BoxLonLat se = tile_bounds_lonlat({z, r.max_x, r.max_y});
    return {nw.min_lon_deg, se.min_lat_deg, se.max_lon_deg, nw.max_lat_deg};
}

TilesetMetadata complete_metadata(const TilesetMetadata& m, const TileExtent& extent,
                                  TileFormat writer_format, const fs::path& p) {
    if (m.format != writer_format)
        throw io_error(p.string() + ": metadata format '" + to_string(m.format) +
                       "' differs from the writer's '" + to_string(writer_format) + "'");
    if (m.min_zoom > m.max_zoom || m.max_zoom > 30)
        throw io_error(p.string() + ": metadata zooms " + std::to_string(unsigned(m.min_zoom)) +
                       "-" + std::to_string(unsigned(m.max_zoom)) + " are not a range within 0-30");
    TilesetMetadata out = m;
    if (!out.bounds)
        out.bounds = extent.empty()
                         ? BoxLonLat{-180, -mercator_max_lat_deg, 180, mercator_max_lat_deg}
                         : extent.bounds();
    if (!out.center) {
        const BoxLonLat& b = *out.bounds;
        out.center = TileCenter{(b.min_lon_deg + b.max_lon_deg) / 2,
                                (b.min_lat_deg + b.max_lat_deg) / 2, out.min_zoom};
    }
    if (out.format == TileFormat::png) out.vector_layers_json.clear();
    return out;
}

// --- files ----------------------------------------------------------------------------------

std::string os_error(const fs::path& path, int err) {
    return path.string() + ": " + std::strerror(err);
}

void prepare_file_output(const fs::path& path) {
    fs::path parent = path.parent_path();
    if (parent.empty()) parent = ".";
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec || !fs::is_directory(parent))
        throw io_error(parent.string() + ": cannot create the output folder (" +
                       (ec ? ec.message() : std::string("not a folder")) +
                       "); choose a writable output path");
    if (fs::is_directory(path))
        throw io_error(path.string() +
                       ": exists as a folder; remove it or name a file (e.g. out.mbtiles)");
}

fs::path temp_path_beside(const fs::path& path, const char* suffix) {
    static std::atomic<unsigned> counter{0};
    fs::path t = path;
    t += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + suffix;
    return t;
}

void rename_over(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec)
        throw io_error(to.string() + ": cannot move the finished file into place (" + ec.message() +
                       ")");
}

void write_file_atomic(const fs::path& path, std::string_view bytes) {
    const fs::path tmp = temp_path_beside(path, "");
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw io_error(os_error(tmp, errno) + "; choose a writable output folder");
    const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const int err = errno;
    if (std::fclose(f) != 0 || !ok) {
        std::remove(tmp.c_str());
        throw io_error(os_error(path, ok ? errno : err) + " (writing failed; is the disk full?)");
    }
    try {
        rename_over(tmp, path);
    } catch (...) {
        std::remove(tmp.c_str());
        throw;
    }
}

std::string read_file(const fs::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw io_error(os_error(path, errno));
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    const bool bad = std::ferror(f) != 0;
    std::fclose(f);
    if (bad) throw io_error(path.string() + ": read error");
    return out;
}

}  // namespace assetmap::tiles::detail
