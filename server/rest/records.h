// REST record routes (spec/rest-core.md §2): request -> storage -> Twenty's envelope.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::rest {

using Response = protocol::HttpResponse;

asio::awaitable<Response> FindMany(ServerState& state, CallContext& call, std::string_view plural);
asio::awaitable<Response> FindOne(ServerState& state, CallContext& call, std::string_view plural, std::string_view id);
asio::awaitable<Response> CreateOne(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                    std::string_view plural);
asio::awaitable<Response> CreateMany(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                     std::string_view plural);
asio::awaitable<Response> UpdateOne(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                    std::string_view plural, std::string_view id);
// PATCH /rest/{plural}/{id}/restore and the legacy /rest/restore/{plural}/{id}.
asio::awaitable<Response> RestoreOne(ServerState& state, CallContext& call, std::string_view plural,
                                     std::string_view id);
asio::awaitable<Response> DeleteOne(ServerState& state, CallContext& call, std::string_view plural,
                                    std::string_view id);

}  // namespace vingt::server::rest
