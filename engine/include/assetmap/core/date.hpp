#pragma once
/// @file Calendar dates (proleptic Gregorian, no time zone) for timetables: GTFS service
/// days, the study's transit date.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace assetmap {

/// A calendar date. Comparable; `days()` counts days since 1970-01-01.
struct Date {
    int year = 1970;
    int month = 1;  ///< 1..12
    int day = 1;    ///< 1..31

    /// Days since 1970-01-01 (negative before it).
    std::int64_t days() const;
    /// The date `days` days after 1970-01-01.
    static Date from_days(std::int64_t days);
    /// 0 = Monday … 6 = Sunday (ISO 8601 order, as GTFS calendar.txt lists the days).
    int weekday() const;
    /// The date `n` days later (earlier for negative n).
    Date plus_days(std::int64_t n) const { return from_days(days() + n); }
    /// "YYYY-MM-DD".
    std::string iso() const;

    friend bool operator==(const Date& a, const Date& b) {
        return a.year == b.year && a.month == b.month && a.day == b.day;
    }
    friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
    friend bool operator<(const Date& a, const Date& b) { return a.days() < b.days(); }
    friend bool operator<=(const Date& a, const Date& b) { return a.days() <= b.days(); }
};

/// Parses "YYYYMMDD" (GTFS) or "YYYY-MM-DD" (ISO 8601); nullopt for anything else,
/// including dates that do not exist (2023-02-29).
std::optional<Date> parse_date(std::string_view text);

/// Lower-case English weekday name ("monday" … "sunday") of 0 = Monday … 6 = Sunday.
const char* weekday_name(int weekday);
/// 0 = Monday … 6 = Sunday for a lower-case English weekday name; nullopt otherwise.
std::optional<int> parse_weekday(std::string_view name);

/// Parses a clock time "H:MM", "HH:MM" or "HH:MM:SS" into seconds after midnight; hours may
/// pass 24 (GTFS service days run past midnight: "25:10:00" is 01:10 the next morning).
/// nullopt for anything else (minutes or seconds ≥ 60, signs, spaces inside).
std::optional<std::int32_t> parse_clock_s(std::string_view text);
/// "HH:MM" (or "HH:MM:SS" when the seconds are not 0) for seconds after midnight; hours may
/// pass 24.
std::string format_clock(std::int32_t seconds);

/// `seconds` since 1970-01-01T00:00:00Z as "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601, RFC 3339).
std::string iso_utc(std::int64_t seconds);

/// The time now, as iso_utc: for run stamps, audit entries and API time stamps.
std::string utc_now_iso();

}  // namespace assetmap
