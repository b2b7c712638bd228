// JavaScript's Number(value) and String(number), as Twenty's validators
// apply them to request values: NUMERIC fields and `+request.query.limit`
// coerce with Number(), and error messages print numbers with String().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "protocol/json_fwd.h"

namespace vingt::protocol {

// Length in bytes of a JavaScript \s character (white space or line
// terminator, UTF-8) starting at s[i], or 0.
size_t JsWhitespaceAt(std::string_view s, size_t i);

// JavaScript's Number(text) (ECMA-262 StringToNumber): white space trimmed,
// "" is 0, decimals with an exponent, Infinity, 0x / 0o / 0b literals, NaN
// otherwise. Twenty coerces query parameters (`+request.query.limit`) so.
double JsNumberFromString(std::string_view text);

// JavaScript's Number(value) for a JSON value.
double JsToNumber(simdjson::dom::element v);

// JavaScript's String(number): NaN, Infinity, -Infinity, "0" for -0.
std::string JsNumberText(double v);

}  // namespace vingt::protocol
