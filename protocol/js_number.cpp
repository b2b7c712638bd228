#include "protocol/js_number.h"

#include <cmath>
#include <cstdlib>

#include "protocol/json_read.h"
#include "protocol/json_write.h"

namespace vingt::protocol {
namespace {

std::string_view TrimJsWhitespace(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t w = JsWhitespaceAt(s, i);
    if (w == 0) break;
    i += w;
  }
  s.remove_prefix(i);
  // Trailing: scan forward, remembering where the last non-space ended.
  size_t end = 0;
  for (size_t k = 0; k < s.size();) {
    size_t w = JsWhitespaceAt(s, k);
    if (w) {
      k += w;
    } else {
      ++k;
      while (k < s.size() && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) ++k;
      end = k;
    }
  }
  return s.substr(0, end);
}

}  // namespace

size_t JsWhitespaceAt(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  unsigned char c = at(0);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && at(1) == 0xA0) return 2;                   // U+00A0
  if (c == 0xE1 && at(1) == 0x9A && at(2) == 0x80) return 3;  // U+1680
  if (c == 0xE2 && at(1) == 0x80) {
    unsigned c2 = at(2);  // U+2000..U+200A, U+2028, U+2029, U+202F
    return (c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF ? 3 : 0;
  }
  if (c == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;  // U+3000
  if (c == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return 3;  // U+FEFF
  return 0;
}

// JavaScript's Number(string): StringToNumber of ECMA-262.
double JsNumberFromString(std::string_view text) {
  std::string_view s = TrimJsWhitespace(text);
  if (s.empty()) return 0;
  if (s == "Infinity" || s == "+Infinity") return INFINITY;
  if (s == "-Infinity") return -INFINITY;
  if (s.size() > 2 && s[0] == '0') {
    int base = 0;
    switch (s[1]) {
      case 'x':
      case 'X': base = 16; break;
      case 'o':
      case 'O': base = 8; break;
      case 'b':
      case 'B': base = 2; break;
    }
    if (base) {
      double v = 0;
      for (char c : s.substr(2)) {
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : 99;
        if (d >= base) return NAN;
        v = v * base + d;
      }
      return v;
    }
  }
  // StrDecimalLiteral: [+-] (digits [. digits] | . digits) [e [+-] digits]
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return NAN;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return NAN;
  }
  if (i != s.size()) return NAN;
  // The grammar is checked, so strtod (C locale) reads exactly it; it also
  // gives +-HUGE_VAL on overflow, as JavaScript gives +-Infinity.
  std::string copy(s);
  return std::strtod(copy.c_str(), nullptr);
}

// JavaScript's Number(value) for a JSON value.
double JsToNumber(JsonElement v) {
  switch (v.type()) {
    case JsonType::INT64:
    case JsonType::UINT64:
    case JsonType::DOUBLE: return *JsonNumberValue(v);
    case JsonType::BOOL: return v.get_bool().value_unsafe() ? 1 : 0;
    case JsonType::NULL_VALUE: return 0;
    case JsonType::STRING: return JsNumberFromString(v.get_string().value_unsafe());
    case JsonType::ARRAY: {
      // Number([]) is 0, Number([x]) is Number(String(x)), longer is NaN.
      simdjson::dom::array a = v.get_array().value_unsafe();
      size_t n = a.size();
      if (n == 0) return 0;
      if (n > 1) return NAN;
      JsonElement item = *a.begin();
      if (IsJsonNull(item)) return 0;
      if (item.type() == JsonType::BOOL) return NAN;  // String(true) is "true"
      if (item.type() == JsonType::OBJECT) return NAN;
      return JsToNumber(item);
    }
    default: return NAN;
  }
}

std::string JsNumberText(double v) {
  std::string s;
  AppendJsNumber(v, &s);
  return s;
}

}  // namespace vingt::protocol
