// PATCH /rest/{plural}/merge (spec/rest-core.md §4.11): merges 2..9 records
// into the one at conflictPriorityIndex, as Twenty's merge runner does.
//
// Departure: the other records are destroyed (their dependants already moved
// to the survivor) rather than soft-deleted, so that the survivor can take
// over a unique value, such as a primary email, that one of them held.
#pragma once

#include <asio.hpp>
#include <string_view>

#include "server/handlers/record_common.h"

namespace vingt::server::handlers {

asio::awaitable<Response> MergeRecords(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                       std::string_view plural);

}  // namespace vingt::server::handlers
