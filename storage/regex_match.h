// Postgres' `~` / `~*` (GraphQL StringFilter `regex` / `iregex`): does a
// POSIX-style regular expression match anywhere in a text value.
//
// A pattern is compiled once per query (the compiled form rides in the
// FilterNode, shared by its copies) and then matched against each row.
//
// The engine is std::regex with the ECMAScript grammar, which is close to
// Postgres' "advanced" regular expressions (ARE) for what CRM filters use:
// anchors, classes, [..] sets, \d \w \s, alternation, *? and {m,n}
// quantifiers, lookahead. Differences from Postgres, on purpose or not:
//   * `.` matches any character including a newline, as in Postgres (the
//     pattern is rewritten so); it and [^...] sets work on UTF-8 code points
//     only for `.`; a set such as [éa] still reads bytes;
//   * case folding for `~*` covers ASCII through std::regex and the Latin,
//     Greek and Cyrillic letters of the value and of the pattern's literal
//     characters through the same folding as ILIKE (storage/query.cpp);
//   * back-references (\1) are refused: matching runs on the
//     polynomial-time (breadth-first) executor so that no pattern and no
//     value can make a query take exponential time or exhaust the stack;
//   * Postgres-only syntax (\m \M \y word boundaries, [[:<:]], embedded
//     options such as (?i), ***= prefixes) is a compile error or reads
//     differently.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "storage/status.h"

namespace vingt::storage {

class RegexMatcher {
 public:
  // Patterns longer than this are refused: compiling is recursive in the
  // pattern's nesting.
  static constexpr size_t kMaxPatternBytes = 4096;

  // InvalidArgument "Invalid regular expression: <why>" when the pattern
  // does not compile.
  static Result<std::shared_ptr<const RegexMatcher>> Compile(std::string_view pattern, bool case_insensitive);

  // True if the pattern matches somewhere in `text`. Thread-safe.
  bool Search(std::string_view text) const;

  ~RegexMatcher();
  RegexMatcher(const RegexMatcher&) = delete;
  RegexMatcher& operator=(const RegexMatcher&) = delete;

 private:
  struct Impl;
  explicit RegexMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vingt::storage
