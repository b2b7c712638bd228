#include <ostream>
#include <string>

#include "protocol/graphql/validation.h"

#pragma GCC diagnostic ignored "-Wrestrict"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "protocol/graphql/parser.h"
#include "tests/protocol/graphql_cases.h"
#include "tests/protocol/graphql_test_schema.h"

namespace vingt::protocol::graphql {
namespace {

namespace bdata = boost::unit_test::data;

BOOST_DATA_TEST_CASE(ValidationRules, bdata::make(testing::kValidationCases), c) {
  ParseResult parsed = Parse(c.document);
  BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.error->message);
  BOOST_TEST(testing::RenderErrors(Validate(testing::TestSchema(), parsed.document)) == c.errors);
}

BOOST_AUTO_TEST_CASE(ValidationStopsAtOneHundredErrors) {
  std::string document = "{";
  for (int i = 0; i < 150; ++i) document += " f" + std::to_string(i);
  document += " }";
  ParseResult parsed = Parse(document);
  BOOST_REQUIRE(parsed.ok());
  std::vector<GraphQLError> errors = Validate(testing::TestSchema(), parsed.document);
  BOOST_REQUIRE_EQUAL(errors.size(), 101u);
  BOOST_TEST(errors.back().message == "Too many validation errors, error limit reached. Validation aborted.");
  BOOST_TEST(errors.back().locations.empty());
}

BOOST_AUTO_TEST_CASE(FragmentCyclesDoNotHangOtherRules) {
  // Every rule that follows spreads must survive a cycle, including the
  // overlap check and variable usages.
  ParseResult parsed = Parse(
      "query ($v: Int) { people { ...A } } fragment A on Person { x: name ...B company { ...C } } "
      "fragment B on Person { x: name ...A } fragment C on Company { employees(first: $v) { ...A } }");
  BOOST_REQUIRE(parsed.ok());
  const std::string rendered = testing::RenderErrors(Validate(testing::TestSchema(), parsed.document));
  BOOST_TEST(rendered.find("Cannot spread fragment \"A\" within itself via \"B\".") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(LenientVariablePositionsReadOnlyTheShape) {
  auto errors = [](const char* document, bool lenient) {
    ParseResult parsed = Parse(document);
    BOOST_REQUIRE(parsed.ok());
    return testing::RenderErrors(
        Validate(testing::TestSchema(), parsed.document, {.lenient_variable_positions = lenient}));
  };
  // Nullable where non-null is wanted, String for ID: fine when lenient.
  const char* loose = "query ($id: String) { person(id: $id) { name } }";
  BOOST_TEST(errors(loose, false).find("used in position expecting type \"ID!\"") != std::string::npos);
  BOOST_TEST(errors(loose, true).empty());
  // Another named type or another list nesting is still refused.
  BOOST_TEST(!errors("query ($id: Int) { person(id: $id) { name } }", true).empty());
  BOOST_TEST(!errors("query ($id: [ID]) { person(id: $id) { name } }", true).empty());
  BOOST_TEST(errors("query ($l: [Int!]!) { echo(list: $l) }", true).empty());
}

BOOST_AUTO_TEST_CASE(RequestReportsValidationErrorsWithCode) {
  BOOST_TEST(
      testing::RunRequest("{ people { nme } }") ==
      R"({"errors":[{"message":"Cannot query field \"nme\" on type \"Person\". Did you mean \"name\" or \"age\"?","locations":[{"line":1,"column":12}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]})");
}

}  // namespace
}  // namespace vingt::protocol::graphql
