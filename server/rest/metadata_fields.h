// /rest/metadata/fields: Twenty's REST metadata API for fields, legacy
// envelopes (spec/metadata.md §5). Every field of every object, active or
// not; `{id}` is a field id.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::rest {

asio::awaitable<protocol::HttpResponse> ListMetadataFields(ServerState& state, CallContext& call);
asio::awaitable<protocol::HttpResponse> GetMetadataField(ServerState& state, CallContext& call, std::string_view id);
asio::awaitable<protocol::HttpResponse> CreateMetadataField(ServerState& state, CallContext& call,
                                                            const protocol::HttpRequest& request);
asio::awaitable<protocol::HttpResponse> UpdateMetadataField(ServerState& state, CallContext& call,
                                                            const protocol::HttpRequest& request, std::string_view id);
asio::awaitable<protocol::HttpResponse> DeleteMetadataField(ServerState& state, CallContext& call,
                                                            std::string_view id);

}  // namespace vingt::server::rest
