#include <assetmap/serve/url.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace assetmap::serve {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

/// True when a decoded path has a "." or ".." segment or a backslash.
bool has_dot_segment(std::string_view path) {
    if (path.find('\\') != std::string_view::npos) return true;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        const auto seg = path.substr(start, slash - start);
        if (seg == "." || seg == "..") return true;
        start = slash + 1;
    }
    return false;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = hex_value(text[i + 1]);
            const int lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (is_control(static_cast<unsigned char>(c))) return std::nullopt;
        out += c;
    }
    return out;
}

std::optional<Target> parse_target(std::string_view target) {
    if (target.empty()) return std::nullopt;
    for (char c : target)
        if (is_control(static_cast<unsigned char>(c)) || c == ' ' || c == '#')
            return std::nullopt;
    // absolute-form: http://host[:port]/path?query
    if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
        const auto rest = target.substr(target.find("//") + 2);
        const auto slash = rest.find('/');
        target = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
    }
    if (target.front() != '/') return std::nullopt;
    const auto q = target.find('?');
    const std::string_view raw_path = target.substr(0, q);
    if (has_dot_segment(raw_path)) return std::nullopt;
    auto path = percent_decode(raw_path, false);
    if (!path || has_dot_segment(*path)) return std::nullopt;
    Target out;
    out.path = std::move(*path);
    if (q != std::string_view::npos) {
        std::string_view query = target.substr(q + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const auto part = query.substr(0, amp);
            if (!part.empty()) {
                const auto eq = part.find('=');
                auto name = percent_decode(part.substr(0, eq), true);
                auto value = eq == std::string_view::npos
                                 ? std::optional<std::string>(std::string())
                                 : percent_decode(part.substr(eq + 1), true);
                if (!name || !value) return std::nullopt;
                out.query.emplace_back(std::move(*name), std::move(*value));
            }
            if (amp == std::string_view::npos) break;
            query = query.substr(amp + 1);
        }
    }
    return out;
}

std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
    if (text.empty() || text.size() > 10) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + std::uint64_t(c - '0');
    }
    if (v > max) return std::nullopt;
    return v;
}

std::optional<double> parse_finite(std::string_view text) {
    if (text.empty() || text.size() > 64) return std::nullopt;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' ||
              c == 'E'))
            return std::nullopt;  // refuses "nan", "inf", hex floats and spaces
    const std::string s(text);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        out.emplace_back(text.substr(start, comma == std::string_view::npos ? text.npos
                                                                              : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

bool is_safe_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name.front() == '.') return false;
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    return true;
}

}  // namespace assetmap::serve
