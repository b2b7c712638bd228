#include "server/records/record_codec.h"

#include <array>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "protocol/iso_time.h"
#include "protocol/json_read.h"
#include "storage/field_type.h"
#include "storage/text_fold.h"
#include "storage/uuid.h"

namespace vingt::server {
namespace {

using protocol::JsonElement;
using protocol::JsonType;
using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;
using storage::RowBuilder;
using storage::SlotKind;
using storage::SubFieldDef;

// Error messages.
//
// Texts are Twenty's (validator-utils/*.util.ts under the data-arg processor);
// <v> is util.inspect of the offending value. `Name` is the field's key as
// written in the body, plus ".subField" inside composites; it is only turned
// into a string when an error is reported.

struct Name {
  std::string_view field;
  std::string_view sub;
  std::string str() const {
    std::string s(field);
    if (!sub.empty()) {
      s.push_back('.');
      s.append(sub);
    }
    return s;
  }
};

Status DataError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_ARGS_DATA");
}

std::string Inspect(JsonElement v) { return protocol::JsInspect(v); }

Status InvalidText(JsonElement v, const Name& n) {
  return DataError("Invalid string value " + Inspect(v) + " for text field \"" + n.str() + "\"");
}
Status InvalidUuid(JsonElement v, const Name& n) {
  return DataError("Invalid UUID value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status InvalidNumber(std::string inspected, const Name& n) {
  return DataError("Invalid number value " + inspected + " for field \"" + n.str() + "\"");
}
Status InvalidBoolean(JsonElement v, const Name& n) {
  return DataError("Invalid boolean value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status InvalidObject(JsonElement v, const Name& n) {
  return DataError("Invalid object value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status InvalidDateTime(JsonElement v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for date-time field \"" + n.str() +
                   "\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'");
}
Status InvalidDate(JsonElement v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for date field \"" + n.str() +
                   "\". Expected format: 'YYYY-MM-DD'");
}
Status InvalidOption(JsonElement v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status InvalidMultiSelect(JsonElement v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for multi select field \"" + n.str() + "\"");
}
Status InvalidStringArray(JsonElement v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for field \"" + n.str() + " - Array values need to be string\"");
}
Status InvalidEmail(JsonElement v, const Name& n) {
  return DataError("Invalid string value " + Inspect(v) + " for email field \"" + n.str() + "\"");
}
Status InvalidPosition(JsonElement v, const Name& n) {
  return DataError("Invalid position value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status RelationNeedsOperation(std::string_view key) {
  return DataError("Relation \"" + std::string(key) + "\" requires connect or disconnect operation");
}

// Small value helpers.

bool IsNull(JsonElement v) { return v.type() == JsonType::NULL_VALUE; }

std::optional<std::string_view> StringOf(JsonElement v) { return protocol::JsonStringValue(v); }

// Inner parser for JSON carried inside strings (RAW_JSON given as text,
// composite defaults). Separate from the caller's parser, whose elements
// must stay valid while we work.
simdjson::dom::parser& InnerParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

// Appends `s` as a JSON string literal, escaped as JSON.stringify does.
void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void AppendAsciiLower(std::string_view s, std::string* out) {
  size_t start = out->size();
  out->append(s);
  for (size_t i = start; i < out->size(); ++i) (*out)[i] = AsciiLower((*out)[i]);
}

// Length in bytes of a JavaScript \s character starting at s[i], or 0.
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

// JavaScript's Number(string): StringToNumber of ECMA-262.
double JsStringToNumber(std::string_view text) {
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
    case JsonType::DOUBLE: return *protocol::JsonNumberValue(v);
    case JsonType::BOOL: return v.get_bool().value_unsafe() ? 1 : 0;
    case JsonType::NULL_VALUE: return 0;
    case JsonType::STRING: return JsStringToNumber(v.get_string().value_unsafe());
    case JsonType::ARRAY: {
      // Number([]) is 0, Number([x]) is Number(String(x)), longer is NaN.
      simdjson::dom::array a = v.get_array().value_unsafe();
      size_t n = a.size();
      if (n == 0) return 0;
      if (n > 1) return NAN;
      JsonElement item = *a.begin();
      if (IsNull(item)) return 0;
      if (item.type() == JsonType::BOOL) return NAN;  // String(true) is "true"
      if (item.type() == JsonType::OBJECT) return NAN;
      return JsToNumber(item);
    }
    default: return NAN;
  }
}

std::string JsNumberText(double v) {
  std::string s;
  protocol::AppendJsNumber(v, &s);
  return s;
}

// Emails and links.

// zod's z.regexes.unicodeEmail: /^[^\s@"]{1,64}@[^\s@]{1,255}$/u.
bool IsZodUnicodeEmail(std::string_view s) {
  size_t at = s.find('@');
  if (at == std::string_view::npos) return false;
  size_t local_points = 0, domain_points = 0;
  for (size_t i = 0; i < s.size();) {
    if (JsWhitespaceAt(s, i)) return false;
    char c = s[i];
    if (i < at) {
      if (c == '"') return false;
    } else if (i > at && c == '@') {
      return false;
    }
    if (i != at) ++(i < at ? local_points : domain_points);
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return local_points >= 1 && local_points <= 64 && domain_points >= 1 && domain_points <= 255;
}

// UTF-8 -> code points; false on malformed input.
bool DecodeUtf8(std::string_view s, std::u32string* out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out->push_back(cp);
    i += len;
  }
  return true;
}

// RFC 3492 Punycode of one label (without the "xn--" prefix).
bool Punycode(const std::u32string& input, std::string* out) {
  constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
  auto adapt = [](uint32_t delta, uint32_t points, bool first) {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    uint32_t k = 0;
    while (delta > ((kBase - kTMin) * kTMax) / 2) {
      delta /= kBase - kTMin;
      k += kBase;
    }
    return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
  };
  auto digit = [](uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
  uint32_t basic = 0;
  for (char32_t c : input) {
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
      ++basic;
    }
  }
  uint32_t handled = basic;
  if (basic > 0) out->push_back('-');
  uint32_t n = 0x80, delta = 0, bias = 72;
  while (handled < input.size()) {
    uint32_t m = UINT32_MAX;
    for (char32_t c : input)
      if (c >= n && c < m) m = c;
    if ((m - n) > (UINT32_MAX - delta) / (handled + 1)) return false;
    delta += (m - n) * (handled + 1);
    n = m;
    for (char32_t c : input) {
      if (c < n && ++delta == 0) return false;
      if (c == n) {
        uint32_t q = delta;
        for (uint32_t k = kBase;; k += kBase) {
          uint32_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
          if (q < t) break;
          out->push_back(digit(t + (q - t) % (kBase - t)));
          q = (q - t) / (kBase - t);
        }
        out->push_back(digit(q));
        bias = adapt(delta, handled + 1, handled == basic);
        delta = 0;
        ++handled;
      }
    }
    ++delta;
    ++n;
  }
  return true;
}

// The host as WHATWG URL parsing would give it for a domain: ASCII lower
// case, ideographic and full-width dots as '.', IDNA labels as punycode.
// Falls back to the lower-cased text when the domain is not a plain host.
std::string CanonicalizeDomain(std::string_view domain) {
  std::string lowered;
  lowered.reserve(domain.size());
  for (size_t i = 0; i < domain.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(domain[i]);
    std::string_view rest = domain.substr(i);
    if (rest.substr(0, 3) == "\xE3\x80\x82" || rest.substr(0, 3) == "\xEF\xBC\x8E" ||
        rest.substr(0, 3) == "\xEF\xBD\xA1") {
      lowered.push_back('.');  // U+3002, U+FF0E, U+FF61
      i += 2;
    } else {
      lowered.push_back(static_cast<char>(c));
    }
  }
  // Lower case before IDNA, all of it (JavaScript's toLowerCase, which
  // Twenty applies first): "MÜNCHEN" is "münchen", xn--mnchen-3ya.
  lowered = storage::FoldKey(lowered);
  for (size_t i = 0; i < lowered.size(); ++i) {
    if (JsWhitespaceAt(lowered, i)) return lowered;
    switch (lowered[i]) {
      case '/':
      case '\\':
      case '?':
      case '#':
      case '@':
      case ':':
      case '[':
      case ']':
      case '<':
      case '>':
      case '^':
      case '|':
      case '%': return lowered;  // not a host: URL parsing would fail, Twenty keeps it
    }
  }
  std::string host;
  host.reserve(lowered.size() + 8);
  std::u32string points;
  size_t start = 0;
  while (start <= lowered.size()) {
    size_t dot = lowered.find('.', start);
    if (dot == std::string::npos) dot = lowered.size();
    std::string_view label = std::string_view(lowered).substr(start, dot - start);
    bool ascii = true;
    for (char c : label) ascii &= static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
      host.append(label);
    } else {
      if (!DecodeUtf8(label, &points)) return lowered;
      host.append("xn--");
      if (!Punycode(points, &host)) return lowered;
    }
    if (dot == lowered.size()) break;
    host.push_back('.');
    start = dot + 1;
  }
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

// Defaults.
//
// FieldSchema::default_value_json holds Twenty's metadata defaultValue:
// SQL-like literals ("'NEW'", "false", "0", "now", "uuid"), possibly as a
// JSON string ("\"'NEW'\""), and for composites an object of those
// ({"firstName":"''","additionalEmails":null}).

struct DefaultValue {
  enum class Kind { kNone, kNull, kText, kBool, kNumber, kNow, kUuid, kJson } kind = Kind::kNone;
  std::string text;  // kText, kJson (compact JSON)
  double number = 0;
  bool boolean = false;
};

DefaultValue InterpretLiteral(std::string_view s) {
  DefaultValue d;
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
    d.kind = DefaultValue::Kind::kText;
    std::string_view inner = s.substr(1, s.size() - 2);
    for (size_t i = 0; i < inner.size(); ++i) {
      d.text.push_back(inner[i]);
      if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;  // SQL '' escape
    }
  } else if (s == "now") {
    d.kind = DefaultValue::Kind::kNow;
  } else if (s == "uuid") {
    d.kind = DefaultValue::Kind::kUuid;
  } else if (s == "true" || s == "false") {
    d.kind = DefaultValue::Kind::kBool;
    d.boolean = s == "true";
  } else if (s == "null") {
    d.kind = DefaultValue::Kind::kNull;
  } else if (!s.empty() && (s.front() == '[' || s.front() == '{')) {
    d.kind = DefaultValue::Kind::kJson;
    d.text = s;
  } else {
    double v = JsStringToNumber(s);
    if (!s.empty() && std::isfinite(v)) {
      d.kind = DefaultValue::Kind::kNumber;
      d.number = v;
    } else {
      d.kind = DefaultValue::Kind::kText;
      d.text = s;
    }
  }
  return d;
}

DefaultValue DefaultFromElement(JsonElement e) {
  switch (e.type()) {
    case JsonType::NULL_VALUE: {
      DefaultValue d;
      d.kind = DefaultValue::Kind::kNull;
      return d;
    }
    case JsonType::STRING: return InterpretLiteral(e.get_string().value_unsafe());
    case JsonType::BOOL: {
      DefaultValue d;
      d.kind = DefaultValue::Kind::kBool;
      d.boolean = e.get_bool().value_unsafe();
      return d;
    }
    case JsonType::INT64:
    case JsonType::UINT64:
    case JsonType::DOUBLE: {
      DefaultValue d;
      d.kind = DefaultValue::Kind::kNumber;
      d.number = *protocol::JsonNumberValue(e);
      return d;
    }
    default: {
      DefaultValue d;
      d.kind = DefaultValue::Kind::kJson;
      d.text = protocol::MinifiedJson(e);
      return d;
    }
  }
}

DefaultValue ParseScalarDefault(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  if (text.empty()) return {};
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    simdjson::dom::element e;
    if (InnerParser().parse(text.data(), text.size()).get(e) == simdjson::SUCCESS) return DefaultFromElement(e);
  }
  return InterpretLiteral(text);
}

// Sub-field defaults of a composite default object, in CompositeSubFields
// order (kNone where the object does not say). Parsed once per distinct
// text and thread: creates are hot, defaults are few.
const std::vector<DefaultValue>& CompositeDefaults(const FieldSchema& f) {
  thread_local std::unordered_map<std::string, std::vector<DefaultValue>> cache;
  auto it = cache.find(f.default_value_json);
  if (it != cache.end()) return it->second;
  if (cache.size() > 4096) cache.clear();  // bounded: metadata churn must not grow it forever
  auto subs = storage::CompositeSubFields(f.type);
  std::vector<DefaultValue> values(subs.size());
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (!f.default_value_json.empty() && InnerParser().parse(f.default_value_json).get(root) == simdjson::SUCCESS &&
      root.get_object().get(object) == simdjson::SUCCESS) {
    for (auto entry : object)
      for (size_t i = 0; i < subs.size(); ++i)
        if (subs[i].name == entry.key) values[i] = DefaultFromElement(entry.value);
  }
  return cache.emplace(f.default_value_json, std::move(values)).first->second;
}

bool HasDefault(const FieldSchema& f) {
  std::string_view t = f.default_value_json;
  return !t.empty() && t != "null";
}

bool IsSystemActor(const FieldSchema& f) {
  return f.type == FieldType::kActor && (f.name == "createdBy" || f.name == "updatedBy");
}

void SetApiActor(uint16_t first_slot, const WriteContext& ctx, RowBuilder* b) {
  b->SetText(first_slot + 0, "API");  // source
  b->SetNull(first_slot + 1);         // workspaceMemberId
  b->SetText(first_slot + 2, ctx.actor_name);
  b->SetJson(first_slot + 3, "{}");  // context
}

int64_t TodayStartMs(int64_t now_ms) {
  int64_t days = now_ms / 86'400'000;
  if (now_ms % 86'400'000 < 0) --days;
  return days * 86'400'000;
}

// Writes default `d` into one slot of kind `kind`; false when `d` says nothing.
bool ApplyDefault(const DefaultValue& d, SlotKind kind, size_t slot, const WriteContext& ctx, RowBuilder* b) {
  using Kind = DefaultValue::Kind;
  if (d.kind == Kind::kNone) return false;
  if (d.kind == Kind::kNull) {
    b->SetNull(slot);
    return true;
  }
  switch (kind) {
    case SlotKind::kText:
      if (d.kind == Kind::kText || d.kind == Kind::kJson)
        b->SetText(slot, d.text);
      else if (d.kind == Kind::kNumber)
        b->SetText(slot, JsNumberText(d.number));
      else if (d.kind == Kind::kBool)
        b->SetText(slot, d.boolean ? "true" : "false");
      else
        b->SetNull(slot);
      return true;
    case SlotKind::kUuid:
      if (d.kind == Kind::kUuid) {
        b->SetUuid(slot, storage::Uuid::Random());
      } else if (auto id = d.kind == Kind::kText ? storage::Uuid::Parse(d.text) : std::nullopt) {
        b->SetUuid(slot, *id);
      } else {
        b->SetNull(slot);
      }
      return true;
    case SlotKind::kNumber:
      if (d.kind == Kind::kNumber)
        b->SetNumber(slot, d.number);
      else
        b->SetNull(slot);
      return true;
    case SlotKind::kBoolean:
      if (d.kind == Kind::kBool)
        b->SetBoolean(slot, d.boolean);
      else
        b->SetNull(slot);
      return true;
    case SlotKind::kTimestamp:
      if (d.kind == Kind::kNow) {
        b->SetTimestamp(slot, ctx.now_ms);
      } else if (auto ms = d.kind == Kind::kText ? protocol::ParseIsoDateTime(d.text) : std::nullopt) {
        b->SetTimestamp(slot, *ms);
      } else {
        b->SetNull(slot);
      }
      return true;
    case SlotKind::kDate: {
      std::string date;
      if (d.kind == Kind::kNow) {
        protocol::FormatIsoDateTime(TodayStartMs(ctx.now_ms), &date);
        date.resize(10);
        b->SetText(slot, date);
      } else if (d.kind == Kind::kText && protocol::ParseDateInput(d.text, &date)) {
        b->SetText(slot, date);
      } else {
        b->SetNull(slot);
      }
      return true;
    }
    case SlotKind::kJson:
      if (d.kind == Kind::kJson)
        b->SetJson(slot, d.text);
      else
        b->SetNull(slot);
      return true;
    case SlotKind::kStringList: {
      // MULTI_SELECT defaults are arrays of quoted literals: ["'A'","'B'"].
      std::vector<std::string> items;
      simdjson::dom::element root;
      simdjson::dom::array array;
      if (d.kind == Kind::kJson && InnerParser().parse(d.text).get(root) == simdjson::SUCCESS &&
          root.get_array().get(array) == simdjson::SUCCESS) {
        for (JsonElement item : array) {
          DefaultValue v = DefaultFromElement(item);
          if (v.kind == Kind::kText) items.push_back(std::move(v.text));
        }
        if (items.empty())
          b->SetNull(slot);
        else
          b->SetStringList(slot, items);
      } else if (d.kind == Kind::kText) {
        b->SetStringList(slot, {d.text});
      } else {
        b->SetNull(slot);
      }
      return true;
    }
  }
  return false;
}

// What a composite sub-field holds when the field's default says nothing:
// Twenty's generated defaults ('' text, null numbers and JSON), except
// RICH_TEXT_V2, whose sub-fields default to null, and ACTOR (MANUAL, '').
void ApplyCompositeFallback(FieldType type, const SubFieldDef& sub, size_t slot, RowBuilder* b) {
  if (type == FieldType::kRichTextV2) {
    b->SetNull(slot);
  } else if (type == FieldType::kActor && sub.name == "source") {
    b->SetText(slot, "MANUAL");
  } else if (type == FieldType::kActor && sub.name == "context") {
    b->SetJson(slot, "{}");
  } else if (sub.kind == SlotKind::kText) {
    b->SetText(slot, "");
  } else {
    b->SetNull(slot);
  }
}

bool IsSystemSlot(const ObjectSchema& schema, size_t slot) {
  return slot == schema.id_slot || slot == schema.created_at_slot || slot == schema.updated_at_slot ||
         slot == schema.deleted_at_slot;
}

// The default of a field that holds a value (not a relation, position or
// search vector, not a system field).
void ApplyValueDefault(const FieldSchema& f, const WriteContext& ctx, RowBuilder* b) {
  const size_t slot = f.first_slot;
  if (storage::IsComposite(f.type)) {
    auto subs = storage::CompositeSubFields(f.type);
    const std::vector<DefaultValue>* defaults = f.default_value_json.empty() ? nullptr : &CompositeDefaults(f);
    for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) {
      if (defaults && ApplyDefault((*defaults)[i], subs[i].kind, slot + i, ctx, b)) continue;
      ApplyCompositeFallback(f.type, subs[i], slot + i, b);
    }
    return;
  }
  SlotKind kind = storage::ScalarSlotKind(f.type);
  if (ApplyDefault(ParseScalarDefault(f.default_value_json), kind, slot, ctx, b)) return;
  // No default: TEXT reads back as "" (Twenty's generated default '');
  // everything else is null.
  if (f.type == FieldType::kText)
    b->SetText(slot, "");
  else
    b->SetNull(slot);
}

void ApplyCreateDefaults(const ObjectSchema& schema, const WriteContext& ctx, RowBuilder* b) {
  for (const FieldSchema& f : schema.fields) {
    if (!f.is_active || f.slot_count == 0 || f.IsOneToMany()) continue;
    const size_t slot = f.first_slot;
    if (f.IsManyToOne() || f.type == FieldType::kTsVector || f.type == FieldType::kPosition ||
        f.type == FieldType::kRelation || f.type == FieldType::kMorphRelation) {
      b->SetNull(slot);  // position: the caller assigns it
      continue;
    }
    // The system fields, found by slot first so that other fields cost no
    // string compares.
    if (IsSystemSlot(schema, slot)) {
      if (slot == schema.id_slot && f.type == FieldType::kUuid && f.name == "id") {
        b->SetUuid(slot, storage::Uuid::Random());
        continue;
      }
      if (f.type == FieldType::kDateTime && (f.name == "createdAt" || f.name == "updatedAt")) {
        b->SetTimestamp(slot, ctx.now_ms);
        continue;
      }
      if (f.name == "deletedAt") {
        b->SetNull(slot);
        continue;
      }
    }
    if (IsSystemActor(f)) {
      SetApiActor(f.first_slot, ctx, b);
      continue;
    }
    ApplyValueDefault(f, ctx, b);
  }
}

// Per-type decoders.

Status DecodeText(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (!s) return InvalidText(v, n);
  b->SetText(slot, *s);
  return Status::Ok();
}

Status DecodeUuid(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  std::optional<storage::Uuid> id;
  if (s) id = storage::Uuid::Parse(*s);
  if (!id) return InvalidUuid(v, n);
  b->SetUuid(slot, *id);
  return Status::Ok();
}

Status DecodeNumber(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto x = protocol::JsonNumberValue(v);
  if (!x || !std::isfinite(*x)) return InvalidNumber(Inspect(v), n);
  b->SetNumber(slot, *x);
  return Status::Ok();
}

// NUMERIC accepts what JavaScript's Number() turns into a finite number
// (numbers, numeric strings); "" means null.
Status DecodeNumeric(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (s && s->empty()) {
    b->SetNull(slot);
    return Status::Ok();
  }
  double x = JsToNumber(v);
  if (!std::isfinite(x)) return InvalidNumber(JsNumberText(x), n);
  b->SetNumber(slot, x);
  return Status::Ok();
}

Status DecodeBoolean(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  if (v.type() != JsonType::BOOL) return InvalidBoolean(v, n);
  b->SetBoolean(slot, v.get_bool().value_unsafe());
  return Status::Ok();
}

Status DecodeDateTime(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  std::optional<int64_t> ms;
  if (s) ms = protocol::ParseIsoDateTime(*s);
  if (!ms) return InvalidDateTime(v, n);
  b->SetTimestamp(slot, *ms);
  return Status::Ok();
}

Status DecodeDate(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  std::string date;
  if (!s || !protocol::ParseDateInput(*s, &date)) return InvalidDate(v, n);
  b->SetText(slot, date);
  return Status::Ok();
}

constexpr std::string_view kRatingValues[] = {"RATING_1", "RATING_2", "RATING_3", "RATING_4", "RATING_5"};
constexpr std::string_view kActorSources[] = {"EMAIL",  "CALENDAR", "WORKFLOW", "AGENT",   "API",
                                              "IMPORT", "MANUAL",   "SYSTEM",   "WEBHOOK", "APPLICATION"};

bool IsOption(const FieldSchema& f, std::string_view value) {
  if (f.FindOption(value)) return true;
  // A RATING field always has RATING_1..RATING_5, even when metadata built
  // by hand leaves its options out.
  if (f.type == FieldType::kRating && f.options.empty())
    for (std::string_view r : kRatingValues)
      if (r == value) return true;
  return false;
}

Status DecodeSelect(const FieldSchema& f, JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (!s) return InvalidText(v, n);
  if (!IsOption(f, *s)) return InvalidOption(v, n);
  b->SetText(slot, *s);
  return Status::Ok();
}

// MULTI_SELECT and ARRAY: a list of strings, or one string meaning a list of
// one; an empty list is stored as null (Twenty's transformArrayField).
Status DecodeStringList(const FieldSchema* options_of, JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  std::vector<std::string> items;
  if (auto s = StringOf(v)) {
    items.emplace_back(*s);
  } else {
    simdjson::dom::array array;
    if (v.get_array().get(array) != simdjson::SUCCESS) return InvalidStringArray(v, n);
    items.reserve(array.size());
    for (JsonElement item : array) {
      auto is = StringOf(item);
      if (!is) return InvalidStringArray(v, n);
      items.emplace_back(*is);
    }
  }
  if (options_of)
    for (const std::string& item : items)
      if (!IsOption(*options_of, item)) return InvalidMultiSelect(v, n);
  if (items.empty())
    b->SetNull(slot);
  else
    b->SetStringList(slot, items);
  return Status::Ok();
}

// RAW_JSON: any object or array, or a string holding JSON text (stored
// parsed, as Twenty's ORM does). Result in *json; null -> nullopt.
Status ParseRawJson(JsonElement v, const Name& n, std::optional<std::string>* json) {
  if (IsNull(v)) {
    json->reset();
    return Status::Ok();
  }
  if (auto s = StringOf(v)) {
    simdjson::dom::element inner;
    if (InnerParser().parse(s->data(), s->size()).get(inner) != simdjson::SUCCESS) return InvalidObject(v, n);
    *json = protocol::MinifiedJson(inner);
    return Status::Ok();
  }
  if (v.type() != JsonType::OBJECT && v.type() != JsonType::ARRAY) return InvalidObject(v, n);
  *json = protocol::MinifiedJson(v);
  return Status::Ok();
}

Status DecodeRawJson(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  std::optional<std::string> json;
  VINGT_RETURN_IF_ERROR(ParseRawJson(v, n, &json));
  if (json)
    b->SetJson(slot, *json);
  else
    b->SetNull(slot);
  return Status::Ok();
}

// FILES: an array of {fileId: uuid, label: string}; [] is null.
Status DecodeFiles(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto invalid = [&] {
    return DataError("Invalid value \"" + Inspect(v) + "\" for FILES field \"" + n.str() +
                     "\" - It should be an array of objects with \"fileId\" and \"label\" properties.");
  };
  simdjson::dom::array array;
  if (v.get_array().get(array) != simdjson::SUCCESS) return invalid();
  for (JsonElement item : array) {
    simdjson::dom::object object;
    if (item.get_object().get(object) != simdjson::SUCCESS) return invalid();
    bool has_id = false, has_label = false;
    for (auto entry : object) {
      if (entry.key == "fileId") {
        auto s = StringOf(entry.value);
        if (!s || !storage::Uuid::Parse(*s)) return invalid();
        has_id = true;
      } else if (entry.key == "label") {
        if (!StringOf(entry.value)) return invalid();
        has_label = true;
      } else {
        return invalid();
      }
    }
    if (!has_id || !has_label) return invalid();
  }
  if (array.size() == 0)
    b->SetNull(slot);
  else
    b->SetJson(slot, protocol::MinifiedJson(v));
  return Status::Ok();
}

Status DecodeEmail(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (!s || (!s->empty() && !IsZodUnicodeEmail(*s))) return InvalidEmail(v, n);
  b->SetText(slot, CanonicalizeEmail(*s));
  return Status::Ok();
}

// additionalEmails: an array of addresses (or one address); each checked
// and canonicalised like primaryEmail; [] and "" are null.
Status DecodeAdditionalEmails(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  std::string json = "[";
  size_t count = 0;
  auto add = [&](std::string_view email) {
    if (count++) json.push_back(',');
    AppendJsonString(CanonicalizeEmail(email), &json);
  };
  if (auto s = StringOf(v)) {
    if (!s->empty() && !IsZodUnicodeEmail(*s)) return InvalidEmail(v, n);
    if (!s->empty()) add(*s);
  } else {
    simdjson::dom::array array;
    if (v.get_array().get(array) != simdjson::SUCCESS) return InvalidStringArray(v, n);
    for (JsonElement item : array) {
      if (IsNull(item)) return InvalidStringArray(v, n);
      auto is = StringOf(item);
      if (!is || (!is->empty() && !IsZodUnicodeEmail(*is))) return InvalidEmail(item, n);
      add(*is);
    }
  }
  json.push_back(']');
  if (count == 0)
    b->SetNull(slot);
  else
    b->SetJson(slot, json);
  return Status::Ok();
}

// secondaryLinks: [{url, label}]; links without a url are dropped and each
// url is normalised like primaryLinkUrl (Twenty's transformLinksValue).
Status DecodeSecondaryLinks(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  JsonElement links = v;
  if (auto s = StringOf(v)) {
    if (InnerParser().parse(s->data(), s->size()).get(links) != simdjson::SUCCESS) return InvalidObject(v, n);
  }
  simdjson::dom::array array;
  if (links.get_array().get(array) != simdjson::SUCCESS) return InvalidObject(v, n);
  std::string json = "[";
  size_t count = 0;
  for (JsonElement item : array) {
    simdjson::dom::object link;
    if (item.get_object().get(link) != simdjson::SUCCESS) continue;
    std::optional<std::string_view> url;
    std::optional<JsonElement> label;
    for (auto entry : link) {
      if (entry.key == "url")
        url = StringOf(entry.value);
      else if (entry.key == "label")
        label = entry.value;
    }
    if (!url || url->empty()) continue;
    if (count++) json.push_back(',');
    json.append("{\"url\":");
    AppendJsonString(NormalizeLinkUrl(*url), &json);
    if (label) {
      json.append(",\"label\":");
      protocol::AppendMinifiedJson(*label, &json);
    }
    json.push_back('}');
  }
  json.push_back(']');
  b->SetJson(slot, json);
  return Status::Ok();
}

// additionalPhones: kept as given (numbers are not re-parsed with
// libphonenumber); an empty or non-array value is null, as in Twenty.
Status DecodeAdditionalPhones(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  std::optional<std::string> json;
  VINGT_RETURN_IF_ERROR(ParseRawJson(v, n, &json));
  if (!json || json->size() < 2 || (*json)[0] != '[' || *json == "[]")
    b->SetNull(slot);
  else
    b->SetJson(slot, *json);
  return Status::Ok();
}

Status DecodeActorSource(JsonElement v, const Name& n, size_t slot, RowBuilder* b) {
  if (IsNull(v)) {
    b->SetNull(slot);
    return Status::Ok();
  }
  auto s = StringOf(v);
  if (!s) return InvalidText(v, n);
  for (std::string_view source : kActorSources) {
    if (source == *s) {
      b->SetText(slot, *s);
      return Status::Ok();
    }
  }
  return InvalidOption(v, n);
}

std::string_view CompositeLabel(FieldType type) {
  switch (type) {
    case FieldType::kFullName: return "full name";
    case FieldType::kEmails: return "emails";
    case FieldType::kLinks: return "links";
    case FieldType::kPhones: return "phones";
    case FieldType::kCurrency: return "currency";
    case FieldType::kAddress: return "address";
    case FieldType::kActor: return "actor";
    default: return "composite";
  }
}

Status DecodeSubField(FieldType type, const SubFieldDef& sub, JsonElement v, const Name& n, size_t slot,
                      RowBuilder* b) {
  switch (type) {
    case FieldType::kEmails:
      if (sub.name == "primaryEmail") return DecodeEmail(v, n, slot, b);
      return DecodeAdditionalEmails(v, n, slot, b);
    case FieldType::kLinks:
      if (sub.name == "primaryLinkUrl") {
        if (auto s = StringOf(v)) {
          b->SetText(slot, NormalizeLinkUrl(*s));
          return Status::Ok();
        }
        return DecodeText(v, n, slot, b);
      }
      if (sub.name == "secondaryLinks") return DecodeSecondaryLinks(v, n, slot, b);
      return DecodeText(v, n, slot, b);
    case FieldType::kPhones:
      if (sub.name == "additionalPhones") return DecodeAdditionalPhones(v, n, slot, b);
      return DecodeText(v, n, slot, b);
    case FieldType::kActor:
      if (sub.name == "source") return DecodeActorSource(v, n, slot, b);
      if (sub.name == "workspaceMemberId") return DecodeUuid(v, n, slot, b);
      if (sub.name == "context") return DecodeRawJson(v, n, slot, b);
      return DecodeText(v, n, slot, b);
    default:
      switch (sub.type) {
        case FieldType::kNumeric: return DecodeNumeric(v, n, slot, b);
        case FieldType::kRawJson: return DecodeRawJson(v, n, slot, b);
        case FieldType::kUuid: return DecodeUuid(v, n, slot, b);
        default: return DecodeText(v, n, slot, b);
      }
  }
}

Status DecodeComposite(const FieldSchema& f, std::string_view key, JsonElement v, WriteMode mode, RowBuilder* b) {
  auto subs = storage::CompositeSubFields(f.type);
  const bool rich = f.type == FieldType::kRichTextV2;
  const bool system_actor = IsSystemActor(f);
  // createdBy is the server's: ignored on update; updatedBy too except for
  // the source. Both keep the API actor's name and workspace member.
  const bool apply = !(system_actor && mode == WriteMode::kUpdate && f.name == "createdBy");
  auto rich_error = [&](std::string_view why) {
    return DataError("Invalid rich text v2 value " + Inspect(v) + " for field \"" + std::string(key) + "\" - " +
                     std::string(why));
  };

  if (IsNull(v)) {
    if (system_actor || !apply) return Status::Ok();
    for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) b->SetNull(f.first_slot + i);
    return Status::Ok();
  }
  simdjson::dom::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS) {
    // Twenty tests with `isObject`, which arrays pass: [] changes nothing,
    // a non-empty array fails on its first key, "0".
    simdjson::dom::array array;
    if (v.get_array().get(array) == simdjson::SUCCESS) {
      if (array.size() == 0) {
        if (rich && apply)
          for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) b->SetNull(f.first_slot + i);
        return Status::Ok();
      }
      if (rich) return rich_error("Should have only blocknote, markdown subfields");
      return DataError("Invalid subfield 0 for " + std::string(CompositeLabel(f.type)) + " field \"" +
                       std::string(key) + "\"");
    }
    if (rich) return rich_error("Should be an object");
    return InvalidObject(v, Name{key, {}});
  }

  if (rich) {
    // The rich text validator checks the keys first and reads {} as null.
    bool empty = true;
    for (auto entry : object) {
      empty = false;
      if (entry.key != "blocknote" && entry.key != "markdown")
        return rich_error("Should have only blocknote, markdown subfields");
    }
    if (empty) {
      for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) b->SetNull(f.first_slot + i);
      return Status::Ok();
    }
  }

  for (auto entry : object) {
    size_t index = subs.size();
    for (size_t i = 0; i < subs.size(); ++i) {
      if (subs[i].name == entry.key) {
        index = i;
        break;
      }
    }
    if (index == subs.size() || index >= f.slot_count) {
      return DataError("Invalid subfield " + std::string(entry.key) + " for " + std::string(CompositeLabel(f.type)) +
                       " field \"" + std::string(key) + "\"");
    }
    const size_t slot = f.first_slot + index;
    if (system_actor) {
      // Validate everything; keep only source and context, and a null one
      // leaves the stamped value.
      RowBuilder scratch(1);
      VINGT_RETURN_IF_ERROR(DecodeSubField(f.type, subs[index], entry.value, Name{key, subs[index].name}, 0, &scratch));
      bool wanted = subs[index].name == "source" || subs[index].name == "context";
      if (apply && wanted && !scratch.IsNull(0)) b->SetRaw(slot, scratch.Get(0));
      continue;
    }
    VINGT_RETURN_IF_ERROR(DecodeSubField(f.type, subs[index], entry.value, Name{key, subs[index].name}, slot, b));
  }
  return Status::Ok();
}

Status DecodePosition(JsonElement v, const Name& n, WriteMode mode, size_t slot, RowBuilder* b) {
  if (auto x = protocol::JsonNumberValue(v)) {
    b->SetNumber(slot, *x);
    return Status::Ok();
  }
  // "first" / "last" ask the server to place the record; the caller assigns
  // positions to new rows, and an update keeps the one it has.
  if (auto s = StringOf(v); s && (*s == "first" || *s == "last")) {
    if (mode == WriteMode::kCreate) b->SetNull(slot);
    return Status::Ok();
  }
  return InvalidPosition(v, n);
}

// A MANY_TO_ONE relation's nested operation, applied once the whole body is
// decoded (Twenty's ORM runs them after the data-arg processor).
struct RelationOp {
  enum class Kind { kDisconnect, kConnect, kBoth };
  const FieldSchema* field = nullptr;
  Kind kind = Kind::kDisconnect;
  std::optional<simdjson::dom::object> where;  // kConnect: borrowed from the body
};

Status DecodeManyToOne(const FieldSchema& f, std::string_view key, JsonElement v, std::vector<RelationOp>* ops) {
  if (IsNull(v)) {
    ops->push_back(RelationOp{&f, RelationOp::Kind::kDisconnect, {}});  // null on the name reads as disconnect
    return Status::Ok();
  }
  simdjson::dom::object op;
  if (v.get_object().get(op) != simdjson::SUCCESS) return RelationNeedsOperation(key);
  JsonElement connect, disconnect;
  bool has_connect = op["connect"].get(connect) == simdjson::SUCCESS && !IsNull(connect);
  bool has_disconnect = op["disconnect"].get(disconnect) == simdjson::SUCCESS && !IsNull(disconnect);
  if (!has_connect && !has_disconnect) return RelationNeedsOperation(key);
  // Twenty's ORM acts on a boolean disconnect only (false does nothing), and
  // on a connect that carries a `where` object.
  const bool disconnects = has_disconnect && disconnect.type() == JsonType::BOOL;
  std::optional<simdjson::dom::object> where = ConnectWhereOf(v);
  if (where && disconnects) {
    ops->push_back(RelationOp{&f, RelationOp::Kind::kBoth, {}});
  } else if (has_connect && !disconnects) {
    ops->push_back(RelationOp{&f, RelationOp::Kind::kConnect, where});
  } else if (disconnects && disconnect.get_bool().value_unsafe()) {
    ops->push_back(RelationOp{&f, RelationOp::Kind::kDisconnect, {}});
  }
  return Status::Ok();
}

// Runs the relation operations the body asked for, in Twenty's order:
// refusals first, then disconnects, then connects.
Status ApplyRelationOps(simdjson::dom::object body, const WriteContext& ctx,
                        const std::vector<ResolvedConnect>* connects, const std::vector<RelationOp>& ops,
                        RowBuilder* b) {
  for (const RelationOp& op : ops)
    if (op.kind == RelationOp::Kind::kBoth)
      // Twenty's message names `entity.key`, which is never set.
      return Status::InvalidArgument("Cannot have both connect and disconnect for the same field on undefined.")
          .WithDetailCode("CONNECT_NOT_ALLOWED");
  for (const RelationOp& op : ops) {
    if (op.kind != RelationOp::Kind::kConnect) continue;
    const std::string& name = op.field->name;
    JsonElement join;
    if (body[op.field->JoinColumnName()].get(join) == simdjson::SUCCESS && !IsNull(join))
      return Status::InvalidArgument(name + " and " + name + "Id cannot be both provided.")
          .WithDetailCode("CONNECT_NOT_ALLOWED");
    if (!op.where)
      return Status::InvalidArgument(
                 "Missing required fields: at least one unique constraint have to be fully populated for '" + name + "'.")
          .WithDetailCode("CONNECT_UNIQUE_CONSTRAINT_ERROR");
  }
  for (const RelationOp& op : ops)
    if (op.kind == RelationOp::Kind::kDisconnect) b->SetNull(op.field->first_slot);
  for (const RelationOp& op : ops) {
    if (op.kind != RelationOp::Kind::kConnect) continue;
    const size_t slot = op.field->first_slot;
    if (connects) {
      const ResolvedConnect* resolved = nullptr;
      for (const ResolvedConnect& each : *connects)
        if (each.field == op.field) resolved = &each;
      // ResolveConnects picks the same keys as DecodeManyToOne.
      assert(resolved != nullptr);
      if (resolved == nullptr) return Status::InvalidArgument("Relation \"" + op.field->name + "\" was not resolved");
      if (!resolved->id.ok()) return resolved->id.status();
      b->SetUuid(slot, *resolved->id);
    } else if (ctx.workspace) {
      auto id = ResolveConnect(*ctx.workspace, *op.field, *op.where);
      if (!id.ok()) return id.status();
      b->SetUuid(slot, *id);
    } else {
      // No tables to look in: an id is taken as given.
      JsonElement id;
      if ((*op.where)["id"].get(id) != simdjson::SUCCESS)
        return DataError("Relation \"" + op.field->name + "\" can only connect by id");
      VINGT_RETURN_IF_ERROR(DecodeUuid(id, Name{"id", {}}, slot, b));
    }
  }
  return Status::Ok();
}

Status DecodeField(const ObjectSchema& schema, std::string_view key, JsonElement v, WriteMode mode, RowBuilder* b,
                   std::vector<RelationOp>* ops) {
  const FieldSchema* f = schema.FindField(key);
  bool join_column = false;
  if (f == nullptr || !f->is_active) {
    const FieldSchema* owner = schema.FindByJoinColumn(key);
    f = owner && owner->is_active ? owner : nullptr;
    join_column = f != nullptr;
  }
  if (f == nullptr)
    return DataError("Object " + schema.name_singular + " doesn't have any \"" + std::string(key) + "\" field.");
  if (IsNull(v) && !f->is_nullable && !HasDefault(*f))
    return DataError("Field " + std::string(key) + " is not nullable and has no default value.");

  const Name name{key, {}};
  const size_t slot = f->first_slot;
  if (join_column) return DecodeUuid(v, name, slot, b);
  if (f->IsOneToMany())
    return DataError("One-to-many relation " + std::string(key) + " field does not support write operations.");
  if (f->IsManyToOne()) return DecodeManyToOne(*f, key, v, ops);
  if (f->type == FieldType::kTsVector)
    return DataError(std::string(key) + " TS_VECTOR-typed field does not support write operations");
  if (f->type == FieldType::kRelation || f->type == FieldType::kMorphRelation) {
    // A relation without a join column here (morph): only operations pass,
    // and they have nothing to write.
    simdjson::dom::object op;
    if (IsNull(v) || v.get_object().get(op) == simdjson::SUCCESS) return Status::Ok();
    return RelationNeedsOperation(key);
  }
  if (f->slot_count == 0) return Status::Ok();

  if (storage::IsComposite(f->type)) return DecodeComposite(*f, key, v, mode, b);

  const bool system = IsSystemSlot(schema, slot);
  if (system && slot == schema.id_slot && f->type == FieldType::kUuid && f->name == "id") {
    // Only a create chooses the id; an update's id is the path's.
    if (IsNull(v)) return Status::Ok();
    if (mode == WriteMode::kUpdate) {
      RowBuilder scratch(1);
      return DecodeUuid(v, name, 0, &scratch);
    }
    return DecodeUuid(v, name, slot, b);
  }
  if (system && f->type == FieldType::kDateTime && IsNull(v) && (f->name == "createdAt" || f->name == "updatedAt"))
    return Status::Ok();  // never null: keep the stamped time

  switch (f->type) {
    case FieldType::kUuid: return DecodeUuid(v, name, slot, b);
    case FieldType::kText:
    case FieldType::kRichText: return DecodeText(v, name, slot, b);
    case FieldType::kNumber: return DecodeNumber(v, name, slot, b);
    case FieldType::kNumeric: return DecodeNumeric(v, name, slot, b);
    case FieldType::kBoolean: return DecodeBoolean(v, name, slot, b);
    case FieldType::kDateTime: return DecodeDateTime(v, name, slot, b);
    case FieldType::kDate: return DecodeDate(v, name, slot, b);
    case FieldType::kSelect:
    case FieldType::kRating: return DecodeSelect(*f, v, name, slot, b);
    case FieldType::kMultiSelect: return DecodeStringList(f, v, name, slot, b);
    case FieldType::kArray: return DecodeStringList(nullptr, v, name, slot, b);
    case FieldType::kRawJson: return DecodeRawJson(v, name, slot, b);
    case FieldType::kFiles: return DecodeFiles(v, name, slot, b);
    case FieldType::kPosition: return DecodePosition(v, name, mode, slot, b);
    default: return DecodeText(v, name, slot, b);
  }
}

// Output.
//
// The keys, commas and braces of a record's JSON depend only on the schema,
// so they are worked out once per schema into a RecordLayout: the text
// before each value, the slot that value comes from, and the closing text.
// Writing a record is then copy, format, copy, ... straight into the
// writer's buffer:
//
//   {"id": <uuid> ,"createdAt": <date-time> ... ,"name":{"firstName": <text> ,"lastName": <text> },"emails":{ ... }
//   └literal┘     └──literal──┘                └───────literal───────┘        └─literal──┘        └literal...   tail

// Bytes a value of each fixed-size kind can take: "null", "false", a quoted
// UUID, a quoted date-time, a number.
constexpr size_t kMaxFixedValueLength = 38;
static_assert(kMaxFixedValueLength >= 2 + protocol::kMaxIsoDateTimeLength &&
              kMaxFixedValueLength >= protocol::kMaxJsonNumberLength);
// Literals are copied 16 bytes at a time, so the layout's text has this much
// padding and every reservation this much slack.
constexpr size_t kCopyBlock = 16;

struct LayoutStep {
  uint32_t literal_begin = 0;  // into RecordLayout::text: the JSON before the value
  uint32_t literal_size = 0;
  uint16_t slot = 0;
  SlotKind kind = SlotKind::kText;
};

struct RecordLayout {
  std::string text;  // all literals, then kCopyBlock bytes of padding
  std::vector<LayoutStep> steps;
  uint32_t tail_begin = 0;  // after the last value: the closing braces
  uint32_t tail_size = 0;
  // The field facts the text was made from, to tell whether a schema at the
  // same address is still the one the layout describes (see LayoutFor).
  struct Facts {
    std::string name;
    FieldType type;
    bool emitted;
    bool many_to_one;
    uint16_t first_slot;
    uint16_t slot_count;
    SlotKind scalar_kind;
  };
  std::vector<Facts> facts;
};

// What WriteRecordJson emits for `f`: every active field with slots except
// ONE_TO_MANY and TS_VECTOR.
bool IsEmitted(const FieldSchema& f) {
  return f.is_active && f.slot_count != 0 && !f.IsOneToMany() && f.type != FieldType::kTsVector;
}

SlotKind ScalarKindOf(const ObjectSchema& schema, const FieldSchema& f) {
  return f.first_slot < schema.slots.size() ? schema.slots[f.first_slot].kind : SlotKind::kText;
}

bool LayoutMatches(const RecordLayout& layout, const ObjectSchema& schema) {
  if (layout.facts.size() != schema.fields.size()) return false;
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSchema& f = schema.fields[i];
    const RecordLayout::Facts& k = layout.facts[i];
    if (k.emitted != IsEmitted(f) || k.type != f.type || k.many_to_one != f.IsManyToOne() ||
        k.first_slot != f.first_slot || k.slot_count != f.slot_count || k.name != f.name ||
        k.scalar_kind != ScalarKindOf(schema, f))
      return false;
  }
  return true;
}

void AppendQuoted(std::string_view s, std::string* out) {
  size_t at = out->size();
  out->resize(at + protocol::MaxJsonStringLength(s.size()));
  char* end = protocol::FormatJsonString(s, out->data() + at);
  out->resize(static_cast<size_t>(end - out->data()));
}

std::unique_ptr<RecordLayout> BuildLayout(const ObjectSchema& schema) {
  auto layout = std::make_unique<RecordLayout>();
  std::string& text = layout->text;
  size_t pending = 0;  // start of the literal being built
  bool first = true;
  auto key = [&](std::string_view name, std::string_view suffix = {}) {
    if (!first) text.push_back(',');
    first = false;
    if (suffix.empty()) {
      AppendQuoted(name, &text);
    } else {
      std::string joined(name);
      joined.append(suffix);
      AppendQuoted(joined, &text);
    }
    text.push_back(':');
  };
  auto value = [&](size_t slot, SlotKind kind) {
    layout->steps.push_back(LayoutStep{static_cast<uint32_t>(pending), static_cast<uint32_t>(text.size() - pending),
                                       static_cast<uint16_t>(slot), kind});
    pending = text.size();
  };

  text.push_back('{');
  for (const FieldSchema& f : schema.fields) {
    layout->facts.push_back(RecordLayout::Facts{f.name, f.type, IsEmitted(f), f.IsManyToOne(), f.first_slot,
                                                f.slot_count, ScalarKindOf(schema, f)});
    if (!IsEmitted(f)) continue;
    if (f.IsManyToOne()) {
      key(f.name, "Id");
      value(f.first_slot, SlotKind::kUuid);
      continue;
    }
    key(f.name);
    auto subs = storage::CompositeSubFields(f.type);
    if (subs.empty()) {
      value(f.first_slot, ScalarKindOf(schema, f));
      continue;
    }
    text.push_back('{');
    first = true;
    for (size_t i = 0; i < subs.size() && i < f.slot_count; ++i) {
      key(subs[i].name);
      value(f.first_slot + i, subs[i].kind);
    }
    text.push_back('}');
    first = false;
  }
  text.push_back('}');
  layout->tail_begin = static_cast<uint32_t>(pending);
  layout->tail_size = static_cast<uint32_t>(text.size() - pending);
  text.append(kCopyBlock, ' ');
  return layout;
}

// This thread's layouts, most recently used first. Per thread, so lookups
// take no lock; a process serves a few dozen objects at most.
struct CachedLayout {
  const ObjectSchema* schema = nullptr;
  uint64_t document_id = 0;  // the JsonWriter document it was last checked for
  std::unique_ptr<RecordLayout> layout;
};
constexpr size_t kMaxCachedLayouts = 32;

// The layout of `schema`. Schemas are immutable but not immortal: after a
// metadata change the old one is freed and a new one may take its address.
// The caller keeps its schema alive while it writes one document, so a
// layout is checked against the schema once per document and trusted for
// the rest of it.
const RecordLayout& LayoutFor(const ObjectSchema& schema, uint64_t document_id) {
  thread_local std::vector<CachedLayout> cache;
  for (size_t i = 0; i < cache.size(); ++i) {
    if (cache[i].schema != &schema) continue;
    if (cache[i].document_id != document_id) {
      if (!LayoutMatches(*cache[i].layout, schema)) cache[i].layout = BuildLayout(schema);
      cache[i].document_id = document_id;
    }
    if (i != 0) std::swap(cache[0], cache[i]);
    return *cache[0].layout;
  }
  if (cache.size() == kMaxCachedLayouts) cache.pop_back();
  cache.insert(cache.begin(), CachedLayout{&schema, document_id, BuildLayout(schema)});
  return *cache[0].layout;
}

// A write cursor into the JsonWriter's buffer: bytes are reserved in chunks
// (one Push each) and what is left unwritten is given back by Finish.
class Cursor {
 public:
  explicit Cursor(rapidjson::StringBuffer& buffer) : buffer_(buffer) {}
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  // Makes room for `n` bytes at the cursor and returns it.
  char* Room(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) [[unlikely]]
      Grow(n);
    return p_;
  }
  void Commit(char* p) { p_ = p; }
  void Finish() { buffer_.Pop(static_cast<size_t>(end_ - p_)); }

 private:
  void Grow(size_t n) {
    buffer_.Pop(static_cast<size_t>(end_ - p_));
    size_t chunk = n < 2048 ? 2048 : n;
    p_ = buffer_.Push(chunk);
    end_ = p_ + chunk;
  }

  rapidjson::StringBuffer& buffer_;
  char* p_ = nullptr;
  char* end_ = nullptr;
};

// Copies a layout literal; may write up to kCopyBlock - 1 bytes past it
// (the caller reserved the slack, the layout's text is padded).
inline char* CopyLiteral(const char* src, uint32_t size, char* p) {
  for (uint32_t i = 0; i < size; i += kCopyBlock) std::memcpy(p + i, src + i, kCopyBlock);
  return p + size;
}

// "0a1b..-..", quoted, from 16 bytes (the nil UUID when the slot holds
// anything else, as Row::GetUuid reads it).
char* PutUuid(std::string_view bytes, char* p) {
  static constexpr auto kHexPairs = [] {
    std::array<char, 512> t{};
    constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 256; ++i) {
      t[2 * i] = kHex[i >> 4];
      t[2 * i + 1] = kHex[i & 0xF];
    }
    return t;
  }();
  uint8_t b[16] = {};
  if (bytes.size() == 16) std::memcpy(b, bytes.data(), 16);
  *p++ = '"';
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
    std::memcpy(p, &kHexPairs[2 * b[i]], 2);
    p += 2;
  }
  *p++ = '"';
  return p;
}

template <typename T>
T LoadScalar(std::string_view bytes) {
  T v{};
  if (bytes.size() == sizeof(T)) std::memcpy(&v, bytes.data(), sizeof(T));
  return v;
}

// A MULTI_SELECT / ARRAY slot (u32 count, then u32 length + bytes each) as
// a JSON array of strings; a malformed tail is dropped, as Row::StringList does.
void PutStringList(std::string_view b, Cursor& out) {
  char* p = out.Room(2);
  *p++ = '[';
  out.Commit(p);
  uint32_t n = 0;
  if (b.size() >= 4) std::memcpy(&n, b.data(), 4);
  size_t pos = 4;
  for (uint32_t i = 0; i < n && pos + 4 <= b.size(); ++i) {
    uint32_t len;
    std::memcpy(&len, b.data() + pos, 4);
    pos += 4;
    if (pos + len > b.size()) break;
    p = out.Room(1 + protocol::MaxJsonStringLength(len) + 1);
    if (i) *p++ = ',';
    p = protocol::FormatJsonString(b.substr(pos, len), p);
    out.Commit(p);
    pos += len;
  }
  p = out.Room(1);
  *p++ = ']';
  out.Commit(p);
}

// Row::IsNull and Row::Bytes, inline: the block layout drawn in
// storage/row.h (also the WAL and snapshot format, so it is fixed) read
// once per record instead of once per slot through out-of-line calls.
// The tests check it against Row's own accessors.
class SlotReader {
 public:
  explicit SlotReader(const storage::Row& row) : block_(row.Encoded().data()) {
    std::memcpy(&count_, block_, 2);
    offsets_ = block_ + 4 + (count_ + 7) / 8;
    data_ = offsets_ + 4 * static_cast<size_t>(count_);
  }
  bool IsNull(size_t slot) const {
    return slot >= count_ || ((static_cast<unsigned char>(block_[4 + slot / 8]) >> (slot % 8)) & 1);
  }
  // REQUIRES: !IsNull(slot).
  std::string_view Bytes(size_t slot) const {
    uint32_t begin = 0, end;
    if (slot != 0) std::memcpy(&begin, offsets_ + 4 * (slot - 1), 4);
    std::memcpy(&end, offsets_ + 4 * slot, 4);
    return {data_ + begin, end - begin};
  }

 private:
  const char* block_;
  const char* offsets_;
  const char* data_;
  uint16_t count_ = 0;
};

// Writes the literal of `step` and then its value.
void PutStep(const RecordLayout& layout, const LayoutStep& step, const SlotReader& row, Cursor& out) {
  const char* literal = layout.text.data() + step.literal_begin;
  if (row.IsNull(step.slot)) {
    char* p = CopyLiteral(literal, step.literal_size, out.Room(step.literal_size + kCopyBlock + 4));
    std::memcpy(p, "null", 4);
    out.Commit(p + 4);
    return;
  }
  std::string_view b = row.Bytes(step.slot);
  switch (step.kind) {
    case SlotKind::kText:
    case SlotKind::kDate: {
      char* p = out.Room(step.literal_size + kCopyBlock + protocol::MaxJsonStringLength(b.size()));
      p = CopyLiteral(literal, step.literal_size, p);
      out.Commit(protocol::FormatJsonString(b, p));
      return;
    }
    case SlotKind::kJson: {
      char* p = CopyLiteral(literal, step.literal_size, out.Room(step.literal_size + kCopyBlock + b.size() + 4));
      if (b.empty()) {
        std::memcpy(p, "null", 4);
        out.Commit(p + 4);
      } else {
        std::memcpy(p, b.data(), b.size());
        out.Commit(p + b.size());
      }
      return;
    }
    case SlotKind::kStringList: {
      char* p = CopyLiteral(literal, step.literal_size, out.Room(step.literal_size + kCopyBlock));
      out.Commit(p);
      PutStringList(b, out);
      return;
    }
    default: break;
  }
  char* p = CopyLiteral(literal, step.literal_size, out.Room(step.literal_size + kCopyBlock + kMaxFixedValueLength));
  switch (step.kind) {
    case SlotKind::kUuid: p = PutUuid(b, p); break;
    case SlotKind::kNumber: p += protocol::FormatJsonNumber(LoadScalar<double>(b), p); break;
    case SlotKind::kBoolean: {
      bool v = !b.empty() && b[0] != 0;
      std::memcpy(p, v ? "true" : "false", v ? 4 : 5);
      p += v ? 4 : 5;
      break;
    }
    case SlotKind::kTimestamp:
      *p++ = '"';
      p += protocol::FormatIsoDateTime(LoadScalar<int64_t>(b), p);
      *p++ = '"';
      break;
    default: break;  // handled above
  }
  out.Commit(p);
}

}  // namespace

std::string CanonicalizeEmail(std::string_view email) {
  std::string out;
  size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return storage::FoldKey(email);
  out.reserve(email.size());
  storage::AppendFoldKey(email.substr(0, at), &out);
  out.push_back('@');
  out.append(CanonicalizeDomain(email.substr(at + 1)));
  return out;
}

std::string NormalizeLinkUrl(std::string_view url) {
  auto starts_with_no_case = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
      if (AsciiLower(url[i]) != prefix[i]) return false;
    return true;
  };
  size_t scheme_end = starts_with_no_case("https://") ? 8 : starts_with_no_case("http://") ? 7 : 0;
  if (scheme_end == 0) return std::string(url);  // not http(s): Twenty keeps it as is
  size_t host_end = url.find_first_of("/?#", scheme_end);
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string_view authority = url.substr(scheme_end, host_end - scheme_end);
  // The origin has no credentials and no default port.
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) return std::string(url);  // "https://" alone is no URL
  bool https = scheme_end == 8;
  std::string_view default_port = https ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.substr(authority.size() - default_port.size()) == default_port)
    authority.remove_suffix(default_port.size());
  else if (authority.back() == ':')
    authority.remove_suffix(1);
  std::string out(https ? "https://" : "http://");
  AppendAsciiLower(authority, &out);
  out.append(url.substr(host_end));
  if (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

Status DecodeRecordInput(const ObjectSchema& schema, simdjson::dom::element body, WriteMode mode,
                         const WriteContext& ctx, RowBuilder* builder, const std::vector<ResolvedConnect>* connects) {
  simdjson::dom::object object;
  // Handlers check this first with their own wording; this is the backstop.
  if (body.get_object().get(object) != simdjson::SUCCESS)
    return DataError("Invalid object value " + Inspect(body) + " for record data");
  if (mode == WriteMode::kCreate) {
    ApplyCreateDefaults(schema, ctx, builder);
  } else {
    if (const FieldSchema* f = schema.FindField("updatedAt");
        f && f->slot_count == 1 && f->type == FieldType::kDateTime)
      builder->SetTimestamp(f->first_slot, ctx.now_ms);
    if (const FieldSchema* f = schema.FindField("updatedBy"); f && IsSystemActor(*f) && f->slot_count >= 4)
      SetApiActor(f->first_slot, ctx, builder);
  }
  std::vector<RelationOp> ops;
  for (auto field : object) VINGT_RETURN_IF_ERROR(DecodeField(schema, field.key, field.value, mode, builder, &ops));
  if (ops.empty()) return Status::Ok();
  return ApplyRelationOps(object, ctx, connects, ops, builder);
}

Status DecodeFieldValue(const ObjectSchema& schema, const FieldSchema& field, simdjson::dom::element value,
                        RowBuilder* builder) {
  std::vector<RelationOp> ops;  // relations are not looked up by value
  return DecodeField(schema, field.name, value, WriteMode::kUpdate, builder, &ops);
}

void WriteRecordJson(const ObjectSchema& schema, const storage::Row& row, protocol::JsonWriter& out) {
  const RecordLayout& layout = LayoutFor(schema, out.document_id());
  const SlotReader slots(row);
  Cursor cursor(out.BeginRawValue());
  for (const LayoutStep& step : layout.steps) PutStep(layout, step, slots, cursor);
  char* p = cursor.Room(layout.tail_size + kCopyBlock);
  cursor.Commit(CopyLiteral(layout.text.data() + layout.tail_begin, layout.tail_size, p));
  cursor.Finish();
}

void ApplyFieldDefault(const FieldSchema& field, const WriteContext& ctx, RowBuilder* builder) {
  if (field.slot_count == 0 || field.relation || field.type == FieldType::kTsVector ||
      field.type == FieldType::kPosition || field.type == FieldType::kMorphRelation) {
    for (uint16_t i = 0; i < field.slot_count; ++i) builder->SetNull(field.first_slot + i);
    return;
  }
  ApplyValueDefault(field, ctx, builder);
}

double JsNumberFromString(std::string_view text) { return JsStringToNumber(text); }

}  // namespace vingt::server
