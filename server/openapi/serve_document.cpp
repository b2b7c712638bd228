#include "server/openapi/serve_document.h"

#include <string>

#include "server/auth/authenticate.h"
#include "server/openapi/core_document.h"
#include "server/openapi/metadata_document.h"

namespace vingt::server::openapi {
namespace {

using openapi::DocumentContext;
using openapi::DocumentKind;

// The caller's workspace if the request carries a valid key, else null. A
// bad key is not an error here: it only means the base document. The
// header wins; ?token= is tried when the header is absent or not valid.
std::shared_ptr<storage::Workspace> OptionalWorkspace(ServerState& state, const CallContext& call,
                                                      const protocol::HttpRequest& request) {
  auto workspace_of = [&](std::string_view authorization) -> std::shared_ptr<storage::Workspace> {
    CallContext checked;
    checked.now_ms = call.now_ms;
    return AuthenticateCall(state, authorization, &checked).ok() ? checked.workspace_ref : nullptr;
  };
  std::string_view header = request.Header("authorization");
  if (!header.empty())
    if (std::shared_ptr<storage::Workspace> ws = workspace_of(header)) return ws;
  const std::string* token = call.Param("token");
  if (token && !token->empty()) return workspace_of("Bearer " + *token);
  return nullptr;
}

DocumentContext ContextOf(const ServerState& state, const protocol::HttpRequest& request) {
  DocumentContext ctx;
  ctx.server_url = openapi::ServerUrlFromHost(request.Header("host"));
  ctx.default_page_size = state.limits.default_page_size;
  ctx.max_page_size = state.limits.max_records;
  return ctx;
}

protocol::HttpResponse JsonResponse(std::string body) {
  protocol::HttpResponse r;
  r.body = std::move(body);
  return r;
}

}  // namespace

protocol::HttpResponse OpenApiCore(ServerState& state, const CallContext& call, const protocol::HttpRequest& request) {
  DocumentContext ctx = ContextOf(state, request);
  std::shared_ptr<storage::Workspace> workspace = OptionalWorkspace(state, call, request);
  if (!workspace) return JsonResponse(openapi::BaseDocument(ctx, DocumentKind::kCore));
  return JsonResponse(openapi::CoreDocument(ctx, *workspace));
}

protocol::HttpResponse OpenApiMetadata(ServerState& state, const CallContext& call,
                                       const protocol::HttpRequest& request) {
  DocumentContext ctx = ContextOf(state, request);
  if (!OptionalWorkspace(state, call, request))
    return JsonResponse(openapi::BaseDocument(ctx, DocumentKind::kMetadata));
  return JsonResponse(openapi::MetadataDocument(ctx));
}

}  // namespace vingt::server::openapi
