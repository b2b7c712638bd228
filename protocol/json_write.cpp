#include "protocol/json_write.h"

#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstring>

#include "common/utf8.h"

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

void AppendJsonStringified(std::string_view value, std::string* out) {
  if (!utf8::IsWellFormed(value)) return AppendJsonStringified(utf8::ReplaceIllFormed(value), out);  // as FormatJsonString
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
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

void AppendJsNumber(double value, std::string* out) {
  char buf[kMaxJsNumberLength];
  out->append(buf, FormatJsNumber(value, buf));
}

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHigh = 0x8080808080808080ull;

// Non-zero if one of the 8 bytes of `w` must be escaped: below 0x20, '"'
// or a backslash (SWAR; bytes >= 0x80, UTF-8, are never flagged). Exact as
// a yes/no answer, which is all it is used for.
inline uint64_t EscapeMask(uint64_t w) {
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'));
}

// True if `s` holds a byte JSON must escape.
bool NeedsEscape(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (EscapeMask(w)) return true;
  }
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

// RapidJSON's Writer::WriteString table: the letter after the backslash
// ('u' for \u00XX), or 0 for a byte written as is.
constexpr std::array<char, 256> kEscape = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 'u';
  t['\b'] = 'b';
  t['\t'] = 't';
  t['\n'] = 'n';
  t['\f'] = 'f';
  t['\r'] = 'r';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}();

char* EscapeSlow(const char* s, size_t n, char* p) {
  static constexpr char kUpperHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char e = kEscape[c];
    if (e == 0) {
      *p++ = static_cast<char>(c);
      continue;
    }
    *p++ = '\\';
    *p++ = e;
    if (e == 'u') {
      *p++ = '0';
      *p++ = '0';
      *p++ = kUpperHex[c >> 4];
      *p++ = kUpperHex[c & 0xF];
    }
  }
  return p;
}

// Document ids are handed to threads in blocks of 2^32, so a Reset touches
// no cache line shared with other threads.
std::atomic<uint64_t> next_document_id_block{1};

}  // namespace

char* FormatJsonString(std::string_view value, char* buf) {
  // JSON text is UTF-8 (RFC 8259 §8.1), and a client's parser may refuse
  // anything else. Text that is not (a percent-decoded URL echoed in an
  // error) is written with U+FFFD for each ill-formed byte, as Node's
  // UTF-8 decoding gives Twenty's code such bytes. Never longer than
  // MaxJsonStringLength allows: three bytes out for one in.
  if (!utf8::IsWellFormed(value)) return FormatJsonString(utf8::ReplaceIllFormed(value), buf);
  // Short strings (most names, codes, "") are read and written as two
  // overlapping loads and stores, never byte by byte and never past either
  // end; longer ones a word at a time, with the last word overlapping.
  const char* s = value.data();
  const size_t n = value.size();
  char* p = buf + 1;
  buf[0] = '"';
  if (n < 8) {
    if (n >= 4) {
      uint32_t head, tail;
      std::memcpy(&head, s, 4);
      std::memcpy(&tail, s + n - 4, 4);
      if (!EscapeMask(head | static_cast<uint64_t>(tail) << 32)) {
        std::memcpy(p, &head, 4);
        std::memcpy(p + n - 4, &tail, 4);
        p[n] = '"';
        return p + n + 1;
      }
    } else if (n > 0) {
      const char first = s[0], middle = s[n / 2], last = s[n - 1];
      uint64_t w = kOnes * ' ';
      w = (w & ~0xFFFFFFull) | static_cast<unsigned char>(first) | static_cast<unsigned char>(middle) << 8 |
          static_cast<uint64_t>(static_cast<unsigned char>(last)) << 16;
      if (!EscapeMask(w)) {
        p[0] = first;
        p[n / 2] = middle;
        p[n - 1] = last;
        p[n] = '"';
        return p + n + 1;
      }
    } else {
      p[0] = '"';
      return p + 1;
    }
    p = EscapeSlow(s, n, p);
    *p++ = '"';
    return p;
  }
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, s + i, 8);
    if (EscapeMask(w)) break;
    std::memcpy(p + i, &w, 8);
  }
  if (i < n) {
    uint64_t w;
    std::memcpy(&w, s + n - 8, 8);
    if (i + 8 > n && !EscapeMask(w)) {
      std::memcpy(p + n - 8, &w, 8);
    } else {
      p = EscapeSlow(s + i, n - i, p + i);
      *p++ = '"';
      return p;
    }
  }
  p[n] = '"';
  return p + n + 1;
}

size_t FormatJsonNumber(double value, char* buf) {
  constexpr double kTwoPow53 = 9007199254740992.0;
  if (value > -kTwoPow53 && value < kTwoPow53 && value == static_cast<double>(static_cast<int64_t>(value)))
    return static_cast<size_t>(std::to_chars(buf, buf + kMaxJsonNumberLength, static_cast<int64_t>(value)).ptr - buf);
  if (!std::isfinite(value)) {
    std::memcpy(buf, "null", 4);
    return 4;
  }
  return FormatJsNumber(value, buf);
}

uint64_t JsonWriter::NextDocumentId() {
  thread_local uint64_t next = 0;
  if ((next & 0xFFFF'FFFFull) == 0) next = next_document_id_block.fetch_add(1, std::memory_order_relaxed) << 32;
  return ++next;
}

void JsonWriter::String(std::string_view value) {
  // Always UTF-8, as FormatJsonString.
  if (!utf8::IsWellFormed(value)) {
    String(utf8::ReplaceIllFormed(value));
    return;
  }
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
