// API keys over REST: /rest/metadata/apiKeys and the deprecated alias
// /rest/apiKeys (spec/auth-errors-limits.md §1.3). Both answer with the bare
// key objects, as Twenty's API key controller does.
//
// vingt extension: POST also returns the new key's `token` (Twenty mints it
// through a separate GraphQL mutation); it is shown once and never stored.
#pragma once

#include <asio.hpp>
#include <string_view>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::handlers {

asio::awaitable<protocol::HttpResponse> ListApiKeys(ServerState& state, CallContext& call);
asio::awaitable<protocol::HttpResponse> GetApiKey(ServerState& state, CallContext& call, std::string_view id);
asio::awaitable<protocol::HttpResponse> CreateApiKey(ServerState& state, CallContext& call,
                                                     const protocol::HttpRequest& request);
asio::awaitable<protocol::HttpResponse> UpdateApiKey(ServerState& state, CallContext& call,
                                                     const protocol::HttpRequest& request, std::string_view id);
asio::awaitable<protocol::HttpResponse> RevokeApiKey(ServerState& state, CallContext& call, std::string_view id);

}  // namespace vingt::server::handlers
