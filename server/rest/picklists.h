// GET /rest/metadata/picklists: every active SELECT and MULTI_SELECT field
// of the workspace's active objects with its options (spec/metadata.md §7).
// A vingt extension; Twenty has no such route. Shaped like the legacy
// metadata list envelope, paged by field id like /rest/metadata/fields.
//
// Parameters: objectName (a nameSingular; 400 like the core API if
// unknown), fieldName, includeRating=true (adds RATING fields), and the
// metadata paging parameters.
#pragma once

#include <asio/awaitable.hpp>

#include "protocol/http_response.h"
#include "server/api_context.h"

namespace vingt::server::rest {

asio::awaitable<protocol::HttpResponse> ListPicklists(ServerState& state, CallContext& call);

}  // namespace vingt::server::rest
