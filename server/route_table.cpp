#include "server/route_table.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include <asio/bind_executor.hpp>
#include <asio/post.hpp>
#include <asio/this_coro.hpp>
#include <asio/thread_pool.hpp>
#include <asio/use_awaitable.hpp>

#include "common/request_budget.h"
#include "protocol/json_write.h"
#include "protocol/url.h"
#include "server/api_errors.h"
#include "server/costly_request.h"
#include "server/admin/workspaces.h"
#include "server/metrics/exposition.h"
#include "server/playground/assets.h"
#include "server/metrics/request_metrics.h"
#include "server/auth/authenticate.h"
#include "server/durability.h"
#include "server/graphql/core_schema.h"
#include "server/graphql/metadata_schema.h"
#include "server/graphql/transport.h"
#include "server/openapi/serve_document.h"
#include "server/rest/api_keys.h"
#include "server/rest/webhooks.h"
#include "server/rest/bulk.h"
#include "server/rest/duplicates.h"
#include "server/rest/group_by.h"
#include "server/rest/health.h"
#include "server/rest/merge.h"
#include "server/rest/metadata_fields.h"
#include "server/rest/metadata_objects.h"
#include "server/rest/picklists.h"
#include "server/rest/records.h"

namespace vingt::server {
namespace {

using protocol::HttpResponse;

// ---- handlers: each route's call into rest/, openapi/ or graphql/ ----

asio::awaitable<HttpResponse> Health(RouteCall c) { co_return rest::Health(c.state); }
asio::awaitable<HttpResponse> HealthIndicator(RouteCall c) { co_return rest::HealthIndicator(c.state, c.params[0]); }
asio::awaitable<HttpResponse> RecordsFindMany(RouteCall c) { return rest::FindMany(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> RecordsFindOne(RouteCall c) { return rest::FindOne(c.state, c.call, c.params[0], c.params[1]); }
asio::awaitable<HttpResponse> RecordsCreateOne(RouteCall c) { return rest::CreateOne(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> RecordsCreateMany(RouteCall c) { return rest::CreateMany(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> RecordsUpdateOne(RouteCall c) { return rest::UpdateOne(c.state, c.call, c.request, c.params[0], c.params[1]); }
asio::awaitable<HttpResponse> RecordsDeleteOne(RouteCall c) { return rest::DeleteOne(c.state, c.call, c.params[0], c.params[1]); }
asio::awaitable<HttpResponse> RecordsRestoreOne(RouteCall c) { return rest::RestoreOne(c.state, c.call, c.params[0], c.params[1]); }
asio::awaitable<HttpResponse> RecordsDuplicates(RouteCall c) { return rest::FindDuplicates(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> RecordsMerge(RouteCall c) { return rest::MergeRecords(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> RecordsUpdateMany(RouteCall c) { return rest::UpdateMany(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> RecordsDeleteMany(RouteCall c) { return rest::DeleteMany(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> RecordsRestoreMany(RouteCall c) { return rest::RestoreMany(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> RecordsGroupBy(RouteCall c) { return rest::GroupBy(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> ApiKeysList(RouteCall c) { return rest::ListApiKeys(c.state, c.call, /*deprecated_alias=*/false); }
asio::awaitable<HttpResponse> ApiKeysListAlias(RouteCall c) { return rest::ListApiKeys(c.state, c.call, /*deprecated_alias=*/true); }
asio::awaitable<HttpResponse> ApiKeysGet(RouteCall c) { return rest::GetApiKey(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> ApiKeysCreate(RouteCall c) { return rest::CreateApiKey(c.state, c.call, c.request); }
asio::awaitable<HttpResponse> ApiKeysUpdate(RouteCall c) { return rest::UpdateApiKey(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> ApiKeysRevoke(RouteCall c) { return rest::RevokeApiKey(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> MetadataObjectsList(RouteCall c) { return rest::ListMetadataObjects(c.state, c.call); }
asio::awaitable<HttpResponse> MetadataObjectsGet(RouteCall c) { return rest::GetMetadataObject(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> MetadataObjectsCreate(RouteCall c) { return rest::CreateMetadataObject(c.state, c.call, c.request); }
asio::awaitable<HttpResponse> MetadataObjectsUpdate(RouteCall c) { return rest::UpdateMetadataObject(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> MetadataObjectsDelete(RouteCall c) { return rest::DeleteMetadataObject(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> WebhooksList(RouteCall c) { return rest::ListWebhooks(c.state, c.call, /*deprecated_alias=*/false); }
asio::awaitable<HttpResponse> WebhooksListAlias(RouteCall c) { return rest::ListWebhooks(c.state, c.call, /*deprecated_alias=*/true); }
asio::awaitable<HttpResponse> WebhooksGet(RouteCall c) { return rest::GetWebhook(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> WebhooksCreate(RouteCall c) { return rest::CreateWebhook(c.state, c.call, c.request); }
asio::awaitable<HttpResponse> WebhooksUpdate(RouteCall c) { return rest::UpdateWebhook(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> WebhooksDeliveries(RouteCall c) { return rest::WebhookDeliveries(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> WebhooksDelete(RouteCall c) { return rest::DeleteWebhook(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> MetadataFieldsList(RouteCall c) { return rest::ListMetadataFields(c.state, c.call); }
asio::awaitable<HttpResponse> MetadataFieldsGet(RouteCall c) { return rest::GetMetadataField(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> MetadataFieldsCreate(RouteCall c) { return rest::CreateMetadataField(c.state, c.call, c.request); }
asio::awaitable<HttpResponse> MetadataFieldsUpdate(RouteCall c) { return rest::UpdateMetadataField(c.state, c.call, c.request, c.params[0]); }
asio::awaitable<HttpResponse> MetadataFieldsDelete(RouteCall c) { return rest::DeleteMetadataField(c.state, c.call, c.params[0]); }
asio::awaitable<HttpResponse> MetadataPicklists(RouteCall c) { return rest::ListPicklists(c.state, c.call); }
asio::awaitable<HttpResponse> MetadataUnknownPath(RouteCall c) { co_return rest::UnknownMetadataPath(c.request); }
asio::awaitable<HttpResponse> OpenApiCore(RouteCall c) { co_return openapi::OpenApiCore(c.state, c.call, c.request); }
asio::awaitable<HttpResponse> OpenApiMetadata(RouteCall c) { co_return openapi::OpenApiMetadata(c.state, c.call, c.request); }
// GraphQL metadata API: the transport authenticates (GraphQL-shaped errors).
asio::awaitable<HttpResponse> MetadataGraphql(RouteCall c) {
  return graphql::ServeGraphql(c.state, c.request, [](CallContext&) { return graphql::MetadataSchema(); });
}
// Core GraphQL API (spec/graphql-core.md): the transport authenticates and rate-limits.
asio::awaitable<HttpResponse> CoreGraphql(RouteCall c) {
  return graphql::ServeGraphql(
      c.state, c.request, [](CallContext& call) { return graphql::CoreSchemaFor(*call.workspace); },
      graphql::GraphqlEndpointOptions{.rate_limited = true,
                                      .document_limits = {.max_fields = 2000,
                                                          .max_root_resolvers = 20,
                                                          .max_nested_fields = 0,
                                                          .reject_duplicate_root_resolvers = true},
                                      .lenient_variables = true});
}

// NestJS's 404 body for a route it does not have. The path is the
// client's, so it is written as a JSON string ('"', control bytes and bytes
// that are not UTF-8 included).
std::string NestNotFoundBody(std::string_view method, std::string_view path) {
  std::string body = R"({"statusCode":404,"message":)";
  protocol::AppendJsonStringified("Cannot " + std::string(method) + " " + std::string(path), &body);
  body += R"(,"error":"Not Found"})";
  return body;
}

// The API playground: public (every call it makes carries the key the user
// enters). Long cache for the pinned files, none for the page.
HttpResponse PlaygroundFile(std::string_view name) {
  std::optional<playground::Asset> asset = playground::FindAsset(name);
  HttpResponse r;
  if (!asset) {
    r.status = 404;
    r.body = NestNotFoundBody("GET", "/playground/" + std::string(name));
    return r;
  }
  r.content_type = std::string(asset->content_type);
  r.body = std::string(asset->bytes);
  r.headers.emplace_back("Cache-Control", name.empty() || name == "playground.js" ? "no-cache" : "public, max-age=86400");
  return r;
}
asio::awaitable<HttpResponse> PlaygroundPage(RouteCall) { co_return PlaygroundFile(""); }
asio::awaitable<HttpResponse> PlaygroundAsset(RouteCall c) { co_return PlaygroundFile(c.params[0]); }
asio::awaitable<HttpResponse> MetricsExposition(RouteCall c) {
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics::RenderMetrics(c.state);
  co_return r;
}
asio::awaitable<HttpResponse> AdminWorkspacesCreate(RouteCall c) { return admin::CreateWorkspace(c.state, c.request); }
asio::awaitable<HttpResponse> AdminWorkspacesList(RouteCall c) { co_return admin::ListWorkspaces(c.state); }
asio::awaitable<HttpResponse> AdminWorkspacesDelete(RouteCall c) { return admin::DeleteWorkspace(c.state, c.params[0]); }

// ---- the table ----

const Route kRoutes[] = {
    {"GET", "/healthz", Access::kPublic, Health},
    {"GET", "/healthz/:indicator", Access::kPublic, HealthIndicator},
    // Records. Each path's documented operations are together, in the document's order.
    {"GET", "/rest/:plural", Access::kApiKeyRateLimited, RecordsFindMany, OpenApiOperation::kFindMany},
    {"POST", "/rest/:plural", Access::kApiKeyRateLimited, RecordsCreateOne, OpenApiOperation::kCreateOne},
    {"DELETE", "/rest/:plural", Access::kApiKeyRateLimited, RecordsDeleteMany, OpenApiOperation::kDeleteMany},
    {"PATCH", "/rest/:plural", Access::kApiKeyRateLimited, RecordsUpdateMany, OpenApiOperation::kUpdateMany},
    {"PUT", "/rest/:plural", Access::kApiKeyRateLimited, RecordsUpdateMany},
    {"POST", "/rest/batch/:plural", Access::kApiKeyRateLimited, RecordsCreateMany, OpenApiOperation::kCreateMany},
    {"GET", "/rest/:plural/:id", Access::kApiKeyRateLimited, RecordsFindOne, OpenApiOperation::kFindOne},
    {"DELETE", "/rest/:plural/:id", Access::kApiKeyRateLimited, RecordsDeleteOne, OpenApiOperation::kDeleteOne},
    {"PATCH", "/rest/:plural/:id", Access::kApiKeyRateLimited, RecordsUpdateOne, OpenApiOperation::kUpdateOne},
    {"PUT", "/rest/:plural/:id", Access::kApiKeyRateLimited, RecordsUpdateOne},
    {"POST", "/rest/:plural/duplicates", Access::kApiKeyRateLimited, RecordsDuplicates,
     OpenApiOperation::kFindDuplicates},
    // Restore: the document keeps the form Twenty documents; vingt also serves /:plural[/:id]/restore.
    {"PATCH", "/rest/restore/:plural/:id", Access::kApiKeyRateLimited, RecordsRestoreOne,
     OpenApiOperation::kRestoreOne},
    {"PATCH", "/rest/restore/:plural", Access::kApiKeyRateLimited, RecordsRestoreMany, OpenApiOperation::kRestoreMany},
    {"PATCH", "/rest/:plural/merge", Access::kApiKeyRateLimited, RecordsMerge, OpenApiOperation::kMergeMany},
    {"PATCH", "/rest/:plural/:id/restore", Access::kApiKeyRateLimited, RecordsRestoreOne},
    {"PATCH", "/rest/:plural/restore", Access::kApiKeyRateLimited, RecordsRestoreMany},
    {"GET", "/rest/:plural/groupBy", Access::kApiKeyRateLimited, RecordsGroupBy},
    // Metadata.
    {"GET", "/rest/metadata/objects", Access::kApiKey, MetadataObjectsList, OpenApiOperation::kMetadataFindMany},
    {"POST", "/rest/metadata/objects", Access::kApiKey, MetadataObjectsCreate, OpenApiOperation::kMetadataCreateOne},
    {"GET", "/rest/metadata/objects/:id", Access::kApiKey, MetadataObjectsGet, OpenApiOperation::kMetadataFindOne},
    {"DELETE", "/rest/metadata/objects/:id", Access::kApiKey, MetadataObjectsDelete,
     OpenApiOperation::kMetadataDeleteOne},
    {"PATCH", "/rest/metadata/objects/:id", Access::kApiKey, MetadataObjectsUpdate,
     OpenApiOperation::kMetadataUpdateOne},
    {"PUT", "/rest/metadata/objects/:id", Access::kApiKey, MetadataObjectsUpdate},
    {"GET", "/rest/metadata/fields", Access::kApiKey, MetadataFieldsList, OpenApiOperation::kMetadataFindMany},
    {"POST", "/rest/metadata/fields", Access::kApiKey, MetadataFieldsCreate, OpenApiOperation::kMetadataCreateOne},
    {"GET", "/rest/metadata/fields/:id", Access::kApiKey, MetadataFieldsGet, OpenApiOperation::kMetadataFindOne},
    {"DELETE", "/rest/metadata/fields/:id", Access::kApiKey, MetadataFieldsDelete,
     OpenApiOperation::kMetadataDeleteOne},
    {"PATCH", "/rest/metadata/fields/:id", Access::kApiKey, MetadataFieldsUpdate,
     OpenApiOperation::kMetadataUpdateOne},
    {"PUT", "/rest/metadata/fields/:id", Access::kApiKey, MetadataFieldsUpdate},
    {"GET", "/rest/metadata/apiKeys", Access::kApiKey, ApiKeysList, OpenApiOperation::kApiKeysFindMany},
    {"POST", "/rest/metadata/apiKeys", Access::kApiKey, ApiKeysCreate, OpenApiOperation::kApiKeysCreateOne},
    {"GET", "/rest/metadata/apiKeys/:id", Access::kApiKey, ApiKeysGet, OpenApiOperation::kApiKeysFindOne},
    {"DELETE", "/rest/metadata/apiKeys/:id", Access::kApiKey, ApiKeysRevoke, OpenApiOperation::kApiKeysDeleteOne},
    {"PATCH", "/rest/metadata/apiKeys/:id", Access::kApiKey, ApiKeysUpdate, OpenApiOperation::kApiKeysUpdateOne},
    {"PUT", "/rest/metadata/apiKeys/:id", Access::kApiKey, ApiKeysUpdate},
    {"GET", "/rest/metadata/webhooks", Access::kApiKey, WebhooksList, OpenApiOperation::kWebhooksFindMany},
    {"POST", "/rest/metadata/webhooks", Access::kApiKey, WebhooksCreate, OpenApiOperation::kWebhooksCreateOne},
    {"GET", "/rest/metadata/webhooks/:id", Access::kApiKey, WebhooksGet, OpenApiOperation::kWebhooksFindOne},
    {"DELETE", "/rest/metadata/webhooks/:id", Access::kApiKey, WebhooksDelete, OpenApiOperation::kWebhooksDeleteOne},
    {"PATCH", "/rest/metadata/webhooks/:id", Access::kApiKey, WebhooksUpdate, OpenApiOperation::kWebhooksUpdateOne},
    {"PUT", "/rest/metadata/webhooks/:id", Access::kApiKey, WebhooksUpdate},
    // vingt extension: the delivery log (not in the OpenAPI document).
    {"GET", "/rest/metadata/webhooks/:id/deliveries", Access::kApiKey, WebhooksDeliveries},
    {"GET", "/rest/metadata/picklists", Access::kApiKey, MetadataPicklists, OpenApiOperation::kPicklistsFindMany},
    // Any other /rest/metadata path: Twenty's "Metadata path ... does not exist".
    {"GET", "/rest/metadata", Access::kApiKey, MetadataUnknownPath},
    {"GET", "/rest/metadata/:resource", Access::kApiKey, MetadataUnknownPath},
    {"GET", "/rest/metadata/:resource/:id", Access::kApiKey, MetadataUnknownPath},
    {"POST", "/rest/metadata/:resource", Access::kApiKey, MetadataUnknownPath},
    {"POST", "/rest/metadata/:resource/:id", Access::kApiKey, MetadataUnknownPath},
    {"PATCH", "/rest/metadata/:resource", Access::kApiKey, MetadataUnknownPath},
    {"PATCH", "/rest/metadata/:resource/:id", Access::kApiKey, MetadataUnknownPath},
    {"PUT", "/rest/metadata/:resource/:id", Access::kApiKey, MetadataUnknownPath},
    {"DELETE", "/rest/metadata/:resource", Access::kApiKey, MetadataUnknownPath},
    {"DELETE", "/rest/metadata/:resource/:id", Access::kApiKey, MetadataUnknownPath},
    // Deprecated aliases Twenty still serves.
    {"GET", "/rest/apiKeys", Access::kApiKey, ApiKeysListAlias},
    {"GET", "/rest/apiKeys/:id", Access::kApiKey, ApiKeysGet},
    {"POST", "/rest/apiKeys", Access::kApiKey, ApiKeysCreate},
    {"PATCH", "/rest/apiKeys/:id", Access::kApiKey, ApiKeysUpdate},
    {"PUT", "/rest/apiKeys/:id", Access::kApiKey, ApiKeysUpdate},
    {"DELETE", "/rest/apiKeys/:id", Access::kApiKey, ApiKeysRevoke},
    {"GET", "/rest/webhooks", Access::kApiKey, WebhooksListAlias},
    {"GET", "/rest/webhooks/:id", Access::kApiKey, WebhooksGet},
    {"POST", "/rest/webhooks", Access::kApiKey, WebhooksCreate},
    {"PATCH", "/rest/webhooks/:id", Access::kApiKey, WebhooksUpdate},
    {"PUT", "/rest/webhooks/:id", Access::kApiKey, WebhooksUpdate},
    {"DELETE", "/rest/webhooks/:id", Access::kApiKey, WebhooksDelete},
    // Public: a valid key (header or legacy ?token=) makes the document complete.
    {"GET", "/open-api/core", Access::kPublic, OpenApiCore},
    {"GET", "/rest/open-api/core", Access::kPublic, OpenApiCore},
    {"GET", "/open-api/metadata", Access::kPublic, OpenApiMetadata},
    {"GET", "/rest/open-api/metadata", Access::kPublic, OpenApiMetadata},
    {"POST", "/metadata", Access::kGraphql, MetadataGraphql},
    {"GET", "/metadata", Access::kGraphql, MetadataGraphql},
    {"POST", "/graphql", Access::kGraphql, CoreGraphql},
    {"GET", "/graphql", Access::kGraphql, CoreGraphql},
    // vingt extension: the admin API (README "Workspaces").
    {"POST", "/admin/workspaces", Access::kAdmin, AdminWorkspacesCreate},
    {"GET", "/admin/workspaces", Access::kAdmin, AdminWorkspacesList},
    {"DELETE", "/admin/workspaces/:id", Access::kAdmin, AdminWorkspacesDelete},
    // The API playground (server/playground/assets.h).
    {"GET", "/playground", Access::kPublic, PlaygroundPage},
    {"GET", "/playground/:file", Access::kPublic, PlaygroundAsset},
    // Prometheus (server/metrics/exposition.h).
    {"GET", "/metrics", Access::kMetrics, MetricsExposition},
};

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Whether the route may change data: every method but GET, except the
// POSTs that only read (duplicates) or only answer errors, and GraphQL,
// whose transport asks for mutations itself.
bool ChangesData(const Route& route) {
  return route.method != "GET" && route.access != Access::kGraphql && route.handler != RecordsDuplicates &&
         route.handler != MetadataUnknownPath;
}

protocol::HttpResponse NotFoundRoute(const protocol::HttpRequest& request) {
  std::string_view path = request.path;
  if (path == "/rest" || path.starts_with("/rest/")) {
    return BadRequest("Query path '" + request.path +
                      "' invalid. Valid examples: /rest/companies/id or /rest/companies or /rest/batch/companies or "
                      "/rest/restore/companies/id");
  }
  // NestJS's default body outside the REST exception filter.
  protocol::HttpResponse r;
  r.status = 404;
  r.body = NestNotFoundBody(request.method, request.path);
  return r;
}

}  // namespace

std::span<const Route> RouteTable() { return kRoutes; }

ApiHandler::ApiHandler(ServerState& state) : state_(state) {
  // The router answers the entry's index, so a match needs no table search.
  for (size_t i = 0; i < std::size(kRoutes); ++i)
    router_.Add(kRoutes[i].method, kRoutes[i].pattern, static_cast<int>(i));
}

asio::awaitable<protocol::HttpResponse> ApiHandler::Handle(protocol::HttpRequest& request) {
  metrics::RequestMetrics* m = state_.request_metrics;
  if (!m) co_return co_await Dispatch(request, nullptr);
  const auto started = std::chrono::steady_clock::now();
  m->Started();
  size_t route = std::size(kRoutes);
  protocol::HttpResponse response = co_await Dispatch(request, &route);
  m->Finished(route, response.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  co_return response;
}

namespace {
// A request given up by its budget, before it changed anything: out of
// time, Twenty's 500 ("Query read timeout"); its client gone, 499 (nginx's
// "client closed request", which only /metrics and the log ever see) and
// the connection closes. The answer's half-written JSON (the thread's
// writer) is dropped either way.
protocol::HttpResponse GivenUp(const RequestBudgetExceeded& e) {
  protocol::ThreadJsonWriter().Reset();
  protocol::HttpResponse response = RestErrorFromStatus(e.status);
  if (e.client_gone) {
    response.status = kClientClosedRequest;
    response.close = true;
  }
  return response;
}
}  // namespace

asio::awaitable<protocol::HttpResponse> ApiHandler::Dispatch(protocol::HttpRequest& request, size_t* route_index) {
  std::optional<RouteMatch> match = router_.Match(request.method, request.path);
  if (!match) co_return NotFoundRoute(request);
  if (route_index) *route_index = static_cast<size_t>(match->route);
  const Route& route = kRoutes[match->route];

  if (route.access == Access::kAdmin || (route.access == Access::kMetrics && !state_.metrics_public)) {
    // Without an admin token the admin API (and a private /metrics) does not exist.
    if (!state_.admin_token.set()) co_return NotFoundRoute(request);
    if (!state_.admin_token.Matches(request.Header("authorization")))
      co_return RestErrorFromStatus(Status::Unauthenticated("Invalid admin token"));
  }
  CallContext call;
  call.now_ms = NowMs();
  if (route.access == Access::kApiKey || route.access == Access::kApiKeyRateLimited) {
    if (Status refused = AuthenticateCall(state_, request.Header("authorization"), &call); !refused.ok())
      co_return RestErrorFromStatus(refused);
  }
  call.query = protocol::ParseQuery(request.query);
  // Twenty counts record queries only (one token per REST call).
  if (state_.rate_limiter && route.access == Access::kApiKeyRateLimited) {
    if (auto refused = state_.rate_limiter->TryAcquire(call.workspace->id()))
      co_return RestErrorFromStatus(Status::RateLimited(*refused).WithDetailCode("LIMIT_REACHED"));
  }
  // A full disk refuses a write before it changes anything (503), and lets
  // it through again once there is room (storage/wal_writer.h).
  if (ChangesData(route)) {
    if (Status room = state_.db->CheckWriteRoom(); !room.ok()) co_return RestErrorFromStatus(room);
  }
  // A request that may cost milliseconds computes on the compute pool, so
  // that the other connections of this I/O thread are answered meanwhile
  // (server/costly_request.h); it comes back here to be sent.
  const bool moved = state_.compute &&
                     (route.access == Access::kApiKeyRateLimited || route.access == Access::kGraphql) &&
                     LooksCostly(request);
  std::optional<asio::any_io_executor> io;
  if (moved) {
    io = co_await asio::this_coro::executor;
    co_await asio::post(asio::bind_executor(state_.compute->get_executor(), asio::use_awaitable));
  }
  // The request computes under its budget (common/request_budget.h): given
  // up with a 500 once out of time, or when its client has gone.
  RequestBudget budget(state_.limits.query_timeout_ms, request.client_fd);
  SetCurrentRequestBudget(&budget);
  protocol::HttpResponse response;
  std::optional<RequestBudgetExceeded> given_up;
  try {
    response = co_await route.handler(RouteCall{state_, call, request, match->params});
  } catch (const RequestBudgetExceeded& e) {
    given_up = e;
  }
  SetCurrentRequestBudget(nullptr);
  if (moved) co_await asio::post(asio::bind_executor(*io, asio::use_awaitable));
  if (given_up) co_return GivenUp(*given_up);
  if (!call.workspace) co_return response;
  // Nothing is shown before it is durable: a crash must not take back what
  // a client saw (PostgreSQL's promise). Read now, right after the answer
  // was built: every change it may show was logged at or before this LSN.
  uint64_t lsn = call.await_lsn;
  if (response.status < 400) lsn = std::max(lsn, state_.db->VisibleLsn(*call.workspace));
  if (MustAwait(state_.db->wal(), lsn)) {
    Status durable = co_await AwaitDurable(state_.db->wal(), lsn);
    if (!durable.ok()) co_return RestErrorFromStatus(durable);
  }
  co_return response;
}

}  // namespace vingt::server
