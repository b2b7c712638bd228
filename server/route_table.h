// Every route of the HTTP API, written once: method, path pattern, who may
// call it, and its handler. ApiHandler routes requests with it; the OpenAPI
// generator documents the routes it marks (server/openapi/).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <asio/awaitable.hpp>

#include "server/api_context.h"
#include "server/http/request_handler.h"
#include "server/http/router.h"

namespace vingt::server {

// Who may call a route, and what the call costs.
enum class Access : uint8_t {
  kPublic,             // anyone (health; OpenAPI, where a key only completes the document)
  kApiKey,             // a workspace API key (REST metadata, API keys)
  kApiKeyRateLimited,  // a key, and one token of the workspace's rate limit (record queries)
  kGraphql,            // the GraphQL transport checks the key and answers in GraphQL's shape
  kAdmin,              // the admin token (server/auth/admin_token.h); 404 when the server has none
  kMetrics,            // the admin token, or anyone with --metrics-public; else 404
};

// What one matched request hands its handler. Every reference outlives the
// handler's awaitable.
struct RouteCall {
  ServerState& state;
  CallContext& call;
  protocol::HttpRequest& request;
  const std::vector<std::string_view>& params;  // the pattern's :params, in order
};
using RouteHandlerFn = asio::awaitable<protocol::HttpResponse> (*)(RouteCall);

// The operation an OpenAPI document writes for a route (server/openapi/),
// or kNone: aliases, the second restore form, GraphQL, health and the
// documents themselves are not documented. The documented path is the
// pattern without its /rest or /rest/metadata prefix (the document's server
// URL has it), :plural and :id written as the document names them.
enum class OpenApiOperation : uint8_t {
  kNone,
  // The core document, once per object.
  kFindMany,
  kCreateOne,
  kDeleteMany,
  kUpdateMany,
  kCreateMany,
  kFindOne,
  kDeleteOne,
  kUpdateOne,
  kFindDuplicates,
  kRestoreOne,
  kRestoreMany,
  kMergeMany,
  // The metadata document: objects and fields (Twenty's legacy envelope),
  // API keys and webhooks (bare objects), picklists (a vingt extension).
  kMetadataFindMany,
  kMetadataCreateOne,
  kMetadataFindOne,
  kMetadataDeleteOne,
  kMetadataUpdateOne,
  kApiKeysFindMany,
  kApiKeysCreateOne,
  kApiKeysFindOne,
  kApiKeysDeleteOne,
  kApiKeysUpdateOne,
  kWebhooksFindMany,
  kWebhooksCreateOne,
  kWebhooksFindOne,
  kWebhooksDeleteOne,
  kWebhooksUpdateOne,
  kPicklistsFindMany,
};

inline bool InCoreDocument(OpenApiOperation op) {
  return op >= OpenApiOperation::kFindMany && op <= OpenApiOperation::kMergeMany;
}
inline bool InMetadataDocument(OpenApiOperation op) { return op >= OpenApiOperation::kMetadataFindMany; }

struct Route {
  std::string_view method;   // upper case
  std::string_view pattern;  // "/rest/:plural/:id"
  Access access;
  RouteHandlerFn handler;
  OpenApiOperation openapi = OpenApiOperation::kNone;
};

// The table. Order does not decide matching (the router prefers static
// segments over :params, spec/rest-core.md §2); it is the order in which
// the OpenAPI documents list the paths and operations.
std::span<const Route> RouteTable();

class ApiHandler : public RequestHandler {
 public:
  explicit ApiHandler(ServerState& state);
  // Routes the request and counts it in state.request_metrics (when set).
  asio::awaitable<protocol::HttpResponse> Handle(protocol::HttpRequest& request) override;

 private:
  // `*route`: the matched entry's index, or the table's size for none.
  asio::awaitable<protocol::HttpResponse> Dispatch(protocol::HttpRequest& request, size_t* route);
  ServerState& state_;
  Router router_;
};

}  // namespace vingt::server
