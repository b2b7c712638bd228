#include "server/route_table.h"

#include <chrono>
#include <iterator>

#include "protocol/url.h"
#include "server/rest/api_keys.h"
#include "server/rest/bulk.h"
#include "server/rest/duplicates.h"
#include "server/rest/group_by.h"
#include "server/rest/health.h"
#include "server/rest/merge.h"
#include "server/rest/metadata_fields.h"
#include "server/rest/metadata_objects.h"
#include "server/openapi/serve_document.h"
#include "server/rest/picklists.h"
#include "server/rest/records.h"
#include "server/graphql/core_schema.h"
#include "server/graphql/metadata_schema.h"
#include "server/graphql/transport.h"
#include "server/api_errors.h"

namespace vingt::server {
namespace {

enum Route : int {
  kHealth,
  kHealthIndicator,
  kRecordsFindMany,
  kRecordsFindOne,
  kRecordsCreateOne,
  kRecordsCreateMany,
  kRecordsUpdateOne,
  kRecordsDeleteOne,
  kRecordsRestoreOne,
  kRecordsRestoreOneLegacy,
  kRecordsDuplicates,
  kRecordsMerge,
  kRecordsUpdateMany,
  kRecordsDeleteMany,
  kRecordsRestoreMany,
  kRecordsGroupBy,
  kApiKeysList,
  kApiKeysListAlias,
  kApiKeysGet,
  kApiKeysCreate,
  kApiKeysUpdate,
  kApiKeysRevoke,
  kMetadataObjectsList,
  kMetadataObjectsGet,
  kMetadataObjectsCreate,
  kMetadataObjectsUpdate,
  kMetadataObjectsDelete,
  kMetadataFieldsList,
  kMetadataFieldsGet,
  kMetadataFieldsCreate,
  kMetadataFieldsUpdate,
  kMetadataFieldsDelete,
  kMetadataPicklists,
  kMetadataUnknownPath,
  kOpenApiCore,
  kOpenApiMetadata,
  kMetadataGraphql,
  kCoreGraphql,
};

struct RouteDef {
  const char* method;
  const char* pattern;
  Route route;
  bool needs_key;
  bool rate_limited;  // draws a token from the workspace's rate limit (record queries)
};

// The only route table. Order does not matter: the router prefers static
// segments over :params, which reproduces Twenty's controller precedence
// (batch/* before *, see spec/rest-core.md §2).
constexpr RouteDef kRoutes[] = {
    {"GET", "/healthz", kHealth, false, false},
    {"GET", "/healthz/:indicator", kHealthIndicator, false, false},
    {"GET", "/rest/:plural", kRecordsFindMany, true, true},
    {"GET", "/rest/:plural/:id", kRecordsFindOne, true, true},
    {"GET", "/rest/:plural/groupBy", kRecordsGroupBy, true, true},
    {"POST", "/rest/:plural", kRecordsCreateOne, true, true},
    {"POST", "/rest/batch/:plural", kRecordsCreateMany, true, true},
    {"PATCH", "/rest/:plural/:id", kRecordsUpdateOne, true, true},
    {"PUT", "/rest/:plural/:id", kRecordsUpdateOne, true, true},
    {"DELETE", "/rest/:plural/:id", kRecordsDeleteOne, true, true},
    {"PATCH", "/rest/:plural/:id/restore", kRecordsRestoreOne, true, true},
    {"PATCH", "/rest/restore/:plural/:id", kRecordsRestoreOneLegacy, true, true},
    {"POST", "/rest/:plural/duplicates", kRecordsDuplicates, true, true},
    {"PATCH", "/rest/:plural/merge", kRecordsMerge, true, true},
    {"PATCH", "/rest/:plural", kRecordsUpdateMany, true, true},
    {"PUT", "/rest/:plural", kRecordsUpdateMany, true, true},
    {"DELETE", "/rest/:plural", kRecordsDeleteMany, true, true},
    {"PATCH", "/rest/:plural/restore", kRecordsRestoreMany, true, true},
    {"PATCH", "/rest/restore/:plural", kRecordsRestoreMany, true, true},
    {"GET", "/rest/metadata/apiKeys", kApiKeysList, true, false},
    {"GET", "/rest/metadata/apiKeys/:id", kApiKeysGet, true, false},
    {"POST", "/rest/metadata/apiKeys", kApiKeysCreate, true, false},
    {"PATCH", "/rest/metadata/apiKeys/:id", kApiKeysUpdate, true, false},
    {"PUT", "/rest/metadata/apiKeys/:id", kApiKeysUpdate, true, false},
    {"DELETE", "/rest/metadata/apiKeys/:id", kApiKeysRevoke, true, false},
    {"GET", "/rest/metadata/objects", kMetadataObjectsList, true, false},
    {"GET", "/rest/metadata/objects/:id", kMetadataObjectsGet, true, false},
    {"POST", "/rest/metadata/objects", kMetadataObjectsCreate, true, false},
    {"PATCH", "/rest/metadata/objects/:id", kMetadataObjectsUpdate, true, false},
    {"PUT", "/rest/metadata/objects/:id", kMetadataObjectsUpdate, true, false},
    {"DELETE", "/rest/metadata/objects/:id", kMetadataObjectsDelete, true, false},
    {"GET", "/rest/metadata/fields", kMetadataFieldsList, true, false},
    {"GET", "/rest/metadata/fields/:id", kMetadataFieldsGet, true, false},
    {"POST", "/rest/metadata/fields", kMetadataFieldsCreate, true, false},
    {"PATCH", "/rest/metadata/fields/:id", kMetadataFieldsUpdate, true, false},
    {"PUT", "/rest/metadata/fields/:id", kMetadataFieldsUpdate, true, false},
    {"DELETE", "/rest/metadata/fields/:id", kMetadataFieldsDelete, true, false},
    {"GET", "/rest/metadata/picklists", kMetadataPicklists, true, false},
    // Any other /rest/metadata path: Twenty's "Metadata path ... does not exist".
    {"GET", "/rest/metadata", kMetadataUnknownPath, true, false},
    {"GET", "/rest/metadata/:resource", kMetadataUnknownPath, true, false},
    {"GET", "/rest/metadata/:resource/:id", kMetadataUnknownPath, true, false},
    {"POST", "/rest/metadata/:resource", kMetadataUnknownPath, true, false},
    {"POST", "/rest/metadata/:resource/:id", kMetadataUnknownPath, true, false},
    {"PATCH", "/rest/metadata/:resource", kMetadataUnknownPath, true, false},
    {"PATCH", "/rest/metadata/:resource/:id", kMetadataUnknownPath, true, false},
    {"PUT", "/rest/metadata/:resource/:id", kMetadataUnknownPath, true, false},
    {"DELETE", "/rest/metadata/:resource", kMetadataUnknownPath, true, false},
    {"DELETE", "/rest/metadata/:resource/:id", kMetadataUnknownPath, true, false},
    // Deprecated aliases Twenty still serves.
    {"GET", "/rest/apiKeys", kApiKeysListAlias, true, false},
    {"GET", "/rest/apiKeys/:id", kApiKeysGet, true, false},
    {"POST", "/rest/apiKeys", kApiKeysCreate, true, false},
    {"PATCH", "/rest/apiKeys/:id", kApiKeysUpdate, true, false},
    {"PUT", "/rest/apiKeys/:id", kApiKeysUpdate, true, false},
    {"DELETE", "/rest/apiKeys/:id", kApiKeysRevoke, true, false},
    // Public: a valid key (header or legacy ?token=) makes the document complete.
    {"GET", "/open-api/core", kOpenApiCore, false, false},
    {"GET", "/rest/open-api/core", kOpenApiCore, false, false},
    {"GET", "/open-api/metadata", kOpenApiMetadata, false, false},
    {"GET", "/rest/open-api/metadata", kOpenApiMetadata, false, false},
    // GraphQL metadata API: the transport authenticates (GraphQL-shaped errors).
    {"POST", "/metadata", kMetadataGraphql, false, false},
    {"GET", "/metadata", kMetadataGraphql, false, false},
    // Core GraphQL API (spec/graphql-core.md): the transport authenticates and rate-limits.
    {"POST", "/graphql", kCoreGraphql, false, false},
    {"GET", "/graphql", kCoreGraphql, false, false},
};

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
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
  r.body = R"({"statusCode":404,"message":"Cannot )" + request.method + " " + request.path +
           R"(","error":"Not Found"})";
  return r;
}

}  // namespace

ApiHandler::ApiHandler(ServerState& state) : state_(state) {
  // The router answers the entry's index, so a match needs no table search.
  for (size_t i = 0; i < std::size(kRoutes); ++i)
    router_.Add(kRoutes[i].method, kRoutes[i].pattern, static_cast<int>(i));
}

asio::awaitable<protocol::HttpResponse> ApiHandler::Handle(protocol::HttpRequest& request) {
  std::optional<RouteMatch> match = router_.Match(request.method, request.path);
  if (!match) co_return NotFoundRoute(request);

  const RouteDef& def = kRoutes[match->route];

  CallContext call;
  call.now_ms = NowMs();
  if (def.needs_key) {
    AuthResult auth = Authenticate(state_.hasher, state_.db->keys(), request.Header("authorization"), call.now_ms);
    if (!auth.ok) co_return RestError(auth.http_status, auth.error_name, auth.message);
    call.workspace = state_.db->FindWorkspace(auth.key.workspace_id);
    if (!call.workspace) co_return RestError(401, "WORKSPACE_NOT_FOUND", "Workspace not found");
    call.key = std::move(auth.key);
  }
  call.query = protocol::ParseQuery(request.query);
  // Twenty counts record queries only (one token per REST call).
  if (state_.rate_limiter && def.rate_limited) {
    if (auto refused = state_.rate_limiter->TryAcquire(call.workspace->id()))
      co_return RestError(429, "HttpException", *refused, "LIMIT_REACHED");
  }

  const auto& p = match->params;
  switch (def.route) {
    case kHealth: co_return rest::Health(state_);
    case kHealthIndicator: co_return rest::HealthIndicator(state_, p[0]);
    case kRecordsFindMany: co_return co_await rest::FindMany(state_, call, p[0]);
    case kRecordsFindOne: co_return co_await rest::FindOne(state_, call, p[0], p[1]);
    case kRecordsCreateOne: co_return co_await rest::CreateOne(state_, call, request, p[0]);
    case kRecordsCreateMany: co_return co_await rest::CreateMany(state_, call, request, p[0]);
    case kRecordsUpdateOne: co_return co_await rest::UpdateOne(state_, call, request, p[0], p[1]);
    case kRecordsDeleteOne: co_return co_await rest::DeleteOne(state_, call, p[0], p[1]);
    case kRecordsRestoreOne:
    case kRecordsRestoreOneLegacy: co_return co_await rest::RestoreOne(state_, call, p[0], p[1]);
    case kRecordsDuplicates: co_return co_await rest::FindDuplicates(state_, call, request, p[0]);
    case kRecordsMerge: co_return co_await rest::MergeRecords(state_, call, request, p[0]);
    case kRecordsUpdateMany: co_return co_await rest::UpdateMany(state_, call, request, p[0]);
    case kRecordsDeleteMany: co_return co_await rest::DeleteMany(state_, call, p[0]);
    case kRecordsRestoreMany: co_return co_await rest::RestoreMany(state_, call, p[0]);
    case kRecordsGroupBy: co_return co_await rest::GroupBy(state_, call, p[0]);
    case kApiKeysList: co_return co_await rest::ListApiKeys(state_, call, /*deprecated_alias=*/false);
    case kApiKeysListAlias: co_return co_await rest::ListApiKeys(state_, call, /*deprecated_alias=*/true);
    case kApiKeysGet: co_return co_await rest::GetApiKey(state_, call, p[0]);
    case kApiKeysCreate: co_return co_await rest::CreateApiKey(state_, call, request);
    case kApiKeysUpdate: co_return co_await rest::UpdateApiKey(state_, call, request, p[0]);
    case kApiKeysRevoke: co_return co_await rest::RevokeApiKey(state_, call, p[0]);
    case kMetadataObjectsList: co_return co_await rest::ListMetadataObjects(state_, call);
    case kMetadataObjectsGet: co_return co_await rest::GetMetadataObject(state_, call, p[0]);
    case kMetadataObjectsCreate: co_return co_await rest::CreateMetadataObject(state_, call, request);
    case kMetadataObjectsUpdate: co_return co_await rest::UpdateMetadataObject(state_, call, request, p[0]);
    case kMetadataObjectsDelete: co_return co_await rest::DeleteMetadataObject(state_, call, p[0]);
    case kMetadataFieldsList: co_return co_await rest::ListMetadataFields(state_, call);
    case kMetadataFieldsGet: co_return co_await rest::GetMetadataField(state_, call, p[0]);
    case kMetadataFieldsCreate: co_return co_await rest::CreateMetadataField(state_, call, request);
    case kMetadataFieldsUpdate: co_return co_await rest::UpdateMetadataField(state_, call, request, p[0]);
    case kMetadataFieldsDelete: co_return co_await rest::DeleteMetadataField(state_, call, p[0]);
    case kMetadataPicklists: co_return co_await rest::ListPicklists(state_, call);
    case kMetadataUnknownPath: co_return rest::UnknownMetadataPath(request);
    case kOpenApiCore: co_return openapi::OpenApiCore(state_, call, request);
    case kOpenApiMetadata: co_return openapi::OpenApiMetadata(state_, call, request);
    case kMetadataGraphql:
      co_return co_await graphql::ServeGraphql(state_, request, [](CallContext&) { return graphql::MetadataSchema(); });
    case kCoreGraphql:
      co_return co_await graphql::ServeGraphql(
          state_, request, [](CallContext& c) { return graphql::CoreSchemaFor(*c.workspace); },
          graphql::GraphqlEndpointOptions{.rate_limited = true, .limits = {}, .lenient_variables = true});
  }
  co_return NotFoundRoute(request);
}

}  // namespace vingt::server
