/// @file The editors' tokens (tokens.hpp).

#include <assetmap/serve/tokens.hpp>

#include <assetmap/core/error.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace assetmap::serve {

bool constant_time_equal(std::string_view a, std::string_view b) {
    // Over the longer length, so a shorter guess costs as much as a right one.
    const std::size_t n = std::max(a.size(), b.size());
    volatile unsigned char diff = static_cast<unsigned char>(a.size() != b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff = static_cast<unsigned char>(diff | (x ^ y));
    }
    return diff == 0;
}

namespace {

bool valid_name(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            return false;
    return true;
}

bool valid_token(const std::string& s) {
    if (s.size() < 16 || s.size() > 256) return false;
    for (char c : s)
        if (c <= ' ' || c >= 0x7f) return false;
    return true;
}

}  // namespace

TokenTable TokenTable::from_pairs(const std::vector<std::pair<std::string, std::string>>& pairs,
                                  const std::string& origin) {
    TokenTable t;
    std::set<std::string> names, tokens;
    std::size_t k = 0;
    for (const auto& [name, token] : pairs) {
        ++k;
        const std::string where = origin + ":entry " + std::to_string(k);
        if (!valid_name(name))
            throw input_error(where, "the name '" + name.substr(0, 64) +
                                         "' must be 1-64 of A-Z a-z 0-9 . _ -");
        if (!valid_token(token))
            throw input_error(where, "the token of '" + name +
                                         "' must be 16-256 printable characters without spaces; "
                                         "make one with `openssl rand -hex 24`");
        if (!names.insert(name).second)
            throw input_error(where, "the name '" + name + "' appears twice");
        if (!tokens.insert(token).second)
            throw input_error(where, "the token of '" + name + "' is another name's too");
        t.entries_.push_back({name, token});
    }
    if (t.entries_.empty())
        throw config_error(origin + ": no tokens; write one `NAME TOKEN` pair per line");
    return t;
}

TokenTable TokenTable::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw input_error(path, "cannot read the tokens file");
    std::vector<std::pair<std::string, std::string>> pairs;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream words(line);
        std::string name, token, extra;
        if (!(words >> name) || name[0] == '#') continue;
        const std::string where = path + ":line " + std::to_string(number);
        if (!(words >> token) || (words >> extra))
            throw input_error(where, "write one `NAME TOKEN` pair per line");
        try {
            (void)from_pairs({{name, token}}, path);
        } catch (const input_error& e) {
            const std::string m = e.what();
            const auto cut = m.find(": ", m.find("entry"));
            throw input_error(where, cut == std::string::npos ? m : m.substr(cut + 2));
        }
        pairs.emplace_back(name, token);
    }
    try {
        return from_pairs(pairs, path);
    } catch (const input_error& e) {
        throw input_error(path, e.what());
    }
}

AuthResult TokenTable::check(const std::string* authorization) const {
    AuthResult r;
    if (!authorization || authorization->empty()) return r;
    const std::string& h = *authorization;
    static constexpr std::string_view scheme = "Bearer ";
    if (h.size() <= scheme.size()) {
        r.status = AuthResult::Status::malformed;
        return r;
    }
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(h[i])) !=
            std::tolower(static_cast<unsigned char>(scheme[i]))) {
            r.status = AuthResult::Status::malformed;
            return r;
        }
    std::string_view given = std::string_view(h).substr(scheme.size());
    while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
    while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
    const Entry* found = nullptr;
    for (const auto& e : entries_)
        if (constant_time_equal(given, e.token) && !found) found = &e;
    if (!found) {
        r.status = AuthResult::Status::wrong;
        return r;
    }
    r.status = AuthResult::Status::ok;
    r.name = found->name;
    return r;
}

}  // namespace assetmap::serve
