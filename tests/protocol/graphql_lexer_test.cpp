#include <ostream>
#include <string>

#include "protocol/graphql/lexer.h"

#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

namespace vingt::protocol::graphql {
namespace {

namespace bdata = boost::unit_test::data;

// The first significant token of `source` as graphql-js's getTokenDesc
// prints it, with its position; or the lexical error and its position.
struct LexCase {
  std::string source;
  std::string token;  // e.g. `Name "foo"`; empty when `error` is expected
  uint32_t line;
  uint32_t column;
  std::string error;
};

std::ostream& operator<<(std::ostream& os, const LexCase& c) { return os << c.source; }

const LexCase kLexCases[] = {
    // Ignored tokens and positions.
    {"\xEF\xBB\xBF foo", "Name \"foo\"", 1, 3, ""},
    {"\n\n    foo\n\n\n", "Name \"foo\"", 3, 5, ""},
    {"\r\n    foo\n", "Name \"foo\"", 2, 5, ""},
    {"\r\r  foo", "Name \"foo\"", 3, 3, ""},
    {"\t\tfoo", "Name \"foo\"", 1, 3, ""},
    {"#comment\r\n  foo#comment", "Name \"foo\"", 2, 3, ""},
    {"# caf\xC3\xA9\n foo", "Name \"foo\"", 2, 2, ""},
    {",,,foo,,,", "Name \"foo\"", 1, 4, ""},
    {"", "<EOF>", 1, 1, ""},
    {"  \n ", "<EOF>", 2, 2, ""},
    {"_under_score9", "Name \"_under_score9\"", 1, 1, ""},

    // Punctuators.
    {"!", "\"!\"", 1, 1, ""},
    {"$", "\"$\"", 1, 1, ""},
    {"&", "\"&\"", 1, 1, ""},
    {"(", "\"(\"", 1, 1, ""},
    {")", "\")\"", 1, 1, ""},
    {"...", "\"...\"", 1, 1, ""},
    {":", "\":\"", 1, 1, ""},
    {"=", "\"=\"", 1, 1, ""},
    {"@", "\"@\"", 1, 1, ""},
    {"[", "\"[\"", 1, 1, ""},
    {"]", "\"]\"", 1, 1, ""},
    {"{", "\"{\"", 1, 1, ""},
    {"|", "\"|\"", 1, 1, ""},
    {"}", "\"}\"", 1, 1, ""},

    // Strings.
    {"\"\"", "String \"\"", 1, 1, ""},
    {"\"simple\"", "String \"simple\"", 1, 1, ""},
    {"\" white space \"", "String \" white space \"", 1, 1, ""},
    {"\"quote \\\"\"", "String \"quote \"\"", 1, 1, ""},
    {"\"escaped \\n\\r\\b\\t\\f\"", "String \"escaped \n\r\b\t\f\"", 1, 1, ""},
    {"\"slashes \\\\ \\/\"", "String \"slashes \\ /\"", 1, 1, ""},
    {"\"unicode \\u00e9\\u20AC\"", "String \"unicode \xC3\xA9\xE2\x82\xAC\"", 1, 1, ""},
    {"\"\\u{1F600}\"", "String \"\xF0\x9F\x98\x80\"", 1, 1, ""},
    {"\"\\u{0000000041}\"", "", 1, 2, "Invalid Unicode escape sequence: \"\\u{000000004\"."},
    {"\"\\uD83D\\uDE00\"", "String \"\xF0\x9F\x98\x80\"", 1, 1, ""},
    {"\"caf\xC3\xA9 \xF0\x9F\x98\x80\"", "String \"caf\xC3\xA9 \xF0\x9F\x98\x80\"", 1, 1, ""},
    {"\"\"\"simple\"\"\"", "BlockString \"simple\"", 1, 1, ""},
    {"\"\"\" white space \"\"\"", "BlockString \" white space \"", 1, 1, ""},
    {"\"\"\"contains \" quote\"\"\"", "BlockString \"contains \" quote\"", 1, 1, ""},
    {"\"\"\"contains \\\"\"\" triple quote\"\"\"", "BlockString \"contains \"\"\" triple quote\"", 1, 1, ""},
    {"\"\"\"multi\rline\r\nnormalized\"\"\"", "BlockString \"multi\nline\nnormalized\"", 1, 1, ""},
    {"\"\"\"unescaped \\n\\r\\b\\t\\f\\u1234\"\"\"", "BlockString \"unescaped \\n\\r\\b\\t\\f\\u1234\"", 1, 1, ""},
    {"\"\"\"\n\n        spans\n          multiple\n            lines\n\n        \"\"\"",
     "BlockString \"spans\n  multiple\n    lines\"", 1, 1, ""},
    {"\"\"\"  first\n    second\n  third\"\"\"", "BlockString \"  first\n  second\nthird\"", 1, 1, ""},

    // Numbers.
    {"4", "Int \"4\"", 1, 1, ""},
    {"-4", "Int \"-4\"", 1, 1, ""},
    {"0", "Int \"0\"", 1, 1, ""},
    {"-0", "Int \"-0\"", 1, 1, ""},
    {"4.123", "Float \"4.123\"", 1, 1, ""},
    {"-4.123", "Float \"-4.123\"", 1, 1, ""},
    {"0.123", "Float \"0.123\"", 1, 1, ""},
    {"123e4", "Float \"123e4\"", 1, 1, ""},
    {"123E-4", "Float \"123E-4\"", 1, 1, ""},
    {"-1.123e+4", "Float \"-1.123e+4\"", 1, 1, ""},
    {"1 2", "Int \"1\"", 1, 1, ""},

    // Lexical errors: graphql-js's messages and positions.
    {"\"", "", 1, 2, "Unterminated string."},
    {"\"\"\"", "", 1, 4, "Unterminated string."},
    {"\"\"\"\"", "", 1, 5, "Unterminated string."},
    {"\"no end quote", "", 1, 14, "Unterminated string."},
    {"\"multi\nline\"", "", 1, 7, "Unterminated string."},
    {"\"multi\rline\"", "", 1, 7, "Unterminated string."},
    {"\"\"\"a\n b\n", "", 3, 1, "Unterminated string."},
    {"'single quotes'", "", 1, 1, "Unexpected single quote character ('), did you mean to use a double quote (\")?"},
    {"\"bad \\z esc\"", "", 1, 6, "Invalid character escape sequence: \"\\z\"."},
    {"\"bad \\x esc\"", "", 1, 6, "Invalid character escape sequence: \"\\x\"."},
    {"\"bad \\u1 esc\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\u1 es\"."},
    {"\"bad \\u0XX1 esc\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\u0XX1\"."},
    {"\"bad \\uXXXX esc\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\uXXXX\"."},
    {"\"bad \\uDD1E esc\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\uDD1E\"."},
    {"\"bad \\uD83D\\u0041\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\uD83D\"."},
    {"\"bad \\u{110000} esc\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\u{110000}\"."},
    {"\"bad \\u{} esc\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\u{}\"."},
    {"\"bad \\u{FXXX} esc\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\u{FX\"."},
    {"\"bad \\u{D800} esc\"", "", 1, 6, "Invalid Unicode escape sequence: \"\\u{D800}\"."},
    {"00", "", 1, 2, "Invalid number, unexpected digit after 0: \"0\"."},
    {"01", "", 1, 2, "Invalid number, unexpected digit after 0: \"1\"."},
    {"+1", "", 1, 1, "Unexpected character: \"+\"."},
    {"1.", "", 1, 3, "Invalid number, expected digit but got: <EOF>."},
    {"1e", "", 1, 3, "Invalid number, expected digit but got: <EOF>."},
    {".123", "", 1, 1, "Unexpected character: \".\"."},
    {"..", "", 1, 1, "Unexpected character: \".\"."},
    {"1.A", "", 1, 3, "Invalid number, expected digit but got: \"A\"."},
    {"-A", "", 1, 2, "Invalid number, expected digit but got: \"A\"."},
    {"1.0e", "", 1, 5, "Invalid number, expected digit but got: <EOF>."},
    {"1.0eA", "", 1, 5, "Invalid number, expected digit but got: \"A\"."},
    {"1.2e3e", "", 1, 6, "Invalid number, expected digit but got: \"e\"."},
    {"1.2e3.4", "", 1, 6, "Invalid number, expected digit but got: \".\"."},
    {"1.23.4", "", 1, 5, "Invalid number, expected digit but got: \".\"."},
    {"0xF1", "", 1, 2, "Invalid number, expected digit but got: \"x\"."},
    {"123abc", "", 1, 4, "Invalid number, expected digit but got: \"a\"."},
    {"1_234", "", 1, 2, "Invalid number, expected digit but got: \"_\"."},
    {"1\"x\"", "Int \"1\"", 1, 1, ""},
    {"-\"", "", 1, 2, "Invalid number, expected digit but got: '\"'."},
    {"?", "", 1, 1, "Unexpected character: \"?\"."},
    {"\xE2\x80\xBB", "", 1, 1, "Unexpected character: U+203B."},
    {"\xE2\x80\x8B", "", 1, 1, "Unexpected character: U+200B."},
    {"\xF0\x9F\x98\x80", "", 1, 1, "Unexpected character: U+1F600."},
    {std::string("\0", 1), "", 1, 1, "Unexpected character: U+0000."},
    {"\x07", "", 1, 1, "Unexpected character: U+0007."},
    {"   ~", "", 1, 4, "Unexpected character: \"~\"."},
};

BOOST_DATA_TEST_CASE(FirstTokenOrError, bdata::make(kLexCases), c) {
  StringArena arena;
  Lexer lexer(c.source, &arena);
  const bool ok = lexer.Advance();
  if (c.error.empty()) {
    BOOST_REQUIRE_MESSAGE(ok, lexer.error().message);
    BOOST_TEST(TokenDescription(lexer.token()) == c.token);
    BOOST_TEST(lexer.token().loc.line == c.line);
    BOOST_TEST(lexer.token().loc.column == c.column);
  } else {
    BOOST_REQUIRE(!ok);
    BOOST_TEST(lexer.error().message == c.error);
    BOOST_TEST(lexer.error().loc.line == c.line);
    BOOST_TEST(lexer.error().loc.column == c.column);
  }
}

// Errors after a first, valid token: columns count UTF-16 code units, as
// JavaScript's string positions do.
struct LaterErrorCase {
  std::string source;
  uint32_t line;
  uint32_t column;
  std::string error;
};

std::ostream& operator<<(std::ostream& os, const LaterErrorCase& c) { return os << c.source; }

const LaterErrorCase kLaterErrors[] = {
    {"\"\xC3\xA9\" ?", 1, 5, "Unexpected character: \"?\"."},
    {"\"\xF0\x9F\x98\x80\" ?", 1, 6, "Unexpected character: \"?\"."},
    {"\xEF\xBB\xBF \"\xE2\x82\xAC\" ?", 1, 7, "Unexpected character: \"?\"."},
    {"# \xF0\x9F\x98\x80\n  ?", 2, 3, "Unexpected character: \"?\"."},
    {"\"\"\"a\n\xC3\xA9\xC3\xA9\"\"\" ?", 2, 7, "Unexpected character: \"?\"."},
    {"a-b", 1, 3, "Invalid number, expected digit but got: \"b\"."},
    {"1\xC3\x9F", 1, 2, "Unexpected character: U+00DF."},
    {"\"\xC3\xA9\\q\"", 1, 3, "Invalid character escape sequence: \"\\q\"."},
};

BOOST_DATA_TEST_CASE(LaterErrors, bdata::make(kLaterErrors), c) {
  StringArena arena;
  Lexer lexer(c.source, &arena);
  bool ok = true;
  for (int i = 0; i < 10 && ok && lexer.token().kind != TokenKind::kEof; ++i) ok = lexer.Advance();
  BOOST_REQUIRE(!ok);
  BOOST_TEST(lexer.error().message == c.error);
  BOOST_TEST(lexer.error().loc.line == c.line);
  BOOST_TEST(lexer.error().loc.column == c.column);
}

BOOST_AUTO_TEST_CASE(TokenSequenceWithLookahead) {
  StringArena arena;
  Lexer lexer("query Q($a: [Int!] = 1.5) { f(x: \"s\") }", &arena);
  std::string seen;
  BOOST_REQUIRE(lexer.Advance());
  const Token* next = nullptr;
  BOOST_REQUIRE(lexer.Lookahead(&next));
  BOOST_TEST(TokenDescription(*next) == "Name \"Q\"");
  BOOST_TEST(TokenDescription(lexer.token()) == "Name \"query\"");
  while (lexer.token().kind != TokenKind::kEof) {
    seen += TokenDescription(lexer.token());
    seen += ' ';
    BOOST_REQUIRE(lexer.Advance());
  }
  BOOST_TEST(seen ==
             "Name \"query\" Name \"Q\" \"(\" \"$\" Name \"a\" \":\" \"[\" Name \"Int\" \"!\" \"]\" \"=\" "
             "Float \"1.5\" \")\" \"{\" Name \"f\" \"(\" Name \"x\" \":\" String \"s\" \")\" \"}\" ");
}

}  // namespace
}  // namespace vingt::protocol::graphql
