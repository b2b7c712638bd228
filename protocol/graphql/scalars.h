// Input coercion of leaf types (scalars and enums): graphql-js's
// parseValue (raw values from variables JSON) and parseLiteral (values
// written in the query), with its messages
// ("Int cannot represent non-integer value: \"x\"",
// "Value \"X\" does not exist in \"E\" enum. Did you mean ...?").
// Built-in scalars follow graphql-js exactly; custom scalars call the
// type's `parse` hook, or keep the raw value when it has none.
#pragma once

#include <string>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/schema.h"

namespace vingt::protocol::graphql {

class VariableValues;

struct LeafParse {
  bool ok = true;
  InputValue value;
  std::string error;
  // The message stands alone (graphql-js: a GraphQLError was thrown);
  // otherwise callers prefix it ("Expected type \"X\". <error>").
  bool verbatim = false;
};

// parseValue. REQUIRES: type.IsLeaf().
LeafParse ParseLeafValue(const Type& type, const InputValue& raw);
// parseLiteral; `variables` may be null (validation passes none).
LeafParse ParseLeafLiteral(const Type& type, const ast::Value& literal, const VariableValues* variables);

}  // namespace vingt::protocol::graphql
