// /rest/metadata/objects: Twenty's REST metadata API for objects, legacy
// envelopes (spec/metadata.md §5). `{id}` is an object id, as in Twenty, or
// (vingt extension, DESIGN.md) its nameSingular or namePlural.
//
// Also the answer for /rest/metadata/<anything else>.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::rest {

asio::awaitable<protocol::HttpResponse> ListMetadataObjects(ServerState& state, CallContext& call);
asio::awaitable<protocol::HttpResponse> GetMetadataObject(ServerState& state, CallContext& call,
                                                          std::string_view id_or_name);
asio::awaitable<protocol::HttpResponse> CreateMetadataObject(ServerState& state, CallContext& call,
                                                             const protocol::HttpRequest& request);
asio::awaitable<protocol::HttpResponse> UpdateMetadataObject(ServerState& state, CallContext& call,
                                                             const protocol::HttpRequest& request,
                                                             std::string_view id_or_name);
asio::awaitable<protocol::HttpResponse> DeleteMetadataObject(ServerState& state, CallContext& call,
                                                             std::string_view id_or_name);

// 400 for /rest/metadata, /rest/metadata/<x> and /rest/metadata/<x>/<id>
// when <x> is not a metadata resource vingt serves.
protocol::HttpResponse UnknownMetadataPath(const protocol::HttpRequest& request);

}  // namespace vingt::server::rest
