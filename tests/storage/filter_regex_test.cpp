// Postgres-style `~` / `~*` (storage/regex_match) and the array operators
// of GraphQL's ArrayFilter / MultiSelectFilter as the filter engine
// evaluates them.
#include <optional>
#include <string>
#include <vector>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "storage/query.h"
#include "storage/regex_match.h"
#include "common/text_fold.h"
#include "tests/testutil/printers.h"

using namespace vingt;
using namespace vingt::storage;

namespace {

struct RegexCase {
  const char* pattern;
  bool case_insensitive;
  const char* text;
  bool expected;
};

std::ostream& operator<<(std::ostream& os, const RegexCase& c) {
  return os << (c.case_insensitive ? "~* " : "~ ") << c.pattern << " on " << c.text;
}

// What Postgres answers for `text ~ pattern` / `text ~* pattern`.
const RegexCase kRegexCases[] = {
    {"ove", false, "Lovelace", true},          // anywhere, no anchors needed
    {"^Love", false, "Lovelace", true},
    {"^love", false, "Lovelace", false},       // ~ is case-sensitive
    {"^love", true, "Lovelace", true},         // ~* is not
    {"ace$", false, "Lovelace", true},
    {"^L.v", false, "Lovelace", true},
    {"^[A-Z][a-z]+$", false, "Lovelace", true},
    {"^[A-Z][a-z]+$", false, "Love lace", false},
    {"\\d{3}", false, "call 555-0100", true},
    {"^\\d+$", false, "12a", false},
    {"a|z", false, "zebra", true},
    {"colou?r", false, "color", true},
    {"^a.c$", false, "a\nc", true},            // `.` matches a newline in Postgres
    {"^.$", false, "\xC3\xA9", true},          // and one character, not one byte
    {"^..$", false, "\xC3\xA9", false},
    {"^\xC3\xA9t\xC3\xA9$", true, "\xC3\x89T\xC3\x89", true},  // ~* folds non-ASCII letters: été ~* ÉTÉ
    {"^\xC3\x89", true, "\xC3\xA9t\xC3\xA9", true},             // É in the pattern, é in the value
    {"[.]", false, "no dot", false},           // a dot in a set stays a dot
    {"[.]", false, "a.b", true},
    {"\\.", false, "a.b", true},
    {"\\D", true, "123", false},               // icase keeps \D apart from \d
    {"[[:digit:]]", false, "R2D2", true},
    {"", false, "", true},
};

BOOST_DATA_TEST_CASE(regex_search_follows_postgres, boost::unit_test::data::make(kRegexCases), c) {
  auto m = RegexMatcher::Compile(c.pattern, c.case_insensitive);
  BOOST_TEST_REQUIRE(m.ok(), m.status().ToString());
  BOOST_TEST((*m)->Search(c.text) == c.expected);
}

BOOST_AUTO_TEST_CASE(bad_patterns_are_errors_not_exceptions) {
  // Back-references and lookaround are outside RE2's linear-time dialect;
  // a repetition over 1000 is refused instead of compiling a huge program.
  for (const char* pattern : {"(", "[a", "a{2,1}", "(a)\\1", "a(?=b)", "a{99000}"}) {
    auto m = RegexMatcher::Compile(pattern, false);
    BOOST_TEST_REQUIRE(!m.ok(), pattern);
    BOOST_TEST(m.status().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(m.status().message().rfind("Invalid regular expression: ", 0) == 0u, m.status().message());
  }
  auto too_long = RegexMatcher::Compile(std::string(RegexMatcher::kMaxPatternBytes + 1, 'a'), false);
  BOOST_TEST_REQUIRE(!too_long.ok());
  BOOST_TEST(too_long.status().message() == "Invalid regular expression: pattern longer than 4096 bytes");
}

BOOST_AUTO_TEST_CASE(pathological_patterns_run_in_linear_time) {
  // Exponential for a backtracking matcher, quadratic for a breadth-first
  // one started at every position; RE2's automaton reads each character a
  // bounded number of times, so these finish at once on long values.
  for (const char* pattern : {"(a*)*b", "(a|aa)+$", "^(a+)+$", "(a+a+)+y"}) {
    auto m = RegexMatcher::Compile(pattern, false);
    BOOST_TEST_REQUIRE(m.ok(), pattern);
    BOOST_TEST(!(*m)->Search(std::string(20000, 'a') + "!"), pattern);
  }
  auto m = RegexMatcher::Compile("(a|aa)+$", false);
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST((*m)->Search(std::string(20000, 'a')));
}

BOOST_AUTO_TEST_CASE(regex_nodes_share_one_compiled_pattern) {
  auto m = RegexMatcher::Compile("^Par", true);
  BOOST_TEST_REQUIRE(m.ok());
  FilterNode n = FilterNode::Compare(0, SlotKind::kText, CompareOp::kRegex, {"^Par"});
  n.regex = *m;
  FilterNode copy = n;
  BOOST_TEST(copy.regex.get() == n.regex.get());
  RowBuilder paris(1), nowhere(1);
  paris.SetText(0, "paris");
  RowRef p = paris.Build(), none = nowhere.Build();
  BOOST_TEST(Matches(copy, *p));
  BOOST_TEST(!Matches(copy, *none));  // NULL ~ x is unknown
  FilterNode negated;
  negated.kind = FilterNode::Kind::kNot;
  negated.children.push_back(copy);
  BOOST_TEST(!Matches(negated, *none));  // and so is NOT of it
}

RowRef List(std::optional<std::vector<std::string>> items) {
  RowBuilder b(1);
  if (items) b.SetStringList(0, *items);
  return b.Build();
}

struct ArrayCase {
  const char* name;
  CompareOp op;
  std::vector<std::string> operands;
  bool negate;
  // Expected for: [a, b], [B-side], [], NULL
  bool on_ab, on_c, on_empty, on_null;
};

std::ostream& operator<<(std::ostream& os, const ArrayCase& c) { return os << c.name; }

const ArrayCase kArrayCases[] = {
    // contains: `@>`, every operand is an item.
    {"contains a", CompareOp::kContainsAll, {"a"}, false, true, false, false, false},
    {"contains a,b", CompareOp::kContainsAll, {"a", "b"}, false, true, false, false, false},
    {"contains a,c", CompareOp::kContainsAll, {"a", "c"}, false, false, false, false, false},
    // not_contains: NOT(`&&`); NULL stays unknown, an empty list matches.
    {"not_contains a", CompareOp::kContainsAny, {"a"}, true, false, true, true, false},
    {"not_contains x", CompareOp::kContainsAny, {"x"}, true, true, true, true, false},
    // containsIlike: some item ILIKE some pattern.
    {"containsIlike %A%", CompareOp::kContainsIlike, {"%A%"}, false, true, false, false, false},
    {"containsIlike c, zz", CompareOp::kContainsIlike, {"zz", "C"}, false, false, true, false, false},
    {"containsIlike exact", CompareOp::kContainsIlike, {"b"}, false, true, false, false, false},
    // isEmptyArray: NULL and [] are both empty (vingt stores [] as NULL).
    {"isEmptyArray true", CompareOp::kIsEmptyArray, {}, false, false, false, true, true},
    {"isEmptyArray false", CompareOp::kIsEmptyArray, {}, true, true, true, false, false},
};

BOOST_DATA_TEST_CASE(array_operators, boost::unit_test::data::make(kArrayCases), c) {
  RowRef ab = List(std::vector<std::string>{"a", "b"}), only_c = List(std::vector<std::string>{"c"});
  RowRef empty = List(std::vector<std::string>{}), null = List(std::nullopt);
  FilterNode leaf = FilterNode::Compare(0, SlotKind::kStringList, c.op, c.operands);
  FilterNode n = leaf;
  if (c.negate) {
    n = FilterNode{};
    n.kind = FilterNode::Kind::kNot;
    n.children.push_back(leaf);
  }
  BOOST_TEST(Matches(n, *ab) == c.on_ab);
  BOOST_TEST(Matches(n, *only_c) == c.on_c);
  BOOST_TEST(Matches(n, *empty) == c.on_empty);
  BOOST_TEST(Matches(n, *null) == c.on_null);
}

BOOST_AUTO_TEST_CASE(fold_key_orders_as_compare_folded) {
  BOOST_TEST(FoldKey("Ada LOVELACE") == "ada lovelace");
  BOOST_TEST(FoldKey("\xC3\x89T\xC3\x89") == "\xC3\xA9t\xC3\xA9");          // ÉTÉ -> été
  BOOST_TEST(FoldKey("\xD0\x9C\xD0\xBE\xD1\x81") == "\xD0\xBC\xD0\xBE\xD1\x81");  // Мос -> мос
  BOOST_TEST(IsFoldKey("ada@example.com"));
  BOOST_TEST(!IsFoldKey("Ada"));
  // A byte that is not valid UTF-8 stands for its own code point, as
  // CompareFolded reads it: 0xC3 alone is U+00C3, folded to U+00E3.
  BOOST_TEST(FoldKey("\xC3") == "\xC3\xA3");
  const std::string samples[] = {"", "a", "A", "ab", "Ab", "\xC3", "\xC3\xA3", "\xFF", "\xC4\x80", "z",
                                 "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC0\x80", std::string(1, '\0'), "\xF8\x80\x80\x80"};
  for (const auto& a : samples)
    for (const auto& b : samples) {
      int by_keys = FoldKey(a).compare(FoldKey(b));
      by_keys = by_keys < 0 ? -1 : (by_keys > 0 ? 1 : 0);
      BOOST_TEST(by_keys == CompareFolded(a, b));
    }
}

}  // namespace
