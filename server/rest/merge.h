// PATCH /rest/{plural}/merge (spec/rest-core.md §4.11): parses the body into
// a MergeRequest for server/records/record_merge.h, which GraphQL's merge<Plural>
// shares, and answers with the survivor as `merge<Singular>`.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "server/rest/record_common.h"

namespace vingt::server::rest {

asio::awaitable<Response> MergeRecords(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                       std::string_view plural);

}  // namespace vingt::server::rest
