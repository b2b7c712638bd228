// What a benchmark must say about its own build: figures from an
// unoptimised or assert-enabled build are not comparable, so it warns on
// stderr and records both flags in its JSON line.
#pragma once

#include <cstdio>

namespace vingt::bench {

#if defined(__OPTIMIZE__)
inline constexpr bool kOptimized = true;
#else
inline constexpr bool kOptimized = false;
#endif
#if defined(NDEBUG)
inline constexpr bool kAsserts = false;
#else
inline constexpr bool kAsserts = true;
#endif

inline void WarnAboutBuild() {
  if (!kOptimized) std::fprintf(stderr, "WARNING: unoptimized build; numbers are meaningless\n");
  if (kAsserts) std::fprintf(stderr, "WARNING: asserts are enabled\n");
}

}  // namespace vingt::bench
