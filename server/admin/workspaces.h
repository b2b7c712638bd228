// The admin API's workspaces (a vingt extension, README "Workspaces"):
// throwaway tenants for test suites, each with Twenty's standard objects
// and a first API key.
//   POST   /admin/workspaces       {"name"?} -> 201 {"id","name","apiKey"}
//   GET    /admin/workspaces       -> {"workspaces":[{"id","name","createdAt"}]}
//   DELETE /admin/workspaces/{id}  -> 200 {"id"}; its keys then answer 401
// The route table checks the admin token (server/auth/admin_token.h).
#pragma once

#include <string_view>

#include <asio/awaitable.hpp>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::admin {

asio::awaitable<protocol::HttpResponse> CreateWorkspace(ServerState& state, const protocol::HttpRequest& request);
protocol::HttpResponse ListWorkspaces(ServerState& state);
asio::awaitable<protocol::HttpResponse> DeleteWorkspace(ServerState& state, std::string_view id_text);

}  // namespace vingt::server::admin
