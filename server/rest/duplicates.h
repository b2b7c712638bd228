// POST /rest/{plural}/duplicates (spec/rest-core.md §4.10): parses `ids` or
// `data` for server/records/duplicate_search.h, which GraphQL's <singular>Duplicates
// shares, and answers one `<singular>Duplicates` group per input.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "server/rest/record_common.h"

namespace vingt::server::rest {

asio::awaitable<Response> FindDuplicates(ServerState& state, CallContext& call, const protocol::HttpRequest& request,
                                         std::string_view plural);

}  // namespace vingt::server::rest
