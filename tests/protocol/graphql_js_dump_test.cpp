// Writes what this engine answers for the shared case tables, for
// graphql_js_crosscheck.sh to compare with the real graphql-js. Does
// nothing unless VINGT_GRAPHQL_JS_DUMP names the output file;
// VINGT_GRAPHQL_JS_QUERY names a file holding graphql-js's own
// introspection query, whose result graphql-js then rebuilds a schema from.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "protocol/graphql/parser.h"
#include "protocol/graphql/validation.h"
#include "protocol/json_write.h"
#include "tests/protocol/graphql_cases.h"
#include "tests/protocol/graphql_test_schema.h"

namespace vingt::protocol::graphql {
namespace {

void WriteErrorList(const std::vector<GraphQLError>& errors, JsonWriter& w) {
  w.StartArray();
  for (const GraphQLError& error : errors) WriteGraphQLError(error, w);
  w.EndArray();
}

BOOST_AUTO_TEST_CASE(GraphqlJsDump) {
  const char* dump_path = std::getenv("VINGT_GRAPHQL_JS_DUMP");
  const char* query_path = std::getenv("VINGT_GRAPHQL_JS_QUERY");
  if (dump_path == nullptr || query_path == nullptr) {
    BOOST_TEST_MESSAGE("graphql-js dump skipped (VINGT_GRAPHQL_JS_DUMP / VINGT_GRAPHQL_JS_QUERY unset)");
    return;
  }
  std::ifstream query_file(query_path);
  BOOST_REQUIRE(query_file.good());
  std::stringstream query;
  query << query_file.rdbuf();

  JsonWriter w;
  w.StartObject();
  w.Key("introspection");
  w.RawJson(testing::RunRequest(query.str()));

  w.Key("syntax");
  w.StartArray();
  for (const testing::SyntaxErrorCase& c : testing::kSyntaxErrorCases) {
    ParseResult parsed = Parse(c.source);
    w.StartObject();
    w.Key("source");
    w.String(c.source);
    w.Key("errors");
    std::vector<GraphQLError> errors;
    if (!parsed.ok()) errors.push_back({parsed.error->message, {parsed.error->loc}, {}, {}, {}});
    WriteErrorList(errors, w);
    w.EndObject();
  }
  w.EndArray();

  w.Key("validation");
  w.StartArray();
  for (const testing::ValidationCase& c : testing::kValidationCases) {
    ParseResult parsed = Parse(c.document);
    BOOST_REQUIRE(parsed.ok());
    w.StartObject();
    w.Key("document");
    w.String(c.document);
    w.Key("errors");
    WriteErrorList(Validate(testing::TestSchema(), parsed.document), w);
    w.EndObject();
  }
  w.EndArray();

  // Requests answered with errors and no data: operation choice and
  // variable coercion, which graphql-js's execute() reports the same way.
  w.Key("requests");
  w.StartArray();
  for (const testing::ExecCase& c : testing::kExecutionCases) {
    std::optional<std::string_view> operation;
    if (c.operation_name) operation = *c.operation_name;
    const std::string response = testing::RunRequest(c.query, c.variables, operation);
    if (!response.starts_with(R"({"errors")") || response.find(R"("data")") != std::string::npos) continue;
    w.StartObject();
    w.Key("name");
    w.String(c.name);
    w.Key("document");
    w.String(c.query);
    w.Key("variables");
    if (c.variables.empty()) {
      w.Null();
    } else {
      w.RawJson(c.variables);
    }
    w.Key("operationName");
    if (c.operation_name) {
      w.String(*c.operation_name);
    } else {
      w.Null();
    }
    w.Key("response");
    w.RawJson(response);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  std::ofstream out(dump_path);
  out << w.View();
  BOOST_REQUIRE(out.good());
}

}  // namespace
}  // namespace vingt::protocol::graphql
