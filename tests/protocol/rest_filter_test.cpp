#include "protocol/rest_filter.h"

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

// One filter string and either the filter object Twenty builds from it
// (RestFilterToJson) or the exact 400 message.
struct Case {
  std::string in;
  std::string json;   // expected tree, when error is empty
  std::string error;  // expected message
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << '"' << c.in << '"'; }

const std::string kComparatorList =
    "eq, neq, in, containsAny, containsExactly, is, gt, gte, lt, lte, startsWith, endsWith, like, ilike";

const Case kCases[] = {
    // spec/rest-core.md §5.4, row by row.
    {"city[eq]:Paris", R"({"and":[{"city":{"eq":"Paris"}}]})", ""},
    {"position[lte]:1", R"({"and":[{"position":{"lte":"1"}}]})", ""},
    {R"(name.firstName[ilike]:"%ada%")", R"({"and":[{"name":{"firstName":{"ilike":"%ada%"}}}]})", ""},
    {"emails.primaryEmail[eq]:foo@example.com",
     R"({"and":[{"emails":{"primaryEmail":{"eq":"foo@example.com"}}}]})", ""},
    {R"(companyId[in]:["7f3e","0c1d"])", R"({"and":[{"companyId":{"in":["7f3e","0c1d"]}}]})", ""},
    {"stage[in]:[NEW,MEETING]", R"({"and":[{"stage":{"in":["NEW","MEETING"]}}]})", ""},
    {"amount.amountMicros[gt]:1000000000", R"({"and":[{"amount":{"amountMicros":{"gt":"1000000000"}}}]})", ""},
    {R"(or(createdAt[gte]:"2024-01-01",createdAt[lte]:"2023-01-01",not(id[is]:NULL)))",
     R"({"or":[{"createdAt":{"gte":"2024-01-01"}},{"createdAt":{"lte":"2023-01-01"}},{"not":{"id":{"is":"NULL"}}}]})",
     ""},
    {"and(stage[eq]:NEW,or(amount.amountMicros[gt]:0,closeDate[is]:NULL))",
     R"({"and":[{"stage":{"eq":"NEW"}},{"or":[{"amount":{"amountMicros":{"gt":"0"}}},{"closeDate":{"is":"NULL"}}]}]})",
     ""},
    {"deletedAt[is]:NOT_NULL", R"({"and":[{"deletedAt":{"is":"NOT_NULL"}}]})", ""},

    // Twenty's own parser tests (parse-filter / parse-filter-content / parse-base-filter specs).
    {"and(fieldNumber[eq]:1,fieldNumber[eq]:2)", R"({"and":[{"fieldNumber":{"eq":"1"}},{"fieldNumber":{"eq":"2"}}]})",
     ""},
    {"and(fieldNumber[eq]:1,or(fieldNumber[eq]:2,fieldNumber[eq]:3,and(fieldNumber[eq]:6,fieldNumber[eq]:7)),"
     "or(fieldNumber[eq]:4,fieldNumber[eq]:5))",
     R"({"and":[{"fieldNumber":{"eq":"1"}},{"or":[{"fieldNumber":{"eq":"2"}},{"fieldNumber":{"eq":"3"}},)"
     R"({"and":[{"fieldNumber":{"eq":"6"}},{"fieldNumber":{"eq":"7"}}]}]},)"
     R"({"or":[{"fieldNumber":{"eq":"4"}},{"fieldNumber":{"eq":"5"}}]}]})",
     ""},
    {R"(and(fieldText[gt]:"val,ue",or(fieldNumber[is]:NOT_NULL,not(fieldText[startsWith]:"val"),)"
     R"(and(fieldNumber[eq]:6,fieldText[ilike]:"%val%")),or(fieldNumber[eq]:4,fieldText[is]:NULL)))",
     R"({"and":[{"fieldText":{"gt":"val,ue"}},{"or":[{"fieldNumber":{"is":"NOT_NULL"}},)"
     R"({"not":{"fieldText":{"startsWith":"val"}}},{"and":[{"fieldNumber":{"eq":"6"}},)"
     R"({"fieldText":{"ilike":"%val%"}}]}]},{"or":[{"fieldNumber":{"eq":"4"}},{"fieldText":{"is":"NULL"}}]}]})",
     ""},
    {"and(fieldNumber[eq]:1,not(fieldNumber[eq]:2))",
     R"({"and":[{"fieldNumber":{"eq":"1"}},{"not":{"fieldNumber":{"eq":"2"}}}]})", ""},
    {"and(fieldNumber[in]:[1,2],fieldNumber[eq]:4)", R"({"and":[{"fieldNumber":{"in":["1","2"]}},{"fieldNumber":{"eq":"4"}}]})",
     ""},
    {"and(fieldText[eq]:'val,ue')", R"({"and":[{"fieldText":{"eq":"val,ue"}}]})", ""},
    {"price[lte]:100", R"({"and":[{"price":{"lte":"100"}}]})", ""},
    {"date[gt]:2023-12-01T14:23:23.914Z", R"({"and":[{"date":{"gt":"2023-12-01T14:23:23.914Z"}}]})", ""},
    {"fieldNumber[gt]:valStart]:[valEnd", R"({"and":[{"fieldNumber":{"gt":"valStart]:[valEnd"}}]})", ""},
    {R"(person.createdAt[in]:["2023-12-01T14:23:23.914Z","2024-12-01T14:23:23.914Z"])",
     R"({"and":[{"person":{"createdAt":{"in":["2023-12-01T14:23:23.914Z","2024-12-01T14:23:23.914Z"]}}}]})", ""},

    // Default conjunction: a top-level comma list means and.
    {"a[eq]:1,b[eq]:2", R"({"and":[{"a":{"eq":"1"}},{"b":{"eq":"2"}}]})", ""},
    // The quirk: a parenthesis anywhere disables the wrapping, so the string
    // is one leaf (and a comma list is swallowed into the first value).
    {R"~(name[eq]:"a(b)")~", R"~({"name":{"eq":"a(b)"}})~", ""},
    {R"~(a[eq]:"(x)",b[eq]:2)~", R"~({"a":{"eq":"\"(x)\",b[eq]:2"}})~", ""},
    {"or(a[eq]:1),b[eq]:2", R"({"or(a":{"eq":"1),b[eq]:2"}})", ""},
    {"AND(a[eq]:1)", R"~({"AND(a":{"eq":"1)"}})~", ""},
    // Text after the closing parenthesis of a conjunction is glued to its last item.
    {"and(a[eq]:1)or(b[eq]:2)", R"({"and":[{"a":{"eq":"1b[eq]:2"}}]})", ""},

    // Commas and brackets inside values.
    {R"(and(city[eq]:"Paris, France",jobTitle[eq]:CEO))",
     R"({"and":[{"city":{"eq":"Paris, France"}},{"jobTitle":{"eq":"CEO"}}]})", ""},
    {"and(city[eq]:'a,b',jobTitle[eq]:'c')", R"({"and":[{"city":{"eq":"a,b"}},{"jobTitle":{"eq":"c"}}]})", ""},
    {"and(a[in]:[1,2],b[eq]:3)", R"({"and":[{"a":{"in":["1","2"]}},{"b":{"eq":"3"}}]})", ""},
    {R"(city[eq]:"a]b")", R"({"and":[{"city":{"eq":"a]b"}}]})", ""},
    // A '[' inside quotes still toggles the bracket state: the comma after
    // the closing quote does not split (Twenty's parseFilterContent).
    {R"(and(x[eq]:"a[b",y[eq]:1))", R"({"and":[{"x":{"eq":"\"a[b\",y[eq]:1"}}]})", ""},
    {R"(a[in]:["x", 'y',z])", R"({"and":[{"a":{"in":["x"," 'y'","z"]}}]})", ""},

    // Values: quotes, empty strings, `is` verbatim.
    {R"(city[eq]:"")", R"({"and":[{"city":{"eq":""}}]})", ""},
    {R"(city[eq]:'')", R"({"and":[{"city":{"eq":""}}]})", ""},
    {R"(city[eq]:")", R"({"and":[{"city":{"eq":"\""}}]})", ""},
    {R"(city[eq]:"x')", R"({"and":[{"city":{"eq":"x"}}]})", ""},
    {R"(city[is]:"NULL")", R"({"and":[{"city":{"is":"\"NULL\""}}]})", ""},
    {"id[in]:[]", R"({"and":[{"id":{"in":[""]}}]})", ""},
    {"tags[containsAny]:[a,b]", R"({"and":[{"tags":{"containsAny":["a","b"]}}]})", ""},
    {"tags[containsExactly]:[a,b]", R"({"and":[{"tags":{"containsExactly":"[a,b]"}}]})", ""},
    {"a..b[eq]:1", R"({"and":[{"a":{"":{"b":{"eq":"1"}}}}]})", ""},
    {"and(or(not(and(a[eq]:1,b[eq]:2))),c[neq]:3)",
     R"({"and":[{"or":[{"not":{"and":[{"a":{"eq":"1"}},{"b":{"eq":"2"}}]}}]},{"c":{"neq":"3"}}]})", ""},

    // Errors, with Twenty's exact messages.
    {"city[eq]:", "", "'filter' invalid for 'city[eq]:'. eg: price[gte]:10"},
    {"city:Paris", "", "'filter' invalid for 'city:Paris'. eg: price[gte]:10"},
    {"[eq]:Paris", "", "'filter' invalid for '[eq]:Paris'. eg: price[gte]:10"},
    {"city[]:Paris", "", "'filter' invalid for 'city[]:Paris'. eg: price[gte]:10"},
    {"", "", "'filter' invalid for 'and()'. eg: price[gte]:10"},
    {"and()", "", "'filter' invalid for 'and()'. eg: price[gte]:10"},
    {"and(,)", "", "'filter' invalid for ''. eg: price[gte]:10"},
    {"city[eq]:a\nb", "", "'filter' invalid for 'and(city[eq]:a\nb)'. eg: price[gte]:10"},
    {"and(a[eq]:1", "", "'filter' invalid. 1 close bracket is missing in the query"},
    {"and(or(a[eq]:1", "", "'filter' invalid. 2 close brackets are missing in the query"},
    {"a[eq]:1)", "", "'filter' invalid. 1 open bracket is missing in the query"},
    {"a[eq]:1))", "", "'filter' invalid. 2 open brackets are missing in the query"},
    {"city[eq]:\"(\"", "", "'filter' invalid. 1 close bracket is missing in the query"},
    {"not(a[eq]:1,b[eq]:2)", "",
     "'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)"},
    {"and(a[eq]:1,not(a[eq]:1,b[eq]:2))", "",
     "'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)"},
    // Items are parsed before `not` counts them.
    {"not(a[eq]:1,b[bad]:2)", "", "'filter' invalid for 'b[bad]:2', comparator bad not in " + kComparatorList},
    {"city[contains]:x", "", "'filter' invalid for 'city[contains]:x', comparator contains not in " + kComparatorList},
    {"city[EQ]:x", "", "'filter' invalid for 'city[EQ]:x', comparator EQ not in " + kComparatorList},
    {"stage[in]:NEW", "",
     "'filter' invalid for 'in' operator. Received 'NEW' but array value expected eg: 'field[in]:[value_1,value_2]'"},
    {"stage[in]:[NEW", "",
     "'filter' invalid for 'in' operator. Received '[NEW' but array value expected eg: 'field[in]:[value_1,value_2]'"},
    {"tags[containsAny]:a", "",
     "'filter' invalid for 'containsAny' operator. Received 'a' but array value expected eg: "
     "'field[containsAny]:[value_1,value_2]'"},
};

BOOST_DATA_TEST_CASE(ParseRestFilterCases, bdata::make(kCases), c) {
  RestFilterParse p = ParseRestFilter(c.in);
  if (c.error.empty()) {
    BOOST_TEST_REQUIRE(p.ok(), p.error);
    BOOST_TEST(RestFilterToJson(p.root) == c.json);
  } else {
    BOOST_TEST(p.error == c.error);
  }
}

BOOST_AUTO_TEST_CASE(LeafFieldsAreExposed) {
  RestFilterParse p = ParseRestFilter(R"(emails.primaryEmail[in]:["a@x.com",'b@y.org'])");
  BOOST_TEST_REQUIRE(p.ok());
  BOOST_TEST_REQUIRE(p.root.children.size() == 1u);
  const RestFilterNode& leaf = p.root.children[0];
  BOOST_TEST((leaf.kind == RestFilterNode::Kind::kLeaf));
  BOOST_TEST((leaf.path == std::vector<std::string>{"emails", "primaryEmail"}));
  BOOST_TEST((leaf.comparator == RestComparator::kIn));
  std::vector<std::string> texts;
  for (const FilterOperand& v : leaf.values) {
    BOOST_TEST((!v.number && !v.boolean));  // REST's grammar has only text
    texts.push_back(v.text);
  }
  BOOST_TEST((texts == std::vector<std::string>{"a@x.com", "b@y.org"}));
}

BOOST_AUTO_TEST_CASE(ComparatorNamesRoundTrip) {
  for (std::string_view name : {"eq", "neq", "in", "containsAny", "containsExactly", "is", "gt", "gte", "lt", "lte",
                                "startsWith", "endsWith", "like", "ilike"}) {
    auto c = ParseRestComparator(name);
    BOOST_TEST_REQUIRE(c.has_value(), name);
    BOOST_TEST(RestComparatorName(*c) == name);
  }
  BOOST_TEST(!ParseRestComparator("search").has_value());
}

BOOST_AUTO_TEST_CASE(DeepNestingParsesUpToTheLimit) {
  std::string text = "a[eq]:1";
  for (uint32_t i = 0; i < kMaxRestFilterDepth; ++i) text = "and(" + text + ")";
  RestFilterParse p = ParseRestFilter(text);
  BOOST_TEST_REQUIRE(p.ok(), p.error);
  const RestFilterNode* n = &p.root;
  int depth = 0;
  while (n->kind == RestFilterNode::Kind::kAnd) {
    BOOST_TEST_REQUIRE(n->children.size() == 1u);
    n = &n->children[0];
    ++depth;
  }
  BOOST_TEST(depth == static_cast<int>(kMaxRestFilterDepth));
}

// Found by an attacker's test: 40,000 levels overflowed the stack (SIGSEGV),
// 20,000 took 7 s. Refused at once now, whatever the depth.
BOOST_AUTO_TEST_CASE(NestingBeyondTheLimitIsRefusedWithoutRecursion) {
  for (size_t levels : {size_t{kMaxRestFilterDepth} + 1, size_t{200000}}) {
    std::string text;
    for (size_t i = 0; i < levels; ++i) text += "and(";
    text += "a[eq]:1" + std::string(levels, ')');
    RestFilterParse p = ParseRestFilter(text);
    BOOST_TEST(!p.ok());
    BOOST_TEST(p.error == "'filter' invalid. Parentheses are nested more than 128 levels deep");
  }
  // Depth counts nesting, not the number of parentheses.
  std::string wide = "or(";
  for (int i = 0; i < 2000; ++i) wide += std::string(i ? "," : "") + "and(a[eq]:1,b[eq]:2)";
  BOOST_TEST(ParseRestFilter(wide + ")").ok());
}

}  // namespace
}  // namespace vingt::protocol
