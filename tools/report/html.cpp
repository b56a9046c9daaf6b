/// @file HTML helpers (see html.hpp).

#include "html.hpp"

#include <cmath>
#include <cstdio>

namespace assetmap::report {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string exact_number(double value) {
    if (!std::isfinite(value)) return {};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    return buf;
}

std::string fixed(double value, int decimals) {
    if (!std::isfinite(value)) value = 0.0;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string s(buf);
    if (s == "-0" || s.rfind("-0.", 0) == 0) {
        bool zero = true;
        for (char c : s.substr(1))
            if (c != '0' && c != '.') zero = false;
        if (zero) s.erase(0, 1);
    }
    return s;
}

std::string file_stem(std::string_view code) {
    std::string out;
    for (const char c : code) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        out += ok ? c : '_';
    }
    if (out.empty() || out == "index" || out == "atlas") out = "area-" + out;
    return out;
}

}  // namespace assetmap::report
