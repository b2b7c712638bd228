#include "protocol/url.h"

#include <ostream>
#include <string>
#include <vector>

// GCC 12 misreports -Wrestrict inside Boost.Test's data test-case naming
// (std::operator+ on strings; GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

namespace vingt::protocol {
namespace {

namespace bdata = boost::unit_test::data;
using Params = std::vector<std::pair<std::string, std::string>>;

struct DecodeCase {
  std::string in;
  bool plus_as_space;
  bool ok;
  std::string out;  // checked only when ok
};

std::ostream& operator<<(std::ostream& os, const DecodeCase& c) {
  return os << '"' << c.in << "\" plus_as_space=" << c.plus_as_space;
}

const DecodeCase kDecodeCases[] = {
    {"", false, true, ""},
    {"/rest/people", false, true, "/rest/people"},
    {"a%20b", false, true, "a b"},
    {"%41%42%43", false, true, "ABC"},
    {"%e2%82%ac", false, true, "\xe2\x82\xac"},
    {"%E2%82%AC", false, true, "\xe2\x82\xac"},
    {"a+b", false, true, "a+b"},
    {"a+b", true, true, "a b"},
    {"%2B", true, true, "+"},
    {"%2F", false, true, "/"},
    {"%00", false, true, std::string(1, '\0')},
    {"100%", false, false, ""},
    {"%4", false, false, ""},
    {"%zz", false, false, ""},
    {"%g0", true, false, ""},
    {"%%41", false, false, ""},
};

BOOST_DATA_TEST_CASE(PercentDecodeCases, bdata::make(kDecodeCases), c) {
  std::string out = "stale";
  bool ok = PercentDecode(c.in, &out, c.plus_as_space);
  BOOST_TEST(ok == c.ok);
  if (c.ok) BOOST_TEST(out == c.out);
}

struct QueryCase {
  std::string raw;
  Params expected;
};

std::ostream& operator<<(std::ostream& os, const QueryCase& c) { return os << '"' << c.raw << '"'; }

const QueryCase kQueryCases[] = {
    {"", {}},
    {"limit=2", {{"limit", "2"}}},
    {"limit=2&order_by=name", {{"limit", "2"}, {"order_by", "name"}}},
    {"a=1&&b=2&", {{"a", "1"}, {"b", "2"}}},
    {"flag", {{"flag", ""}}},
    {"flag&x=", {{"flag", ""}, {"x", ""}}},
    {"=v", {{"", "v"}}},
    {"filter=name.firstName%5Beq%5D%3AJohn", {{"filter", "name.firstName[eq]:John"}}},
    {"q=a+b%2Bc", {{"q", "a b+c"}}},
    {"k=a=b=c", {{"k", "a=b=c"}}},
    {"k=1&k=2", {{"k", "1"}, {"k", "2"}}},
    {"bad=%zz&ok=%41", {{"bad", "%zz"}, {"ok", "A"}}},
    {"50%=off", {{"50%", "off"}}},
    {"a%20key=x", {{"a key", "x"}}},
};

BOOST_DATA_TEST_CASE(ParseQueryCases, bdata::make(kQueryCases), c) {
  Params got = ParseQuery(c.raw);
  BOOST_TEST_REQUIRE(got.size() == c.expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    BOOST_TEST(got[i].first == c.expected[i].first);
    BOOST_TEST(got[i].second == c.expected[i].second);
  }
}

struct SplitCase {
  std::string path;
  std::vector<std::string> expected;
};

std::ostream& operator<<(std::ostream& os, const SplitCase& c) { return os << '"' << c.path << '"'; }

const SplitCase kSplitCases[] = {
    {"", {}},
    {"/", {}},
    {"//", {}},
    {"/rest", {"rest"}},
    {"rest", {"rest"}},
    {"/rest/people", {"rest", "people"}},
    {"/rest/people/", {"rest", "people"}},
    {"/rest//people", {"rest", "people"}},
    {"/rest/metadata/objects/abc-123", {"rest", "metadata", "objects", "abc-123"}},
};

BOOST_DATA_TEST_CASE(SplitPathCases, bdata::make(kSplitCases), c) {
  std::vector<std::string_view> got = SplitPath(c.path);
  BOOST_TEST_REQUIRE(got.size() == c.expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) BOOST_TEST(got[i] == c.expected[i]);
}

BOOST_AUTO_TEST_CASE(SplitPathViewsPointIntoInput) {
  std::string path = "/a/bc";
  std::vector<std::string_view> got = SplitPath(path);
  BOOST_TEST_REQUIRE(got.size() == 2u);
  BOOST_TEST(got[1].data() == path.data() + 3);
}

}  // namespace
}  // namespace vingt::protocol
