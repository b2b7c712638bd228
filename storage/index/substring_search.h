// Substring search over packed index entries (like '%text%', endsWith):
// the one hot loop of a pattern query on a column of unique values, where
// every distinct value is looked at.
//
// glibc's memmem does about 2.5 GB/s on such data. This checks 16 (SSE2)
// or 32 (AVX2, chosen at run time) starting positions at once for the
// needle's first and last bytes, and compares the rest only where both
// match: several times faster on text, the same answers.
#pragma once

#include <cstddef>
#include <string_view>

namespace vingt::storage {

// The first position of `needle` in `haystack`, or npos. An empty needle
// is found at 0.
size_t FindSubstring(std::string_view haystack, std::string_view needle);

}  // namespace vingt::storage
