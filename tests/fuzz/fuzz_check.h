// FUZZ_CHECK(condition, what): a property a fuzz target asserts of every
// input. On failure it prints what was expected and aborts, which libFuzzer
// (and the replay driver under the sanitizers) reports as a crash with the
// input saved. Unlike assert(), it is never compiled out.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                          \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", __FILE__, __LINE__, #condition, \
                   std::string(what).c_str());                                               \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)
