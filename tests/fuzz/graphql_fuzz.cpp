// Fuzz target: the GraphQL engine end to end (protocol/graphql: lexer,
// parser, validation, coercion, execution) on the real core schema of a
// workspace (server/graphql/core_schema.h) with the custom object "pet",
// records and relations, as /graphql runs it.
//
// The input is "<query>\0<variables JSON>\0<operationName>" (the last two
// optional). Property: every request gets one JSON object with "data" or
// "errors" (graphql-js's response shape), whatever the query.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "protocol/graphql/request.h"
#include "protocol/json_write.h"
#include "server/graphql/core_schema.h"
#include "server/graphql/request_context.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/in_process_server.h"

using namespace vingt;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SharedServer();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t end_query = text.find('\0');
  std::string_view query = text.substr(0, end_query);
  std::string_view variables, operation;
  std::optional<std::string_view> operation_name;
  if (end_query != std::string_view::npos) {
    std::string_view rest = text.substr(end_query + 1);
    const size_t end_variables = rest.find('\0');
    variables = rest.substr(0, end_variables);
    if (end_variables != std::string_view::npos) operation_name = rest.substr(end_variables + 1);
  }

  storage::Workspace& ws = fuzz::SharedServer().workspace();
  server::CallContext call;
  call.workspace = &ws;
  call.now_ms = 1714557600000;
  call.key.name = "fuzz";
  server::graphql::RequestContext rc;
  rc.state = &fuzz::SharedServer().state();
  rc.call = &call;
  protocol::graphql::RequestOptions options;
  options.context.user_context = &rc;

  auto schema = server::graphql::CoreSchemaFor(ws);
  protocol::JsonWriter out;
  protocol::graphql::ExecuteRequest(*schema, query, variables, operation_name, options, out);

  const std::string answer(out.View());
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  FUZZ_CHECK(parser.parse(answer).get(object) == simdjson::SUCCESS, "not a JSON object: " + answer);
  FUZZ_CHECK(object["data"].error() == simdjson::SUCCESS || object["errors"].error() == simdjson::SUCCESS,
             "neither data nor errors: " + answer);
  return 0;
}
