#include "protocol/graphql/request.h"

#include <rapidjson/stringbuffer.h>
#include <simdjson.h>

#include "protocol/graphql/coercion.h"
#include "protocol/graphql/validation.h"

namespace vingt::protocol::graphql {
namespace {

void WriteCodedErrors(std::vector<GraphQLError> errors, std::string_view code, JsonWriter& writer) {
  for (GraphQLError& error : errors) {
    if (error.code.empty()) error.code = std::string(code);
  }
  WriteErrorsOnlyResponse(errors, writer);
}

// The data of one response is written here first, because `errors` goes
// before it and is only known at the end. One buffer per thread keeps its
// capacity between requests; a resolver that runs a nested request on the
// same thread gets a fresh one.
class ScratchBuffer {
 public:
  ScratchBuffer() {
    if (!in_use_) {
      buffer_ = &thread_buffer_;
      in_use_ = true;
      owner_ = true;
    } else {
      buffer_ = &own_;
    }
    buffer_->Clear();
  }
  ~ScratchBuffer() {
    if (owner_) in_use_ = false;
  }
  rapidjson::StringBuffer* get() { return buffer_; }

 private:
  static thread_local rapidjson::StringBuffer thread_buffer_;
  static thread_local bool in_use_;
  rapidjson::StringBuffer own_;
  rapidjson::StringBuffer* buffer_ = nullptr;
  bool owner_ = false;
};

thread_local rapidjson::StringBuffer ScratchBuffer::thread_buffer_;
thread_local bool ScratchBuffer::in_use_ = false;

}  // namespace

const ast::OperationDefinition* SelectOperation(const ast::Document& document,
                                                std::optional<std::string_view> operation_name, GraphQLError* error) {
  const ast::OperationDefinition* operation = nullptr;
  for (const ast::Definition& definition : document.definitions()) {
    const ast::OperationDefinition* candidate = definition.operation();
    if (candidate == nullptr) continue;
    if (!operation_name) {
      if (operation != nullptr) {
        error->message = "Must provide operation name if query contains multiple operations.";
        return nullptr;
      }
      operation = candidate;
    } else if (!candidate->name.empty() && candidate->name.value == *operation_name) {
      operation = candidate;
    }
  }
  if (operation == nullptr) {
    error->message = operation_name ? "Unknown operation named \"" + std::string(*operation_name) + "\"."
                                    : std::string("Must provide an operation.");
  }
  return operation;
}

void ExecuteOperation(const Schema& schema, const ast::Document& document, const ast::OperationDefinition& operation,
                      const InputValue& variables, const ExecutionContext& context, JsonWriter& writer) {
  std::vector<GraphQLError> errors;
  if (!variables.IsNull() && variables.kind() != InputValue::Kind::kObject) {
    GraphQLError& error = errors.emplace_back();
    error.message =
        "Variables must be provided as an Object where each property is a variable value. Perhaps look to see if an "
        "unparsed JSON string was provided.";
    WriteCodedErrors(std::move(errors), error_code::kBadUserInput, writer);
    return;
  }
  VariableValues coerced;
  if (!CoerceVariableValues(schema, operation, variables, &coerced, &errors)) {
    WriteCodedErrors(std::move(errors), error_code::kBadUserInput, writer);
    return;
  }

  const Type* root = nullptr;
  switch (operation.operation) {
    case ast::OperationType::kQuery:
      root = schema.query_type();
      break;
    case ast::OperationType::kMutation:
      root = schema.mutation_type();
      break;
    case ast::OperationType::kSubscription:
      root = nullptr;
      break;  // no event streams here
  }
  if (root == nullptr) {
    GraphQLError& error = errors.emplace_back();
    error.message = "Schema is not configured to execute " + std::string(ast::OperationTypeName(operation.operation)) +
                    " operation.";
    error.locations.push_back(operation.loc);
    error.code = std::string(error_code::kBadUserInput);
    writer.StartObject();
    WriteErrorsMember(errors, writer);
    writer.Key("data");
    writer.Null();
    writer.EndObject();
    return;
  }

  ScratchBuffer data;
  Executor executor(schema, document, coerced, context);
  executor.Execute(operation, *root, data.get(), &errors);
  writer.StartObject();
  if (!errors.empty()) WriteErrorsMember(errors, writer);
  writer.Key("data");
  writer.RawJson({data.get()->GetString(), data.get()->GetSize()});
  writer.EndObject();
}

void ExecuteRequest(const Schema& schema, std::string_view query, const InputValue& variables,
                    std::optional<std::string_view> operation_name, const RequestOptions& options, JsonWriter& writer) {
  ParseResult parsed = Parse(query, options.parse);
  if (!parsed.ok()) {
    GraphQLError error;
    error.message = std::move(parsed.error->message);
    error.locations.push_back(parsed.error->loc);
    WriteCodedErrors({std::move(error)}, error_code::kParseFailed, writer);
    return;
  }
  if (auto error = CheckDocumentLimits(parsed.document, options.limits)) {
    WriteCodedErrors({std::move(*error)}, error_code::kBadUserInput, writer);
    return;
  }
  std::vector<GraphQLError> errors = Validate(schema, parsed.document);
  if (!errors.empty()) {
    WriteCodedErrors(std::move(errors), error_code::kValidationFailed, writer);
    return;
  }
  GraphQLError selection_error;
  const ast::OperationDefinition* operation = SelectOperation(parsed.document, operation_name, &selection_error);
  if (operation == nullptr) {
    WriteCodedErrors({std::move(selection_error)}, error_code::kBadUserInput, writer);
    return;
  }
  ExecuteOperation(schema, parsed.document, *operation, variables, options.context, writer);
}

void ExecuteRequest(const Schema& schema, std::string_view query, std::string_view variables_json,
                    std::optional<std::string_view> operation_name, const RequestOptions& options, JsonWriter& writer) {
  InputValue variables;
  if (!variables_json.empty()) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    const simdjson::padded_string padded(variables_json);
    if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
      GraphQLError error;
      error.message = "Variables are not valid JSON.";
      WriteCodedErrors({std::move(error)}, error_code::kBadUserInput, writer);
      return;
    }
    variables = InputValue::FromJson(root);
  }
  ExecuteRequest(schema, query, variables, operation_name, options, writer);
}

}  // namespace vingt::protocol::graphql
