// UTF-8, once for every layer: decoding one code point, appending one.
// Well-formed means RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF; an ill-formed byte decodes alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vingt::utf8 {

inline constexpr uint32_t kReplacement = 0xFFFD;

// What an ill-formed byte decodes to: U+FFFD (the lexer, validation), or
// the code point of the same value (storage's case folding, so that
// distinct byte strings keep distinct, consistently ordered fold keys).
enum class IllFormed : bool { kReplacement, kByteValue };

// The code point at s[pos] (pos < s.size()); *len gets the bytes it takes
// (1 where the bytes there are not well-formed). Inline: case folding calls
// it once per code point.
uint32_t Decode(std::string_view s, size_t pos, size_t* len, IllFormed ill_formed = IllFormed::kReplacement);

// Appends `code_point` (at most U+10FFFF) encoded.
void Append(uint32_t code_point, std::string* out);

// True when `s` is well-formed UTF-8 throughout. ASCII is checked eight
// bytes at a time, so the common case costs one pass of loads.
bool IsWellFormed(std::string_view s);

// `s` with every ill-formed byte replaced by U+FFFD, as Decode reads it.
std::string ReplaceIllFormed(std::string_view s);

inline uint32_t Decode(std::string_view s, size_t pos, size_t* len, IllFormed ill_formed) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  *len = 1;
  if (b0 < 0x80) return b0;
  const uint32_t kReplacement = ill_formed == IllFormed::kReplacement ? utf8::kReplacement : b0;
  // The continuation byte k places after the lead, or -1.
  auto cont = [&](size_t k) -> int {
    if (pos + k >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[pos + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    const int c1 = cont(1);
    if (c1 < 0) return kReplacement;
    *len = 2;
    return ((b0 & 0x1Fu) << 6) | static_cast<uint32_t>(c1);
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const int c1 = cont(1), c2 = cont(2);
    if (c1 < 0 || c2 < 0) return kReplacement;
    const uint32_t cp = ((b0 & 0x0Fu) << 12) | (static_cast<uint32_t>(c1) << 6) | static_cast<uint32_t>(c2);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
    *len = 3;
    return cp;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const int c1 = cont(1), c2 = cont(2), c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return kReplacement;
    const uint32_t cp = ((b0 & 0x07u) << 18) | (static_cast<uint32_t>(c1) << 12) |
                        (static_cast<uint32_t>(c2) << 6) | static_cast<uint32_t>(c3);
    if (cp < 0x10000 || cp > 0x10FFFF) return kReplacement;
    *len = 4;
    return cp;
  }
  return kReplacement;
}

inline void Append(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// An ill-formed byte is the one case where Decode takes a single byte at
// or above 0x80.
inline bool IsWellFormed(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      uint64_t w;
      __builtin_memcpy(&w, s.data() + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    size_t len;
    Decode(s, i, &len);
    if (len == 1 && static_cast<unsigned char>(s[i]) >= 0x80) return false;
    i += len;
  }
  return true;
}

inline std::string ReplaceIllFormed(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    size_t len;
    Decode(s, i, &len);
    if (len == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
      Append(kReplacement, &out);
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace vingt::utf8
