#include "protocol/json_write.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace vingt::protocol {

size_t FormatJsNumber(double value, char* buf) {
  if (std::isnan(value)) {
    std::memcpy(buf, "NaN", 3);
    return 3;
  }
  if (std::isinf(value)) {
    if (value < 0) {
      std::memcpy(buf, "-Infinity", 9);
      return 9;
    }
    std::memcpy(buf, "Infinity", 8);
    return 8;
  }
  if (value == 0) {  // also -0, which JavaScript prints as "0"
    buf[0] = '0';
    return 1;
  }
  // Shortest round-trip digits in scientific form ("d.ddde+XX"), then laid
  // out by ECMAScript's Number::toString rules: with k digits and the
  // decimal point after n of them, fixed notation for -6 < n <= 21.
  char sci[kMaxJsNumberLength];
  auto [end, ec] = std::to_chars(sci, sci + sizeof(sci), value, std::chars_format::scientific);
  (void)ec;  // cannot fail: the buffer fits any double
  char* p = sci;
  bool negative = *p == '-';
  if (negative) ++p;
  char digits[20];
  int k = 0;
  while (p < end && *p != 'e') {
    if (*p != '.') digits[k++] = *p;
    ++p;
  }
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exponent);
  const int n = exponent + 1;

  char* out = buf;
  if (negative) *out++ = '-';
  if (k <= n && n <= 21) {
    std::memcpy(out, digits, k);
    out += k;
    for (int z = k; z < n; ++z) *out++ = '0';
  } else if (0 < n && n <= 21) {
    std::memcpy(out, digits, n);
    out += n;
    *out++ = '.';
    std::memcpy(out, digits + n, k - n);
    out += k - n;
  } else if (-6 < n && n <= 0) {
    *out++ = '0';
    *out++ = '.';
    for (int z = 0; z < -n; ++z) *out++ = '0';
    std::memcpy(out, digits, k);
    out += k;
  } else {
    *out++ = digits[0];
    if (k > 1) {
      *out++ = '.';
      std::memcpy(out, digits + 1, k - 1);
      out += k - 1;
    }
    *out++ = 'e';
    *out++ = n - 1 < 0 ? '-' : '+';
    auto r = std::to_chars(out, buf + kMaxJsNumberLength, n - 1 < 0 ? 1 - n : n - 1);
    out = r.ptr;
  }
  return static_cast<size_t>(out - buf);
}

void AppendJsNumber(double value, std::string* out) {
  char buf[kMaxJsNumberLength];
  out->append(buf, FormatJsNumber(value, buf));
}

namespace {

// True if `s` holds a byte JSON must escape: a control character, '"' or
// a backslash. Eight bytes at a time (SWAR): a byte is flagged when it is below
// 0x20 or equals one of the two. Bytes >= 0x80 (UTF-8) are never flagged.
bool NeedsEscape(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
    if (below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) return true;
  }
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

}  // namespace

void JsonWriter::String(std::string_view value) {
  // Most strings (keys, ids, dates, names) need no escaping: then write the
  // quoted bytes with one copy instead of RapidJSON's per-character
  // escaping loop. RawValue("") still writes the separator and keeps the
  // writer's nesting state, for keys as for values.
  if (NeedsEscape(value)) {
    writer_.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    return;
  }
  writer_.RawValue("", 0, rapidjson::kStringType);
  char* p = buffer_.Push(value.size() + 2);
  p[0] = '"';
  if (!value.empty()) std::memcpy(p + 1, value.data(), value.size());
  p[value.size() + 1] = '"';
}

JsonWriter& ThreadJsonWriter() {
  thread_local JsonWriter writer;
  writer.Reset();
  return writer;
}

void JsonWriter::Double(double value) {
  // The common case, integers that a double holds exactly, skips the
  // digit generation entirely.
  constexpr double kTwoPow53 = 9007199254740992.0;
  if (value > -kTwoPow53 && value < kTwoPow53 && value == static_cast<double>(static_cast<int64_t>(value))) {
    writer_.Int64(static_cast<int64_t>(value));
    return;
  }
  if (!std::isfinite(value)) {
    writer_.Null();
    return;
  }
  char buf[kMaxJsNumberLength];
  size_t n = FormatJsNumber(value, buf);
  writer_.RawValue(buf, n, rapidjson::kNumberType);
}

}  // namespace vingt::protocol
