/// @file Calendar dates and clock times (see date.hpp).

#include <assetmap/core/date.hpp>

#include <cstdio>
#include <ctime>

namespace assetmap {

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/// Reads exactly `n` decimal digits at `s[pos]`; -1 when they are not all digits.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t Date::days() const {
    const std::int64_t y = year - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date Date::from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    Date d;
    d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
    return d;
}

int Date::weekday() const {
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    const std::int64_t w = (days() + 3) % 7;
    return static_cast<int>(w < 0 ? w + 7 : w);
}

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::optional<Date> parse_date(std::string_view s) {
    int y, m, d;
    if (s.size() == 8) {
        y = digits(s, 0, 4);
        m = digits(s, 4, 2);
        d = digits(s, 6, 2);
    } else if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 0, 4);
        m = digits(s, 5, 2);
        d = digits(s, 8, 2);
    } else {
        return std::nullopt;
    }
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
    return Date{y, m, d};
}

const char* weekday_name(int weekday) {
    static const char* names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                  "friday", "saturday", "sunday"};
    return weekday >= 0 && weekday < 7 ? names[weekday] : "";
}

std::optional<int> parse_weekday(std::string_view name) {
    for (int i = 0; i < 7; ++i)
        if (name == weekday_name(i)) return i;
    return std::nullopt;
}

std::optional<std::int32_t> parse_clock_s(std::string_view s) {
    const std::size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 3) return std::nullopt;
    const int h = digits(s, 0, colon);
    const int m = digits(s, colon + 1, 2);
    if (h < 0 || m < 0 || m >= 60) return std::nullopt;
    int sec = 0;
    if (s.size() == colon + 3) {
        sec = 0;
    } else if (s.size() == colon + 6 && s[colon + 3] == ':') {
        sec = digits(s, colon + 4, 2);
        if (sec < 0 || sec >= 60) return std::nullopt;
    } else {
        return std::nullopt;
    }
    return h * 3600 + m * 60 + sec;
}

std::string format_clock(std::int32_t seconds) {
    const bool neg = seconds < 0;
    const std::int64_t s = neg ? -static_cast<std::int64_t>(seconds) : seconds;
    char buf[32];
    if (s % 60 == 0)
        std::snprintf(buf, sizeof buf, "%s%02lld:%02lld", neg ? "-" : "",
                      static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60));
    else
        std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld", neg ? "-" : "",
                      static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                      static_cast<long long>(s % 60));
    return buf;
}

std::string iso_utc(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string utc_now_iso() { return iso_utc(static_cast<std::int64_t>(std::time(nullptr))); }

}  // namespace assetmap
