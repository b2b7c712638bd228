#include "storage/index/substring_search.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace vingt::storage {
namespace {

// Positions [from, end) of a candidate window: does the needle start there?
inline bool MatchesAt(const char* at, std::string_view needle) {
  return std::memcmp(at + 1, needle.data() + 1, needle.size() - 2) == 0;
}

#if defined(__x86_64__)

__attribute__((target("avx2"))) size_t FindAvx2(std::string_view h, std::string_view n) {
  const size_t k = n.size();
  const __m256i first = _mm256_set1_epi8(n[0]);
  const __m256i last = _mm256_set1_epi8(n[k - 1]);
  size_t i = 0;
  for (; i + k - 1 + 32 <= h.size(); i += 32) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(h.data() + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(h.data() + i + k - 1));
    uint32_t mask = static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(b, last))));
    while (mask) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      if (MatchesAt(h.data() + at, n)) return at;
      mask &= mask - 1;
    }
  }
  for (; i + k <= h.size(); ++i)
    if (h[i] == n[0] && h[i + k - 1] == n[k - 1] && MatchesAt(h.data() + i, n)) return i;
  return std::string_view::npos;
}

size_t FindSse2(std::string_view h, std::string_view n) {
  const size_t k = n.size();
  const __m128i first = _mm_set1_epi8(n[0]);
  const __m128i last = _mm_set1_epi8(n[k - 1]);
  size_t i = 0;
  for (; i + k - 1 + 16 <= h.size(); i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h.data() + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h.data() + i + k - 1));
    uint32_t mask =
        static_cast<uint32_t>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
    while (mask) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      if (MatchesAt(h.data() + at, n)) return at;
      mask &= mask - 1;
    }
  }
  for (; i + k <= h.size(); ++i)
    if (h[i] == n[0] && h[i + k - 1] == n[k - 1] && MatchesAt(h.data() + i, n)) return i;
  return std::string_view::npos;
}

bool HasAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

#endif

}  // namespace

size_t FindSubstring(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return 0;
  if (needle.size() > haystack.size()) return std::string_view::npos;
  if (needle.size() == 1) {
    const void* p = std::memchr(haystack.data(), needle[0], haystack.size());
    return p ? static_cast<size_t>(static_cast<const char*>(p) - haystack.data()) : std::string_view::npos;
  }
#if defined(__x86_64__)
  return HasAvx2() ? FindAvx2(haystack, needle) : FindSse2(haystack, needle);
#else
  return haystack.find(needle);
#endif
}

}  // namespace vingt::storage
