// Static cost limits checked before execution: how deep the selections
// nest and how many field selections the operation makes, both counted
// with fragments expanded (a fragment spread twice counts twice), before
// @skip/@include. Fragment measures are memoized, so a "fragment bomb"
// (each fragment spreading the previous one twice) is measured in linear
// time instead of being expanded.
#pragma once

#include <cstdint>
#include <optional>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/error.h"

namespace vingt::protocol::graphql {

struct QueryLimits {
  uint32_t max_depth = 32;     // 0: no limit. Root fields are at depth 1.
  uint32_t max_fields = 2000;  // 0: no limit
};

struct QueryCost {
  uint64_t fields = 0;
  uint64_t depth = 0;
};

// REQUIRES: the document passed validation (no fragment cycles).
QueryCost MeasureOperation(const ast::Document& document, const ast::OperationDefinition& operation);

// The error to report when `operation` is over a limit.
std::optional<GraphQLError> CheckQueryLimits(const ast::Document& document, const ast::OperationDefinition& operation,
                                             const QueryLimits& limits);

}  // namespace vingt::protocol::graphql
