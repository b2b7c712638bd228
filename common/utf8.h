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
// (1 where the bytes there are not well-formed).
uint32_t Decode(std::string_view s, size_t pos, size_t* len, IllFormed ill_formed = IllFormed::kReplacement);

// Appends `code_point` (at most U+10FFFF) encoded.
void Append(uint32_t code_point, std::string* out);

}  // namespace vingt::utf8
