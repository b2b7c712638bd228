#include "protocol/graphql/executor.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

#include "common/request_budget.h"
#include "protocol/json_write.h"

namespace vingt::protocol::graphql {
namespace {

constexpr double kMaxInt = 2147483647;
constexpr double kMinInt = -2147483648.0;

// JavaScript's Number(string) for the decimal forms graphql-js's Int and
// Float serializers meet in practice; nullopt for NaN.
std::optional<double> JsNumberFromString(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (s.empty()) return 0.0;
  bool negative = false;
  std::string_view body = s;
  if (body.front() == '+' || body.front() == '-') {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity") return negative ? -HUGE_VAL : HUGE_VAL;
  if (body.empty() || body.front() == '+' || body.front() == '-') return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec != std::errc() || end != body.data() + body.size()) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace

Executor::Executor(const Schema& schema, const ast::Document& document, const VariableValues& variables,
                   const ExecutionContext& context)
    : schema_(schema), planner_(schema, document, variables), context_(context) {}

void Executor::Execute(const ast::OperationDefinition& operation, const Type& root_type, rapidjson::StringBuffer* out,
                       std::vector<GraphQLError>* errors) {
  out_ = out;
  errors_ = errors;
  const size_t start = out_->GetSize();
  const ObjectPlan* plan = planner_.PlanRoot(root_type, operation.selection_set);
  if (!ExecuteObject(*plan, context_.root_value, nullptr)) {
    Truncate(start);
    Append("null");
  }
}

void Executor::Append(std::string_view bytes) {
  if (bytes.empty()) return;
  std::memcpy(out_->Push(bytes.size()), bytes.data(), bytes.size());
}

void Executor::WriteString(std::string_view value) {
  const size_t room = MaxJsonStringLength(value.size());
  char* begin = out_->Push(room);
  char* end = FormatJsonString(value, begin);
  out_->Pop(room - static_cast<size_t>(end - begin));
}

void Executor::WriteInt(int64_t value) {
  char* begin = out_->Push(24);
  auto [end, ec] = std::to_chars(begin, begin + 24, value);
  (void)ec;  // 24 bytes hold any int64
  out_->Pop(24 - static_cast<size_t>(end - begin));
}

void Executor::WriteDouble(double value) {
  char* begin = out_->Push(kMaxJsonNumberLength);
  const size_t n = FormatJsonNumber(value, begin);
  out_->Pop(kMaxJsonNumberLength - n);
}

void Executor::RecordError(const FieldPlan& field, const ResponsePath* path, std::string message,
                           std::string_view code) {
  GraphQLError& error = errors_->emplace_back();
  error.message = std::move(message);
  error.locations.reserve(field.nodes_.size());
  for (const ast::Field* node : field.nodes_) error.locations.push_back(node->loc);
  error.path = PathToKeys(path);
  error.code = code.empty() ? std::string(error_code::kInternalServerError) : std::string(code);
}

void Executor::RecordError(const FieldPlan& field, const ResponsePath* path, const FieldError& error) {
  RecordError(field, path, error.message, error.code);
  errors_->back().extensions = error.extensions;
}

bool Executor::ExecuteObject(const ObjectPlan& plan, const ObjectRef& source, const ResponsePath* path) {
  Append("{");
  bool first = true;
  for (const FieldPlan& field : plan.fields()) {
    if (!first) Append(",");
    first = false;
    Append(field.key_json_);
    const ResponsePath field_path{path, field.response_key_, -1};
    if (!ExecuteField(plan, field, source, &field_path)) return false;
  }
  Append("}");
  return true;
}

bool Executor::ExecuteField(const ObjectPlan& plan, const FieldPlan& field, const ObjectRef& source,
                            const ResponsePath* path) {
  const FieldDefinition& definition = *field.definition_;
  if (definition.is_typename) {
    WriteString(plan.type().name);
    return true;
  }
  if (!field.args_ok_) {
    // Arguments that passed validation but not coercion (a variable's
    // runtime value): reported at each execution of the field, as
    // graphql-js does.
    const bool custom = field.missing_arg_ != nullptr && context_.missing_argument;
    GraphQLError& error =
        errors_->emplace_back(custom ? context_.missing_argument(*field.missing_arg_) : field.args_error_);
    if (custom) {
      error.locations = field.args_error_.locations;
    } else {
      error.code = std::string(error_code::kBadUserInput);
    }
    error.path = PathToKeys(path);
    if (definition.type.IsNonNull()) return false;
    Append("null");
    return true;
  }
  ResolverContext context;
  context.source_ = &source;
  context.args_ = &field.args_;
  context.field_ = &definition;
  context.parent_type_ = &plan.type();
  context.schema_ = &schema_;
  context.user_context_ = context_.user_context;
  context.plan_ = &field;
  context.path_ = path;
  context.output_ = out_;
  ResolvedValue value =
      definition.resolver ? definition.resolver(context)
      : plan.type().default_resolver
          ? plan.type().default_resolver(context)
          : ResolvedValue::Error("No resolver for field " + plan.type().name + "." + definition.name + ".");
  return CompleteValue(definition.type, field, value, path);
}

// Writes `value` as `type`. False when the value ends up null for a
// non-null type: the error is recorded and the caller propagates the null.
bool Executor::CompleteValue(TypeRef type, const FieldPlan& field, ResolvedValue& value, const ResponsePath* path) {
  if (value.kind() == ResolvedValue::Kind::kWritten) return true;  // in place already, by the resolver
  if (value.kind() == ResolvedValue::Kind::kError) {
    RecordError(field, path, value.AsError());
    if (type.IsNonNull()) return false;
    Append("null");
    return true;
  }
  if (type.IsNonNull()) {
    if (value.IsNull()) {
      RecordError(field, path,
                  "Cannot return null for non-nullable field " + field.parent_type_->name + "." +
                      field.definition_->name + ".");
      return false;
    }
    return CompleteNonNullValue(type.Nullable(), field, value, path);
  }
  if (value.IsNull()) {
    Append("null");
    return true;
  }
  const size_t mark = out_->GetSize();
  if (!CompleteNonNullValue(type, field, value, path)) {
    Truncate(mark);
    Append("null");
  }
  return true;
}

// Writes a value known not to be null or an error, as the nullable `type`.
bool Executor::CompleteNonNullValue(TypeRef type, const FieldPlan& field, ResolvedValue& value,
                                    const ResponsePath* path) {
  if (type.IsList()) {
    if (value.kind() != ResolvedValue::Kind::kList) {
      RecordError(field, path,
                  "Expected Iterable, but did not find one for field \"" + field.parent_type_->name + "." +
                      field.definition_->name + "\".");
      return false;
    }
    const TypeRef item_type = type.ItemType();
    std::vector<ResolvedValue>& items = value.MutableList();
    Append("[");
    for (size_t i = 0; i < items.size(); ++i) {
      CheckRequestBudget();  // a long answer is a long computation (common/request_budget.h)
      if (i != 0) Append(",");
      const ResponsePath item_path{path, {}, static_cast<int64_t>(i)};
      if (!CompleteValue(item_type, field, items[i], &item_path)) return false;
    }
    Append("]");
    return true;
  }
  const Type& named = *type.named();
  if (named.IsLeaf()) return SerializeLeaf(named, field, value, path);
  return CompleteObject(named, field, value, path);
}

bool Executor::CompleteObject(const Type& declared, const FieldPlan& field, ResolvedValue& value,
                              const ResponsePath* path) {
  if (value.kind() != ResolvedValue::Kind::kObject) {
    RecordError(field, path, "Expected value of type \"" + declared.name + "\" but got: " + value.Inspect() + ".");
    return false;
  }
  const Type* runtime = value.object_type();
  if (runtime == nullptr && !value.object_type_name().empty()) {
    runtime = schema_.FindType(value.object_type_name());
    if (runtime == nullptr) {
      RecordError(field, path,
                  "Abstract type \"" + declared.name + "\" was resolved to a type \"" +
                      std::string(value.object_type_name()) + "\" that does not exist inside the schema.");
      return false;
    }
  }
  if (runtime == nullptr) {
    if (declared.kind == TypeKind::kObject) {
      runtime = &declared;
    } else if (declared.resolve_type) {
      runtime = declared.resolve_type(value.AsObject(), schema_);
    }
    if (runtime == nullptr) {
      RecordError(field, path,
                  "Abstract type \"" + declared.name + "\" must resolve to an Object type at runtime for field \"" +
                      field.parent_type_->name + "." + field.definition_->name + "\". Either the \"" + declared.name +
                      "\" type should provide a \"resolveType\" function or each possible type should provide an "
                      "\"isTypeOf\" function.");
      return false;
    }
  }
  if (runtime->kind != TypeKind::kObject) {
    RecordError(field, path,
                "Abstract type \"" + declared.name + "\" was resolved to a non-object type \"" + runtime->name + "\".");
    return false;
  }
  if (runtime != &declared && (!declared.IsAbstract() || !schema_.IsSubType(&declared, runtime))) {
    RecordError(field, path,
                "Runtime Object type \"" + runtime->name + "\" is not a possible type for \"" + declared.name + "\".");
    return false;
  }
  const ObjectPlan* plan = field.SubSelection(runtime);
  return ExecuteObject(*plan, value.AsObject(), path);
}

bool Executor::WriteGenericLeaf(const ResolvedValue& value) {
  switch (value.kind()) {
    case ResolvedValue::Kind::kNull:
      Append("null");
      return true;
    case ResolvedValue::Kind::kBool:
      Append(value.AsBool() ? "true" : "false");
      return true;
    case ResolvedValue::Kind::kInt:
      WriteInt(value.AsInt());
      return true;
    case ResolvedValue::Kind::kFloat:
      WriteDouble(value.AsFloat());
      return true;
    case ResolvedValue::Kind::kString:
      WriteString(value.AsString());
      return true;
    case ResolvedValue::Kind::kRawJson:
      Append(value.AsString());
      return true;
    case ResolvedValue::Kind::kList: {
      Append("[");
      bool first = true;
      for (const ResolvedValue& item : value.AsList()) {
        if (!first) Append(",");
        first = false;
        if (!WriteGenericLeaf(item)) return false;
      }
      Append("]");
      return true;
    }
    case ResolvedValue::Kind::kObject:
    case ResolvedValue::Kind::kError:
    case ResolvedValue::Kind::kWritten:
      return false;
  }
  return false;
}

// graphql-js's serialize() of the built-in scalars and enums; custom
// scalars go through their hook, or are written as given.
bool Executor::SerializeLeaf(const Type& type, const FieldPlan& field, const ResolvedValue& value,
                             const ResponsePath* path) {
  using K = ResolvedValue::Kind;
  const K kind = value.kind();
  if (kind == K::kRawJson) {
    Append(value.AsString());  // pre-serialized by the resolver: trusted
    return true;
  }
  if (type.kind == TypeKind::kEnum) {
    if (kind == K::kString && type.FindEnumValue(value.AsString()) != nullptr) {
      WriteString(value.AsString());
      return true;
    }
    RecordError(field, path, "Enum \"" + type.name + "\" cannot represent value: " + value.Inspect());
    return false;
  }
  switch (type.builtin) {
    case BuiltinScalar::kString:
      switch (kind) {
        case K::kString:
          WriteString(value.AsString());
          return true;
        case K::kBool:
          WriteString(value.AsBool() ? "true" : "false");
          return true;
        case K::kInt:
          WriteString(std::to_string(value.AsInt()));
          return true;
        case K::kFloat:
          if (std::isfinite(value.AsFloat())) {
            WriteString(JsNumberText(value.AsFloat()));
            return true;
          }
          break;
        default:
          break;
      }
      RecordError(field, path, "String cannot represent value: " + value.Inspect());
      return false;
    case BuiltinScalar::kInt: {
      double number = 0;
      switch (kind) {
        case K::kInt:
          if (value.AsInt() >= kMinInt && value.AsInt() <= kMaxInt) {
            WriteInt(value.AsInt());
            return true;
          }
          RecordError(field, path, "Int cannot represent non 32-bit signed integer value: " + value.Inspect());
          return false;
        case K::kBool:
          WriteInt(value.AsBool() ? 1 : 0);
          return true;
        case K::kFloat:
          number = value.AsFloat();
          break;
        case K::kString: {
          if (value.AsString().empty()) {
            RecordError(field, path, "Int cannot represent non-integer value: " + value.Inspect());
            return false;
          }
          auto parsed = JsNumberFromString(value.AsString());
          number = parsed ? *parsed : NAN;
          break;
        }
        default:
          RecordError(field, path, "Int cannot represent non-integer value: " + value.Inspect());
          return false;
      }
      if (!std::isfinite(number) || std::trunc(number) != number) {
        RecordError(field, path, "Int cannot represent non-integer value: " + value.Inspect());
        return false;
      }
      if (number > kMaxInt || number < kMinInt) {
        RecordError(field, path, "Int cannot represent non 32-bit signed integer value: " + value.Inspect());
        return false;
      }
      WriteInt(static_cast<int64_t>(number));
      return true;
    }
    case BuiltinScalar::kFloat: {
      double number = NAN;
      switch (kind) {
        case K::kInt:
          WriteInt(value.AsInt());
          return true;
        case K::kFloat:
          number = value.AsFloat();
          break;
        case K::kBool:
          WriteInt(value.AsBool() ? 1 : 0);
          return true;
        case K::kString:
          if (!value.AsString().empty()) {
            auto parsed = JsNumberFromString(value.AsString());
            if (parsed) number = *parsed;
          }
          break;
        default:
          break;
      }
      if (!std::isfinite(number)) {
        RecordError(field, path, "Float cannot represent non numeric value: " + value.Inspect());
        return false;
      }
      WriteDouble(number);
      return true;
    }
    case BuiltinScalar::kBoolean:
      switch (kind) {
        case K::kBool:
          Append(value.AsBool() ? "true" : "false");
          return true;
        case K::kInt:
          Append(value.AsInt() != 0 ? "true" : "false");
          return true;
        case K::kFloat:
          if (std::isfinite(value.AsFloat())) {
            Append(value.AsFloat() != 0 ? "true" : "false");
            return true;
          }
          break;
        default:
          break;
      }
      RecordError(field, path, "Boolean cannot represent a non boolean value: " + value.Inspect());
      return false;
    case BuiltinScalar::kId:
      switch (kind) {
        case K::kString:
          WriteString(value.AsString());
          return true;
        case K::kInt:
          WriteString(std::to_string(value.AsInt()));
          return true;
        case K::kFloat:
          if (std::isfinite(value.AsFloat()) && std::trunc(value.AsFloat()) == value.AsFloat()) {
            WriteString(JsNumberText(value.AsFloat()));
            return true;
          }
          break;
        default:
          break;
      }
      RecordError(field, path, "ID cannot represent value: " + value.Inspect());
      return false;
    case BuiltinScalar::kNone:
      break;
  }
  if (type.serialize) {
    ResolvedValue serialized = type.serialize(value);
    if (serialized.kind() == K::kError) {
      RecordError(field, path, serialized.AsError());
      return false;
    }
    if (serialized.IsNull()) {
      RecordError(field, path,
                  "Expected `" + type.name + ".serialize(" + value.Inspect() +
                      ")` to return non-nullable value, returned: null");
      return false;
    }
    if (!WriteGenericLeaf(serialized)) {
      RecordError(field, path, "Custom scalar \"" + type.name + "\" serialized to a non-leaf value.");
      return false;
    }
    return true;
  }
  const size_t mark = out_->GetSize();
  if (!WriteGenericLeaf(value)) {
    Truncate(mark);
    RecordError(field, path, "Expected a leaf value for \"" + type.name + "\" but got: " + value.Inspect() + ".");
    return false;
  }
  return true;
}

}  // namespace vingt::protocol::graphql
