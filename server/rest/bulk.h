// The filter-driven bulk routes (spec/rest-core.md §4.7-§4.9): update many,
// delete / destroy many and restore many. Each finds its records with the
// same compiled filter as a list, refuses before writing anything when the
// filter is missing or matches more than the record cap, then writes them one
// by one and answers once all are durable.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "server/rest/record_common.h"

namespace vingt::server::rest {

// PATCH (and PUT) /rest/{plural}?filter=…
asio::awaitable<Response> UpdateMany(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                     std::string_view plural);
// DELETE /rest/{plural}?filter=…[&soft_delete=true]
asio::awaitable<Response> DeleteMany(ServerState& state, CallContext& call, std::string_view plural);
// PATCH /rest/{plural}/restore?filter=… and the legacy /rest/restore/{plural}?filter=…
asio::awaitable<Response> RestoreMany(ServerState& state, CallContext& call, std::string_view plural);

}  // namespace vingt::server::rest
