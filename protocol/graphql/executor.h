// Executes one operation of a validated document (spec §6) and writes the
// `data` value as JSON.
//
// Results are written straight into an output buffer as fields complete,
// never built as a tree first. Null propagation (a non-null field that
// errors nulls its nearest nullable ancestor) rewinds the buffer to where
// that ancestor's value began and writes `null` there; as in graphql-js,
// the failed object's remaining fields are not executed, and the error is
// recorded once, with the path of the field that failed. Root fields run
// in document order for queries and mutations alike (resolvers are
// synchronous, so mutations are serial as the spec requires).
//
// Output errors use extensions.code from the resolver's FieldError, or
// INTERNAL_SERVER_ERROR for errors without one and for the executor's own
// ("Cannot return null for non-nullable field T.f.").
#pragma once

#include <functional>

#include <rapidjson/stringbuffer.h>

#include <memory>
#include <vector>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/coercion.h"
#include "protocol/graphql/error.h"
#include "protocol/graphql/execution_plan.h"
#include "protocol/graphql/schema.h"

namespace vingt::protocol::graphql {

struct ExecutionContext {
  void* user_context = nullptr;  // handed to every resolver
  ObjectRef root_value;          // source() of the root fields
  // The field error for a non-null argument that has no value at run time
  // (a variable absent or null; see ValidationOptions::
  // lenient_variable_positions). Unset: graphql-js's error.
  std::function<GraphQLError(const InputValueDefinition& argument)> missing_argument;
};

class Executor {
 public:
  Executor(const Schema& schema, const ast::Document& document, const VariableValues& variables,
           const ExecutionContext& context);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Appends the operation's `data` (an object, or null when a non-null
  // root field failed) to `out`; field errors go to *errors.
  // REQUIRES: `root_type` is the operation's root type.
  void Execute(const ast::OperationDefinition& operation, const Type& root_type, rapidjson::StringBuffer* out,
               std::vector<GraphQLError>* errors);

 private:
  bool ExecuteObject(const ObjectPlan& plan, const ObjectRef& source, const ResponsePath* path);
  bool ExecuteField(const ObjectPlan& plan, const FieldPlan& field, const ObjectRef& source, const ResponsePath* path);
  bool CompleteValue(TypeRef type, const FieldPlan& field, ResolvedValue& value, const ResponsePath* path);
  bool CompleteNonNullValue(TypeRef type, const FieldPlan& field, ResolvedValue& value, const ResponsePath* path);
  bool CompleteObject(const Type& declared, const FieldPlan& field, ResolvedValue& value, const ResponsePath* path);
  bool SerializeLeaf(const Type& type, const FieldPlan& field, const ResolvedValue& value, const ResponsePath* path);
  bool WriteGenericLeaf(const ResolvedValue& value);

  void RecordError(const FieldPlan& field, const ResponsePath* path, std::string message, std::string_view code = {});
  void RecordError(const FieldPlan& field, const ResponsePath* path, const FieldError& error);

  void Append(std::string_view bytes);
  void WriteString(std::string_view value);
  void WriteInt(int64_t value);
  void WriteDouble(double value);
  void Truncate(size_t size) { out_->Pop(out_->GetSize() - size); }

  const Schema& schema_;
  Planner planner_;
  ExecutionContext context_;
  rapidjson::StringBuffer* out_ = nullptr;
  std::vector<GraphQLError>* errors_ = nullptr;
};

}  // namespace vingt::protocol::graphql
