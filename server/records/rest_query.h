// REST `filter` and `order_by` against an object's metadata: the trees of
// protocol/rest_filter and protocol/rest_order_by compiled into the query
// engine's types (storage/query.h), which GraphQL compiles into as well.
//
// Validation follows Twenty's shared query layer
// (packages/twenty-server/src/engine/api/common/common-args-processors/
// filter-arg-processor/ and engine/api/utils/resolve-order-by-leaves.utils.ts),
// with its messages:
//   * the first path name must be a field or a join column ("companyId"):
//     `Object person doesn't have any "foo" field.`; a relation by name is
//     refused (`Cannot filter by relation field "company": use "companyId"
//     instead`); a composite needs a known sub-field
//     (`Sub field "x" not found for composite type: FULL_NAME`);
//   * each field type allows some comparators
//     (`Operator "gt" is not valid for field "idealCustomerProfile" of type
//     BOOLEAN - Allowed operators: eq, is`);
//   * values are coerced to the slot's encoding: numbers as JavaScript's
//     parseFloat reads them, booleans, UUIDs, DATE_TIME to epoch ms, DATE
//     to "YYYY-MM-DD"; SELECT / MULTI_SELECT / RATING values must be
//     options (`'filter' enum value 'FOO' not available in 'stage' enum.
//     Available enum values are ['NEW', ...]`, spec/rest-core.md §5.2);
//     emails.primaryEmail operands of eq / neq / in are canonicalised as
//     stored emails are;
//   * Twenty's "null equivalence": on text columns (and text sub-fields)
//     `eq ""`, `like ""` and `is NULL` also match NULL / "" respectively,
//     and on list columns `is NULL` also matches an empty list, because
//     Twenty stores "" and [] where a value was never given.
// All errors are Status::InvalidArgument with Twenty's detail code
// (INVALID_ARGS_FILTER, INVALID_QUERY_INPUT, ...), i.e. 400s.
#pragma once

#include <string_view>
#include <vector>

#include "protocol/rest_filter.h"
#include "protocol/rest_order_by.h"
#include "storage/query.h"
#include "storage/schema.h"
#include "common/status.h"

namespace vingt::server {

struct CompiledFilter {
  storage::FilterNode filter;  // never Kind::kAll for a parsed filter
  // The filter names deletedAt: soft-deleted records take part (spec §5.3).
  bool include_deleted = false;
};

Result<CompiledFilter> CompileRestFilter(const protocol::RestFilterNode& root,
                                                  const storage::ObjectSchema& schema);

// Keys in the given order, duplicates (same path) dropped after their first
// use. The id tiebreaker Twenty appends is implicit: storage::CompareRows
// ends on id ascending, so no key is added for it, an explicit ascending id
// key is dropped, and keys after an id key are dropped (id is unique).
Result<std::vector<storage::OrderKey>> CompileRestOrderBy(const std::vector<protocol::RestOrderItem>& items,
                                                                   const storage::ObjectSchema& schema);

// The `filter` / `order_by` parameter text, parsed then compiled. Parser
// errors carry INVALID_FILTER_QUERY_PARAM / INVALID_ORDER_BY_QUERY_PARAM.
Result<CompiledFilter> CompileRestFilterParam(std::string_view text, const storage::ObjectSchema& schema);
Result<std::vector<storage::OrderKey>> CompileRestOrderByParam(std::string_view text,
                                                                        const storage::ObjectSchema& schema);

}  // namespace vingt::server
