// GET /rest/{plural}/groupBy (spec/rest-core.md §9): Twenty's REST group-by
// with aggregates, over storage/aggregate.h.
//
// Parameters, in the order Twenty's RestApiGroupByHandler reads them (so the
// first bad one is the one reported): order_by (JSON), order_by_for_records
// (an order_by string), filter, group_by (JSON, required), include_records_
// sample ("true"), aggregate (JSON array of names), limit (groups, default
// 50, clamped to the API maximum). The answer is a bare JSON array, one
// object per group: the requested aggregates, "groupByDimensionValues" and,
// with include_records_sample=true, "records" (at most 10 per group).
// group_by and order_by are judged by server/records/group_by_query.h, which
// GraphQL's <plural>GroupBy shares.
#pragma once

#include <asio/awaitable.hpp>
#include <string_view>

#include "server/rest/record_common.h"

namespace vingt::server::rest {

asio::awaitable<Response> GroupBy(ServerState& state, CallContext& call, std::string_view plural);

}  // namespace vingt::server::rest
