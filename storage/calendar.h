// Proleptic Gregorian calendar arithmetic on days since 1970-01-01, shared
// by the time zone rules (time_zone.cpp) and the date buckets of group-by
// (aggregate.cpp). No locale, no libc time calls.
#pragma once

#include <cstdint>

namespace vingt::storage {

inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kMsPerDay = 86400000;

// a / b rounded toward negative infinity (b != 0).
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since the epoch of a date (month 1..12); Howard Hinnant's
// days_from_civil.
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// The inverse of DaysFromCivil.
constexpr void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

constexpr bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Month 1..12.
constexpr unsigned DaysInMonth(int64_t y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Monday = 0 .. Sunday = 6 of a day since the epoch (a Thursday).
constexpr unsigned WeekdayOf(int64_t days) { return static_cast<unsigned>(((days % 7) + 7 + 3) % 7); }

}  // namespace vingt::storage
