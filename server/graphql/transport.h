// GraphQL over HTTP for both GraphQL endpoints (/graphql and /metadata),
// as Twenty serves them: graphql-yoga behind Twenty's auth middleware.
//
//   POST  application/json (or application/graphql+json): {"query", "variables", "operationName", "extensions"}
//         application/graphql: the body is the query
//         application/x-www-form-urlencoded: the same members as a form
//   GET   ?query=...&variables=<json>&operationName=... (queries only)
//
// What the client gets (Yoga's status rules, see transport.cpp):
//   * transport problems (bad JSON, missing query, mutation via GET, ...)
//     as {"errors":[{"message": <Yoga's text>}]} with Yoga's status;
//   * authentication failures as Twenty's middleware writes them: HTTP 200,
//     {"errors":[{"message":...,"extensions":{"code":"UNAUTHENTICATED"|"FORBIDDEN"}}]};
//   * everything else from the engine (protocol/graphql/request.h) with 200,
//     or 400 for parse / validation failures when the client asked for
//     application/graphql-response+json.
//
// Routes using it are registered with Access::kGraphql: the transport
// authenticates. Writes made by resolvers are awaited (RequestContext::
// lsn_to_await) before the response goes out; a durability failure turns
// the whole answer into an INTERNAL_SERVER_ERROR (HTTP 500), so nothing is
// acknowledged that might be lost.
#pragma once

#include <functional>
#include <memory>

#include <asio/awaitable.hpp>

#include "protocol/graphql/query_limits.h"
#include "protocol/graphql/schema.h"
#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::graphql {

// The schema to run the request against, for the authenticated caller
// (call.workspace is set). Called once per request, after authentication;
// must be cheap (return a cached, immutable schema). Null: the schema could
// not be built (answered as INTERNAL_SERVER_ERROR).
using SchemaProvider = std::function<std::shared_ptr<const protocol::graphql::Schema>(CallContext& call)>;

struct GraphqlEndpointOptions {
  // Draw one token from the workspace's rate limit (state.rate_limiter) per
  // request; refused requests get Twenty's "Limit reached ..." error.
  bool rate_limited = false;
  // Twenty's limits on the parsed document (fields, root resolvers, nesting,
  // duplicate root resolvers), checked before validation. The defaults are
  // /metadata's; the core /graphql has no nesting limit and 20 root resolvers.
  protocol::graphql::DocumentLimits document_limits{
      .max_fields = 2000, .max_root_resolvers = 10, .max_nested_fields = 10, .reject_duplicate_root_resolvers = true};
  // The core /graphql: Twenty executes workspace operations without
  // validating where variables are used, and reports a required argument
  // left without a value as `Missing required argument: "data" (object)`
  // (BAD_USER_INPUT, subCode INVALID_QUERY_INPUT). /metadata validates fully.
  bool lenient_variables = false;
};

asio::awaitable<protocol::HttpResponse> ServeGraphql(ServerState& state, const protocol::HttpRequest& request,
                                                     SchemaProvider schema_for, GraphqlEndpointOptions options = {});

}  // namespace vingt::server::graphql
