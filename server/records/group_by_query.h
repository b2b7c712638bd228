// Twenty's group-by arguments, judged once for both front-ends: REST's
// GET /rest/{plural}/groupBy (rest/group_by.cpp) parses its JSON
// parameters into InputValues, GraphQL's <plural>GroupBy
// (graphql/core_group_by.cpp) hands over its coerced arguments, and both
// compile them here into a storage::AggregateQuery, so the same entries are
// accepted and refused with the same messages.
//
// Errors are InvalidArgument Statuses carrying Twenty's message; the detail
// code is INVALID_QUERY_INPUT where Twenty's runner throws that code, empty
// where Twenty throws a plain user-input error. Each front-end maps them to
// its own shape (REST 400 body, GraphQL BAD_USER_INPUT).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/twenty_limits.h"
#include "protocol/graphql/input_value.h"
#include "storage/aggregate.h"
#include "storage/schema.h"
#include "common/status.h"

namespace vingt::server {

constexpr size_t kDefaultGroupLimit = twenty::kDefaultNumberOfGroupsLimit;
constexpr size_t kRecordsPerGroup = 10;    // group-by-with-records RECORDS_PER_GROUP_LIMIT

// Where a grouping key came from, to match orderBy entries against it.
struct GroupKeyOrigin {
  const storage::FieldSchema* field = nullptr;
  std::string sub_field;
  std::optional<storage::DateGranularity> granularity;
};

// Twenty's groupBy argument (an array of entries, or one entry alone, as
// GroupByArgProcessorService takes it; each entry has exactly one key)
// appended to q->keys, with one origin per key.
Status CompileGroupByArg(const protocol::graphql::InputValue& group_by, const storage::ObjectSchema& schema,
                                  storage::AggregateQuery* q, std::vector<GroupKeyOrigin>* origins);

// Twenty's GraphqlQueryOrderGroupByParser over the orderBy argument: each
// entry orders by an aggregate ({"aggregate": {"totalCount":
// "DescNullsLast"}}, added to q->aggregates if the query does not compute
// it yet) or by a grouped field, sub-field or date bucket. Null is no order.
Status CompileGroupOrderArg(const protocol::graphql::InputValue& order_by,
                                     const storage::ObjectSchema& schema, const std::vector<GroupKeyOrigin>& origins,
                                     storage::AggregateQuery* q);

// Twenty's getGroupLimit: a positive integer is taken as is, anything else
// (absent, zero, negative, fractional) is the default of 50.
size_t EffectiveGroupLimit(std::optional<double> requested);

}  // namespace vingt::server
