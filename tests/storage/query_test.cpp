#include "storage/query.h"

#include <boost/test/unit_test.hpp>

#include "tests/testutil/printers.h"
#include <cstring>

using namespace vingt::storage;

namespace {

std::string Num(double v) {
  std::string s(8, '\0');
  std::memcpy(s.data(), &v, 8);
  return s;
}

// slot 0 text (city), slot 1 number (employees)
RowRef Make(std::optional<std::string> city, std::optional<double> employees) {
  RowBuilder b(2);
  if (city) b.SetText(0, *city);
  if (employees) b.SetNumber(1, *employees);
  return b.Build();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(query)

BOOST_AUTO_TEST_CASE(comparisons_follow_sql_null_semantics) {
  RowRef paris = Make("Paris", 10), nowhere = Make(std::nullopt, std::nullopt);
  auto eq = FilterNode::Compare(0, SlotKind::kText, CompareOp::kEq, {"Paris"});
  auto neq = FilterNode::Compare(0, SlotKind::kText, CompareOp::kNeq, {"Paris"});
  auto is_null = FilterNode::Compare(0, SlotKind::kText, CompareOp::kIsNull, {});
  BOOST_TEST(Matches(eq, *paris));
  BOOST_TEST(!Matches(neq, *paris));
  BOOST_TEST(!Matches(neq, *nowhere));  // neq does not match NULL
  BOOST_TEST(Matches(is_null, *nowhere));
  auto gte = FilterNode::Compare(1, SlotKind::kNumber, CompareOp::kGte, {Num(10)});
  auto gt = FilterNode::Compare(1, SlotKind::kNumber, CompareOp::kGt, {Num(10)});
  BOOST_TEST(Matches(gte, *paris));
  BOOST_TEST(!Matches(gt, *paris));
  BOOST_TEST(!Matches(gte, *nowhere));
}

BOOST_AUTO_TEST_CASE(like_and_ilike_patterns) {
  RowRef r = Make("Lovelace", 1);
  struct Case {
    const char* pattern;
    CompareOp op;
    bool expected;
  } cases[] = {
      {"%ove%", CompareOp::kLike, true},   {"%OVE%", CompareOp::kLike, false}, {"%OVE%", CompareOp::kILike, true},
      {"L_velace", CompareOp::kLike, true}, {"Love", CompareOp::kLike, false}, {"%", CompareOp::kLike, true},
      {"%e", CompareOp::kLike, true},      {"l%", CompareOp::kILike, true},    {"%x%", CompareOp::kILike, false},
  };
  for (const auto& c : cases) {
    auto f = FilterNode::Compare(0, SlotKind::kText, c.op, {c.pattern});
    BOOST_TEST(Matches(f, *r) == c.expected, c.pattern);
  }
}

BOOST_AUTO_TEST_CASE(and_or_not_compose) {
  RowRef r = Make("Paris", 5);
  FilterNode f_and;
  f_and.kind = FilterNode::Kind::kAnd;
  f_and.children.push_back(FilterNode::Compare(0, SlotKind::kText, CompareOp::kEq, {"Paris"}));
  f_and.children.push_back(FilterNode::Compare(1, SlotKind::kNumber, CompareOp::kLt, {Num(3)}));
  BOOST_TEST(!Matches(f_and, *r));
  FilterNode f_or = f_and;
  f_or.kind = FilterNode::Kind::kOr;
  BOOST_TEST(Matches(f_or, *r));
  FilterNode f_not;
  f_not.kind = FilterNode::Kind::kNot;
  f_not.children.push_back(f_and);
  BOOST_TEST(Matches(f_not, *r));
  BOOST_TEST(f_not.References(1));
  BOOST_TEST(!f_not.References(7));
}

BOOST_AUTO_TEST_CASE(order_places_nulls_as_asked_and_breaks_ties_by_id) {
  RowRef a = Make("A", 1), n = Make(std::nullopt, 1);
  Uuid ia = Uuid::Random(), in = Uuid::Random();
  OrderKey asc_first{0, SlotKind::kText, false, true};
  OrderKey desc_last{0, SlotKind::kText, true, false};
  BOOST_TEST(CompareRows({asc_first}, *n, in, *a, ia) < 0);
  BOOST_TEST(CompareRows({desc_last}, *n, in, *a, ia) > 0);
  RowRef a2 = Make("A", 2);
  Uuid lo{}, hi{};
  hi.bytes[15] = 1;
  BOOST_TEST(CompareRows({asc_first}, *a, lo, *a2, hi) < 0);
  CursorPosition c = CursorOf({asc_first}, *a, lo);
  BOOST_TEST(CompareRowToCursor({asc_first}, *a2, hi, c) > 0);
  BOOST_TEST(CompareRowToCursor({asc_first}, *a, lo, c) == 0);
}

BOOST_AUTO_TEST_CASE(not_of_an_unknown_comparison_stays_unknown) {
  RowRef paris = Make("Paris", 5), nowhere = Make(std::nullopt, 5);
  auto not_of = [](FilterNode child) {
    FilterNode n;
    n.kind = FilterNode::Kind::kNot;
    n.children.push_back(std::move(child));
    return n;
  };
  auto eq = FilterNode::Compare(0, SlotKind::kText, CompareOp::kEq, {"Paris"});
  auto is_null = FilterNode::Compare(0, SlotKind::kText, CompareOp::kIsNull, {});
  // As in SQL: NOT (NULL = 'Paris') is NULL, which does not match.
  BOOST_TEST(!Matches(not_of(eq), *nowhere));
  BOOST_TEST(!Matches(not_of(not_of(eq)), *nowhere));
  BOOST_TEST(!Matches(not_of(eq), *paris));
  BOOST_TEST(Matches(not_of(not_of(eq)), *paris));
  BOOST_TEST(!Matches(not_of(is_null), *nowhere));  // is-null is never unknown
  // unknown OR true is true; NOT (unknown OR false) is unknown; NOT (unknown AND false) is true.
  FilterNode any;
  any.kind = FilterNode::Kind::kOr;
  any.children.push_back(eq);
  any.children.push_back(FilterNode::Compare(1, SlotKind::kNumber, CompareOp::kEq, {Num(5)}));
  BOOST_TEST(Matches(any, *nowhere));
  any.children[1] = FilterNode::Compare(1, SlotKind::kNumber, CompareOp::kEq, {Num(6)});
  BOOST_TEST(!Matches(not_of(any), *nowhere));
  FilterNode both = any;
  both.kind = FilterNode::Kind::kAnd;
  BOOST_TEST(Matches(not_of(both), *nowhere));
}

BOOST_AUTO_TEST_CASE(like_counts_characters_and_ilike_folds_beyond_ascii) {
  struct Case {
    const char* text;
    const char* pattern;
    CompareOp op;
    bool expected;
  } cases[] = {
      {"Zürich", "Z_rich", CompareOp::kLike, true},       {"Zürich", "Z__rich", CompareOp::kLike, false},
      {"Zürich", "%ZÜR%", CompareOp::kILike, true},       {"Zürich", "%ZÜR%", CompareOp::kLike, false},
      {"ΑΘΉΝΑ", "αθήνα", CompareOp::kILike, true},        {"МОСКВА", "моск%", CompareOp::kILike, true},
      {"École", "école", CompareOp::kILike, true},        {"École", "école", CompareOp::kLike, false},
      {"50% off", "50\\% %", CompareOp::kLike, true},    {"50 off", "50\\%%", CompareOp::kLike, false},
  };
  for (const auto& c : cases) {
    RowRef r = Make(c.text, 1);
    auto f = FilterNode::Compare(0, SlotKind::kText, c.op, {c.pattern});
    BOOST_TEST(Matches(f, *r) == c.expected, c.text << " " << c.pattern);
  }
}

BOOST_AUTO_TEST_CASE(fold_case_orders_text_ignoring_case_and_ties_by_id) {
  RowRef apple = Make("apple", 1), banana = Make("Banana", 1), upper_apple = Make("APPLE", 1), eclair = Make("éclair", 1);
  Uuid lo{}, hi{};
  hi.bytes[15] = 1;
  OrderKey bytes{0, SlotKind::kText, false, true};
  OrderKey folded = bytes;
  folded.fold_case = true;
  BOOST_TEST(CompareRows({bytes}, *banana, lo, *apple, hi) < 0);  // 'B' < 'a'
  BOOST_TEST(CompareRows({folded}, *apple, hi, *banana, lo) < 0);
  // Equal but for case: the id decides.
  BOOST_TEST(CompareRows({folded}, *upper_apple, lo, *apple, hi) < 0);
  BOOST_TEST(CompareRows({folded}, *apple, lo, *upper_apple, hi) < 0);
  BOOST_TEST(CompareRows({folded}, *Make("ÉCLAIR", 1), lo, *eclair, hi) < 0);
  // The cursor compares the same way.
  CursorPosition c = CursorOf({folded}, *apple, hi);
  BOOST_TEST(CompareRowToCursor({folded}, *banana, lo, c) > 0);
  BOOST_TEST(CompareRowToCursor({folded}, *upper_apple, lo, c) < 0);
}

BOOST_AUTO_TEST_SUITE_END()
