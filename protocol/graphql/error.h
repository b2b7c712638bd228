// A GraphQL error as it goes on the wire, and the response envelopes that
// carry only errors.
//
// Serialized as graphql-js's GraphQLError.toJSON orders it: message,
// locations (when any), path (when any), extensions (when any: `code`
// first, then the extra entries). The extensions.code values are the ones
// Twenty's Yoga server uses (spec/graphql-core.md §9).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/graphql/lexer.h"
#include "protocol/json_write.h"

namespace vingt::protocol::graphql {

namespace error_code {
inline constexpr std::string_view kParseFailed = "GRAPHQL_PARSE_FAILED";
inline constexpr std::string_view kValidationFailed = "GRAPHQL_VALIDATION_FAILED";
inline constexpr std::string_view kBadUserInput = "BAD_USER_INPUT";
inline constexpr std::string_view kInternalServerError = "INTERNAL_SERVER_ERROR";
}  // namespace error_code

// One step of a response path: a field's response key, or a list index.
struct PathKey {
  std::string key;     // when index < 0
  int64_t index = -1;  // list position when >= 0
  friend bool operator==(const PathKey&, const PathKey&) = default;
};

struct GraphQLError {
  std::string message;
  std::vector<SourceLocation> locations;
  std::vector<PathKey> path;
  std::string code;  // extensions.code; empty: no extensions.code
  // Further extensions entries after `code`: key and a complete JSON value
  // written verbatim (e.g. {"userFriendlyMessage", "\"Record not found\""}).
  std::vector<std::pair<std::string, std::string>> extensions;
};

void WriteGraphQLError(const GraphQLError& error, JsonWriter& writer);
// `"errors": [...]` members, without the enclosing object.
void WriteErrorsMember(const std::vector<GraphQLError>& errors, JsonWriter& writer);
// {"errors":[...]}: a request that failed before execution (no data key).
void WriteErrorsOnlyResponse(const std::vector<GraphQLError>& errors, JsonWriter& writer);

}  // namespace vingt::protocol::graphql
