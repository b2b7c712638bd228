// POST /rest/{plural}/duplicates (spec/rest-core.md §4.10): records that
// match the given ones (by id) or the given data on any of the object's
// duplicate criteria.
#pragma once

#include <asio.hpp>
#include <string_view>

#include "server/handlers/record_common.h"

namespace vingt::server::handlers {

asio::awaitable<Response> FindDuplicates(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                         std::string_view plural);

}  // namespace vingt::server::handlers
