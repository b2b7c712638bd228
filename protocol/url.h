// Request-target helpers: percent decoding, query strings, path segments.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vingt::protocol {

// Decodes %XX escapes (either hex case) from `in` into *out, replacing its
// contents; with plus_as_space, '+' becomes ' ' (form encoding, used in query
// strings but not in paths). Returns false on a '%' not followed by two hex
// digits; *out is then unspecified.
bool PercentDecode(std::string_view in, std::string* out, bool plus_as_space);

// Splits a raw query ("a=1&b=x%20y") on '&', then each part on its first '='
// (no '=' gives an empty value), and decodes both sides with plus_as_space.
// Empty parts are skipped; a side with a bad escape is kept as raw text.
// Order and duplicates are preserved.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view raw);

// Splits a path on '/' and drops empty segments: "/rest//people/" gives
// {"rest", "people"}. The views point into `path`.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace vingt::protocol
