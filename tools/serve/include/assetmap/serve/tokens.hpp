#pragma once
/// @file The editors' Bearer tokens (`assetmap serve --tokens FILE`): one `NAME TOKEN` pair per
/// line; blank lines and lines starting with `#` are skipped. The name is what the audit
/// records (1–64 of A–Z a–z 0–9 . _ -); the token is 16–256 printable ASCII characters
/// without spaces. Tokens are compared in constant time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::serve {

/// The outcome of checking an Authorization header.
struct AuthResult {
    enum class Status { ok, missing, malformed, wrong } status = Status::missing;
    std::string name;  ///< the token's NAME when ok
};

/// The token table. Immutable; thread-safe.
class TokenTable {
public:
    TokenTable() = default;
    /// Reads the file; throws input_error naming the line for a malformed line, a short
    /// token, a duplicate name or token, and config_error when it holds no token. The file
    /// should be readable by its owner only (the caller may warn otherwise).
    static TokenTable load(const std::string& path);
    /// From (name, token) pairs (tests); the same checks.
    static TokenTable from_pairs(const std::vector<std::pair<std::string, std::string>>& pairs,
                                 const std::string& origin = "tokens");

    /// Checks `Authorization: Bearer <token>` (`header` null when absent). Every token is
    /// compared whole, whichever matches, so the time taken does not tell how much of a
    /// guess was right nor which token it was near.
    AuthResult check(const std::string* authorization) const;

    std::size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }

private:
    struct Entry {
        std::string name, token;
    };
    std::vector<Entry> entries_;
};

/// Compares two strings in time that depends only on their lengths (not on where they
/// differ).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace assetmap::serve
