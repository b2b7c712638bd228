// Case folding and SQL LIKE over text, as the filter engine and the text
// indexes both need them: one definition, so an index can never disagree
// with the row-by-row evaluation it stands in for.
//
// Text is read as UTF-8 code points; a byte that does not start a valid
// sequence stands for the code point of its own value, so any bytes have a
// meaning and every function here is total.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vingt {

// Simple lower-case mapping of one code point (Latin, Greek, Cyrillic,
// Armenian, full-width Latin), as Postgres' lower() maps them under a UTF-8
// locale; idempotent. Other code points map to themselves.
uint32_t FoldCase(uint32_t c);

// Case-insensitive three-way comparison, code point by code point (how
// TEXT and SELECT columns are ordered: by LOWER(value)).
int CompareFolded(std::string_view a, std::string_view b);

// The folded code points of `text`, each written as UTF-8 (4 bytes at most,
// also for the values 0x110000..0x1FFFFF a malformed lead byte can decode
// to). Byte order of two keys is exactly CompareFolded's order, and for
// valid UTF-8 the key is the lower-cased text itself.
std::string FoldKey(std::string_view text);
// Appends FoldKey(text) to *out.
void AppendFoldKey(std::string_view text, std::string* out);
// True when FoldKey(text) == text (no byte to fold or to re-encode), so
// callers can skip building it.
bool IsFoldKey(std::string_view text);

// SQL LIKE over code points: '%' any run, '_' one character, '\' escapes
// the next character. Iterative with one backtrack point, so no pattern
// can blow up. `fold` makes it ILIKE (both sides folded with FoldCase).
bool LikeMatch(std::string_view text, std::string_view pattern, bool fold);

}  // namespace vingt
