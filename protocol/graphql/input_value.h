// InputValue: one GraphQL input value at run time. Raw variables (from
// JSON), literals converted without a type, and fully coerced argument
// values all use it, so a resolver reads arguments through one type.
//
// Coerced values follow graphql-js: an input object holds the fields that
// were given or have a default, in the type's field order; an enum holds
// its value's name (kEnum); ID holds a string; Int holds an int64 within
// the 32-bit range. Owns its data (arguments outlive the request text only
// as long as the resolver copies them, so views would be a trap).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/json_fwd.h"
#include "protocol/js_number.h"
#include "protocol/json_write.h"

namespace vingt::protocol::graphql {

struct InputObjectEntry;

class InputValue {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kFloat, kString, kEnum, kList, kObject };

  InputValue() = default;  // null
  static InputValue Bool(bool v);
  static InputValue Int(int64_t v);
  static InputValue Float(double v);
  static InputValue String(std::string v);
  static InputValue Enum(std::string name);
  static InputValue List(std::vector<InputValue> items);
  static InputValue Object(std::vector<InputObjectEntry> fields);

  // A JSON document as JSON.parse reads it: integers that fit int64 are
  // kInt, other numbers kFloat; a repeated key keeps its first position
  // and its last value.
  static InputValue FromJson(simdjson::dom::element element);

  Kind kind() const { return kind_; }
  bool IsNull() const { return kind_ == Kind::kNull; }
  bool IsNumber() const { return kind_ == Kind::kInt || kind_ == Kind::kFloat; }

  bool AsBool() const { return bool_; }
  int64_t AsInt() const { return int_; }
  // kFloat, or kInt widened.
  double AsFloat() const { return kind_ == Kind::kInt ? static_cast<double>(int_) : float_; }
  // kString or kEnum.
  const std::string& AsString() const { return string_; }
  const std::vector<InputValue>& AsList() const { return list_; }
  const std::vector<InputObjectEntry>& AsObject() const { return object_; }
  std::vector<InputValue>& MutableList() { return list_; }
  std::vector<InputObjectEntry>& MutableObject() { return object_; }

  // The field `name` of an object value; null when absent or not an object.
  const InputValue* Find(std::string_view name) const;

  // As JSON (enums as strings).
  void WriteJson(JsonWriter& writer) const;
  std::string ToJson() const;

  // graphql-js's inspect(): strings JSON-quoted, objects as
  // `{ a: 1, b: "x" }`, lists as `[1, 2]`, nesting past two levels as
  // [Object] / [Array], lists past ten items as "... N more items".
  std::string Inspect() const;

  friend bool operator==(const InputValue& a, const InputValue& b);

 private:
  void AppendInspect(int depth, std::string* out) const;

  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  double float_ = 0;
  std::string string_;
  std::vector<InputValue> list_;
  std::vector<InputObjectEntry> object_;
};

struct InputObjectEntry {
  std::string name;
  InputValue value;
  friend bool operator==(const InputObjectEntry&, const InputObjectEntry&) = default;
};


}  // namespace vingt::protocol::graphql
