// The one authentication call of every route that needs a key: REST
// records and metadata, /graphql, /metadata and the OpenAPI documents.
#pragma once

#include <string_view>

#include "common/status.h"
#include "server/api_context.h"

namespace vingt::server {

// Checks the Bearer token of `authorization` and fills `call`'s key and
// workspace. A refusal is a Status for server/api_errors.h to put on the
// wire (kForbidden or kUnauthenticated, with Twenty's message); `call` is
// then left as it was.
Status AuthenticateCall(const ServerState& state, std::string_view authorization, CallContext* call);

}  // namespace vingt::server
