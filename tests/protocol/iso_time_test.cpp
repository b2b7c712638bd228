#include "protocol/iso_time.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

// GCC 12 misreports -Wrestrict inside Boost.Test's data test-case naming
// (std::operator+ on strings; GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

namespace bdata = boost::unit_test::data;

constexpr int64_t k20240115T1030Z = 1705314600000;  // 2024-01-15T10:30:00.000Z
constexpr int64_t k20240115 = 1705276800000;        // 2024-01-15T00:00:00.000Z

struct DateTimeCase {
  const char* in;
  std::optional<int64_t> ms;  // nullopt: rejected
};

std::ostream& operator<<(std::ostream& os, const DateTimeCase& c) { return os << '"' << c.in << '"'; }

// What Twenty's parseToInstantOrThrow accepts (twenty-shared
// parseToInstantOrThrow.test.ts and the data-arg processor's success and
// failure tables), plus the Temporal grammar around them.
const DateTimeCase kDateTimeCases[] = {
    {"2024-01-15T10:30:00Z", k20240115T1030Z},
    {"2024-01-15T10:30:00.000Z", k20240115T1030Z},
    {"2024-01-15T10:30:00.123Z", k20240115T1030Z + 123},
    {"2024-01-15T10:30:00.1239999Z", k20240115T1030Z + 123},
    {"2024-01-15T10:30:00,5Z", k20240115T1030Z + 500},
    {"2024-01-15T10:30:00z", k20240115T1030Z},
    {"2024-01-15t10:30:00Z", k20240115T1030Z},
    {"2024-01-15T12:30:00+02:00", k20240115T1030Z},
    {"2024-01-15T12:30:00.000+02:00", k20240115T1030Z},
    {"2024-01-15T12:30:00+0200", k20240115T1030Z},
    {"2024-01-15T12:30:00+02", k20240115T1030Z},
    {"2024-01-15T05:00:00-05:30", k20240115T1030Z},
    {"2024-01-15T10:30:00", k20240115T1030Z},
    {"2024-01-15T10:30:00.000", k20240115T1030Z},
    {"2024-01-15 10:30:00", k20240115T1030Z},
    {"2024-01-15 10:30", k20240115T1030Z},
    {"2024-01-15T10", k20240115T1030Z - 30 * 60000},
    {"2024-01-15T103000Z", k20240115T1030Z},
    {"20240115T103000Z", k20240115T1030Z},
    {"2024-01-15T10:30:00Z[UTC]", k20240115T1030Z},
    {"2024-01-15T11:30:00+01:00[Europe/Paris]", k20240115T1030Z},
    {"2024-01-15T10:30:60Z", k20240115T1030Z + 59000},  // leap second constrained
    {"2024-01-15", k20240115},
    {"20240115", k20240115},
    {"2024/01/15", k20240115},
    {"2024.01.15", k20240115},
    {"01/15/2024", k20240115},
    {"01-15-2024", k20240115},
    {"01.15.2024", k20240115},
    {"January 15, 2024", k20240115},
    {"Jan 15, 2024", k20240115},
    {"15 January 2024", k20240115},
    {"15 Jan 2024", k20240115},
    {"15-Jan-2024", k20240115},
    {"2024-Jan-15", k20240115},
    {"2024-02-29T23:59:59Z", 1709251199000},
    {"1969-12-31T23:59:59Z", -1000},
    {"1969-12-31T23:59:59.999Z", -1},
    {"1600-03-01T00:00:00Z", -11670912000000},
    {"+002000-01-01T00:00:00Z", 946684800000},
    // Rejected, with Twenty's own failure cases first.
    {"malformed-date", std::nullopt},
    {"2024", std::nullopt},
    {"2024-01", std::nullopt},
    {"2024-13-01T10:30:00Z", std::nullopt},
    {"2024-01-15T25:30:00Z", std::nullopt},
    {"", std::nullopt},
    {"2023-02-29T00:00:00Z", std::nullopt},
    {"2024-04-31", std::nullopt},
    {"2024-01-15T24:00:00Z", std::nullopt},
    {"2024-01-15T10:61:00Z", std::nullopt},
    {"2024-01-15T10:30:00+25:00", std::nullopt},
    {"2024-01-15T", std::nullopt},
    {"2024-01-15T10:30:00ZZ", std::nullopt},
    {"2024-01-15T10:30:00.Z", std::nullopt},
    {"2024-01-15T10:30:00.1234567890Z", std::nullopt},
    {"2024-1-15T10:30:00Z", std::nullopt},
    {"-000000-01-01T00:00:00Z", std::nullopt},
    {"2024-01-15T10:30:00Z[", std::nullopt},
    {"13/15/2024", std::nullopt},
    {"Foo 15, 2024", std::nullopt},
    {" 2024-01-15", std::nullopt},
};

BOOST_DATA_TEST_CASE(ParseIsoDateTimeTable, bdata::make(kDateTimeCases), c) {
  std::optional<int64_t> got = ParseIsoDateTime(c.in);
  BOOST_TEST(got.has_value() == c.ms.has_value());
  if (got && c.ms) BOOST_TEST(*got == *c.ms);
}

struct FormatCase {
  int64_t ms;
  const char* out;
};

std::ostream& operator<<(std::ostream& os, const FormatCase& c) { return os << c.ms; }

const FormatCase kFormatCases[] = {
    {0, "1970-01-01T00:00:00.000Z"},
    {k20240115T1030Z, "2024-01-15T10:30:00.000Z"},
    {k20240115T1030Z + 7, "2024-01-15T10:30:00.007Z"},
    {1709251199000, "2024-02-29T23:59:59.000Z"},
    {-1, "1969-12-31T23:59:59.999Z"},
    {-1000, "1969-12-31T23:59:59.000Z"},
    {-11670912000000, "1600-03-01T00:00:00.000Z"},
    {253402300799999, "9999-12-31T23:59:59.999Z"},
    {253402300800000, "+010000-01-01T00:00:00.000Z"},
    {-62167219200001, "-000001-12-31T23:59:59.999Z"},
};

BOOST_DATA_TEST_CASE(FormatIsoDateTimeTable, bdata::make(kFormatCases), c) {
  std::string out = "x";
  FormatIsoDateTime(c.ms, &out);  // appends
  BOOST_TEST(out == std::string("x") + c.out);
  char buf[kMaxIsoDateTimeLength];
  BOOST_TEST(std::string(buf, FormatIsoDateTime(c.ms, buf)) == c.out);
}

BOOST_AUTO_TEST_CASE(FormatThenParseRoundTrips) {
  for (int64_t ms = -5'000'000'000'000; ms < 5'000'000'000'000; ms += 123'456'789'013) {
    std::string s;
    FormatIsoDateTime(ms, &s);
    std::optional<int64_t> back = ParseIsoDateTime(s);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(*back == ms);
  }
}

BOOST_AUTO_TEST_CASE(CivilDaysRoundTrip) {
  for (int64_t days = -800'000; days <= 800'000; days += 7) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    BOOST_TEST(DaysFromCivil(y, m, d) == days);
    BOOST_TEST(d <= DaysInMonth(y, m));
  }
  BOOST_TEST(DaysFromCivil(1970, 1, 1) == 0);
  BOOST_TEST(DaysFromCivil(2000, 3, 1) == 11017);
  BOOST_TEST(IsLeapYear(2000));
  BOOST_TEST(!IsLeapYear(1900));
  BOOST_TEST(IsLeapYear(2024));
  BOOST_TEST(DaysInMonth(2023, 2) == 28u);
}

struct DateCase {
  const char* in;
  const char* out;  // nullptr: rejected
};

std::ostream& operator<<(std::ostream& os, const DateCase& c) { return os << '"' << c.in << '"'; }

// Twenty's DATE validation (date-fns against ACCEPTED_DATE_FORMATS); the
// stored value is the date Postgres keeps.
const DateCase kDateCases[] = {
    {"2025-01-13", "2025-01-13"},
    {"2025-1-3", "2025-01-03"},
    {"20250113", "2025-01-13"},
    {"2025.01.13", "2025-01-13"},
    {"2025/01/13", "2025-01-13"},
    {"01-13-2025", "2025-01-13"},
    {"01/13/2025", "2025-01-13"},
    {"01.13.2025", "2025-01-13"},
    {"January 13, 2025", "2025-01-13"},
    {"Jan 13, 2025", "2025-01-13"},
    {"13 January 2025", "2025-01-13"},
    {"13 Jan 2025", "2025-01-13"},
    {"13-Jan-2025", "2025-01-13"},
    {"2025-Jan-13", "2025-01-13"},
    {"2025-01-13T10:30:00.000Z", "2025-01-13"},
    {"2025-01-13T10:30:00Z", "2025-01-13"},
    {"2025-01-13T23:30:00+0200", "2025-01-13"},
    {"2025-01-13T10:30:00.000", "2025-01-13"},
    {"2025-01-13T10:30:00", "2025-01-13"},
    {"2025-01-13 10:30:00", "2025-01-13"},
    {"2025-01-13 10:30:00.000", "2025-01-13"},
    {"2024-02-29", "2024-02-29"},
    {"2025-01-13 ", "2025-01-13"},  // date-fns allows trailing whitespace
    {"malformed-date", nullptr},
    {"2024", nullptr},
    {"2024-01", nullptr},
    {"2024-13-01", nullptr},
    {"2024-02-31", nullptr},
    {"2023-02-29", nullptr},
    {"2025-01-13T10:30:00+02:00", nullptr},  // date-fns 'X' has no colon form
    {"0000-01-01", nullptr},
    {"", nullptr},
};

BOOST_DATA_TEST_CASE(ParseDateInputTable, bdata::make(kDateCases), c) {
  std::string out;
  bool ok = ParseDateInput(c.in, &out);
  BOOST_TEST(ok == (c.out != nullptr));
  if (ok && c.out) BOOST_TEST(out == c.out);
}

BOOST_AUTO_TEST_CASE(IsValidIsoDateIsStrict) {
  BOOST_TEST(IsValidIsoDate("2024-02-29"));
  BOOST_TEST(IsValidIsoDate("2000-02-29"));
  BOOST_TEST(!IsValidIsoDate("1900-02-29"));
  BOOST_TEST(!IsValidIsoDate("2024-02-30"));
  BOOST_TEST(!IsValidIsoDate("2024-13-01"));
  BOOST_TEST(!IsValidIsoDate("2024-00-10"));
  BOOST_TEST(!IsValidIsoDate("2024-1-01"));
  BOOST_TEST(!IsValidIsoDate("20240101"));
  BOOST_TEST(!IsValidIsoDate("2024/01/01"));
  BOOST_TEST(!IsValidIsoDate("2024-01-01T00:00:00Z"));
}

}  // namespace
}  // namespace vingt::protocol
