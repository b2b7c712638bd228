#include "storage/time_zone.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>

using namespace vingt::storage;
namespace bdata = boost::unit_test::data;

namespace {

constexpr const char* kParis = "CET-1CEST,M3.5.0,M10.5.0/3";
constexpr const char* kLosAngeles = "PST8PDT,M3.2.0,M11.1.0";

}  // namespace

BOOST_AUTO_TEST_SUITE(time_zone)

struct OffsetCase {
  const char* rule;
  int64_t utc_seconds;
  int32_t offset;
};
std::ostream& operator<<(std::ostream& os, const OffsetCase& c) { return os << c.rule << " @" << c.utc_seconds; }

const OffsetCase kOffsetCases[] = {
    {"UTC0", 0, 0},
    {"<+0330>-3:30", 1700000000, 12600},
    {"<-03>3", 1700000000, -10800},
    // Paris: CEST from 2025-03-30T01:00Z to 2025-10-26T01:00Z.
    {kParis, 1743296399, 3600},
    {kParis, 1743296400, 7200},
    {kParis, 1761440399, 7200},
    {kParis, 1761440400, 3600},
    // Los Angeles: PDT from 2025-03-09T10:00Z to 2025-11-02T09:00Z.
    {kLosAngeles, 1741514399, -28800},
    {kLosAngeles, 1741514400, -25200},
    {kLosAngeles, 1762073999, -25200},
    {kLosAngeles, 1762074000, -28800},
    // Sydney (southern summer): AEDT until 2025-04-05T16:00Z, from 2025-10-04T16:00Z.
    {"AEST-10AEDT,M10.1.0,M4.1.0/3", 1735689600, 39600},
    {"AEST-10AEDT,M10.1.0,M4.1.0/3", 1743868799, 39600},
    {"AEST-10AEDT,M10.1.0,M4.1.0/3", 1743868800, 36000},
    {"AEST-10AEDT,M10.1.0,M4.1.0/3", 1759593600, 39600},
    // Julian-day rules: DST from day 60 (J60 = Mar 1) to day 300.
    {"XST5XDT,J60/0,J300/0", 5097600 - 1, -18000},      // 1970-02-28T23:59:59Z
    {"XST5XDT,J60/0,J300/0", 5097600 + 18000, -14400},  // 1970-03-01T00:00 local
};

BOOST_DATA_TEST_CASE(posix_rules, bdata::make(kOffsetCases), c) {
  auto tz = TimeZone::FromPosixRule("test", c.rule);
  BOOST_TEST_REQUIRE(tz != nullptr);
  BOOST_TEST(tz->OffsetAt(c.utc_seconds) == c.offset);
}

BOOST_AUTO_TEST_CASE(bad_posix_rules_are_refused) {
  for (const char* rule : {"", "C", "CET", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
                           "<CET-1", "CET-1CEST,J0,J300"})
    BOOST_TEST(TimeZone::FromPosixRule("x", rule) == nullptr, rule);
}

// A TZif v2 file: two transitions (to +2h at t=1000, back to +1h at t=2000),
// then a footer rule that keeps a fixed +3h.
std::string SyntheticTzif(std::string footer) {
  auto u32 = [](std::string* s, uint32_t v) {
    for (int i = 3; i >= 0; --i) s->push_back(static_cast<char>(v >> (8 * i)));
  };
  auto i64 = [](std::string* s, int64_t v) {
    for (int i = 7; i >= 0; --i) s->push_back(static_cast<char>(static_cast<uint64_t>(v) >> (8 * i)));
  };
  auto header = [&](std::string* s, uint32_t times, uint32_t types, uint32_t chars) {
    s->append("TZif2");
    s->append(15, '\0');
    for (uint32_t v : {0u, 0u, 0u, times, types, chars}) u32(s, v);
  };
  std::string s;
  header(&s, 0, 1, 4);  // v1 block: one type, no transitions
  u32(&s, 3600);
  s.push_back(0);
  s.push_back(0);
  s.append("CET", 4);
  header(&s, 2, 2, 9);
  i64(&s, 1000);
  i64(&s, 2000);
  s.push_back(1);
  s.push_back(0);
  u32(&s, 3600);
  s.push_back(0);
  s.push_back(0);
  u32(&s, 7200);
  s.push_back(1);
  s.push_back(4);
  s.append("CET\0CEST", 9);
  s += "\n" + footer + "\n";
  return s;
}

BOOST_AUTO_TEST_CASE(tzif_transitions_then_footer) {
  auto tz = TimeZone::FromTzif("Synthetic/Zone", SyntheticTzif("<+03>-3"));
  BOOST_TEST_REQUIRE(tz != nullptr);
  BOOST_TEST(tz->OffsetAt(0) == 3600);  // before the first: type 0
  BOOST_TEST(tz->OffsetAt(999) == 3600);
  BOOST_TEST(tz->OffsetAt(1000) == 7200);
  BOOST_TEST(tz->OffsetAt(1999) == 7200);
  BOOST_TEST(tz->OffsetAt(2000) == 10800);  // from the last one on: the footer
  auto no_footer = TimeZone::FromTzif("Synthetic/Zone", SyntheticTzif(""));
  BOOST_TEST_REQUIRE(no_footer != nullptr);
  BOOST_TEST(no_footer->OffsetAt(5000) == 3600);
  std::string bad = SyntheticTzif("");
  bad[0] = 'X';
  BOOST_TEST(TimeZone::FromTzif("x", bad) == nullptr);
  BOOST_TEST(TimeZone::FromTzif("x", SyntheticTzif("").substr(0, 60)) == nullptr);
  BOOST_TEST(TimeZone::FromTzif("x", SyntheticTzif("nonsense")) == nullptr);
}

BOOST_AUTO_TEST_CASE(find_reads_the_system_zones) {
  BOOST_TEST(TimeZone::Find("UTC") != nullptr);
  BOOST_TEST(TimeZone::Find("Etc/UTC") != nullptr);
  BOOST_TEST(TimeZone::Find("UTC") == TimeZone::Find("UTC"));  // cached
  for (const char* bad : {"", "Mars/Base", "../etc/passwd", "/etc/passwd", "Europe//Paris", "posixrules",
                          "right/Europe/Paris", "Europe/Paris\n"})
    BOOST_TEST(TimeZone::Find(bad) == nullptr, bad);
  const char* dir = std::getenv("TZDIR");
  std::string zoneinfo = dir && *dir ? dir : "/usr/share/zoneinfo";
  if (!std::filesystem::exists(zoneinfo + "/Europe/Paris")) return;  // no tzdata here
  auto paris = TimeZone::Find("Europe/Paris");
  BOOST_TEST_REQUIRE(paris != nullptr);
  BOOST_TEST(paris->OffsetAt(1743296399) == 3600);
  BOOST_TEST(paris->OffsetAt(1743296400) == 7200);
  BOOST_TEST(paris->OffsetAt(4102444800) == 3600);  // 2100-01-01: from the footer rule
  BOOST_TEST(paris->OffsetAt(-3000000000) == 561);  // 1874: local mean time
  auto kolkata = TimeZone::Find("Asia/Kolkata");
  BOOST_TEST_REQUIRE(kolkata != nullptr);
  BOOST_TEST(kolkata->OffsetAt(1700000000) == 19800);
}

BOOST_AUTO_TEST_SUITE_END()
