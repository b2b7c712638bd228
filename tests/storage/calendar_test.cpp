#include "storage/calendar.h"

#include <boost/test/unit_test.hpp>

using namespace vingt::storage;

BOOST_AUTO_TEST_SUITE(calendar)

BOOST_AUTO_TEST_CASE(days_and_dates_round_trip_across_eras) {
  BOOST_TEST(DaysFromCivil(1970, 1, 1) == 0);
  BOOST_TEST(DaysFromCivil(2000, 3, 1) == 11017);
  BOOST_TEST(DaysFromCivil(1969, 12, 31) == -1);
  for (int64_t days = -800000; days <= 800000; days += 97) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    BOOST_TEST_REQUIRE(DaysFromCivil(y, m, d) == days);
    BOOST_TEST_REQUIRE(d <= DaysInMonth(y, m));
  }
}

BOOST_AUTO_TEST_CASE(leap_years_weekdays_and_floor_division) {
  BOOST_TEST(IsLeapYear(2000));
  BOOST_TEST(!IsLeapYear(1900));
  BOOST_TEST(IsLeapYear(2024));
  BOOST_TEST(DaysInMonth(2024, 2) == 29u);
  BOOST_TEST(DaysInMonth(2025, 2) == 28u);
  BOOST_TEST(WeekdayOf(0) == 3u);                               // 1970-01-01: Thursday
  BOOST_TEST(WeekdayOf(-1) == 2u);                              // Wednesday
  BOOST_TEST(WeekdayOf(DaysFromCivil(2025, 2, 3)) == 0u);       // Monday
  BOOST_TEST(FloorDiv(-1, kMsPerDay) == -1);
  BOOST_TEST(FloorDiv(-kMsPerDay, kMsPerDay) == -1);
  BOOST_TEST(FloorDiv(kMsPerDay - 1, kMsPerDay) == 0);
  BOOST_TEST(FloorDiv(7, -2) == -4);
}

BOOST_AUTO_TEST_SUITE_END()
