#include "protocol/graphql/scalars.h"

#include <charconv>
#include <cmath>

#include "protocol/graphql/coercion.h"
#include "protocol/graphql/printer.h"
#include "protocol/graphql/suggestions.h"

namespace vingt::protocol::graphql {
namespace {

constexpr int64_t kMaxInt = 2147483647;
constexpr int64_t kMinInt = -2147483648LL;

LeafParse Ok(InputValue v) { return {true, std::move(v), {}, false}; }
LeafParse Error(std::string message) { return {false, InputValue(), std::move(message), true}; }

std::string DidYouMeanEnumValue(const Type& type, std::string_view unknown) {
  std::vector<std::string_view> names;
  names.reserve(type.enum_values.size());
  for (const EnumValueDefinition& value : type.enum_values) names.push_back(value.name);
  return DidYouMean("the enum value", SuggestionList(unknown, names));
}

LeafParse CustomParse(const Type& type, const InputValue& raw) {
  if (!type.parse) return Ok(raw);
  ScalarParseResult r = type.parse(raw);
  if (r.ok) return Ok(std::move(r.value));
  return {false, InputValue(), std::move(r.error), r.verbatim};
}

}  // namespace

LeafParse ParseLeafValue(const Type& type, const InputValue& raw) {
  if (type.kind == TypeKind::kEnum) {
    if (raw.kind() != InputValue::Kind::kString) {
      const std::string shown = raw.Inspect();
      return Error("Enum \"" + type.name + "\" cannot represent non-string value: " + shown + "." +
                   DidYouMeanEnumValue(type, shown));
    }
    if (type.FindEnumValue(raw.AsString()) == nullptr) {
      return Error("Value \"" + raw.AsString() + "\" does not exist in \"" + type.name + "\" enum." +
                   DidYouMeanEnumValue(type, raw.AsString()));
    }
    return Ok(InputValue::Enum(raw.AsString()));
  }
  switch (type.builtin) {
    case BuiltinScalar::kInt: {
      if (!raw.IsNumber()) return Error("Int cannot represent non-integer value: " + raw.Inspect());
      if (raw.kind() == InputValue::Kind::kInt) {
        if (raw.AsInt() > kMaxInt || raw.AsInt() < kMinInt) {
          return Error("Int cannot represent non 32-bit signed integer value: " + JsNumberText(raw.AsFloat()));
        }
        return Ok(raw);
      }
      const double d = raw.AsFloat();
      if (!std::isfinite(d) || std::trunc(d) != d) {
        return Error("Int cannot represent non-integer value: " + raw.Inspect());
      }
      if (d > kMaxInt || d < kMinInt) {
        return Error("Int cannot represent non 32-bit signed integer value: " + JsNumberText(d));
      }
      return Ok(InputValue::Int(static_cast<int64_t>(d)));
    }
    case BuiltinScalar::kFloat:
      if (!raw.IsNumber() || !std::isfinite(raw.AsFloat())) {
        return Error("Float cannot represent non numeric value: " + raw.Inspect());
      }
      return Ok(InputValue::Float(raw.AsFloat()));
    case BuiltinScalar::kString:
      if (raw.kind() != InputValue::Kind::kString) {
        return Error("String cannot represent a non string value: " + raw.Inspect());
      }
      return Ok(raw);
    case BuiltinScalar::kBoolean:
      if (raw.kind() != InputValue::Kind::kBool) {
        return Error("Boolean cannot represent a non boolean value: " + raw.Inspect());
      }
      return Ok(raw);
    case BuiltinScalar::kId:
      if (raw.kind() == InputValue::Kind::kString) return Ok(raw);
      if (raw.kind() == InputValue::Kind::kInt) return Ok(InputValue::String(std::to_string(raw.AsInt())));
      if (raw.kind() == InputValue::Kind::kFloat && std::isfinite(raw.AsFloat()) &&
          std::trunc(raw.AsFloat()) == raw.AsFloat()) {
        return Ok(InputValue::String(JsNumberText(raw.AsFloat())));
      }
      return Error("ID cannot represent value: " + raw.Inspect());
    case BuiltinScalar::kNone:
      break;
  }
  return CustomParse(type, raw);
}

LeafParse ParseLeafLiteral(const Type& type, const ast::Value& literal, const VariableValues* variables) {
  using K = ast::Value::Kind;
  if (type.kind == TypeKind::kEnum) {
    if (literal.kind != K::kEnum) {
      const std::string shown = PrintValue(literal);
      return Error("Enum \"" + type.name + "\" cannot represent non-enum value: " + shown + "." +
                   DidYouMeanEnumValue(type, shown));
    }
    if (type.FindEnumValue(literal.text) == nullptr) {
      const std::string shown = PrintValue(literal);
      return Error("Value \"" + shown + "\" does not exist in \"" + type.name + "\" enum." +
                   DidYouMeanEnumValue(type, shown));
    }
    return Ok(InputValue::Enum(std::string(literal.text)));
  }
  switch (type.builtin) {
    case BuiltinScalar::kInt: {
      if (literal.kind != K::kInt) return Error("Int cannot represent non-integer value: " + PrintValue(literal));
      int64_t v = 0;
      auto [end, ec] = std::from_chars(literal.text.data(), literal.text.data() + literal.text.size(), v);
      (void)end;
      if (ec != std::errc() || v > kMaxInt || v < kMinInt) {
        return Error("Int cannot represent non 32-bit signed integer value: " + std::string(literal.text));
      }
      return Ok(InputValue::Int(v));
    }
    case BuiltinScalar::kFloat: {
      if (literal.kind != K::kInt && literal.kind != K::kFloat) {
        return Error("Float cannot represent non numeric value: " + PrintValue(literal));
      }
      double v = 0;
      std::from_chars(literal.text.data(), literal.text.data() + literal.text.size(), v);
      return Ok(InputValue::Float(v));
    }
    case BuiltinScalar::kString:
      if (literal.kind != K::kString)
        return Error("String cannot represent a non string value: " + PrintValue(literal));
      return Ok(InputValue::String(std::string(literal.text)));
    case BuiltinScalar::kBoolean:
      if (literal.kind != K::kBoolean) {
        return Error("Boolean cannot represent a non boolean value: " + PrintValue(literal));
      }
      return Ok(InputValue::Bool(literal.boolean));
    case BuiltinScalar::kId:
      if (literal.kind != K::kString && literal.kind != K::kInt) {
        return Error("ID cannot represent a non-string and non-integer value: " + PrintValue(literal));
      }
      return Ok(InputValue::String(std::string(literal.text)));
    case BuiltinScalar::kNone:
      break;
  }
  return CustomParse(type, ValueFromLiteralUntyped(literal, variables));
}

}  // namespace vingt::protocol::graphql
