// Input coercion (spec §6.1.2, §6.4.1) with graphql-js's behaviour and
// messages: variables from the request JSON, argument values from
// literals and variables, literal values against a type (valueFromAST),
// and the printing of default values for introspection (astFromValue).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/error.h"
#include "protocol/graphql/schema.h"

namespace vingt::protocol::graphql {

// Coerced variables: those given in the request or defaulted; an absent
// nullable variable without default has no entry (graphql-js: undefined).
class VariableValues {
 public:
  const InputValue* Find(std::string_view name) const {
    for (const auto& [n, v] : values_) {
      if (n == name) return &v;
    }
    return nullptr;
  }
  void Set(std::string_view name, InputValue value) { values_.emplace_back(std::string(name), std::move(value)); }
  const std::vector<std::pair<std::string, InputValue>>& values() const { return values_; }

 private:
  std::vector<std::pair<std::string, InputValue>> values_;
};

// The schema type a document's type reference names; none when unknown.
TypeRef TypeFromAst(const Schema& schema, const ast::TypeNode& node);

// graphql-js getVariableValues: `raw` is the request's "variables" value
// (a null InputValue when absent). Every error goes to *errors (at most
// 50, then graphql-js's "Too many errors" line); true when there were none.
bool CoerceVariableValues(const Schema& schema, const ast::OperationDefinition& operation, const InputValue& raw,
                          VariableValues* out, std::vector<GraphQLError>* errors);

// graphql-js valueFromAST: false when the literal is not valid for the type
// or refers to a variable that has no value.
bool ValueFromLiteral(const ast::Value& literal, TypeRef type, const VariableValues* variables, InputValue* out);

// graphql-js valueFromASTUntyped: enums become strings, variables their
// values (null when absent).
InputValue ValueFromLiteralUntyped(const ast::Value& literal, const VariableValues* variables);

// graphql-js getArgumentValues for a field or directive node at `node_loc`.
// On failure, *error holds the message and location (no path), and
// *missing (if given) the argument when the failure is a non-null argument
// without a value at run time (a variable absent or null).
bool CoerceArgumentValues(const std::vector<InputValueDefinition>& definitions,
                          const std::vector<ast::Argument>& arguments, SourceLocation node_loc,
                          const VariableValues& variables, ArgumentValues* out, GraphQLError* error,
                          const InputValueDefinition** missing = nullptr);

// graphql-js coerceInputValue: every problem goes to `on_error` with the
// path inside the value, the offending value and the message.
using InputErrorFn =
    std::function<void(const std::vector<PathKey>& path, const InputValue& invalid, const std::string& message)>;
InputValue CoerceInputValue(const InputValue& raw, TypeRef type, const InputErrorFn& on_error);

// print(astFromValue(value, type)): how introspection shows a default.
std::string PrintDefaultValue(const InputValue& value, TypeRef type);

}  // namespace vingt::protocol::graphql
