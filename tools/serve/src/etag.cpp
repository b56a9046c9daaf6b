#include <assetmap/serve/etag.hpp>

#include <cstdio>

namespace assetmap::serve {

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

std::string strong_etag(std::string_view bytes, std::string_view variant) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv1a64(bytes)));
    std::string out = "\"";
    out += buf;
    // The length too: two representations of different sizes never share a tag.
    out += '-' + std::to_string(bytes.size());
    if (!variant.empty()) {
        out += '-';
        out += variant;
    }
    return out + "\"";
}

bool if_none_match(std::string_view field, std::string_view etag) {
    auto strip_weak = [](std::string_view t) {
        return t.size() >= 2 && (t[0] == 'W' || t[0] == 'w') && t[1] == '/' ? t.substr(2) : t;
    };
    const std::string_view want = strip_weak(etag);
    std::size_t i = 0;
    while (i < field.size()) {
        while (i < field.size() && (field[i] == ' ' || field[i] == '\t' || field[i] == ','))
            ++i;
        if (i >= field.size()) break;
        if (field[i] == '*') return true;
        std::size_t start = i;
        if (field.compare(i, 2, "W/") == 0) i += 2;
        if (i < field.size() && field[i] == '"') {
            const auto close = field.find('"', i + 1);
            if (close == std::string_view::npos) return false;
            i = close + 1;
        } else {
            while (i < field.size() && field[i] != ',') ++i;
        }
        if (strip_weak(field.substr(start, i - start)) == want) return true;
    }
    return false;
}

}  // namespace assetmap::serve
