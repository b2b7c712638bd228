// GET /open-api/core, /rest/open-api/core, /open-api/metadata and
// /rest/open-api/metadata (spec/metadata.md §8).
//
// Public routes: without a valid API key the answer is 200 with the base
// document only; with one (Authorization: Bearer <key>, or the legacy
// ?token=<key> that only these routes accept) it is the complete document of
// the key's workspace. Server URLs come from the request's Host header.
#pragma once

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::openapi {

protocol::HttpResponse OpenApiCore(ServerState& state, const CallContext& call, const protocol::HttpRequest& request);
protocol::HttpResponse OpenApiMetadata(ServerState& state, const CallContext& call,
                                       const protocol::HttpRequest& request);

}  // namespace vingt::server::openapi
