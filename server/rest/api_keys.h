// API keys over REST: /rest/metadata/apiKeys and the deprecated alias
// /rest/apiKeys (spec/auth-errors-limits.md §1.3). Both answer with the bare
// key objects, as Twenty's API key controller does.
//
// vingt extension: POST also returns the new key's `token` (Twenty mints it
// through a separate GraphQL mutation); it is shown once and never stored.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::rest {

// GET /rest/metadata/apiKeys: in the workspace's REST metadata format (the
// newer one pages like every metadata list; the legacy one is an array).
// GET /rest/apiKeys (`deprecated_alias`): always the array, with
// Deprecation and Link headers naming the metadata route.
asio::awaitable<protocol::HttpResponse> ListApiKeys(ServerState& state, CallContext& call, bool deprecated_alias);
asio::awaitable<protocol::HttpResponse> GetApiKey(ServerState& state, CallContext& call, std::string_view id);
asio::awaitable<protocol::HttpResponse> CreateApiKey(ServerState& state, CallContext& call,
                                                     const protocol::HttpRequest& request);
asio::awaitable<protocol::HttpResponse> UpdateApiKey(ServerState& state, CallContext& call,
                                                     const protocol::HttpRequest& request, std::string_view id);
asio::awaitable<protocol::HttpResponse> RevokeApiKey(ServerState& state, CallContext& call, std::string_view id);

}  // namespace vingt::server::rest
