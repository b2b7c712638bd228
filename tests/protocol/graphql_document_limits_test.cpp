// Twenty's limits on a parsed GraphQL document (protocol/graphql/
// query_limits.h, CheckDocumentLimits), with its messages. Found missing by
// an attacker's test: one request of 1,000 aliased `people(filter: ...)`
// fields cost 0.67 s on 10,000 people; Twenty refuses it as a duplicate root
// resolver before running anything.
#include <string>

#include <boost/test/unit_test.hpp>

#include "protocol/graphql/parser.h"
#include "protocol/graphql/query_limits.h"

using namespace vingt::protocol::graphql;

namespace {

constexpr DocumentLimits kCore{.max_fields = 2000, .max_root_resolvers = 20, .reject_duplicate_root_resolvers = true};
constexpr DocumentLimits kMetadata{
    .max_fields = 2000, .max_root_resolvers = 10, .max_nested_fields = 10, .reject_duplicate_root_resolvers = true};

// The error's message, or "" when the document is within the limits.
std::string Check(const std::string& query, const DocumentLimits& limits = kCore) {
  ParseResult parsed = Parse(query);
  BOOST_TEST_REQUIRE(parsed.ok());
  std::optional<GraphQLError> error = CheckDocumentLimits(parsed.document, limits);
  if (!error) return "";
  BOOST_TEST(error->code == "BAD_USER_INPUT");
  return error->message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(graphql_document_limits)

BOOST_AUTO_TEST_CASE(a_root_resolver_twice_is_refused_whatever_the_aliases) {
  BOOST_TEST(Check("{ a: people { totalCount } b: people { totalCount } }") == "Duplicate root resolver: \"people\"");
  std::string bomb = "{";
  for (int i = 0; i < 1000; ++i) bomb += " a" + std::to_string(i) + ": people(filter: {city: {ilike: \"%x%\"}}) { totalCount }";
  BOOST_TEST(Check(bomb + " }") == "Duplicate root resolver: \"people\"");
  // Across the operations of a document too.
  BOOST_TEST(Check("query A { people { totalCount } } query B { people { totalCount } }") ==
             "Duplicate root resolver: \"people\"");
  // Without the check, the same name counts once per use.
  BOOST_TEST(Check("{ a: people { totalCount } b: people { totalCount } }", {.max_root_resolvers = 1}) ==
             "Query too complex - Too many root resolvers requested: 2 - Maximum allowed root resolvers: 1");
}

BOOST_AUTO_TEST_CASE(root_resolvers_fields_and_nesting_have_twenty_s_limits) {
  std::string roots = "{";
  for (int i = 0; i < 21; ++i) roots += " r" + std::to_string(i) + " { id }";
  BOOST_TEST(Check(roots + " }") ==
             "Query too complex - Too many root resolvers requested: 21 - Maximum allowed root resolvers: 20");
  std::string twenty = "{";
  for (int i = 0; i < 20; ++i) twenty += " r" + std::to_string(i) + " { id }";
  BOOST_TEST(Check(twenty + " }") == "");

  std::string fields = "{ people { edges { node {";
  for (int i = 0; i < 1997; ++i) fields += " f" + std::to_string(i);
  BOOST_TEST(Check(fields + " } } } }") == "");  // 3 + 1997 = 2000
  BOOST_TEST(Check(fields + " extra } } } }") ==
             "Query too complex - Too many fields requested: 2001 - Maximum allowed fields: 2000");

  // Nesting: root fields are at depth 1; only /metadata limits it.
  const std::string deep = "{ a { b { c { d { e { f { g { h { i { j { k } } } } } } } } } } }";
  BOOST_TEST(Check(deep, kMetadata) ==
             "Query too complex - Too many nested fields requested: 11 - Maximum allowed nested fields: 10");
  BOOST_TEST(Check(deep, kCore) == "");
  BOOST_TEST(Check("{ a { b { c { d { e { f { g { h { i { j } } } } } } } } } }", kMetadata) == "");
}

BOOST_AUTO_TEST_CASE(introspection_fields_and_what_they_select_are_not_counted) {
  std::string roots = "{";
  for (int i = 0; i < 20; ++i) roots += " r" + std::to_string(i);
  BOOST_TEST(Check(roots + " __typename __schema { types { name fields { name } } } }") == "");
  BOOST_TEST(Check("{ __schema { a { b { c { d { e { f { g { h { i { j { k } } } } } } } } } } } }", kMetadata) == "");
}

BOOST_AUTO_TEST_CASE(fragments_count_where_they_are_spread) {
  // Twenty keeps a fragment's root names in a set: the same name twice in
  // one fragment is one root resolver.
  BOOST_TEST(Check("query { ...F } fragment F on Query { people { id } again: people { id } }") == "");
  BOOST_TEST(Check("query { people { id } ...F } fragment F on Query { people { id } }") ==
             "Duplicate root resolver: \"people\"");
  BOOST_TEST(Check("query { a { ...D } } fragment D on A { b { c { d { e { f { g { h { i { j { k } } } } } } } } } }",
                   kMetadata) ==
             "Query too complex - Too many nested fields requested: 11 - Maximum allowed nested fields: 10");
  // Each fragment spreading the one before twice: 2^40 fields, measured at
  // once rather than expanded.
  std::string bomb = "query { people { ...F0 } } fragment F0 on Person { id }";
  for (int i = 1; i <= 40; ++i)
    bomb += " fragment F" + std::to_string(i) + " on Person { ...F" + std::to_string(i - 1) + " ...F" +
            std::to_string(i - 1) + " }";
  bomb.replace(bomb.find("...F0 } }"), 5, "...F40");
  BOOST_TEST(Check(bomb) ==
             "Query too complex - Too many fields requested: 1099511627777 - Maximum allowed fields: 2000");
  // A cycle, which validation reports, ends the measure instead of looping.
  BOOST_TEST(Check("query { ...A } fragment A on Query { ...B x } fragment B on Query { ...A y }") == "");
}

BOOST_AUTO_TEST_SUITE_END()
