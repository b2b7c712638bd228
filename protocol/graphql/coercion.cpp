#include "protocol/graphql/coercion.h"

#include <charconv>
#include <cmath>

#include "protocol/graphql/printer.h"
#include "protocol/graphql/scalars.h"
#include "protocol/graphql/suggestions.h"

namespace vingt::protocol::graphql {
namespace {

constexpr size_t kMaxVariableErrors = 50;

bool IsMissingVariable(const ast::Value& literal, const VariableValues* variables) {
  return literal.kind == ast::Value::Kind::kVariable &&
         (variables == nullptr || variables->Find(literal.text) == nullptr);
}

// The last field named `name` (graphql-js keyMap keeps the last).
const ast::ObjectField* FindLastField(const ast::Value& object, std::string_view name) {
  const ast::ObjectField* found = nullptr;
  for (const ast::ObjectField& field : object.fields) {
    if (field.name.value == name) found = &field;
  }
  return found;
}

std::string PrintPathArray(const std::vector<PathKey>& path) {
  std::string out;
  for (const PathKey& key : path) {
    if (key.index >= 0) {
      out += '[' + std::to_string(key.index) + ']';
    } else {
      out += '.' + key.key;
    }
  }
  return out;
}

void CoerceInto(const InputValue& raw, TypeRef type, std::vector<PathKey>* path, const InputErrorFn& on_error,
                InputValue* out) {
  if (type.IsNonNull()) {
    if (!raw.IsNull()) {
      CoerceInto(raw, type.Nullable(), path, on_error, out);
      return;
    }
    on_error(*path, raw, "Expected non-nullable type \"" + type.ToString() + "\" not to be null.");
    *out = InputValue();
    return;
  }
  if (raw.IsNull()) {
    *out = InputValue();
    return;
  }
  if (type.IsList()) {
    const TypeRef item_type = type.ItemType();
    std::vector<InputValue> items;
    if (raw.kind() == InputValue::Kind::kList) {
      items.resize(raw.AsList().size());
      for (size_t i = 0; i < raw.AsList().size(); ++i) {
        path->push_back({std::string(), static_cast<int64_t>(i)});
        CoerceInto(raw.AsList()[i], item_type, path, on_error, &items[i]);
        path->pop_back();
      }
    } else {
      items.resize(1);
      CoerceInto(raw, item_type, path, on_error, &items[0]);
    }
    *out = InputValue::List(std::move(items));
    return;
  }
  const Type& named = *type.named();
  if (named.kind == TypeKind::kInputObject) {
    // graphql-js accepts any object-like value here, arrays included, whose
    // keys are then "0", "1", ...
    std::vector<InputObjectEntry> as_object_storage;
    const std::vector<InputObjectEntry>* fields = nullptr;
    if (raw.kind() == InputValue::Kind::kObject) {
      fields = &raw.AsObject();
    } else if (raw.kind() == InputValue::Kind::kList) {
      for (size_t i = 0; i < raw.AsList().size(); ++i)
        as_object_storage.push_back({std::to_string(i), raw.AsList()[i]});
      fields = &as_object_storage;
    } else {
      on_error(*path, raw, "Expected type \"" + named.name + "\" to be an object.");
      *out = InputValue();
      return;
    }
    auto find = [&](std::string_view name) -> const InputValue* {
      for (const InputObjectEntry& entry : *fields) {
        if (entry.name == name) return &entry.value;
      }
      return nullptr;
    };
    std::vector<InputObjectEntry> coerced;
    for (const InputValueDefinition& field : named.input_fields) {
      const InputValue* value = find(field.name);
      if (value == nullptr) {
        if (field.has_default) {
          coerced.push_back({field.name, field.default_value});
        } else if (field.type.IsNonNull()) {
          on_error(*path, raw,
                   "Field \"" + field.name + "\" of required type \"" + field.type.ToString() + "\" was not provided.");
        }
        continue;
      }
      path->push_back({field.name, -1});
      coerced.push_back({field.name, InputValue()});
      CoerceInto(*value, field.type, path, on_error, &coerced.back().value);
      path->pop_back();
    }
    for (const InputObjectEntry& entry : *fields) {
      if (named.FindInputField(entry.name) == nullptr) {
        std::vector<std::string_view> names;
        for (const InputValueDefinition& field : named.input_fields) names.push_back(field.name);
        on_error(*path, raw,
                 "Field \"" + entry.name + "\" is not defined by type \"" + named.name + "\"." +
                     DidYouMean(SuggestionList(entry.name, names)));
      }
    }
    *out = InputValue::Object(std::move(coerced));
    return;
  }
  LeafParse parsed = ParseLeafValue(named, raw);
  if (!parsed.ok) {
    if (parsed.verbatim) {
      on_error(*path, raw, parsed.error);
    } else if (parsed.error.empty()) {
      on_error(*path, raw, "Expected type \"" + named.name + "\".");
    } else {
      on_error(*path, raw, "Expected type \"" + named.name + "\". " + parsed.error);
    }
    *out = InputValue();
    return;
  }
  *out = std::move(parsed.value);
}

bool IsIntegerText(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') return i + 1 == s.size();
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// astFromValue then print; false when astFromValue gives nothing.
bool AppendLiteral(const InputValue& value, TypeRef type, std::string* out) {
  if (type.IsNonNull()) {
    if (value.IsNull()) return false;
    return AppendLiteral(value, type.Nullable(), out);
  }
  if (value.IsNull()) {
    out->append("null");
    return true;
  }
  if (type.IsList()) {
    if (value.kind() != InputValue::Kind::kList) return AppendLiteral(value, type.ItemType(), out);
    out->push_back('[');
    bool first = true;
    for (const InputValue& item : value.AsList()) {
      std::string printed;
      if (!AppendLiteral(item, type.ItemType(), &printed)) continue;
      if (!first) out->append(", ");
      first = false;
      out->append(printed);
    }
    out->push_back(']');
    return true;
  }
  const Type* named = type.named();
  if (named == nullptr) return false;
  if (named->kind == TypeKind::kInputObject) {
    if (value.kind() != InputValue::Kind::kObject) return false;
    out->push_back('{');
    bool first = true;
    for (const InputValueDefinition& field : named->input_fields) {
      const InputValue* field_value = value.Find(field.name);
      if (field_value == nullptr) continue;
      std::string printed;
      if (!AppendLiteral(*field_value, field.type, &printed)) continue;
      if (!first) out->append(", ");
      first = false;
      out->append(field.name);
      out->append(": ");
      out->append(printed);
    }
    out->push_back('}');
    return true;
  }
  switch (value.kind()) {
    case InputValue::Kind::kBool:
      out->append(value.AsBool() ? "true" : "false");
      return true;
    case InputValue::Kind::kInt:
    case InputValue::Kind::kFloat:
      if (!std::isfinite(value.AsFloat())) return false;
      AppendJsNumber(value.AsFloat(), out);
      return true;
    case InputValue::Kind::kEnum:
      out->append(value.AsString());
      return true;
    case InputValue::Kind::kString:
      if (named->kind == TypeKind::kEnum) {
        out->append(value.AsString());
      } else if (named->builtin == BuiltinScalar::kId && IsIntegerText(value.AsString())) {
        out->append(value.AsString());
      } else {
        AppendGraphQLString(value.AsString(), out);
      }
      return true;
    case InputValue::Kind::kList:
    case InputValue::Kind::kObject: {
      // A custom scalar holding structured data: print it as a literal.
      if (value.kind() == InputValue::Kind::kList) {
        out->push_back('[');
        for (size_t i = 0; i < value.AsList().size(); ++i) {
          if (i) out->append(", ");
          AppendLiteral(value.AsList()[i], type, out);
        }
        out->push_back(']');
      } else {
        out->push_back('{');
        for (size_t i = 0; i < value.AsObject().size(); ++i) {
          if (i) out->append(", ");
          out->append(value.AsObject()[i].name);
          out->append(": ");
          AppendLiteral(value.AsObject()[i].value, type, out);
        }
        out->push_back('}');
      }
      return true;
    }
    case InputValue::Kind::kNull:
      break;
  }
  return false;
}

}  // namespace

TypeRef TypeFromAst(const Schema& schema, const ast::TypeNode& node) {
  const Type* named = schema.FindType(node.name.value);
  if (named == nullptr) return TypeRef();
  return TypeRef(named, node.list_depth, node.non_null_bits);
}

bool CoerceVariableValues(const Schema& schema, const ast::OperationDefinition& operation, const InputValue& raw,
                          VariableValues* out, std::vector<GraphQLError>* errors) {
  const size_t errors_before = errors->size();
  bool aborted = false;
  auto report = [&](std::string message, SourceLocation loc) {
    if (aborted) return;
    if (errors->size() - errors_before >= kMaxVariableErrors) {
      GraphQLError error;
      error.message = "Too many errors processing variables, error limit reached. Execution aborted.";
      errors->push_back(std::move(error));
      aborted = true;
      return;
    }
    GraphQLError error;
    error.message = std::move(message);
    error.locations.push_back(loc);
    errors->push_back(std::move(error));
  };
  for (const ast::VariableDefinition& def : operation.variables) {
    if (aborted) break;
    const std::string name(def.variable.value);
    const TypeRef type = TypeFromAst(schema, def.type);
    if (!type || !type.IsInputType()) {
      report("Variable \"$" + name + "\" expected value of type \"" + PrintTypeNode(def.type) +
                 "\" which cannot be used as an input type.",
             def.type.loc);
      continue;
    }
    const InputValue* value = raw.kind() == InputValue::Kind::kObject ? raw.Find(name) : nullptr;
    if (value == nullptr) {
      if (def.has_default) {
        InputValue coerced;
        if (ValueFromLiteral(def.default_value, type, nullptr, &coerced)) out->Set(name, std::move(coerced));
      } else if (type.IsNonNull()) {
        report("Variable \"$" + name + "\" of required type \"" + type.ToString() + "\" was not provided.", def.loc);
      }
      continue;
    }
    if (value->IsNull() && type.IsNonNull()) {
      report("Variable \"$" + name + "\" of non-null type \"" + type.ToString() + "\" must not be null.", def.loc);
      continue;
    }
    InputValue coerced = CoerceInputValue(
        *value, type, [&](const std::vector<PathKey>& path, const InputValue& invalid, const std::string& message) {
          std::string prefix = "Variable \"$" + name + "\" got invalid value " + invalid.Inspect();
          if (!path.empty()) prefix += " at \"" + name + PrintPathArray(path) + "\"";
          report(prefix + "; " + message, def.loc);
        });
    out->Set(name, std::move(coerced));
  }
  return errors->size() == errors_before;
}

InputValue CoerceInputValue(const InputValue& raw, TypeRef type, const InputErrorFn& on_error) {
  std::vector<PathKey> path;
  InputValue out;
  CoerceInto(raw, type, &path, on_error, &out);
  return out;
}

bool ValueFromLiteral(const ast::Value& literal, TypeRef type, const VariableValues* variables, InputValue* out) {
  using K = ast::Value::Kind;
  if (literal.kind == K::kVariable) {
    const InputValue* value = variables == nullptr ? nullptr : variables->Find(literal.text);
    if (value == nullptr) return false;
    if (value->IsNull() && type.IsNonNull()) return false;
    *out = *value;
    return true;
  }
  if (type.IsNonNull()) {
    if (literal.kind == K::kNull) return false;
    return ValueFromLiteral(literal, type.Nullable(), variables, out);
  }
  if (literal.kind == K::kNull) {
    *out = InputValue();
    return true;
  }
  if (type.IsList()) {
    const TypeRef item_type = type.ItemType();
    std::vector<InputValue> items;
    if (literal.kind == K::kList) {
      items.reserve(literal.list.size());
      for (const ast::Value& item : literal.list) {
        if (IsMissingVariable(item, variables)) {
          if (item_type.IsNonNull()) return false;
          items.emplace_back();
          continue;
        }
        items.emplace_back();
        if (!ValueFromLiteral(item, item_type, variables, &items.back())) return false;
      }
    } else {
      items.emplace_back();
      if (!ValueFromLiteral(literal, item_type, variables, &items.back())) return false;
    }
    *out = InputValue::List(std::move(items));
    return true;
  }
  const Type* named = type.named();
  if (named == nullptr) return false;
  if (named->kind == TypeKind::kInputObject) {
    if (literal.kind != K::kObject) return false;
    std::vector<InputObjectEntry> fields;
    for (const InputValueDefinition& field : named->input_fields) {
      const ast::ObjectField* node = FindLastField(literal, field.name);
      if (node == nullptr || IsMissingVariable(node->value, variables)) {
        if (field.has_default) {
          fields.push_back({field.name, field.default_value});
        } else if (field.type.IsNonNull()) {
          return false;
        }
        continue;
      }
      fields.push_back({field.name, InputValue()});
      if (!ValueFromLiteral(node->value, field.type, variables, &fields.back().value)) return false;
    }
    *out = InputValue::Object(std::move(fields));
    return true;
  }
  if (named->IsLeaf()) {
    LeafParse parsed = ParseLeafLiteral(*named, literal, variables);
    if (!parsed.ok) return false;
    *out = std::move(parsed.value);
    return true;
  }
  return false;
}

InputValue ValueFromLiteralUntyped(const ast::Value& literal, const VariableValues* variables) {
  using K = ast::Value::Kind;
  switch (literal.kind) {
    case K::kNull:
      return InputValue();
    case K::kInt: {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(literal.text.data(), literal.text.data() + literal.text.size(), v);
      (void)end;
      if (ec == std::errc()) return InputValue::Int(v);
      double d = 0;
      std::from_chars(literal.text.data(), literal.text.data() + literal.text.size(), d);
      return InputValue::Float(d);
    }
    case K::kFloat: {
      double d = 0;
      std::from_chars(literal.text.data(), literal.text.data() + literal.text.size(), d);
      return InputValue::Float(d);
    }
    case K::kString:
    case K::kEnum:
      return InputValue::String(std::string(literal.text));
    case K::kBoolean:
      return InputValue::Bool(literal.boolean);
    case K::kList: {
      std::vector<InputValue> items;
      items.reserve(literal.list.size());
      for (const ast::Value& item : literal.list) items.push_back(ValueFromLiteralUntyped(item, variables));
      return InputValue::List(std::move(items));
    }
    case K::kObject: {
      std::vector<InputObjectEntry> fields;
      for (const ast::ObjectField& field : literal.fields) {
        InputValue value = ValueFromLiteralUntyped(field.value, variables);
        bool replaced = false;
        for (InputObjectEntry& existing : fields) {
          if (existing.name == field.name.value) {
            existing.value = std::move(value);
            replaced = true;
            break;
          }
        }
        if (!replaced) fields.push_back({std::string(field.name.value), std::move(value)});
      }
      return InputValue::Object(std::move(fields));
    }
    case K::kVariable: {
      const InputValue* value = variables == nullptr ? nullptr : variables->Find(literal.text);
      return value == nullptr ? InputValue() : *value;
    }
  }
  return InputValue();
}

bool CoerceArgumentValues(const std::vector<InputValueDefinition>& definitions,
                          const std::vector<ast::Argument>& arguments, SourceLocation node_loc,
                          const VariableValues& variables, ArgumentValues* out, GraphQLError* error,
                          const InputValueDefinition** missing) {
  auto fail = [&](std::string message, SourceLocation loc) {
    error->message = std::move(message);
    error->locations = {loc};
    return false;
  };
  auto fail_missing = [&](const InputValueDefinition& def, std::string message, SourceLocation loc) {
    if (missing) *missing = &def;
    return fail(std::move(message), loc);
  };
  for (const InputValueDefinition& def : definitions) {
    const ast::Argument* node = nullptr;
    for (const ast::Argument& argument : arguments) {
      if (argument.name.value == def.name) node = &argument;
    }
    if (node == nullptr) {
      if (def.has_default) {
        out->Add(def.name, def.default_value);
      } else if (def.type.IsNonNull()) {
        return fail("Argument \"" + def.name + "\" of required type \"" + def.type.ToString() + "\" was not provided.",
                    node_loc);
      }
      continue;
    }
    const ast::Value& value = node->value;
    bool is_null = value.kind == ast::Value::Kind::kNull;
    if (value.kind == ast::Value::Kind::kVariable) {
      const InputValue* variable = variables.Find(value.text);
      if (variable == nullptr) {
        if (def.has_default) {
          out->Add(def.name, def.default_value);
        } else if (def.type.IsNonNull()) {
          return fail_missing(def,
                              "Argument \"" + def.name + "\" of required type \"" + def.type.ToString() +
                                  "\" was provided the variable \"$" + std::string(value.text) +
                                  "\" which was not provided a runtime value.",
                              value.loc);
        }
        continue;
      }
      is_null = variable->IsNull();
    }
    if (is_null && def.type.IsNonNull()) {
      return fail_missing(def,
                          "Argument \"" + def.name + "\" of non-null type \"" + def.type.ToString() +
                              "\" must not be null.",
                          value.loc);
    }
    InputValue coerced;
    if (!ValueFromLiteral(value, def.type, &variables, &coerced)) {
      return fail("Argument \"" + def.name + "\" has invalid value " + PrintValue(value) + ".", value.loc);
    }
    out->Add(def.name, std::move(coerced));
  }
  return true;
}

std::string PrintDefaultValue(const InputValue& value, TypeRef type) {
  std::string out;
  if (!AppendLiteral(value, type, &out)) return "";
  return out;
}

}  // namespace vingt::protocol::graphql
