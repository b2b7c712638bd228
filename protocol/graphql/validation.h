// Document validation (spec §5) with graphql-js's specifiedRules, their
// messages and their error order.
//
// graphql-js runs every rule in one visitor pass, so errors come out in
// document order, and at each node in rule order. The validator here walks
// the document once the same way, with the rules as enter/leave steps at
// the nodes they watch, so a document with several problems reports them
// in the order graphql-js does. Like graphql-js it stops at 100 errors with
// "Too many validation errors, error limit reached. Validation aborted.".
//
// Not implemented: SingleFieldSubscriptionsRule (no subscription support)
// and the SDL-only rules (type-system definitions are rejected outright by
// ExecutableDefinitions).
#pragma once

#include <vector>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/error.h"
#include "protocol/graphql/schema.h"

namespace vingt::protocol::graphql {

inline constexpr size_t kMaxValidationErrors = 100;

struct ValidationOptions {
  // VariablesInAllowedPosition reads only the shape of a variable's type:
  // nullability is ignored and the ID, UUID and String scalars stand for
  // one another. Twenty executes workspace operations without validating
  // variable positions, so older clients declare `$data: PersonCreateInput`
  // for `data: PersonCreateInput!` or `$id: ID` for `id: UUID!`; a value
  // that is then missing is an execution error (ExecutionContext::
  // missing_argument).
  bool lenient_variable_positions = false;
};

// Every error found (message and locations; no code). Empty: valid.
std::vector<GraphQLError> Validate(const Schema& schema, const ast::Document& document,
                                   const ValidationOptions& options = {});

}  // namespace vingt::protocol::graphql
