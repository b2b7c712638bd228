#include <ostream>
#include <string>

#include "protocol/graphql/parser.h"

#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/protocol/graphql_cases.h"
#include "tests/protocol/graphql_test_util.h"

namespace vingt::protocol::graphql {
namespace {

namespace bdata = boost::unit_test::data;

// A valid document and its one-line print (testing::DumpDocument).
struct ValidCase {
  std::string source;
  std::string printed;
};

std::ostream& operator<<(std::ostream& os, const ValidCase& c) { return os << c.source; }

const ValidCase kValidCases[] = {
    {"{ a }", "{ a }"},
    {"query { a }", "{ a }"},
    {"query Q { a }", "query Q { a }"},
    {"{ a, b,, c }", "{ a b c }"},
    {"{ a { b { c } } }", "{ a { b { c } } }"},
    {"{ alias: field }", "{ alias: field }"},
    {"mutation M($x: Int = 1, $y: [String!]! @dir) @m { likes: like(story: 123, x: $x) @onField { id } }",
     "mutation M($x: Int = 1, $y: [String!]! @dir) @m { likes: like(story: 123, x: $x) @onField { id } }"},
    {"subscription S { s }", "subscription S { s }"},
    {"subscription { s }", "subscription { s }"},
    {"query ($a: [[Int!]]!, $b: B = B_VALUE) { f }", "query($a: [[Int!]]!, $b: B = B_VALUE) { f }"},
    {"query Q { ...F ... on User @include(if: true) { id } ... @skip(if: $foo) { id } ... { id } }\n"
     "fragment F on User @fd { name }",
     "query Q { ...F ... on User @include(if: true) { id } ... @skip(if: $foo) { id } ... { id } }\n"
     "fragment F on User @fd { name }"},
    {"{ f(int: -12, float: 1.5e-3, str: \"s\\\"q\", t: true, f: false, n: null, e: ENUM_VALUE) }",
     "{ f(int: -12, float: 1.5e-3, str: \"s\\\"q\", t: true, f: false, n: null, e: ENUM_VALUE) }"},
    {"{ f(list: [1, [2, 3], []], obj: {a: {b: [$v]}, c: {}}, v: $var) }",
     "{ f(list: [1, [2, 3], []], obj: {a: {b: [$v]}, c: {}}, v: $var) }"},
    {"{ f(block: \"\"\" b \"\"\", u: \"\\u00e9\\t\") }", "{ f(block: \"\"\" b \"\"\", u: \"\xC3\xA9\\t\") }"},
    {"{ f(ctl: \"\\u0001\\u007F\\u0085\") }", "{ f(ctl: \"\\u0001\\u007F\\u0085\") }"},
    // Keywords are ordinary names outside their positions.
    {"{ query mutation fragment on: on(on: on) true: null subscription }",
     "{ query mutation fragment on: on(on: on) true: null subscription }"},
    {"query ($o: In = {a: [1, 2], b: \"x\"}) { f(o: $o) }", "query($o: In = {a: [1, 2], b: \"x\"}) { f(o: $o) }"},
    {"query A { a } query B { b } { c }", "query A { a }\nquery B { b }\n{ c }"},
    {"fragment on_ on T { a }", "fragment on_ on T { a }"},
    {"query Q($v: Int @a @b(x: 1)) { f }", "query Q($v: Int @a @b(x: 1)) { f }"},
    {"\xEF\xBB\xBF# comment\n{ a # trailing\n}", "{ a }"},
    // Type-system definitions: syntax checked, kept as kind and name.
    {"type Foo implements Bar & Baz @d { a(x: Int = 1 @d): [String!]! @deprecated \"d\" b: Int }", "<type Foo>"},
    {"\"desc\" scalar Date @specifiedBy(url: \"u\")", "<type Date>"},
    {"\"\"\"block\"\"\" type T { a: Int }", "<type T>"},
    {"extend type Foo { b: Int }", "<extend type Foo>"},
    {"extend type Foo implements I", "<extend type Foo>"},
    {"extend scalar S @d", "<extend type S>"},
    {"schema @d { query: Q mutation: M }", "<schema>"},
    {"extend schema @d", "<extend schema>"},
    {"directive @d(a: Int = 1) repeatable on | FIELD | QUERY", "<directive d>"},
    {"union U = | A | B", "<type U>"},
    {"union U @d", "<type U>"},
    {"enum E { A \"d\" B @deprecated }", "<type E>"},
    {"input I { a: Int = 2, b: [I!] }", "<type I>"},
    {"interface I implements J & K { a: Int }", "<type I>"},
    {"type Q { a: Int } { a }", "<type Q>\n{ a }"},
};

BOOST_DATA_TEST_CASE(ValidDocuments, bdata::make(kValidCases), c) {
  ParseResult result = Parse(c.source);
  BOOST_REQUIRE_MESSAGE(result.ok(), result.error->message);
  BOOST_TEST(testing::DumpDocument(result.document) == c.printed);
}

BOOST_DATA_TEST_CASE(SyntaxErrors, bdata::make(testing::kSyntaxErrorCases), c) {
  ParseResult result = Parse(c.source);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error->message == c.message);
  BOOST_TEST(result.error->loc.line == c.line);
  BOOST_TEST(result.error->loc.column == c.column);
}

BOOST_AUTO_TEST_CASE(NodeLocations) {
  ParseResult result = Parse("query Q($a: Int) {\n  alias: field(arg: $a) @dir {\n    ...Frag\n  }\n}");
  BOOST_REQUIRE(result.ok());
  const ast::OperationDefinition* op = result.document.definitions()[0].operation();
  BOOST_REQUIRE(op != nullptr);
  BOOST_TEST(op->loc == (SourceLocation{1, 1}));
  BOOST_TEST(op->name.loc == (SourceLocation{1, 7}));
  BOOST_TEST(op->variables[0].loc == (SourceLocation{1, 9}));
  BOOST_TEST(op->variables[0].variable.loc == (SourceLocation{1, 10}));
  BOOST_TEST(op->variables[0].type.loc == (SourceLocation{1, 13}));
  BOOST_TEST(op->selection_set.loc == (SourceLocation{1, 18}));
  const ast::Field* field = op->selection_set.selections[0].field();
  BOOST_REQUIRE(field != nullptr);
  BOOST_TEST(field->loc == (SourceLocation{2, 3}));
  BOOST_TEST(field->name.loc == (SourceLocation{2, 10}));
  BOOST_TEST(field->response_key() == "alias");
  BOOST_TEST(field->arguments[0].name.loc == (SourceLocation{2, 16}));
  BOOST_TEST(field->arguments[0].value.loc == (SourceLocation{2, 21}));
  BOOST_TEST(field->arguments[0].value.name_loc == (SourceLocation{2, 22}));
  BOOST_TEST(field->directives[0].loc == (SourceLocation{2, 25}));
  BOOST_TEST(field->selection_set.loc == (SourceLocation{2, 30}));
  const ast::FragmentSpread* spread = field->selection_set.selections[0].fragment_spread();
  BOOST_REQUIRE(spread != nullptr);
  BOOST_TEST(spread->loc == (SourceLocation{3, 5}));
  BOOST_TEST(spread->name.loc == (SourceLocation{3, 8}));
}

BOOST_AUTO_TEST_CASE(FragmentLookupTakesTheLastDuplicate) {
  ParseResult result = Parse("{ ...F } fragment F on A { a } fragment F on B { b } fragment G on C { c }");
  BOOST_REQUIRE(result.ok());
  BOOST_TEST(result.document.operation_count() == 1u);
  BOOST_REQUIRE(result.document.FindFragment("F") != nullptr);
  BOOST_TEST(result.document.FindFragment("F")->type_condition.value == "B");
  BOOST_TEST(result.document.FindFragment("H") == nullptr);
}

BOOST_AUTO_TEST_CASE(DocumentOwnsItsText) {
  std::string text = "{ f(s: \"a\\nb\", t: \"plain\") }";
  ParseResult result = Parse(text);
  text.assign(text.size(), 'x');
  ast::Document moved = std::move(result.document);
  BOOST_TEST(testing::DumpDocument(moved) == "{ f(s: \"a\\nb\", t: \"plain\") }");
}

BOOST_AUTO_TEST_CASE(NestingLimitIsAnErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "{ a ";
  for (int i = 0; i < 300; ++i) deep += "} ";
  ParseResult result = Parse(deep);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error->message == "Syntax Error: Document exceeds the maximum nesting depth of 128.");
  BOOST_TEST(result.error->loc.column == 128u * 4 + 1);

  std::string lists = "{ f(a: ";
  for (int i = 0; i < 100000; ++i) lists += '[';
  result = Parse(lists);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error->message == "Syntax Error: Document exceeds the maximum nesting depth of 128.");

  std::string objects = "{ f(a: ";
  for (int i = 0; i < 100000; ++i) objects += "{a: ";
  result = Parse(objects);
  BOOST_REQUIRE(!result.ok());

  std::string types = "query ($a: ";
  for (int i = 0; i < 40; ++i) types += '[';
  types += "Int";
  for (int i = 0; i < 40; ++i) types += ']';
  types += ") { a }";
  result = Parse(types);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error->message == "Syntax Error: Document exceeds the maximum nesting depth of 32.");

  ParseOptions options;
  options.max_depth = 3;
  BOOST_TEST(Parse("{ a { b { c } } }", options).ok());
  BOOST_TEST(!Parse("{ a { b { c { d } } } }", options).ok());
}

BOOST_AUTO_TEST_CASE(TokenLimit) {
  ParseOptions options;
  options.max_tokens = 5;
  BOOST_TEST(Parse("{ a b c }", options).ok());
  ParseResult result = Parse("{ a b c d }", options);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error->message == "Syntax Error: Document contains more than 5 tokens. Parsing aborted.");
  BOOST_TEST(result.error->loc.column == 11u);
}

BOOST_AUTO_TEST_CASE(StandaloneValueAndType) {
  StringArena arena;
  ast::Value value;
  BOOST_TEST(!ParseConstValue("{a: [1, \"x\"], b: ENUM}", &arena, &value).has_value());
  BOOST_TEST(PrintValue(value) == "{a: [1, \"x\"], b: ENUM}");
  ast::Value bad;
  auto error = ParseConstValue("$x", &arena, &bad);
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->message == "Syntax Error: Unexpected variable \"$x\" in constant value.");
  error = ParseConstValue("1 2", &arena, &bad);
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->message == "Syntax Error: Expected <EOF>, found Int \"2\".");

  ast::TypeNode type;
  BOOST_TEST(!ParseTypeReference("[[Person!]]!", &type).has_value());
  BOOST_TEST(PrintTypeNode(type) == "[[Person!]]!");
  BOOST_TEST(type.list_depth == 2);
  BOOST_TEST(type.non_null_bits == 0b101u);
  BOOST_TEST(ParseTypeReference("[Person", &type).has_value());
}

}  // namespace
}  // namespace vingt::protocol::graphql
