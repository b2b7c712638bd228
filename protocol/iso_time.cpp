#include "protocol/iso_time.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <span>

namespace vingt::protocol {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;
// Temporal.Instant's range: +-10^8 days around the epoch.
constexpr int64_t kMaxInstantMs = 8'640'000'000'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsJsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Exactly `n` digits at s[*i]; advances on success.
bool Fixed(std::string_view s, size_t* i, int n, int64_t* value) {
  if (*i + n > s.size()) return false;
  int64_t v = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *value = v;
  return true;
}

// Between 1 and `max` digits, greedy, as date-fns' parseNDigits.
bool UpTo(std::string_view s, size_t* i, int max, int64_t* value) {
  int64_t v = 0;
  int n = 0;
  while (n < max && *i < s.size() && IsDigit(s[*i])) {
    v = v * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  *value = v;
  return n > 0;
}

bool ValidDate(int64_t year, int64_t month, int64_t day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, static_cast<unsigned>(month));
}

// Temporal (ISO 8601 / RFC 9557).

// Seconds fraction after [.,]: 1..9 digits, returned in nanoseconds.
bool Fraction(std::string_view s, size_t* i, int64_t* ns) {
  *ns = 0;
  if (*i >= s.size() || (s[*i] != '.' && s[*i] != ',')) return true;
  size_t j = *i + 1;
  int n = 0;
  int64_t v = 0;
  while (j < s.size() && IsDigit(s[j]) && n < 9) {
    v = v * 10 + (s[j] - '0');
    ++j;
    ++n;
  }
  if (n == 0 || (j < s.size() && IsDigit(s[j]))) return false;
  for (int k = n; k < 9; ++k) v *= 10;
  *ns = v;
  *i = j;
  return true;
}

// Parses what Temporal.Instant.from / PlainDateTime.from accept. A missing
// offset means UTC (Twenty converts the PlainDateTime with 'UTC').
std::optional<int64_t> ParseTemporal(std::string_view s) {
  size_t i = 0;
  int64_t year = 0;
  if (s.empty()) return std::nullopt;
  if (s[0] == '+' || s[0] == '-') {
    bool negative = s[0] == '-';
    i = 1;
    if (!Fixed(s, &i, 6, &year)) return std::nullopt;
    if (negative && year == 0) return std::nullopt;  // -000000 is not a year
    if (negative) year = -year;
  } else if (!Fixed(s, &i, 4, &year)) {
    return std::nullopt;
  }
  int64_t month = 0, day = 0;
  if (i < s.size() && s[i] == '-') {
    ++i;
    if (!Fixed(s, &i, 2, &month) || i >= s.size() || s[i] != '-') return std::nullopt;
    ++i;
    if (!Fixed(s, &i, 2, &day)) return std::nullopt;
  } else if (!Fixed(s, &i, 2, &month) || !Fixed(s, &i, 2, &day)) {
    return std::nullopt;
  }
  if (!ValidDate(year, month, day)) return std::nullopt;

  int64_t hour = 0, minute = 0, second = 0, fraction_ns = 0;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    ++i;
    if (!Fixed(s, &i, 2, &hour) || hour > 23) return std::nullopt;
    bool extended = i < s.size() && s[i] == ':';
    if (extended || (i < s.size() && IsDigit(s[i]))) {
      if (extended) ++i;
      if (!Fixed(s, &i, 2, &minute) || minute > 59) return std::nullopt;
      bool has_seconds = extended ? (i < s.size() && s[i] == ':') : (i < s.size() && IsDigit(s[i]));
      if (has_seconds) {
        if (extended) ++i;
        if (!Fixed(s, &i, 2, &second) || second > 60) return std::nullopt;
        if (second == 60) second = 59;  // Temporal constrains a leap second
        if (!Fraction(s, &i, &fraction_ns)) return std::nullopt;
      }
    }
  }

  int64_t offset_ns = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int64_t sign = s[i] == '-' ? -1 : 1;
    ++i;
    int64_t oh = 0, om = 0, os = 0, of = 0;
    if (!Fixed(s, &i, 2, &oh) || oh > 23) return std::nullopt;
    bool extended = i < s.size() && s[i] == ':';
    if (extended || (i < s.size() && IsDigit(s[i]))) {
      if (extended) ++i;
      if (!Fixed(s, &i, 2, &om) || om > 59) return std::nullopt;
      bool has_seconds = extended ? (i < s.size() && s[i] == ':') : (i < s.size() && IsDigit(s[i]));
      if (has_seconds) {
        if (extended) ++i;
        if (!Fixed(s, &i, 2, &os) || os > 59) return std::nullopt;
        if (!Fraction(s, &i, &of)) return std::nullopt;
      }
    }
    offset_ns = sign * ((oh * 3600 + om * 60 + os) * 1'000'000'000 + of);
  }

  // Annotations: [Europe/Paris], [u-ca=iso8601], [!critical]. Their content
  // does not move the instant once an offset is known, so only the syntax
  // is checked.
  while (i < s.size() && s[i] == '[') {
    size_t close = s.find(']', i + 1);
    if (close == std::string_view::npos || close == i + 1) return std::nullopt;
    if (s.substr(i + 1, close - i - 1).find('[') != std::string_view::npos) return std::nullopt;
    i = close + 1;
  }
  if (i != s.size()) return std::nullopt;

  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t local_ms = days * kMsPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + fraction_ns / 1'000'000;
  int64_t local_rem = fraction_ns % 1'000'000;  // ns within the millisecond, >= 0
  int64_t offset_ms = offset_ns / 1'000'000;
  int64_t offset_rem = offset_ns % 1'000'000;
  if (offset_rem < 0) {
    offset_rem += 1'000'000;
    offset_ms -= 1;
  }
  int64_t ms = local_ms - offset_ms;
  if (local_rem - offset_rem < 0) ms -= 1;  // floor toward the past
  if (ms > kMaxInstantMs || ms < -kMaxInstantMs) return std::nullopt;
  return ms;
}

// date-fns formats.

constexpr std::array<std::string_view, 12> kWideMonths = {"january",   "february", "march",    "april",
                                                          "may",       "june",     "july",     "august",
                                                          "september", "october",  "november", "december"};

bool StartsWithNoCase(std::string_view s, size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (ToLower(s[i + k]) != word[k]) return false;
  return true;
}

// date-fns en-US month matching. `allow_wide` is true for MMMM (wide, then
// abbreviated, then narrow) and false for MMM (abbreviated, then narrow).
bool MonthName(std::string_view s, size_t* i, bool allow_wide, int64_t* month) {
  if (allow_wide) {
    for (size_t m = 0; m < kWideMonths.size(); ++m) {
      if (StartsWithNoCase(s, *i, kWideMonths[m])) {
        *i += kWideMonths[m].size();
        *month = static_cast<int64_t>(m) + 1;
        return true;
      }
    }
  }
  for (size_t m = 0; m < kWideMonths.size(); ++m) {
    if (StartsWithNoCase(s, *i, kWideMonths[m].substr(0, 3))) {
      *i += 3;
      *month = static_cast<int64_t>(m) + 1;
      return true;
    }
  }
  if (*i >= s.size()) return false;
  // Narrow forms are single letters; date-fns resolves each to the first
  // month starting with it (j -> January, m -> March, a -> April).
  switch (ToLower(s[*i])) {
    case 'j': *month = 1; break;
    case 'f': *month = 2; break;
    case 'm': *month = 3; break;
    case 'a': *month = 4; break;
    case 's': *month = 9; break;
    case 'o': *month = 10; break;
    case 'n': *month = 11; break;
    case 'd': *month = 12; break;
    default: return false;
  }
  ++*i;
  return true;
}

struct LooseDate {
  int64_t year = 0;
  int64_t month = 0;
  int64_t day = 0;
};

// Matches one date-fns pattern, written here with %-escapes:
//   %Y yyyy (1-4 digits)   %M MM (1-2)   %D dd / d (1-2)
//   %N MMMM (month name)   %A MMM (month name)
//   %h HH   %m mm   %s ss (1-2 digits, range-checked)   %f SSS (1-3)
//   %X X (Z, +HH or +HHMM)
// Anything else is a literal. Like date-fns, only trailing whitespace may
// follow, and the date must exist.
bool MatchDateFns(std::string_view format, std::string_view s, LooseDate* out) {
  size_t i = 0;
  LooseDate d;
  d.month = 1;
  d.day = 1;
  bool has_year = false;
  for (size_t f = 0; f < format.size(); ++f) {
    char c = format[f];
    if (c != '%') {
      if (i >= s.size() || s[i] != c) return false;
      ++i;
      continue;
    }
    int64_t v = 0;
    switch (format[++f]) {
      case 'Y':
        if (!UpTo(s, &i, 4, &d.year)) return false;
        has_year = true;
        break;
      case 'M':
        if (!UpTo(s, &i, 2, &d.month)) return false;
        break;
      case 'D':
        if (!UpTo(s, &i, 2, &d.day)) return false;
        break;
      case 'N':
        if (!MonthName(s, &i, true, &d.month)) return false;
        break;
      case 'A':
        if (!MonthName(s, &i, false, &d.month)) return false;
        break;
      case 'h':
        if (!UpTo(s, &i, 2, &v) || v > 23) return false;
        break;
      case 'm':
      case 's':
        if (!UpTo(s, &i, 2, &v) || v > 59) return false;
        break;
      case 'f':
        if (!UpTo(s, &i, 3, &v)) return false;
        break;
      case 'X':
        if (i < s.size() && s[i] == 'Z') {
          ++i;
        } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
          ++i;
          if (!Fixed(s, &i, 2, &v)) return false;
          size_t before = i;
          if (!Fixed(s, &i, 2, &v)) i = before;
        } else {
          return false;
        }
        break;
      default: return false;
    }
  }
  while (i < s.size() && IsJsWhitespace(s[i])) ++i;
  if (i != s.size()) return false;
  // date-fns rejects year 0 for 'yyyy' and checks the day against the month.
  if (!has_year || d.year < 1) return false;
  if (!ValidDate(d.year, d.month, d.day)) return false;
  *out = d;
  return true;
}

// twenty-shared NON_ISO_DATE_FORMATS, in order.
constexpr std::string_view kNonIsoFormats[] = {
    "%Y.%M.%D",  "%Y/%M/%D", "%M-%D-%Y", "%M/%D/%Y", "%M.%D.%Y", "%N %D, %Y",
    "%A %D, %Y", "%D %N %Y", "%D %A %Y", "%D-%A-%Y", "%Y-%A-%D",
};

// twenty-shared ACCEPTED_DATE_FORMATS minus the non-ISO ones (checked in between).
constexpr std::string_view kIsoDateFormats[] = {"%Y-%M-%D", "%Y%M%D"};
constexpr std::string_view kDateTimeShapedDateFormats[] = {
    "%Y-%M-%DT%h:%m:%s.%f%X", "%Y-%M-%DT%h:%m:%s%X", "%Y-%M-%DT%h:%m:%s.%f",
    "%Y-%M-%DT%h:%m:%s",      "%Y-%M-%D %h:%m:%s",   "%Y-%M-%D %h:%m:%s.%f",
};

bool MatchAny(std::span<const std::string_view> formats, std::string_view s, LooseDate* out) {
  for (std::string_view f : formats)
    if (MatchDateFns(f, s, out)) return true;
  return false;
}

void AppendDigits(int64_t v, int width, std::string* out) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  for (int k = n; k < width; ++k) out->push_back('0');
  while (n > 0) out->push_back(buf[--n]);
}

char* PutDigits(char* p, int64_t v, int width) {
  for (int k = width - 1; k >= 0; --k) {
    p[k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}

// "00" .. "99", two characters per number.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[2 * i] = static_cast<char>('0' + i / 10);
    t[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

// Two digits of `v` (< 100).
char* Put2(char* p, unsigned v) {
  std::memcpy(p, &kDigitPairs[2 * v], 2);
  return p + 2;
}

}  // namespace

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil: eras of 400 years, March-based years
// so the leap day is last.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  const int64_t m = month;
  year -= m <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;                                   // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              // [0, 146096]
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;                                    // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  *day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

std::optional<int64_t> ParseIsoDateTime(std::string_view text) {
  if (auto ms = ParseTemporal(text)) return ms;
  LooseDate d;
  if (MatchAny(kNonIsoFormats, text, &d))
    return DaysFromCivil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day)) * kMsPerDay;
  return std::nullopt;
}

size_t FormatIsoDateTime(int64_t ms, char* buf) {
  int64_t days = ms / kMsPerDay;
  int64_t rem = ms % kMsPerDay;
  if (rem < 0) {
    rem += kMsPerDay;
    days -= 1;
  }
  // The timestamps of one response mostly fall on a few days (createdAt and
  // updatedAt of a page of records), so the date part is remembered per
  // thread. No day is INT64_MIN (|ms| / kMsPerDay is far smaller).
  thread_local int64_t cached_days = INT64_MIN;
  thread_local char cached_date[16];  // "YYYY-MM-DDT" or "+YYYYYY-MM-DDT"
  thread_local size_t cached_length = 0;
  if (days != cached_days) {
    int64_t year;
    unsigned month, day;
    CivilFromDays(days, &year, &month, &day);
    char* p = cached_date;
    if (year >= 0 && year <= 9999) {
      p = PutDigits(p, year, 4);
    } else {
      *p++ = year < 0 ? '-' : '+';
      p = PutDigits(p, year < 0 ? -year : year, 6);
    }
    *p++ = '-';
    p = Put2(p, month);
    *p++ = '-';
    p = Put2(p, day);
    *p++ = 'T';
    cached_length = static_cast<size_t>(p - cached_date);
    cached_days = days;
  }
  static_assert(sizeof(cached_date) <= kMaxIsoDateTimeLength);
  std::memcpy(buf, cached_date, sizeof(cached_date));  // fixed size: one move; the excess is overwritten
  char* p = buf + cached_length;
  uint32_t r = static_cast<uint32_t>(rem);
  const uint32_t hours = r / 3'600'000;
  r -= hours * 3'600'000;
  const uint32_t minutes = r / 60'000;
  r -= minutes * 60'000;
  const uint32_t seconds = r / 1000;
  r -= seconds * 1000;
  p = Put2(p, hours);
  *p++ = ':';
  p = Put2(p, minutes);
  *p++ = ':';
  p = Put2(p, seconds);
  *p++ = '.';
  *p++ = static_cast<char>('0' + r / 100);
  p = Put2(p, r % 100);
  *p++ = 'Z';
  return static_cast<size_t>(p - buf);
}

void FormatIsoDateTime(int64_t ms, std::string* out) {
  char buf[kMaxIsoDateTimeLength];
  out->append(buf, FormatIsoDateTime(ms, buf));
}

bool IsValidIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  size_t i = 0;
  int64_t year, month, day;
  if (!Fixed(text, &i, 4, &year)) return false;
  i = 5;
  if (!Fixed(text, &i, 2, &month)) return false;
  i = 8;
  if (!Fixed(text, &i, 2, &day)) return false;
  return ValidDate(year, month, day);
}

bool ParseDateInput(std::string_view text, std::string* out) {
  LooseDate d;
  if (!MatchAny(kIsoDateFormats, text, &d) && !MatchAny(kNonIsoFormats, text, &d) &&
      !MatchAny(kDateTimeShapedDateFormats, text, &d))
    return false;
  out->clear();
  AppendDigits(d.year, 4, out);
  out->push_back('-');
  AppendDigits(d.month, 2, out);
  out->push_back('-');
  AppendDigits(d.day, 2, out);
  return true;
}

}  // namespace vingt::protocol
