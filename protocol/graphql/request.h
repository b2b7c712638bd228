// One GraphQL request end to end: parse, validate, pick the operation,
// check the limits, coerce the variables, execute, write the response.
//
// The response is what graphql-js + Yoga send:
//   syntax error        {"errors":[{..., "extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}
//   validation errors   {"errors":[... "GRAPHQL_VALIDATION_FAILED" ...]}
//   operation / variable problems  {"errors":[... "BAD_USER_INPUT" ...]}
//   executed            {"errors":[...],"data":{...}}, or {"data":{...}} without errors
// `errors` comes before `data`, as graphql-js builds its result object.
// HTTP status is the caller's business (Twenty answers 200 throughout).
//
// The steps are also exported one by one for callers that cache parsed
// and validated documents.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/error.h"
#include "protocol/graphql/executor.h"
#include "protocol/graphql/parser.h"
#include "protocol/graphql/query_limits.h"
#include "protocol/graphql/schema.h"
#include "protocol/json_write.h"

namespace vingt::protocol::graphql {

struct RequestOptions {
  ParseOptions parse;
  DocumentLimits limits;  // checked right after parsing, as the HTTP transport does
  ExecutionContext context;  // user context and root value for resolvers
};

// `variables` is the request's "variables" member (a null InputValue when
// absent); `operation_name` its "operationName" (nullopt when absent or
// null). Writes one complete JSON object into `writer`.
void ExecuteRequest(const Schema& schema, std::string_view query, const InputValue& variables,
                    std::optional<std::string_view> operation_name, const RequestOptions& options, JsonWriter& writer);

// Same, with the variables as JSON text (empty: none).
void ExecuteRequest(const Schema& schema, std::string_view query, std::string_view variables_json,
                    std::optional<std::string_view> operation_name, const RequestOptions& options, JsonWriter& writer);

// graphql-js's operation choice. Null with *error set ("Must provide
// operation name if query contains multiple operations.",
// "Unknown operation named \"x\".", "Must provide an operation.").
const ast::OperationDefinition* SelectOperation(const ast::Document& document,
                                                std::optional<std::string_view> operation_name, GraphQLError* error);

// Coerces the variables and executes `operation` of a validated document,
// writing {"errors":...,"data":...} (or {"errors":...} when the variables
// are invalid).
void ExecuteOperation(const Schema& schema, const ast::Document& document, const ast::OperationDefinition& operation,
                      const InputValue& variables, const ExecutionContext& context, JsonWriter& writer);

}  // namespace vingt::protocol::graphql
