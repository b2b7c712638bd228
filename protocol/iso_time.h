// Date and date-time text as Twenty reads and writes it.
//
// Twenty answers every DATE_TIME as `toISOString()` output (UTC, always
// milliseconds) and every DATE as "YYYY-MM-DD". What it *accepts* is wider
// and differs between the two types:
//
//   DATE_TIME (twenty-shared parseToInstantOrThrow): an ISO 8601 / RFC 9557
//     string as Temporal.Instant.from reads it (offset given), else as
//     Temporal.PlainDateTime.from reads it (no offset: taken as UTC; a bare
//     date is midnight UTC), else one of the date-fns NON_ISO_DATE_FORMATS
//     ("2024/01/15", "01-15-2024", "January 15, 2024", ...) at midnight UTC.
//   DATE (date-fns parse against ACCEPTED_DATE_FORMATS): "yyyy-MM-dd",
//     "yyyyMMdd", the same non-ISO formats, and a few date-time shapes whose
//     date part is kept.
//
// All calendar math is proleptic Gregorian by hand (days_from_civil): no
// locale, no time zone database, no libc time calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vingt::protocol {

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
// The inverse of DaysFromCivil.
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);
bool IsLeapYear(int64_t year);
unsigned DaysInMonth(int64_t year, unsigned month);

// A DATE_TIME input -> milliseconds since the Unix epoch (UTC), or nullopt
// when Twenty would answer "Invalid value ... for date-time field". Sub-
// millisecond digits are truncated toward the past, as Postgres -> JS Date.
std::optional<int64_t> ParseIsoDateTime(std::string_view text);

// Appends `ms` as JavaScript's Date.prototype.toISOString() does:
// "2024-05-01T10:00:00.000Z"; years outside 0..9999 as "+012345"/"-000001".
void FormatIsoDateTime(int64_t ms, std::string* out);
inline std::string IsoDateTime(int64_t ms) {
  std::string out;
  FormatIsoDateTime(ms, &out);
  return out;
}
// Longest output of FormatIsoDateTime.
inline constexpr size_t kMaxIsoDateTimeLength = 27;
// Writes into `buf` (at least kMaxIsoDateTimeLength bytes); returns the length.
size_t FormatIsoDateTime(int64_t ms, char* buf);

// Strict "YYYY-MM-DD" with a real calendar date (leap years checked).
bool IsValidIsoDate(std::string_view text);

// A DATE input as Twenty accepts it -> its date as "YYYY-MM-DD" (what
// Postgres stores and Twenty answers), or false.
bool ParseDateInput(std::string_view text, std::string* out);

}  // namespace vingt::protocol
