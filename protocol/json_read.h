// Small helpers over simdjson's DOM: type tests, numbers, compact text, and
// Node's util.inspect rendering that Twenty puts into its error messages.
//
// Errors come back through simdjson's .get() codes, never exceptions.
// Elements borrow from their parser: they are valid until the parser that
// produced them parses again or dies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace vingt::protocol {

using JsonElement = simdjson::dom::element;
using JsonType = simdjson::dom::element_type;

inline bool IsJsonNull(JsonElement e) { return e.type() == JsonType::NULL_VALUE; }
inline bool IsJsonObject(JsonElement e) { return e.type() == JsonType::OBJECT; }
inline bool IsJsonArray(JsonElement e) { return e.type() == JsonType::ARRAY; }
inline bool IsJsonString(JsonElement e) { return e.type() == JsonType::STRING; }
inline bool IsJsonBool(JsonElement e) { return e.type() == JsonType::BOOL; }
inline bool IsJsonNumber(JsonElement e) {
  JsonType t = e.type();
  return t == JsonType::INT64 || t == JsonType::UINT64 || t == JsonType::DOUBLE;
}

// The string of a STRING element; nullopt for any other type. The view
// points into the parser's buffers.
inline std::optional<std::string_view> JsonStringValue(JsonElement e) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

// Any JSON number as a double, as JavaScript's JSON.parse reads it (large
// integers lose precision the same way); nullopt for other types.
inline std::optional<double> JsonNumberValue(JsonElement e) {
  switch (e.type()) {
    case JsonType::INT64: return static_cast<double>(e.get_int64().value_unsafe());
    case JsonType::UINT64: return static_cast<double>(e.get_uint64().value_unsafe());
    case JsonType::DOUBLE: return e.get_double().value_unsafe();
    default: return std::nullopt;
  }
}

// Appends `e` as compact JSON text (no insignificant whitespace).
inline void AppendMinifiedJson(JsonElement e, std::string* out) { out->append(simdjson::minify(e)); }
inline std::string MinifiedJson(JsonElement e) { return simdjson::minify(e); }

// Appends `e` as Node's util.inspect(JSON.parse(text)) prints it with the
// default options: strings in single quotes ('a', "it's" when the string
// holds a single quote), objects as `{ key: 'v' }`, arrays as `[ 1, 2 ]`,
// nesting past depth 2 as [Object] / [Array], more than 100 array items as
// "... n more items", and Node's line breaking past 80 columns.
void AppendJsInspect(JsonElement e, std::string* out);
std::string JsInspect(JsonElement e);
// util.inspect of a string value: the quoted, escaped form.
void AppendJsInspectString(std::string_view s, std::string* out);

}  // namespace vingt::protocol
